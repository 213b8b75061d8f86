// Signing in to /manage/ in Chromium: the sign-in page and its errors pass axe, and the
// session cookie (Secure and __Host- because the sample base_url is https) is kept by the
// browser on http://127.0.0.1, which it treats as secure, and sent back, as in the demo.
'use strict';

const assert = require('node:assert/strict');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

describeWithTools('signing in as a manager', signInTests);

function signInTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-manage-'));
  const siteDir = path.join(work, 'site');
  const db = path.join(work, 'data/bulletin.db');
  const email = 'sam.patel@example.org.uk';
  const password = 'kettle orbit marmalade';
  let server;

  before(async () => {
    buildSite(binary, source, siteDir);
    const added = spawnSync(binary, ['admin', 'add-manager', '--email', email, '--organisation',
      'police', '--password-stdin', '--db', db, '--content', path.join(source, 'content')],
    { input: `${password}\n`, encoding: 'utf8' });
    assert.equal(added.status, 0, added.stdout + added.stderr);
    server = await startServer(binary, siteDir, 20_000, [
      '--content', path.join(source, 'content'), '--templates', path.join(source, 'templates'),
      '--db', db]);
  });

  after(async () => {
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  async function submit(page) {
    const [response] = await Promise.all([page.waitForNavigation(), page.click('main form button[type=submit]')]);
    return response;
  }

  it('the sign-in page and its errors pass axe; the cookie comes back', { timeout: 120_000 }, async () => {
    const chrome = await browser.launch(chromium, server.origin);
    const problems = [];
    const check = async (label, page) => {
      for (const c of await browser.inlineCode(page)) problems.push(`${label}: ${c}`);
      for (const v of await browser.axeViolations(page, server.origin)) problems.push(`${label}: axe: ${v}`);
    };
    try {
      const { page, response } = await browser.open(chrome.context, server.origin, '/manage/login');
      assert.equal(response.status(), 200);
      await check('sign-in page', page);

      let answer = await submit(page);
      assert.equal(answer.status(), 400);
      assert.match(await page.locator('.error-summary').innerText(), /Enter your email address/);
      await page.locator('.error-summary a[href="#password"]').click();
      assert.equal(await page.evaluate(() => document.activeElement.id), 'password');
      await check('empty fields', page);

      await page.fill('#email', email);
      await page.fill('#password', 'not the password');
      answer = await submit(page);
      assert.equal(answer.status(), 400);
      assert.equal(await page.inputValue('#email'), email);
      await check('wrong password', page);

      await page.fill('#password', password);
      await submit(page);
      assert.equal(new URL(page.url()).pathname, '/manage/');
      const cookies = await chrome.context.cookies();
      const session = cookies.find((c) => c.name === '__Host-bulletin_session');
      assert.ok(session, `no session cookie among ${JSON.stringify(cookies)}`);
      assert.equal(session.httpOnly, true);
      assert.equal(session.secure, true);
      assert.equal(session.sameSite, 'Strict');
      // Signed in, the sign-in page sends the browser on: the cookie was sent back.
      await page.goto(`${server.origin}/manage/login`);
      assert.equal(new URL(page.url()).pathname, '/manage/');
    } finally {
      await chrome.close();
    }
    if (problems.length) assert.fail(`${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  });
}
