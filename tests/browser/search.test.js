// Browser tests of search (/search/ and templates/static/js/search.js) in Debian's Chromium:
// queries typed on the sample site and which briefs come first (synonyms, stemming, typos,
// phrases, filters), accessibility of the results, and on a large generated site, that a
// query fetches only a bounded number of bytes of the index.
// Run by CTest (label "browser") as `node --test search.test.js`; see tests/CMakeLists.txt.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { describe, it, before, after } = require('node:test');

const missingTools = ['playwright-core', 'axe-core'].filter((m) => {
  try {
    require.resolve(m);
    return false;
  } catch {
    return true;
  }
});

if (Number(process.versions.node.split(".")[0]) < 18) {
  it('Node.js is new enough', () => assert.fail(`playwright-core needs Node.js 18+; this is ${process.version}`));
} else if (missingTools.length) {
  it('browser test tools are installed', () => {
    assert.fail(`missing npm packages ${missingTools.join(', ')} in tests/browser/node_modules: run scripts/setup`);
  });
} else {
  describe('search on the sample site', sampleSiteTests);
  describe('search on a large generated site', largeSiteTests);
}

/// Opens /search/?query, waits for the status to report results, and returns the page and
/// the titles of the results in order.
async function search(browser, context, origin, query) {
  const opened = await browser.open(context, origin, `/search/?${query}`);
  // The server may have answered already (search without JavaScript): wait for search.js.
  await opened.page.waitForFunction(() => {
    const s = document.querySelector('[data-search-status]');
    const searched = document.querySelector('[data-search-form]').dataset.searched !== undefined;
    return s && (searched || /not available/.test(s.textContent));
  }, null, { timeout: 20_000 });
  const titles = await opened.page.locator('[data-search-results] .search-result__title').allTextContents();
  const status = await opened.page.locator('[data-search-status]').textContent();
  return { ...opened, titles: titles.map((t) => t.trim()), status };
}

/// A site built by build(work, siteDir) in a fresh temp folder, served by `bulletin serve`
/// and open in Chromium for the tests of the enclosing describe; removed after them.
function servedSite(prefix, build) {
  const { chromium } = require('playwright-core');
  const { locations } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const site = { work, siteDir: path.join(work, 'site') };
  before(async () => {
    build(work, site.siteDir);
    site.server = await startServer(locations().binary, site.siteDir);
    site.chrome = await browser.launch(chromium, site.server.origin);
  });
  after(async () => {
    if (site.chrome) await site.chrome.close();
    if (site.server) await site.server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });
  return site;
}

function sampleSiteTests() {
  const { locations, buildSite } = require('./lib/site');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const site = servedSite('bulletin-search-', (work, siteDir) => buildSite(binary, source, siteDir));
  const { work, siteDir } = site;

  // [query string, title expected first (or among the results), why]
  const cases = [
    ['q=hidden+men', 'Baby L: the men we did not see', 'a theme in plain words'],
    ['q=supervising', 'Learning bulletin: making the most of safeguarding supervision', 'stemming: "supervising" finds "supervision"'],
    ['q=coersive+control', 'Adult P: coercive control without a single 999 call', 'a typo in a longer word'],
    ['q=disgised+complience', 'Children S and T: when attendance is mistaken for engagement', 'two typos'],
    ['q=%22was+not+brought%22', 'Child M: was not brought, and what missed appointments tell us', 'a phrase in quotes'],
    ['q=MARAC', 'Using the DASH risk checklist and MARAC: findings from a multi-agency audit', 'an acronym'],
  ];
  for (const [query, first, why] of cases) {
    it(`${decodeURIComponent(query)} puts "${first}" first (${why})`, { timeout: 60_000 }, async () => {
      const { page, titles, consoleErrors, requests } = await search(browser, site.chrome.context, site.server.origin, query);
      try {
        assert.ok(titles.length > 0, `no results for ${query}`);
        assert.equal(titles[0], first, `results for ${query}: ${JSON.stringify(titles)}`);
        assert.deepEqual(consoleErrors, []);
        assert.deepEqual(browser.foreignRequests(requests, site.server.origin), []);
      } finally {
        await page.close();
      }
    });
  }

  it('synonyms work both ways: the full name finds briefs that use only the acronym', { timeout: 60_000 }, async () => {
    // Ms C's brief says "MARAC" but never "Multi-Agency Risk Assessment Conference".
    const text = fs.readFileSync(path.join(source, 'content/briefs/ms-c-clares-law.md'), 'utf8');
    assert.ok(/MARAC/.test(text) && !/risk assessment conference/i.test(text), 'the fixture changed');
    // Among the briefs: theme pages, Think packs and key messages mention MARAC too.
    const { page, titles } = await search(browser, site.chrome.context, site.server.origin,
      'q=multi-agency+risk+assessment+conference&type=brief');
    try {
      assert.ok(titles.some((t) => /^Ms C/.test(t)), JSON.stringify(titles));
    } finally {
      await page.close();
    }
    // Adult P's brief says "Clare's Law" but never "Domestic Violence Disclosure Scheme".
    const adultP = fs.readFileSync(path.join(source, 'content/briefs/adult-p-coercive-control.md'), 'utf8');
    assert.ok(/Clare/.test(adultP) && !/disclosure scheme/i.test(adultP), 'the fixture changed');
    const dvds = await search(browser, site.chrome.context, site.server.origin, 'q=domestic+violence+disclosure+scheme&type=brief');
    try {
      assert.ok(dvds.titles.some((t) => /^Adult P/.test(t)), JSON.stringify(dvds.titles));
    } finally {
      await dvds.page.close();
    }
  });

  it('excerpts mark the matched words', { timeout: 60_000 }, async () => {
    const { page } = await search(browser, site.chrome.context, site.server.origin, 'q=supervising');
    try {
      const marks = await page.locator('[data-search-results] li').first().locator('mark').allTextContents();
      assert.ok(marks.length > 0, 'no <mark> in the first excerpt');
      for (const m of marks) assert.match(m.toLowerCase(), /^supervis/);
      const meta = await page.locator('.search-result__meta').first().textContent();
      assert.match(meta, /Bulletin|Learning brief/);
    } finally {
      await page.close();
    }
  });

  it('filters combine, show counts and are kept in the URL', { timeout: 60_000 }, async () => {
    const { page, titles } = await search(browser, site.chrome.context, site.server.origin, 'q=domestic+abuse');
    try {
      assert.ok(titles.length >= 3, JSON.stringify(titles));
      const label = page.locator('label', { hasText: /^Hidden men \(\d+\)$/ });
      const countText = await label.textContent();
      const expected = Number(/\((\d+)\)/.exec(countText)[1]);
      await label.click();
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n &&
        /filters/.test(document.querySelector('[data-search-status]').textContent), expected);
      assert.match(page.url(), /theme=hidden-men/);
      const filtered = await page.locator('.search-result__title').allTextContents();
      assert.ok(filtered.some((t) => /Baby L/.test(t)), JSON.stringify(filtered));
      // A second facet narrows further: its count says how many are left.
      const briefLabel = page.locator('label', { hasText: /^Learning brief \(\d+\)$/ });
      const briefs = Number(/\((\d+)\)/.exec(await briefLabel.textContent())[1]);
      assert.ok(briefs > 0 && briefs < expected, `Learning brief count ${briefs} of ${expected}`);
      await briefLabel.click();
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n, briefs);
      for (const meta of await page.locator('.search-result__meta').allTextContents()) {
        assert.match(meta, /^Learning brief/);
      }
      assert.match(page.url(), /theme=hidden-men&type=brief/);
      // Reloading the URL gives the same filtered results.
      await page.reload();
      await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n, briefs);
      assert.ok(await page.locator('input[name="theme"][value="hidden-men"]').isChecked());
      assert.ok(await page.locator('input[name="type"][value="brief"]').isChecked());
    } finally {
      await page.close();
    }
  });

  it('typing updates the results and the status is announced', { timeout: 60_000 }, async () => {
    const { page } = await browser.open(site.chrome.context, site.server.origin, '/search/');
    try {
      await page.locator('#search-q').pressSequentially('clare', { delay: 30 });
      await page.waitForFunction(() => /results? for \u201cclare\u201d/.test(
        document.querySelector('[data-search-status]').textContent));
      const status = page.locator('[data-search-status]');
      assert.equal(await status.getAttribute('role'), 'status');
      assert.equal(await status.getAttribute('aria-live'), 'polite');
      const first = await page.locator('.search-result__title').first().textContent();
      assert.match(first, /Clare/);
      assert.match(page.url(), /q=clare/);
      // Keyboard: Enter submits without leaving the page; Tab reaches the results.
      await page.keyboard.press('Enter');
      assert.match(page.url(), /\/search\/\?q=clare/);
    } finally {
      await page.close();
    }
  });

  it('the results page has no axe violations and no inline code', { timeout: 60_000 }, async () => {
    const { page } = await search(browser, site.chrome.context, site.server.origin, 'q=hidden+men');
    try {
      const problems = [...await browser.inlineCode(page)];
      for (const v of await browser.axeViolations(page, site.server.origin)) problems.push(`axe: ${v}`);
      // At 320px (WCAG 1.4.10) nothing of search sticks out: the header box, the form, the
      // filters and the results. (The site-wide check is tests/browser/site.test.js's.)
      await page.setViewportSize({ width: 320, height: 640 });
      const wide = await page.evaluate(() => [...document.querySelectorAll('.site-search, main *')]
        .filter((el) => el.getBoundingClientRect().right > 320.5)
        .map((el) => `<${el.tagName.toLowerCase()} class="${el.className}">`));
      for (const w of wide) problems.push(`320px wide: ${w} sticks out`);
      assert.deepEqual(problems, []);
    } finally {
      await page.close();
    }
  });

  it('every page has a labelled search box in the header that leads to /search/', { timeout: 60_000 }, async () => {
    const { page } = await browser.open(site.chrome.context, site.server.origin, '/');
    try {
      const box = page.getByRole('searchbox', { name: 'Search this site' });
      await box.fill('hidden men');
      await box.press('Enter');
      await page.waitForURL(/\/search\/\?q=hidden\+men/);
      await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 0);
    } finally {
      await page.close();
    }
  });

  it('without JavaScript the page says so and lists the themes', () => {
    const html = fs.readFileSync(path.join(siteDir, 'search', 'index.html'), 'utf8');
    const noscript = /<noscript>([\s\S]*?)<\/noscript>/.exec(html);
    assert.ok(noscript, 'no <noscript> on /search/');
    assert.match(noscript[1], /needs JavaScript/);
    assert.match(noscript[1], /href="\/themes\/hidden-men\/"/);
  });

  it('the index is deterministic: building twice gives identical files', () => {
    const again = path.join(work, 'again');
    buildSite(binary, source, again);
    const list = (dir) => fs.readdirSync(dir, { recursive: true }).sort();
    const a = path.join(siteDir, 'search-index');
    const b = path.join(again, 'search-index');
    assert.deepEqual(list(a), list(b));
    for (const f of list(a)) {
      const fa = path.join(a, f);
      if (fs.statSync(fa).isFile()) assert.ok(fs.readFileSync(fa).equals(fs.readFileSync(path.join(b, f))), f);
    }
  });
}

// A deterministic corpus: `count` briefs on the sample site's themes, some saying only
// "MASH" and some only "Multi-Agency Safeguarding Hub".
function writeLargeContent(dir, source, count) {
  fs.mkdirSync(path.join(dir, 'briefs'), { recursive: true });
  fs.cpSync(path.join(source, 'content', 'site.yaml'), path.join(dir, 'site.yaml'));
  fs.cpSync(path.join(source, 'content', 'static'), path.join(dir, 'static'), { recursive: true });
  const themes = ['domestic-abuse', 'coercive-control', 'professional-curiosity', 'disguised-compliance',
    'hidden-men', 'voice-of-the-child', 'supervision', 'information-sharing', 'mental-health',
    'risk-assessment', 'was-not-brought', 'substance-misuse', 'escalation', 'adult-safeguarding'];
  const audiences = ['Social workers', 'GPs', 'Police', 'Health visitors', 'Teachers', 'Probation'];
  const words = ('assessment family child parent school health visit record referral plan meeting ' +
    'risk concern practitioner agency review father mother partner baby worker nurse housing ' +
    'police injury neglect drugs alcohol support service threshold strategy discussion history ' +
    'professional judgement chronology escalation supervision reflection curiosity voice wishes ' +
    'feelings attendance appointment consent information sharing safety planning').split(' ');
  let seed = 12345;
  const rand = (n) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const sentence = () => {
    const n = 8 + rand(10);
    const w = [];
    for (let i = 0; i < n; i++) w.push(words[rand(words.length)]);
    return w.join(' ').replace(/^./, (c) => c.toUpperCase()) + '.';
  };
  for (let i = 0; i < count; i++) {
    const t = [themes[rand(themes.length)], themes[rand(themes.length)]].filter((v, k, a) => a.indexOf(v) === k);
    const a = [audiences[rand(audiences.length)], audiences[rand(audiences.length)]].filter((v, k, arr) => arr.indexOf(v) === k);
    const mention = i % 50 === 7 ? ' The family was referred to the MASH.'
      : i % 50 === 31 ? ' The family was referred to the Multi-Agency Safeguarding Hub.' : '';
    const paragraphs = [];
    for (let p = 0; p < 6; p++) paragraphs.push(`${sentence()} ${sentence()} ${sentence()}${p === 2 ? mention : ''}`);
    const body = `## Background\n\n${paragraphs.slice(0, 2).join('\n\n')}\n\n## What we learned\n\n` +
      `${paragraphs.slice(2, 5).join('\n\n')}\n\n> [!KEY]\n> ${sentence()}\n\n> [!THINK]\n> ${sentence()}\n\n` +
      `## What good looks like\n\n${paragraphs[5]}\n`;
    const month = String(1 + (i % 12)).padStart(2, '0');
    const day = String(1 + (i % 28)).padStart(2, '0');
    fs.writeFileSync(path.join(dir, 'briefs', `generated-${String(i).padStart(5, '0')}.md`),
      `---\ntitle: "Generated brief ${i}: ${words[rand(words.length)]} and ${words[rand(words.length)]}"\n` +
      `date: ${2015 + (i % 11)}-${month}-${day}\nreview_type: CSPR\nthemes: [${t.join(', ')}]\n` +
      `audience: [${a.join(', ')}]\nsummary: ${sentence()}\n---\n\n${body}`);
  }
}

function largeSiteTests() {
  const { locations } = require('./lib/site');
  const browser = require('./lib/browser');

  const COUNT = 3000;
  // A one-word query may fetch at most this much of the index (manifest, chunks, filters
  // and the files of the results shown), whatever the size of the site.
  const INDEX_BYTES_LIMIT = 160 * 1024;
  const { source, binary } = locations();
  let indexBytes = 0;
  const site = servedSite('bulletin-search-large-', (work, siteDir) => {
    writeLargeContent(path.join(work, 'content'), source, COUNT);
    const run = spawnSync(binary, ['build', '--content', path.join(work, 'content'),
      '--templates', path.join(source, 'templates'), '--out', siteDir], { encoding: 'utf8', timeout: 300_000 });
    if (run.status !== 0) throw new Error(`bulletin build failed:\n${run.stdout}${run.stderr}`);
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).reduce((n, e) =>
      n + (e.isDirectory() ? walk(path.join(d, e.name)) : fs.statSync(path.join(d, e.name)).size), 0);
    indexBytes = walk(path.join(siteDir, 'search-index'));
  });

  it(`a one-word query on ${COUNT} briefs fetches a bounded part of the index`, { timeout: 120_000 }, async () => {
    const page = await site.chrome.context.newPage();
    const fetched = [];
    page.on('response', async (r) => {
      try {
        fetched.push({ url: r.url(), bytes: (await r.body()).length });
      } catch { /* redirects have no body */ }
    });
    try {
      await page.goto(`${site.server.origin}/search/?q=chronology`);
      await page.waitForFunction(() => document.querySelectorAll('.search-result').length > 0, null, { timeout: 30_000 });
      await page.waitForLoadState('networkidle');
      const index = fetched.filter((f) => f.url.includes('/search-index/'));
      const bytes = index.reduce((n, f) => n + f.bytes, 0);
      const all = fetched.reduce((n, f) => n + f.bytes, 0);
      console.log(`# ${COUNT} briefs: index ${(indexBytes / 1024).toFixed(0)} KB on disk; ` +
        `query fetched ${index.length} index files, ${(bytes / 1024).toFixed(1)} KB ` +
        `(${(all / 1024).toFixed(1)} KB with the page, styles and script)`);
      assert.ok(bytes < INDEX_BYTES_LIMIT, `fetched ${bytes} bytes of the index:\n` +
        index.map((f) => `  ${f.bytes} ${f.url}`).join('\n'));
      assert.ok(bytes < indexBytes / 20, `fetched ${bytes} of ${indexBytes} bytes`);
    } finally {
      await page.close();
    }
  });

  it('"MASH" finds briefs that only say "Multi-Agency Safeguarding Hub", and the reverse', { timeout: 60_000 }, async () => {
    // Briefs i % 50 == 7 say only "MASH"; i % 50 == 31 only the full name.
    const forward = await search(browser, site.chrome.context, site.server.origin, 'q=MASH');
    const reverse = await search(browser, site.chrome.context, site.server.origin, 'q=multi-agency+safeguarding+hub');
    try {
      const ids = (titles) => titles.map((t) => Number(/Generated brief (\d+)/.exec(t)[1]) % 50);
      assert.ok(ids(forward.titles).includes(31), `MASH: ${JSON.stringify(forward.titles)}`);
      assert.ok(ids(reverse.titles).includes(7), `full name: ${JSON.stringify(reverse.titles)}`);
      assert.match(forward.status, /^120 results/);
    } finally {
      await forward.page.close();
      await reverse.page.close();
    }
  });
}
