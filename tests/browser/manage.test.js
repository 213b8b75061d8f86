// A manager's journey in Chromium: sign in, read the dashboard, filter the staff list,
// download the CSV, open a staff member's history, the unmatched list and the roster
// upload, sign out. Every page must pass axe (WCAG 2.2 AA) and carry no inline code.
'use strict';

const assert = require('node:assert/strict');
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { it, before, after } = require('node:test');
const { describeWithTools } = require('./lib/suite');

describeWithTools('the manager dashboard', manageTests);

function manageTests() {
  const { chromium } = require('playwright-core');
  const { locations, buildSite } = require('./lib/site');
  const { startServer } = require('./lib/server');
  const browser = require('./lib/browser');

  const { source, binary } = locations();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-manage-'));
  const siteDir = path.join(work, 'site');
  const db = path.join(work, 'data/bulletin.db');
  const content = path.join(source, 'content');
  const email = 'lead@police.example.org';
  const password = 'a long enough manager password';
  let server;

  function admin(args, input) {
    return execFileSync(binary, ['admin', '--db', db, '--content', content, ...args],
      { input, encoding: 'utf8' });
  }

  before(async () => {
    buildSite(binary, source, siteDir);
    const roster = path.join(work, 'roster.csv');
    fs.writeFileSync(roster, 'name,email,organisation,team,role\r\n' +
      'Asha Khan,asha.khan@police.example.org,police,Public Protection,Detective Constable\r\n' +
      'Ben Ode,ben.ode@police.example.org,police,Response,Police Constable\r\n' +
      'Cara Lee,cara.lee@police.example.org,police,Response,Sergeant\r\n' +
      'Dee Nurse,dee@nhs.example.org,nhs-trust,Ward 1,Midwife\r\n');
    admin(['import-staff', roster]);
    admin(['add-manager', '--email', email, '--organisation', 'police', '--password-stdin'],
      `${password}\n`);
    server = await startServer(binary, siteDir, 20_000, [
      '--content', content, '--templates', path.join(source, 'templates'), '--db', db]);
  });

  after(async () => {
    if (server) await server.stop();
    fs.rmSync(work, { recursive: true, force: true });
  });

  /// axe violations and anything a strict CSP would block, on the page as loaded.
  async function problemsOf(page, label) {
    const out = [];
    for (const p of await browser.inlineCode(page)) out.push(`${label}: ${p}`);
    for (const v of await browser.axeViolations(page, server.origin)) out.push(`${label}: axe: ${v}`);
    return out;
  }

  it('signs in, reads, filters, exports and signs out', { timeout: 120_000 }, async () => {
    const chrome = await browser.launch(chromium, server.origin);
    const problems = [];
    try {
      const { page } = await browser.open(chrome.context, server.origin, '/manage/');
      assert.match(page.url(), /\/manage\/login/);
      problems.push(...await problemsOf(page, 'sign-in'));
      await page.fill('#email', email);
      await page.fill('#password', password);
      await Promise.all([page.waitForNavigation(), page.click('form:has(#password) button[type=submit]')]);

      // The dashboard: this organisation only, a chart with its text alternative.
      assert.equal(new URL(page.url()).pathname, '/manage/');
      assert.match(await page.locator('h1').innerText(), /Northmoor Police/);
      assert.equal(await page.locator('svg.chart[role=img]').count() > 0, true);
      const body = await page.content();
      assert.ok(body.includes('Asha Khan') && body.includes('Cara Lee'));
      assert.ok(!body.includes('Dee Nurse'), 'another organisation\'s staff member is shown');
      problems.push(...await problemsOf(page, 'dashboard'));

      // Filter by team (a plain GET form).
      await page.selectOption('#filter-team', 'Response');
      await page.selectOption('#filter-status', 'never');
      await Promise.all([page.waitForNavigation(), page.click('.filter-form button:has-text("Filter")')]);
      assert.match(page.url(), /team=Response/);
      const names = await page.locator('#staff ~ .table-wrap tbody th').allInnerTexts();
      assert.ok(names.length > 0);
      for (const n of names) assert.ok(['Ben Ode', 'Cara Lee'].includes(n), n);
      problems.push(...await problemsOf(page, 'filtered dashboard'));

      // The CSV of the filtered view.
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click('a:has-text("Download this list as CSV")'),
      ]);
      assert.match(download.suggestedFilename(), /^compliance-police-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync(await download.path(), 'utf8');
      const lines = csv.trim().split('\r\n');
      assert.equal(lines[0], 'name,email,organisation,team,role,quiz,quiz_title,status,valid_until');
      assert.ok(lines.length > 1);
      for (const line of lines.slice(1)) assert.match(line, /,police,Response,.*,never,$/);

      // A staff member's history, the unmatched list and the roster form.
      await Promise.all([page.waitForNavigation(), page.click('a:has-text("Ben Ode")')]);
      assert.match(await page.locator('h1').innerText(), /Ben Ode/);
      problems.push(...await problemsOf(page, 'staff history'));
      for (const [where, heading] of [['/manage/unmatched', /not on the roster/],
        ['/manage/roster', /Update the staff roster/]]) {
        await page.goto(server.origin + where);
        assert.match(await page.locator('h1').innerText(), heading);
        problems.push(...await problemsOf(page, where));
      }

      // Sign out: the session ends.
      await Promise.all([page.waitForNavigation(), page.click('.manage-sign-out button')]);
      assert.match(await page.content(), /Signed out/);
      await page.goto(server.origin + '/manage/');
      assert.match(page.url(), /\/manage\/login/);
    } finally {
      await chrome.close();
    }
    if (problems.length) assert.fail(`${problems.length} problem(s)\n  ${problems.join('\n  ')}`);
  });
}
