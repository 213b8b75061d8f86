// Browser tests of the built sample site: WCAG 2.2 AA (axe-core), nothing leaves the site,
// a strict CSP holds, skip link, headings, blocks, print and 320px layouts, valid HTML.
// Run by CTest (label "browser") as `node --test`; see tests/browser/CMakeLists.txt.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { describe, it, before, after } = require('node:test');

/// Fails with one line per problem, under a heading, if there are any.
function expectNone(problems, heading) {
  if (problems.length) assert.fail(`${heading}: ${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
}

const missingTools = ['playwright-core', 'axe-core', 'vnu-jar'].filter((m) => {
  try {
    require.resolve(m);
    return false;
  } catch {
    return true;
  }
});

const nodeMajor = Number(process.versions.node.split('.')[0]);

if (nodeMajor < 18) {
  it('Node.js is new enough', () => {
    assert.fail(`playwright-core needs Node.js 18 or later; this is ${process.version}`);
  });
} else if (missingTools.length) {
  it('browser test tools are installed', () => {
    assert.fail(`missing npm packages ${missingTools.join(', ')} in tests/browser/node_modules: ` +
      'run scripts/setup (it runs npm ci there)');
  });
} else {
  describe('the built sample site', siteTests);
}

function siteTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite, discoverPages, htmlFiles } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');
  const { checkHtml } = require('./lib/vnu');

  const { source, binary } = locations();
  const shots = process.env.BULLETIN_BROWSER_OUT || os.tmpdir();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-browser-'));
  const siteDir = path.join(work, 'site');
  let server;
  let chrome;
  let pages;
  let vnuResult;

  /// The URL path of a kind of page; throws if the build wrote none.
  const pageOf = (name) => {
    if (pages[name] instanceof Error) throw pages[name];
    return pages[name];
  };

  before(async () => {
    buildSite(binary, source, siteDir);
    pages = discoverPages(siteDir);
    // The HTML checker runs beside the browser tests; its test awaits the result.
    vnuResult = checkHtml(htmlFiles(siteDir), siteDir).then((v) => ({ v }), (e) => ({ e }));
    server = await startServer(binary, siteDir);
    chrome = await browser.launch(chromium, server.origin);
  });

  after(async () => {
    if (chrome) await chrome.close();
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const pageNames = ['home', 'brief', 'bulletin', 'theme', 'themes', 'briefs', 'think',
    'think pack', 'key messages', 'key messages theme', 'missing page'];

  for (const name of pageNames) {
    it(`${name} is accessible, self-contained and CSP-safe`, { timeout: 60_000 }, async () => {
      const missing = name === 'missing page';
      const urlPath = missing ? `/no-such-page-${process.pid}/` : pageOf(name);
      const { page, response, requests, consoleErrors } =
        await browser.open(chrome.context, server.origin, urlPath);
      const problems = [];
      try {
        const want = missing ? 404 : 200;
        if (response.status() !== want) problems.push(`HTTP status ${response.status()}, expected ${want}`);
        for (const p of await browser.inlineCode(page)) problems.push(p);
        const h1s = await page.locator('h1').count();
        if (h1s !== 1) problems.push(`${h1s} <h1> elements, expected exactly one`);
        if (name === 'brief') {
          for (const block of ['think', 'key']) {
            if (await page.locator(`aside[data-block="${block}"]`).count() === 0) {
              problems.push(`no <aside data-block="${block}"> on the brief`);
            }
          }
        }
        if (name === 'home' || name === 'brief') {
          await page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
        }
        for (const p of await browser.skipLinkProblems(page)) problems.push(p);
        for (const v of await browser.axeViolations(page, server.origin)) problems.push(`axe: ${v}`);
        for (const p of await browser.narrowLayoutProblems(page)) problems.push(p);
        if (name === 'home' || name === 'brief') {
          await page.screenshot({ path: path.join(shots, `${name}-320.png`), fullPage: true });
        }
        for (const u of browser.foreignRequests(requests, server.origin)) {
          problems.push(`request leaves the site: ${u}`);
        }
        for (const c of consoleErrors) {
          // The 404 page's own status is logged as an error by Chromium; that one is expected.
          const own404 = missing && c.url === server.origin + urlPath && /status of 404/.test(c.text);
          if (!own404) problems.push(`console error: ${c.text}${c.url ? ` (${c.url})` : ''}`);
        }
      } finally {
        await page.close();
      }
      expectNone(problems, urlPath);
    });
  }

  it('a brief prints as a clean handout', { timeout: 60_000 }, async () => {
    const { page } = await browser.open(chrome.context, server.origin, pageOf('brief'));
    try {
      await page.emulateMedia({ media: 'print' });
      const state = await page.evaluate(() => {
        const main = document.querySelector('main');
        const shown = (el) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
        const chrome = [...document.querySelectorAll('header, nav, footer')]
          .filter((el) => !main || !main.contains(el))
          .map((el) => ({ tag: el.tagName.toLowerCase(), cls: el.className, shown: shown(el) }));
        const h1 = document.querySelector('h1');
        return {
          chrome,
          main: !!main && shown(main),
          h1: !!h1 && shown(h1),
          text: main ? main.innerText.trim().length : 0,
        };
      });
      await page.screenshot({ path: path.join(shots, 'brief-print.png'), fullPage: true });
      const problems = [];
      if (state.chrome.length === 0) problems.push('no header, nav or footer outside <main> to hide');
      for (const c of state.chrome) {
        if (c.shown) problems.push(`<${c.tag} class="${c.cls}"> is visible in print`);
      }
      if (!state.main) problems.push('<main> is hidden in print');
      if (!state.h1) problems.push('the <h1> is hidden in print');
      if (state.text < 200) problems.push(`only ${state.text} characters of <main> text are shown in print`);
      expectNone(problems, `print view of ${pageOf('brief')}`);
    } finally {
      await page.close();
    }
  });

  it('every built HTML file passes the Nu HTML Checker', { timeout: 180_000 }, async () => {
    const { v: errors, e } = await vnuResult;
    if (e) throw e;
    expectNone(errors, 'Nu HTML Checker errors');
  });

  it('bulletin serve exits 0 on SIGTERM', { timeout: 20_000 }, async () => {
    await chrome.close();
    chrome = null;
    const { code, signal } = await server.stop();
    server = null;
    assert.equal(signal, null, `bulletin serve was killed by ${signal}`);
    assert.equal(code, 0, `bulletin serve exited ${code}`);
  });
}
