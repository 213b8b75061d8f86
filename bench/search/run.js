#!/usr/bin/env node
// Search benchmark: Bulletin's index against Pagefind on the same built sites.
//
//   node bench/search/run.js [--sizes 1000,10000] [--binary build/generator/cli/bulletin]
//
// For each corpus size: generates briefs (generate_corpus.py), builds the site with
// `bulletin build` (the index step timed by BULLETIN_SEARCH_TIMING=1), runs
// `npx pagefind --site` on the same built site, then serves the site and measures in
// Chromium the bytes each engine fetches for a one-word and a three-word query (the top
// 10 results' data loaded, as Bulletin's page shows 10). Prints a table. Not part of the
// tests; needs `npm ci` in bench/search and Debian's /usr/bin/chromium.
'use strict';

const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');
const { spawnSync } = require('node:child_process');

const here = __dirname;
const repo = path.resolve(here, '..', '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const sizes = option('--sizes', '1000,10000').split(',').map(Number);
const binary = path.resolve(option('--binary', path.join(repo, 'build', 'generator', 'cli', 'bulletin')));
const QUERIES = { 'one word': 'chronology', 'three words': 'hidden men probation' };
const SHOWN = 10;

// Runs a command under GNU time; returns { seconds, maxKb, stdout, stderr }.
function timed(cmd, cmdArgs, options = {}) {
  const run = spawnSync('/usr/bin/time', ['-f', '__time %e %M', cmd, ...cmdArgs],
    { encoding: 'utf8', maxBuffer: 256 << 20, ...options });
  if (run.status !== 0) throw new Error(`${cmd} ${cmdArgs.join(' ')} failed:\n${run.stdout}${run.stderr}`);
  const m = /__time ([\d.]+) (\d+)/.exec(run.stderr);
  return { seconds: Number(m[1]), maxKb: Number(m[2]), stdout: run.stdout, stderr: run.stderr };
}

// The bytes of a folder's files, leaving out the build's precompressed .br and .gz copies.
function folderBytes(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (!e.isDirectory() && /\.(br|gz)$/.test(e.name)) continue;
    n += e.isDirectory() ? folderBytes(p) : fs.statSync(p).size;
  }
  return n;
}

// A plain static server (no CSP: Pagefind needs WebAssembly) with two bench files.
function serve(root) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.json': 'application/json',
    '.css': 'text/css', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };
  const bench = {
    '/__bench/pagefind.html': ['text/html', '<!DOCTYPE html><html lang="en"><title>pf</title>' +
      '<script type="module" src="/__bench/pagefind.js"></script></html>'],
    '/__bench/pagefind.js': ['text/javascript',
      'const q = new URLSearchParams(location.search).get("q");\n' +
      'const pf = await import("/pagefind/pagefind.js");\n' +
      'const r = await pf.search(q);\n' +
      `const data = await Promise.all(r.results.slice(0, ${SHOWN}).map((x) => x.data()));\n` +
      'window.benchResult = { count: r.results.length, titles: data.map((d) => d.meta.title) };\n'],
  };
  const server = http.createServer((req, res) => {
    const url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (bench[url]) {
      res.writeHead(200, { 'content-type': bench[url][0] });
      res.end(bench[url][1]);
      return;
    }
    let file = path.join(root, url);
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    if (!fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

// The bytes `bulletin serve` sends for a file of the built site to a browser accepting
// Brotli: the .br variant the build wrote beside it, or the file itself.
function servedBrBytes(site, pathname, body) {
  const br = path.join(site, decodeURIComponent(pathname) + '.br');
  return fs.existsSync(br) ? fs.statSync(br).size : body.length;
}

// Loads urlPath, waits for done(), and sums the bodies of responses matching each group.
async function measure(context, origin, urlPath, done, groups, site) {
  const page = await context.newPage();
  const responses = [];
  page.on('response', (r) => responses.push(r));
  await page.goto(origin + urlPath);
  await page.waitForFunction(done, null, { timeout: 120_000 });
  await page.waitForLoadState('networkidle');
  const out = {};
  for (const [name, test] of Object.entries(groups)) out[name] = { raw: 0, gzip: 0, br: 0, files: 0 };
  for (const r of responses) {
    let body;
    try {
      body = await r.body();
    } catch {
      continue;
    }
    for (const [name, test] of Object.entries(groups)) {
      if (!test(new URL(r.url()).pathname)) continue;
      out[name].raw += body.length;
      out[name].gzip += zlib.gzipSync(body).length;
      out[name].br += site ? servedBrBytes(site, new URL(r.url()).pathname, body) : body.length;
      out[name].files++;
    }
  }
  const result = await page.evaluate(() => window.benchResult || null);
  const titles = result ? result.titles
    : await page.locator('.search-result__title').allTextContents();
  const status = await page.locator('[data-search-status]').textContent().catch(() => '');
  await page.close();
  return { ...out, titles: titles.slice(0, 3).map((t) => t.trim()), count: result ? result.count : status };
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

async function main() {
  const { chromium } = require('playwright-core');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-bench-search-'));
  const rows = [];
  try {
    for (const size of sizes) {
      const content = path.join(work, `content-${size}`);
      const site = path.join(work, `site-${size}`);
      spawnSync('python3', [path.join(here, 'generate_corpus.py'), String(size), content], { stdio: 'inherit' });
      const build = timed(binary, ['build', '--content', content, '--templates', path.join(repo, 'templates'),
        '--out', site], { env: { ...process.env, BULLETIN_SEARCH_TIMING: '1' } });
      const indexMs = Number((/search index: .* in (\d+) ms/.exec(build.stderr) || [])[1]);
      const ours = { indexSeconds: indexMs / 1000, buildSeconds: build.seconds, buildMaxKb: build.maxKb,
        size: folderBytes(path.join(site, 'search-index')) };
      const pf = timed('npx', ['--no-install', 'pagefind', '--site', site], { cwd: here });
      const theirs = { indexSeconds: pf.seconds, buildMaxKb: pf.maxKb, size: folderBytes(path.join(site, 'pagefind')) };

      const server = await serve(site);
      const origin = `http://127.0.0.1:${server.address().port}`;
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-bench-chromium-'));
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: '/usr/bin/chromium', headless: true,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
          '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        for (const [label, q] of Object.entries(QUERIES)) {
          const mine = await measure(context, origin, `/search/?q=${encodeURIComponent(q)}`,
            () => /result/.test(document.querySelector('[data-search-status]').textContent), {
              index: (p) => p.startsWith('/search-index/'),
              script: (p) => p === '/assets/js/search.js',
            }, site);
          const pagefind = await measure(context, origin, `/__bench/pagefind.html?q=${encodeURIComponent(q)}`,
            () => !!window.benchResult, {
              index: (p) => p.startsWith('/pagefind/') && !/\.(js|wasm|css)$/.test(p) && !/wasm\./.test(p),
              script: (p) => p.startsWith('/pagefind/') && (/\.js$/.test(p) || /wasm/.test(p)),
            });
          rows.push({ size, label, q, ours, theirs, mine, pagefind });
        }
      } finally {
        await context.close();
        fs.rmSync(profile, { recursive: true, force: true });
        server.close();
      }
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  console.log('\nBulletin search vs Pagefind on the same generated sites (bytes a browser fetches;');
  console.log('"br" is what bulletin serve sends a browser accepting Brotli, from the build\'s .br files; "gzip" what a compressing host sends; Pagefind\'s files are');
  console.log(`already compressed). Top ${SHOWN} results' data loaded by both.\n`);
  const line = (cells) => console.log(cells.map((c, i) => String(c).padEnd([24, 40, 24][i])).join(''));
  for (const size of sizes) {
    const r = rows.filter((x) => x.size === size);
    console.log(`=== ${size} briefs`);
    line(['', 'Bulletin', 'Pagefind']);
    line(['index time', `${r[0].ours.indexSeconds.toFixed(2)} s (build ${r[0].ours.buildSeconds.toFixed(1)} s)`,
      `${r[0].theirs.indexSeconds.toFixed(1)} s`]);
    line(['peak memory', `${(r[0].ours.buildMaxKb / 1024).toFixed(0)} MB (whole build)`,
      `${(r[0].theirs.buildMaxKb / 1024).toFixed(0)} MB`]);
    line(['index size on disk', kb(r[0].ours.size), kb(r[0].theirs.size)]);
    for (const x of r) {
      line([`${x.label}: "${x.q}"`, '', '']);
      line(['  index fetched', `${kb(x.mine.index.raw)} (br ${kb(x.mine.index.br)}, gzip ${kb(x.mine.index.gzip)}), ${x.mine.index.files} files`,
        `${kb(x.pagefind.index.raw)}, ${x.pagefind.index.files} files`]);
      line(['  script fetched', `${kb(x.mine.script.raw)} (br ${kb(x.mine.script.br)}, gzip ${kb(x.mine.script.gzip)})`, kb(x.pagefind.script.raw)]);
      line(['  results', String(x.mine.count).replace(/ for .*/, ''), x.pagefind.count]);
      for (let i = 0; i < 3; i++) line([`  #${i + 1}`, (x.mine.titles[i] || '').slice(0, 22), (x.pagefind.titles[i] || '').slice(0, 22)]);
    }
    console.log('');
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
