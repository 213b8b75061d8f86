// Builds the sample site with the `bulletin` binary under test and finds real pages in it.
'use strict';

const fs = require('node:fs');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

/// Where the binary and the repository are: CTest sets both; by hand they default to
/// the normal build folder of this checkout.
function locations() {
  const source = process.env.BULLETIN_SOURCE_DIR || path.resolve(__dirname, '..', '..', '..');
  const binary =
    process.env.BULLETIN_BINARY || path.join(source, 'build', 'generator', 'cli', 'bulletin');
  return { source, binary };
}

/// Runs `bulletin build` into outDir; throws with its diagnostics if it fails.
function buildSite(binary, source, outDir) {
  const args = [
    'build',
    '--content', path.join(source, 'content'),
    '--templates', path.join(source, 'templates'),
    '--out', outDir,
  ];
  const run = spawnSync(binary, args, { encoding: 'utf8', timeout: 120_000 });
  if (run.error) throw new Error(`cannot run ${binary}: ${run.error.message}`);
  if (run.status !== 0) {
    throw new Error(
      `bulletin ${args.join(' ')} exited ${run.status}\n${run.stdout}${run.stderr}`);
  }
  return run.stdout;
}

function subfolders(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, 'index.html')))
    .map((e) => e.name)
    .sort();
}

/// The pages the browser tests visit, as { name: urlPath }, from what the build wrote.
/// A kind of page the build did not write maps to an Error naming its folder, so only
/// the tests of that page fail.
function discoverPages(siteDir) {
  const first = (folder, prefer) => {
    const slugs = subfolders(path.join(siteDir, folder));
    if (slugs.length === 0) return new Error(`the built site has no pages in ${folder}/<slug>/`);
    const preferred = prefer &&
      slugs.find((s) => prefer(fs.readFileSync(path.join(siteDir, folder, s, 'index.html'), 'utf8')));
    return `/${folder}/${preferred || slugs[0]}/`;
  };
  // The brief is the one whose blocks the tests check: prefer one with THINK and KEY.
  const hasBlocks = (html) => /data-block="think"/.test(html) && /data-block="key"/.test(html);
  return {
    home: '/',
    brief: first('briefs', hasBlocks),
    bulletin: first('bulletins'),
    theme: first('themes'),
    themes: '/themes/',
    briefs: '/briefs/',
    think: '/think/',
    'think pack': first('think'),
    'key messages': '/key-messages/',
    'key messages theme': first('key-messages'),
  };
}

/// Every .html file under dir, sorted.
function htmlFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith('.html')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

module.exports = { locations, buildSite, discoverPages, htmlFiles };
