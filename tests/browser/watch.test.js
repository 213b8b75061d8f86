// Live preview in Chromium: `bulletin serve --watch` over a copy of the sample content.
// An open page reloads when its brief is saved, and a broken file shows an accessible,
// dismissable alert naming file:line:col while the last good page stays.
// Run by CTest (label "browser") as `node --test`; see tests/browser/CMakeLists.txt.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

describeWithTools('bulletin serve --watch', watchTests);

function watchTests() {
  const { chromium } = require('playwright-core');
  const { locations } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-watch-'));
  const content = path.join(work, 'content');
  const brief = path.join(content, 'briefs', 'baby-l-hidden-men.md');
  const briefUrl = '/briefs/baby-l-hidden-men/';
  let original;
  let server;
  let chrome;

  before(async () => {
    fs.cpSync(path.join(source, 'content'), content, { recursive: true });
    original = fs.readFileSync(brief, 'utf8');
    server = await startServer(binary, path.join(work, 'site'), 120_000, [
      '--watch', '--content', content, '--templates', path.join(source, 'templates'),
      '--db', path.join(work, 'data', 'bulletin.db')]);
    chrome = await browser.launch(chromium, server.origin);
  });

  after(async () => {
    if (chrome) await chrome.close();
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  it('reloads an open page when its brief is saved', async () => {
    const { page, consoleErrors } = await browser.open(chrome.context, server.origin, briefUrl);
    assert.equal(await page.locator('script[src^="/_bulletin/live.js"]').count(), 1);
    await page.waitForFunction(() => document.documentElement.dataset.bulletinLive === 'open', null, { timeout: 20_000 });
    const reloaded = page.waitForEvent('load', { timeout: 30_000 });
    fs.writeFileSync(brief, original.replace('## What happened',
      'Saved while the page was open.\n\n## What happened'));
    await reloaded;
    await page.getByText('Saved while the page was open.').waitFor({ timeout: 10_000 });
    assert.deepEqual(consoleErrors, [], 'no CSP violations or script errors');
    await page.close();
  });

  it('shows a broken file as an alert over the last good page, and reloads once fixed',
    async () => {
      const { page, consoleErrors } = await browser.open(chrome.context, server.origin, briefUrl);
      await page.waitForFunction(() => document.documentElement.dataset.bulletinLive === 'open', null, { timeout: 20_000 });
      fs.writeFileSync(brief, original.replace('themes: [', 'themes: [no-such-theme, '));
      const alert = page.locator('.bulletin-live-overlay[role="alert"]');
      await alert.waitFor({ timeout: 30_000 });
      const text = await alert.innerText();
      assert.match(text, /baby-l-hidden-men\.md:5:\d+/);
      assert.match(text, /no-such-theme/);
      assert.equal(await page.evaluate(() => document.activeElement.className),
        'bulletin-live-overlay', 'the alert takes focus');
      // The page under it is the last good build.
      assert.match(await page.locator('main').innerText(), /What happened/);
      const violations = await browser.axeViolations(page, server.origin);
      assert.deepEqual(violations, [], violations.join('\n'));

      await page.getByRole('button', { name: 'Dismiss' }).click();
      assert.equal(await alert.count(), 0);

      const reloaded = page.waitForEvent('load', { timeout: 30_000 });
      fs.writeFileSync(brief, original.replace('## What happened',
        'Fixed and saved again.\n\n## What happened'));
      await reloaded;
      await page.getByText('Fixed and saved again.').waitFor({ timeout: 10_000 });
      assert.deepEqual(consoleErrors, [], 'no CSP violations or script errors');
      await page.close();
    });

}
