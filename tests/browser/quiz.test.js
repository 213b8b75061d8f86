// Takes the sample coercive control quiz in Chromium with JavaScript off and on, gets the
// certificate and verifies it; every page of the journey must pass axe (WCAG 2.2 AA).
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

describeWithTools('taking a quiz', quizTests);

/// The text of every option marked [x] in the file.
function correctTexts(file) {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^- \[x\] (.*)$/gm)].map((m) => m[1].trim());
}

/// For each question (q1, q2, ...) the option ids ('a', 'b', ...) marked [x] in the file.
function answerKey(file) {
  const text = fs.readFileSync(file, 'utf8');
  const key = [];
  for (const question of text.split(/\n## /).slice(1)) {
    const marks = [...question.matchAll(/^- \[( |x)\]/gm)].map((m) => m[1] === 'x');
    key.push(marks.flatMap((correct, i) => (correct ? [String.fromCharCode(97 + i)] : [])));
  }
  return key;
}

function quizTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const shots = process.env.BULLETIN_BROWSER_OUT || os.tmpdir();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-quiz-'));
  const siteDir = path.join(work, 'site');
  const quizPath = '/quizzes/coercive-control-awareness/';
  const key = answerKey(path.join(source, 'content/quizzes/coercive-control-awareness.md'));
  let server;

  before(async () => {
    buildSite(binary, source, siteDir);
    server = await startServer(binary, siteDir, 20_000, [
      '--content', path.join(source, 'content'), '--templates', path.join(source, 'templates'),
      '--db', path.join(work, 'data/bulletin.db'), '--retry-wait-seconds', '3']);
  });

  after(async () => {
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /// Fills in the details and the answers (right ones, or the first option everywhere).
  async function fillIn(page, name, right) {
    await page.fill('#name', name);
    await page.fill('#email', `${name.split(' ')[0].toLowerCase()}@example.org.uk`);
    await page.selectOption('#organisation', { index: 1 });
    await page.fill('#team', 'Family Safeguarding Team 2');
    for (let q = 0; q < key.length; q += 1) {
      const ids = right ? key[q] : ['a'];
      for (const id of ids) await page.check(`#q${q + 1}-${id}`);
    }
  }

  /// What a strict Content-Security-Policy would block, in the HTML the server sent.
  function inlineCodeIn(html) {
    const problems = [];
    for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>/gi)) problems.push(`inline script: ${m[0]}`);
    for (const m of html.matchAll(/<[^>]+\s(on[a-z]+|style)=[^>]*>/gi)) problems.push(`${m[1]} attribute: ${m[0]}`);
    return problems;
  }

  /// Every problem a page of the journey has: axe violations, inline code, foreign requests.
  async function pageProblems(opened, origin, jsOn) {
    const problems = [];
    const response = opened.response || (await opened.page.waitForLoadState(), null);
    if (response) for (const p of inlineCodeIn(await response.text())) problems.push(p);
    if (jsOn) {
      for (const v of await browser.axeViolations(opened.page, origin)) problems.push(`axe: ${v}`);
    }
    for (const u of browser.foreignRequests(opened.requests, origin)) problems.push(`request leaves the site: ${u}`);
    return problems;
  }

  it('works with JavaScript switched off: pass, certificate, verification', { timeout: 90_000 }, async () => {
    const chrome = await browser.launch(chromium, server.origin, { javaScriptEnabled: false });
    try {
      const opened = await browser.open(chrome.context, server.origin, quizPath);
      const { page } = opened;
      assert.equal(opened.response.status(), 200);
      await fillIn(page, 'Ada Nojs', true);
      const [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
      assert.equal(response.status(), 200);
      assert.match(await page.locator('h1').innerText(), /You passed/);
      const certificate = page.locator('a', { hasText: 'View and print your certificate' });
      await Promise.all([page.waitForNavigation(), certificate.click()]);
      assert.match(await page.locator('.certificate__name').innerText(), /Ada Nojs/);
      const verifyHref = await page.locator('.certificate a').getAttribute('href');
      const code = verifyHref.split('/verify/')[1];
      assert.equal(code.length, 26);
      const verify = await page.goto(`${server.origin}/verify/${code}`);
      assert.equal(verify.status(), 200);
      assert.match(await page.locator('h1').innerText(), /Certificate confirmed/);
      await page.close();
    } finally {
      await chrome.close();
    }
  });

  it('every page of the journey passes axe with JavaScript on', { timeout: 120_000 }, async () => {
    const chrome = await browser.launch(chromium, server.origin);
    const problems = [];
    try {
      // The quiz page.
      let opened = await browser.open(chrome.context, server.origin, quizPath);
      for (const p of await pageProblems(opened, server.origin, true)) problems.push(`quiz: ${p}`);
      await opened.page.close();

      // Submitting with nothing filled in: the error summary.
      opened = await browser.open(chrome.context, server.origin, quizPath);
      let { page } = opened;
      let [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
      assert.equal(response.status(), 400);
      assert.match(await page.locator('.error-summary').innerText(), /Enter your full name/);
      // The summary's links move focus to the fields they name.
      await page.locator('.error-summary a[href="#email"]').click();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'email');
      for (const p of await pageProblems({ page, response, requests: [] }, server.origin, true)) problems.push(`errors: ${p}`);
      await page.close();

      // A fail, then a pass.
      for (const right of [false, true]) {
        opened = await browser.open(chrome.context, server.origin, quizPath);
        page = opened.page;
        await fillIn(page, right ? 'Bea Pass' : 'Cal Fail', right);
        [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
        assert.equal(response.status(), 200);
        assert.match(await page.locator('h1').innerText(), right ? /You passed/ : /Not passed/);
        await page.screenshot({ path: path.join(shots, right ? 'quiz-pass.png' : 'quiz-fail.png'), fullPage: true });
        for (const p of await pageProblems({ page, response, requests: [] }, server.origin, true)) {
          problems.push(`${right ? 'pass' : 'fail'} result: ${p}`);
        }
        if (right) {
          const [certificate] = await Promise.all([page.waitForNavigation(),
            page.locator('a', { hasText: 'View and print' }).click()]);
          for (const p of await pageProblems({ page, response: certificate, requests: [] }, server.origin, true)) {
            problems.push(`certificate: ${p}`);
          }
          const code = (await page.locator('.certificate a').getAttribute('href')).split('/verify/')[1];
          const verify = await page.goto(`${server.origin}/verify/${code}`);
          for (const p of await pageProblems({ page, response: verify, requests: [] }, server.origin, true)) {
            problems.push(`verify: ${p}`);
          }
        }
        await page.close();
      }
    } finally {
      await chrome.close();
    }
    if (problems.length) assert.fail(`${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  });

  for (const jsOn of [false, true]) {
    it(`fail (no answers shown), wait, pass with full feedback, certificate: JavaScript ${jsOn ? 'on' : 'off'}`,
      { timeout: 120_000 }, async () => {
        const chrome = await browser.launch(chromium, server.origin, { javaScriptEnabled: jsOn });
        const problems = [];
        const name = jsOn ? 'Eve Wait' : 'Dee Wait';
        const tag = jsOn ? 'js' : 'nojs';
        try {
          const opened = await browser.open(chrome.context, server.origin, quizPath);
          const { page } = opened;
          await page.setViewportSize({ width: 390, height: 844 });
          await fillIn(page, name, false);
          let [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
          assert.equal(response.status(), 200);
          assert.match(await page.locator('h1').innerText(), /Not passed/);
          const failHtml = await response.text();
          for (const text of correctTexts(path.join(source, 'content/quizzes/coercive-control-awareness.md'))) {
            assert.ok(!failHtml.includes(text), `the fail page shows a right answer: ${text}`);
          }
          assert.match(await page.locator('.result__wait').innerText(), /You can try again from \d\d:\d\d/);
          // On a phone the first thing after the score is Try again; there is another at the end.
          assert.equal(await page.locator('button', { hasText: 'Try again' }).count(), 2);
          await page.screenshot({ path: path.join(shots, `quiz-fail-390-${tag}.png`), fullPage: true });
          if (jsOn) for (const p of await browser.axeViolations(page, server.origin)) problems.push(`fail: axe: ${p}`);
          await page.setViewportSize({ width: 1280, height: 900 });
          await page.screenshot({ path: path.join(shots, `quiz-fail-desktop-${tag}.png`), fullPage: true });

          // Try again: a fresh paper with the details kept, and when the wait ends.
          [response] = await Promise.all([page.waitForNavigation(), page.locator('button', { hasText: 'Try again' }).first().click()]);
          assert.equal(response.status(), 200);
          assert.equal(await page.inputValue('#name'), name);
          assert.match(await page.locator('.inset--notice').innerText(), /You can send your answers from/);
          assert.equal(await page.locator('.choices__input:checked').count(), 0, 'answers are never kept');
          if (jsOn) for (const p of await browser.axeViolations(page, server.origin)) problems.push(`retry: axe: ${p}`);
          await fillIn(page, name, true);
          [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
          if (response.status() === 429) {
            // Still within the wait (3 s for this test; the server's own clock decides, so
            // a slow machine may already be past it): the answers just given are kept.
            assert.match(await page.locator('.inset--notice').innerText(), /You can send your answers from/);
            assert.ok(await page.locator('.choices__input:checked').count() > 0, 'the answers are kept');
            await new Promise((resolve) => setTimeout(resolve, 3500));
            [response] = await Promise.all([page.waitForNavigation(), page.click('.quiz-form button[type=submit]')]);
          }
          assert.equal(response.status(), 200);
          assert.match(await page.locator('h1').innerText(), /You passed/);
          assert.match(await page.locator('.result').first().innerText(), /Section 76|Serious Crime Act/, 'full feedback after a pass');
          await page.setViewportSize({ width: 390, height: 844 });
          await page.screenshot({ path: path.join(shots, `quiz-pass-390-${tag}.png`), fullPage: true });
          if (jsOn) for (const p of await browser.axeViolations(page, server.origin)) problems.push(`pass: axe: ${p}`);
          await Promise.all([page.waitForNavigation(), page.locator('a', { hasText: 'View and print your certificate' }).click()]);
          assert.match(await page.locator('.certificate__name').innerText(), new RegExp(name));
          await page.close();
        } finally {
          await chrome.close();
        }
        if (problems.length) assert.fail(`${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
      });
  }
}
