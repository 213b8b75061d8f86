// Everyday use (issue #19) in Chromium, at a 390px phone and a desktop, with JavaScript on
// and off: search results before the filters on a phone, "Did you mean", search without
// JavaScript answered by the server, the print header and Print button, the /verify/ box,
// and the focus moving to a form's error summary. Every page checked passes axe.
// Screenshots go to BULLETIN_BROWSER_OUT (everyday-*.png).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 800 };

describeWithTools('everyday use', everydayTests);

function everydayTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const shots = process.env.BULLETIN_BROWSER_OUT || os.tmpdir();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-everyday-'));
  const siteDir = path.join(work, 'site');
  let server;
  let jsOn;
  let jsOff;

  before(async () => {
    buildSite(binary, source, siteDir);
    server = await startServer(binary, siteDir, 20_000, [
      '--content', path.join(source, 'content'), '--templates', path.join(source, 'templates'),
      '--db', path.join(work, 'data/bulletin.db')]);
    jsOn = await browser.launch(chromium, server.origin);
    jsOff = await browser.launch(chromium, server.origin, { javaScriptEnabled: false });
  });

  after(async () => {
    if (jsOn) await jsOn.close();
    if (jsOff) await jsOff.close();
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  const shot = (page, name) =>
    page.screenshot({ path: path.join(shots, `everyday-${name}.png`), fullPage: false });

  /// Opens a page at a viewport size; with JavaScript on, waits for the search status.
  async function openAt(chrome, size, urlPath) {
    const page = await chrome.context.newPage();
    await page.setViewportSize(size);
    const response = await page.goto(server.origin + urlPath, { waitUntil: 'load' });
    return { page, response };
  }

  async function searchWithJs(size, query) {
    const opened = await openAt(jsOn, size, `/search/?q=${encodeURIComponent(query)}`);
    // The server answers too (for browsers without JavaScript): wait for search.js's own.
    await opened.page.waitForFunction(() =>
      document.querySelector('[data-search-form]').dataset.searched !== undefined,
    null, { timeout: 20_000 });
    return opened;
  }

  async function assertAxeClean(page, what) {
    const violations = await browser.axeViolations(page, server.origin);
    assert.deepEqual(violations, [], `${what}:\n${violations.join('\n')}`);
  }

  it('on a phone the results come before the folded filters', { timeout: 60_000 }, async () => {
    const { page } = await searchWithJs(PHONE, 'domestic abuse');
    const first = await page.locator('.search-result').first().boundingBox();
    const filters = await page.locator('[data-search-filters]').boundingBox();
    assert.ok(first && filters, 'results and filters are both shown');
    assert.ok(first.y < filters.y, `first result at ${first.y}px, filters at ${filters.y}px`);
    assert.ok(first.y < PHONE.height, `the first result is on the first screen (at ${first.y}px)`);
    assert.equal(await page.locator('[data-search-filters]').evaluate((d) => d.open), false);
    await shot(page, 'search-phone');
    await page.locator('.search-page__filters-summary').click();
    await page.locator('.search-facet__input[name="type"]').first().check();
    await page.waitForFunction(() =>
      /\(1 active\)/.test(document.querySelector('[data-search-active]').textContent));
    await assertAxeClean(page, 'search on a phone with the filters open');
    assert.deepEqual(await browser.narrowLayoutProblems(page), []);
    await page.close();
  });

  it('on a desktop the filters are open beside the results, and no results is not squeezed', { timeout: 60_000 }, async () => {
    const { page } = await searchWithJs(DESKTOP, 'domestic abuse');
    assert.equal(await page.locator('[data-search-filters]').evaluate((d) => d.open), true);
    const results = await page.locator('.search-page__results').boundingBox();
    const filters = await page.locator('[data-search-filters]').boundingBox();
    assert.ok(filters.x > results.x, 'filters to the right of the results');
    await shot(page, 'search-desktop');
    await page.close();

    const none = await searchWithJs(DESKTOP, 'zzzzqqxx');
    const status = await none.page.locator('[data-search-status]').boundingBox();
    assert.ok(status.width > 900, `the message is ${status.width}px wide`);
    const link = none.page.locator('[data-search-status] a', { hasText: 'browse by theme' });
    assert.equal(await link.getAttribute('href'), '/themes/');
    await assertAxeClean(none.page, 'no results');
    await shot(none.page, 'search-none-desktop');
    await none.page.close();
  });

  it('search finds quizzes, themes, Think packs and key messages, labelled by type', { timeout: 60_000 }, async () => {
    const { page } = await searchWithJs(DESKTOP, 'coercive control');
    const metas = await page.locator('.search-result__meta').allTextContents();
    for (const type of ['Learning brief', 'Quiz', 'Theme', 'Think pack', 'Key messages']) {
      const all = [];
      // Results beyond the first ten are behind "Show more results".
      while (!metas.concat(all).some((m) => m.startsWith(type))) {
        const more = page.locator('.search-results__more');
        if (!(await more.isVisible())) break;
        await more.click();
        all.push(...(await page.locator('.search-result__meta').allTextContents()));
      }
      assert.ok(metas.concat(all).some((m) => m.startsWith(type)), `a result labelled ${type}`);
    }
    await page.close();
  });

  for (const [size, label] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
    it(`"Did you mean" offers the index's own word, JavaScript on (${label})`, { timeout: 60_000 }, async () => {
      const { page } = await searchWithJs(size, 'cohersive control');
      const suggestion = page.locator('[data-search-suggestion] a');
      await suggestion.waitFor({ timeout: 20_000 });
      assert.equal(await suggestion.innerText(), 'coercive control');
      await assertAxeClean(page, 'did you mean');
      await shot(page, `did-you-mean-${label}`);
      await Promise.all([page.waitForNavigation(), suggestion.click()]);
      await page.waitForFunction(() =>
        document.querySelector('[data-search-form]').dataset.searched === 'coercive control');
      const status = await page.locator('[data-search-status]').innerText();
      assert.ok(Number(status.split(' ')[0]) >= 3, status);
      await page.close();
    });

    it(`without JavaScript the header search box is answered by the server (${label})`, { timeout: 60_000 }, async () => {
      const { page } = await openAt(jsOff, size, '/briefs/');
      await page.fill('#site-search-q', 'cohersive control');
      const [response] = await Promise.all([page.waitForNavigation(), page.press('#site-search-q', 'Enter')]);
      assert.equal(response.status(), 200);
      const html = await response.text();
      assert.doesNotMatch(html, /Search needs JavaScript/);
      assert.match(await page.locator('[data-search-status]').innerText(), /\d+ results? for “cohersive control”/);
      assert.ok(await page.locator('.search-result').count() > 0);
      const suggestion = page.locator('[data-search-suggestion] a');
      assert.equal(await suggestion.innerText(), 'coercive control');
      await shot(page, `search-nojs-${label}`);
      await Promise.all([page.waitForNavigation(), suggestion.click()]);
      const first = await page.locator('.search-result').first().boundingBox();
      assert.ok(first.y < size.height, `the first result is on the first screen (at ${first.y}px)`);
      await page.close();
    });
  }

  it('a printout carries the partnership, the page address and the date', { timeout: 60_000 }, async () => {
    const { page } = await openAt(jsOn, DESKTOP, '/briefs/adult-p-coercive-control/');
    assert.equal(await page.locator('.print-header').isVisible(), false, 'not on screen');
    await page.emulateMedia({ media: 'print' });
    const header = page.locator('.print-header');
    assert.ok(await header.isVisible());
    const text = await header.innerText();
    assert.match(text, /Hallowford Safeguarding Partnership/);
    assert.match(text, /\/briefs\/adult-p-coercive-control\//);
    assert.match(text, /Printed on \d{1,2} [A-Z][a-z]+ \d{4}/);
    assert.equal(await page.locator('.contents').isVisible(), false, 'no contents list on paper');
    // An external link shows its address once; a bare address is not repeated.
    const after = await page.evaluate(() => [...document.querySelectorAll('.prose a[href^="http"]')]
      .map((a) => ({ bare: a.classList.contains('link--bare'), after: getComputedStyle(a, '::after').content })));
    assert.ok(after.some((a) => a.bare) && after.some((a) => !a.bare), JSON.stringify(after));
    for (const a of after) assert.equal(a.after === 'none', a.bare, JSON.stringify(a));
    await shot(page, 'print-brief');
    await page.close();
  });

  it('long briefs open with an "On this page" list', { timeout: 30_000 }, async () => {
    const { page } = await openAt(jsOn, PHONE, '/briefs/adult-p-coercive-control/');
    const contents = page.locator('nav.contents');
    assert.ok(await contents.isVisible());
    const first = contents.locator('a').first();
    const target = (await first.getAttribute('href')).slice(1);
    assert.equal(await page.locator(`[id="${target}"]`).count(), 1);
    await assertAxeClean(page, 'brief with contents');
    await page.close();
  });

  it('the Print button shows only with JavaScript', { timeout: 30_000 }, async () => {
    const on = await openAt(jsOn, DESKTOP, '/think/coercive-control/');
    assert.ok(await on.page.locator('[data-print]').isVisible());
    await assertAxeClean(on.page, 'Think pack');
    await on.page.close();
    const off = await openAt(jsOff, DESKTOP, '/think/coercive-control/');
    assert.equal(await off.page.locator('[data-print]').isVisible(), false);
    await off.page.close();
  });

  /// Passes the sample coercive control quiz over HTTP and returns its certificate code.
  async function certificateCode() {
    const text = fs.readFileSync(path.join(source, 'content/quizzes/coercive-control-awareness.md'), 'utf8');
    const page = await (await fetch(`${server.origin}/quizzes/coercive-control-awareness/`)).text();
    const version = /name="version" value="([^"]+)"/.exec(page)[1];
    // The paper the server sealed when it served the form (#16); option ids stay the file's.
    const paper = /name="paper" value="([^"]+)"/.exec(page)[1];
    const body = new URLSearchParams({
      quiz: 'coercive-control-awareness', version, paper, name: 'Zoë Ní Bhriain',
      email: 'zoe@example.org.uk', organisation: 'police', team: 'Response Team North' });
    text.split(/\n## /).slice(1).forEach((question, q) => {
      [...question.matchAll(/^- \[( |x)\]/gm)].forEach((m, i) => {
        if (m[1] === 'x') body.append(`q${q + 1}`, String.fromCharCode(97 + i));
      });
    });
    const res = await fetch(`${server.origin}/quizzes/coercive-control-awareness/submit`, {
      method: 'POST', body, headers: { Origin: server.origin } });
    const html = await res.text();
    const m = /\/certificates\/([A-Z2-7]{26})/.exec(html);
    assert.ok(m, `a certificate link in the result page (status ${res.status})`);
    return m[1];
  }

  it('/verify/ has a box that takes a code in any case, with spaces or dashes', { timeout: 90_000 }, async () => {
    const code = await certificateCode();
    const typed = code.toLowerCase().match(/.{1,4}/g).join('-');
    const grouped = code.match(/.{1,4}/g).join('-');
    for (const [chrome, js] of [[jsOff, 'off'], [jsOn, 'on']]) {
      for (const [size, label] of [[PHONE, 'phone'], [DESKTOP, 'desktop']]) {
        const { page, response } = await openAt(chrome, size, '/verify/');
        assert.equal(response.status(), 200);
        assert.match(await page.locator('h1').innerText(), /Check a certificate/);
        if (js === 'on') await assertAxeClean(page, '/verify/');
        await page.fill('#code', ` ${typed} `);
        const [answer] = await Promise.all([page.waitForNavigation(), page.click('.verify-form button')]);
        assert.equal(answer.status(), 200);
        assert.match(await page.locator('h1').innerText(), /Certificate confirmed/);
        assert.equal(await page.locator('dd.certificate__code').innerText(), grouped);
        if (js === 'on') await assertAxeClean(page, 'certificate confirmed');
        await shot(page, `verify-js-${js}-${label}`);
        await page.close();
      }
    }
    const wrong = await openAt(jsOff, PHONE, '/verify/?code=ABCD-EFGH');
    assert.equal(wrong.response.status(), 404);
    assert.match(await wrong.page.locator('h1').innerText(), /Certificate not found/);
    assert.ok(await wrong.page.locator('#code').isVisible(), 'the box is offered again');
    await wrong.page.close();
  });

  it('an error summary takes the focus when it appears', { timeout: 60_000 }, async () => {
    const { page } = await openAt(jsOn, PHONE, '/quizzes/coercive-control-awareness/');
    assert.equal(await page.locator('#team').getAttribute('autocomplete'), 'off');
    assert.equal(await page.locator('.quiz-form a[href^="/pages/privacy"]').count(), 1, 'privacy notice linked');
    await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
    await page.waitForFunction(() => document.activeElement &&
      document.activeElement.classList.contains('error-summary'));
    await shot(page, 'error-summary-phone');
    await page.close();
  });

  it('the footer links the cookies page and the privacy notice', { timeout: 30_000 }, async () => {
    const { page } = await openAt(jsOn, DESKTOP, '/');
    for (const name of ['Cookies', 'Privacy notice']) {
      const link = page.locator('.site-footer a', { hasText: name });
      assert.equal(await link.count(), 1, name);
    }
    const cookies = await openAt(jsOn, DESKTOP, '/pages/cookies/');
    await assertAxeClean(cookies.page, 'cookies page');
    await cookies.page.close();
    await page.close();
  });
}
