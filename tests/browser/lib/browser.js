// Debian's Chromium driven by playwright-core, and the checks every page must pass.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = '/usr/bin/chromium';
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
// Served to the page by the test itself (never reaches the server), so axe loads as a
// same-origin script that a strict Content-Security-Policy allows.
const AXE_PATH = '/__browser-test__/axe.min.js';

/// Launches Chromium with a fresh profile. Playwright never downloads a browser here.
async function launch(chromium, origin) {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: run scripts/setup (Debian package chromium)`);
  }
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'bulletin-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const axeSource = require('axe-core').source;
  await context.route(`${origin}${AXE_PATH}`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: axeSource }));
  return {
    context,
    close: async () => {
      await context.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/// Opens urlPath in a new page, recording requests and console errors.
/// Returns { page, response, requests, consoleErrors }.
async function open(context, origin, urlPath) {
  const page = await context.newPage();
  const requests = [];
  const consoleErrors = [];
  page.on('request', (req) => requests.push(req.url()));
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push({ text: msg.text(), url: msg.location().url });
  });
  page.on('pageerror', (err) => consoleErrors.push({ text: String(err), url: '' }));
  const response = await page.goto(origin + urlPath, { waitUntil: 'load' });
  return { page, response, requests, consoleErrors };
}

/// Requests to anywhere but the test server (data: and blob: stay in the page).
function foreignRequests(requests, origin) {
  return requests.filter((u) => {
    if (u.startsWith('data:') || u.startsWith('blob:') || u === 'about:blank') return false;
    return new URL(u).origin !== origin;
  });
}

/// axe-core violations of WCAG 2.2 AA, formatted one per line (empty if none).
async function axeViolations(page, origin) {
  await page.addScriptTag({ url: origin + AXE_PATH });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags } }), WCAG_TAGS);
  return results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.helpUrl}\n` +
    v.nodes.map((n) => `    - ${n.target.join(' ')}: ${n.failureSummary.replace(/\n/g, ' ')}`).join('\n'));
}

/// What a strict Content-Security-Policy would block: inline scripts, event-handler
/// attributes, style attributes. Must run before anything is injected into the page.
async function inlineCode(page) {
  return page.evaluate(() => {
    const found = [];
    const describe = (el) => el.outerHTML.slice(0, 120);
    const dataTypes = /^(application\/(ld\+)?json|text\/template)$/i;
    for (const s of document.querySelectorAll('script:not([src])')) {
      if (!dataTypes.test(s.type || '')) found.push(`inline <script>: ${describe(s)}`);
    }
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        if (/^on/i.test(attr.name)) found.push(`event-handler attribute ${attr.name}: ${describe(el)}`);
      }
      if (el.hasAttribute('style')) found.push(`style attribute: ${describe(el)}`);
      if (el.tagName === 'A' && /^\s*javascript:/i.test(el.getAttribute('href') || '')) {
        found.push(`javascript: link: ${describe(el)}`);
      }
    }
    return found;
  });
}

/// Checks the skip link from a freshly loaded page: the first Tab lands on it, Enter takes
/// focus into <main>. Returns a list of problems (empty if none).
async function skipLinkProblems(page) {
  const problems = [];
  await page.keyboard.press('Tab');
  const first = await page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    return { tag: el.tagName, href: el.getAttribute('href'), text: el.textContent.trim() };
  });
  if (!first) return ['Tab from the top of the page focused nothing'];
  if (first.tag !== 'A' || !first.href || !first.href.startsWith('#') || first.href.length < 2) {
    return [`the first focusable element is <${first.tag.toLowerCase()} href="${first.href}"> ` +
      `"${first.text}", not a skip link to #main`];
  }
  const target = await page.evaluate((id) => {
    const el = document.getElementById(id);
    const main = document.querySelector('main');
    return { exists: !!el, isMain: !!el && !!main && (el === main || main.contains(el)) };
  }, decodeURIComponent(first.href.slice(1)));
  if (!target.exists) return [`the skip link points to ${first.href}, which is not on the page`];
  if (!target.isMain) problems.push(`the skip link points to ${first.href}, which is not <main> or inside it`);
  await page.keyboard.press('Enter');
  const inMain = () => page.evaluate(() => {
    const main = document.querySelector('main');
    const el = document.activeElement;
    return !!main && !!el && (el === main || main.contains(el));
  });
  if (!(await inMain())) {
    // Without tabindex="-1" on the target, Chromium moves only the sequential focus
    // starting point; the next Tab must then land inside <main>.
    await page.keyboard.press('Tab');
    if (!(await inMain())) problems.push('after following the skip link, focus is not in <main>');
  }
  return problems;
}

/// At a 320px-wide viewport (WCAG 1.4.10 reflow) the page must not scroll sideways.
/// Names the outermost elements that stick out, to say where to look.
async function narrowLayoutProblems(page) {
  await page.setViewportSize({ width: 320, height: 640 });
  const r = await page.evaluate(() => {
    const width = document.documentElement.scrollWidth;
    const culprits = [];
    for (const el of document.body.querySelectorAll('*')) {
      if (culprits.some((c) => c.contains(el))) continue;
      if (el.getBoundingClientRect().right > 320.5) culprits.push(el);
    }
    const name = (el) => `<${el.tagName.toLowerCase()}${el.id ? ` id="${el.id}"` : ''}` +
      `${el.className && typeof el.className === 'string' ? ` class="${el.className}"` : ''}>` +
      ` right edge ${Math.round(el.getBoundingClientRect().right)}px`;
    return { width, culprits: culprits.slice(0, 5).map(name) };
  });
  if (r.width <= 320) return [];
  return [`320px wide: the page scrolls sideways (scrollWidth ${r.width}); ` +
    `sticking out: ${r.culprits.join('; ') || 'nothing found'}`];
}

module.exports = { launch, narrowLayoutProblems, open, foreignRequests, axeViolations, inlineCode, skipLinkProblems };
