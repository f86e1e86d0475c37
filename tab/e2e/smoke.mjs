// Browser smoke test of the built tab and add-in against a running Pathways service in sandbox
// mode. Not a jest test: it needs Chromium. Run: npm run build && npm run e2e -w tab
//   PATHWAYS_URL  service address (default http://127.0.0.1:3978), m365 = 'sandbox'
//   PATHWAYS_TENANT_URL  optional second service in m365 = 'tenant' mode
//   CHROMIUM      browser binary (default /usr/bin/chromium); SCREENSHOTS  folder for screenshots
/* global document, window */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { URL } from 'node:url';
import { launchChromium } from './browser.mjs';

const base = (process.env.PATHWAYS_URL ?? 'http://127.0.0.1:3978').replace(/\/$/, '');
const tenantBase = process.env.PATHWAYS_TENANT_URL?.replace(/\/$/, '');
const shots = process.env.SCREENSHOTS ?? join(tmpdir(), 'pathways-screenshots');
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const browser = await launchChromium();

/** Every request off this machine is blocked and recorded (Office.js is the only one allowed to be tried). */
async function newPage(colorScheme) {
  const context = await browser.newContext({ colorScheme, viewport: { width: 1000, height: 700 } });
  const page = await context.newPage();
  const external = [];
  const errors = [];
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    external.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, external, errors };
}

async function pageFacts(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.lang,
    h1: [...document.querySelectorAll('h1')].map((h) => h.textContent.trim()),
    main: document.querySelectorAll('main').length,
    alert: document.querySelectorAll('[role="alert"]').length,
    unlabelled: [...document.querySelectorAll('input, select, textarea, button')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label'))
      .filter((el) => !el.getAttribute('aria-labelledby') && !el.textContent.trim())
      .map((el) => el.outerHTML.slice(0, 80)),
    background: window.getComputedStyle(document.body).backgroundColor,
  }));
}

async function landmarks(page, name, h1) {
  const facts = await pageFacts(page);
  check(facts.lang === 'en-GB', `${name}: lang is en-GB`);
  check(facts.h1.length === 1 && facts.h1[0] === h1, `${name}: one h1 "${h1}" (got ${facts.h1})`);
  check(facts.main === 1, `${name}: one main landmark`);
  check(facts.alert === 1, `${name}: one alert region`);
  check(facts.unlabelled.length === 0, `${name}: every control labelled ${facts.unlabelled}`);
  return facts;
}

// Sandbox mode: persona picker by keyboard, then signed in.
{
  const { context, page, external, errors } = await newPage('light');
  await page.goto(`${base}/tab/index.html#/engine-room`);
  await page.getByRole('radiogroup').waitFor();
  await landmarks(page, 'tab picker', 'Engine Room');
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(() => document.activeElement?.getAttribute('type') === 'radio')) break;
  }
  check(
    await page.evaluate(() => document.activeElement?.getAttribute('type') === 'radio'),
    'keyboard reaches the persona list',
  );
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.getByText(/^Signed in as /).waitFor();
  // The second persona is the Business Unit, who may read the Engine Room queue.
  await page.getByRole('heading', { name: 'Records' }).waitFor();
  const light = await landmarks(page, 'engine room', 'Engine Room');
  check(
    (await page.evaluate(() => window.sessionStorage.length)) > 0,
    'persona remembered for the session',
  );
  console.log('     ', await page.getByText(/^Signed in as /).textContent());
  await page.screenshot({ path: join(shots, 'tab-engine-room-light.png'), fullPage: true });

  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(200);
  const dark = await pageFacts(page);
  check(dark.background !== light.background, 'device dark mode changes the theme');
  await page.screenshot({ path: join(shots, 'tab-engine-room-dark.png'), fullPage: true });

  await page.getByLabel('Colour theme').selectOption('contrast');
  await page.screenshot({ path: join(shots, 'tab-engine-room-contrast.png'), fullPage: true });
  await page.getByLabel('Colour theme').selectOption('device');

  await page.reload();
  await page.getByText(/^Signed in as /).waitFor();
  check(true, 'reload signs straight back in');

  await page.goto(`${base}/tab/index.html#/personal`);
  await page.getByText(/^Signed in as /).waitFor();
  await landmarks(page, 'personal', 'My submissions');
  await page.screenshot({ path: join(shots, 'tab-personal-dark.png'), fullPage: true });

  await page.goto(`${base}/tab/config.html`);
  await page.getByText(/Open it from a channel/).waitFor();
  await landmarks(page, 'config', 'Add the Engine Room tab');

  await page.setViewportSize({ width: 350, height: 700 });
  await page.goto(`${base}/outlook/taskpane.html`);
  await page.getByText(/^Signed in as /).waitFor();
  await landmarks(page, 'task pane', 'Pathways briefings');
  await page.screenshot({ path: join(shots, 'outlook-taskpane-dark.png'), fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: join(shots, 'outlook-taskpane-light.png'), fullPage: true });

  await page.getByRole('button', { name: 'Switch persona' }).click();
  await page.getByRole('radiogroup').waitFor();
  check(true, 'switch persona shows the picker again');

  const offMachine = external.filter((u) => !u.startsWith('https://appsforoffice.microsoft.com/'));
  check(offMachine.length === 0, `nothing loaded from off this machine ${offMachine}`);
  check(errors.length === 0, `no page errors ${errors}`);
  await context.close();
}

// Tenant mode in a plain browser: a plain-English message instead of sign-in.
if (tenantBase) {
  const { context, page } = await newPage('light');
  await page.goto(`${tenantBase}/tab/index.html#/engine-room`);
  await page.getByText('Open this page in Microsoft Teams.').waitFor();
  await landmarks(page, 'tab, tenant mode', 'Engine Room');
  await page.screenshot({ path: join(shots, 'tab-tenant-light.png'), fullPage: true });
  await page.goto(`${tenantBase}/outlook/taskpane.html`);
  await page.getByText('Open this page in Outlook.').waitFor();
  await context.close();
}

await browser.close();
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
console.log(`screenshots in ${shots}`);
process.exitCode = failures ? 1 : 0;
