// A practitioner signs in by e-mailed link in Chromium: the sign-in page, its errors, "check
// your email", the link's page, their details and the signed-in page pass axe; the link's
// page signs nobody in until its button is pressed; signing out ends the session. With
// JavaScript switched off too. No SMTP server is set, so the message is read from the .eml
// file serve writes beside the database.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

describeWithTools('signing in as a practitioner', signInTests);

function signInTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-sign-in-'));
  const siteDir = path.join(work, 'site');
  const db = path.join(work, 'data/bulletin.db');
  const mailDir = path.join(work, 'data/mail');
  let server;

  before(async () => {
    buildSite(binary, source, siteDir);
    server = await startServer(binary, siteDir, 20_000, [
      '--content', path.join(source, 'content'), '--templates', path.join(source, 'templates'),
      '--db', db]);
  });

  after(async () => {
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  // The path of the sign-in link in the newest message to `email`, waiting for it.
  async function linkFor(email) {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const files = fs.existsSync(mailDir) ? fs.readdirSync(mailDir).filter((f) => f.endsWith('.eml')).sort() : [];
      for (const file of files.reverse()) {
        const text = fs.readFileSync(path.join(mailDir, file), 'utf8');
        if (!text.includes(`\r\nTo: ${email}\r\n`)) continue;
        const plain = text.replace(/=\r\n/g, '').replace(/=3D/g, '=');
        const m = plain.match(/https:\/\/learning\.example\.org\.uk(\/sign-in\/link\?token=[A-Za-z0-9_-]{43})/);
        if (m) return m[1];
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`no sign-in message to ${email} in ${mailDir}`);
  }

  async function submit(page, selector = 'main form button[type=submit]') {
    const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
    return response;
  }

  async function signInFlow(javaScriptEnabled) {
    const chrome = await browser.launch(chromium, server.origin, { javaScriptEnabled });
    const problems = [];
    const check = async (label, page) => {
      for (const c of await browser.inlineCode(page)) problems.push(`${label}: ${c}`);
      if (!javaScriptEnabled) return;
      for (const v of await browser.axeViolations(page, server.origin)) problems.push(`${label}: axe: ${v}`);
    };
    const email = javaScriptEnabled ? 'jo.hart@northmoor.police.example.org.uk' : 'kim.lee@northmoor.police.example.org.uk';
    try {
      const { page, response } = await browser.open(chrome.context, server.origin, '/sign-in');
      assert.equal(response.status(), 200);
      assert.equal(await page.locator('h1').count(), 1);
      await check('sign-in page', page);

      let answer = await submit(page);
      assert.equal(answer.status(), 400);
      assert.match(await page.locator('.error-summary').innerText(), /Enter your work email address/);
      await check('empty email', page);

      await page.fill('#email', email);
      answer = await submit(page);
      assert.equal(answer.status(), 200);
      assert.match(await page.locator('h1').innerText(), /Check your email/);
      await check('check your email', page);

      const link = await linkFor(email);
      await page.goto(server.origin + link);
      await check('the link\'s page', page);
      const cookiesBefore = await chrome.context.cookies();
      assert.equal(cookiesBefore.find((c) => c.name === '__Host-bulletin_person'), undefined,
        'opening the link must not sign in');

      await submit(page);
      assert.equal(new URL(page.url()).pathname, '/my/details');
      const session = (await chrome.context.cookies()).find((c) => c.name === '__Host-bulletin_person');
      assert.ok(session, 'no practitioner session cookie');
      assert.equal(session.httpOnly, true);
      assert.equal(session.secure, true);
      assert.equal(session.sameSite, 'Lax');
      await check('your details', page);

      await page.fill('#name', 'Jo Hart');
      await page.fill('#team', 'Public protection');
      await submit(page);
      assert.equal(new URL(page.url()).pathname, '/my/');
      assert.match(await page.locator('h1').innerText(), /My training/);
      assert.equal(await page.locator('h1').count(), 1);
      assert.match(await page.locator('.person-bar').innerText(), new RegExp(email.replace(/\./g, '\\.')));
      await check('my training', page);

      await page.goto(`${server.origin}/sign-in`);
      assert.match(await page.locator('h1').innerText(), /You are signed in/);
      await check('signed in', page);

      await submit(page, '.person-bar button');
      assert.equal(new URL(page.url()).pathname, '/sign-in');
      assert.match(await page.locator('.notification-banner').innerText(), /You have signed out/);
      assert.equal(await page.locator('.person-bar').count(), 0);
      await check('signed out', page);
    } finally {
      await chrome.close();
    }
    if (problems.length) assert.fail(`${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  }

  it('signs in by e-mailed link and out again; every page passes axe', { timeout: 120_000 }, async () => {
    await signInFlow(true);
  });

  it('works with JavaScript switched off', { timeout: 120_000 }, async () => {
    await signInFlow(false);
  });
}
