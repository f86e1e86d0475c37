// Browser check: a person in two partnerships chooses which one they work for (issue 20), in the
// Teams tab and the Outlook add-in, keyboard only, in the light, dark and high-contrast themes,
// with axe-core on the chooser. Debian's Chromium with playwright-core (npm never downloads a
// browser). Not part of `npm test`. Run from the repository root:
//   npm run test:e2e:partnerships   (builds, then runs this file)
//
// It starts bot/dist/main.js serving HSSCP and Stockport (PARTNERSHIPS, default
// hsscp,stockport), or uses PATHWAYS_URL, and signs in as the sandbox persona whose /api/me
// lists two partnerships (Dee, a designated professional in both): the real service answers
// 409 ChoosePartnership to calls without the partnership header.
//   E2E_THEMES        only these themes, e.g. light,contrast (default: all three)
//   CHROMIUM          browser binary (default /usr/bin/chromium)
//   SCREENSHOTS       folder for screenshots (default: a temp folder)
/* global document, window */
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, launchChromium } from './browser.mjs';
import { eventually, sandboxPeople, startService } from './service.mjs';

const shots = join(
  process.env.SCREENSHOTS ?? join(tmpdir(), 'pathways-e2e-screenshots'),
  'partnerships',
);
mkdirSync(shots, { recursive: true });

const HEADER = 'x-pathways-partnership';
const CHOOSER = 'Which partnership are you working for?';

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

/** The persona to sign in as, and the partnerships /api/me lists for them. */
async function whoToSignIn(service) {
  const people = await sandboxPeople(service);
  for (const persona of people.personas) {
    const me = await people.api(persona, '/api/me');
    if (me.status === 200 && (me.body.partnerships?.length ?? 0) >= 2) {
      console.log(`     ${persona.displayName}'s /api/me lists two or more partnerships`);
      return { persona, partnerships: me.body.partnerships };
    }
  }
  throw new Error('no sandbox persona belongs to two partnerships: is the service serving two?');
}

/**
 * Records the partnership header of every API call; `strip` takes it off the next call after
 * sign-in (the service then answers 409 ChoosePartnership).
 */
async function watchCalls(page) {
  const calls = [];
  let stripNext = false;
  await page.route('**/api/**', async (route) => {
    const request = route.request();
    const path = new URL(request.url()).pathname;
    const headers = { ...request.headers() };
    const signIn = path === '/api/config' || path === '/api/me';
    if (!signIn && stripNext) {
      stripNext = false;
      delete headers[HEADER];
    }
    calls.push({ path, partnership: headers[HEADER] });
    return route.continue({ headers });
  });
  return {
    calls,
    /** The next call after sign-in goes without the header. */
    strip: () => (stripNext = true),
    since: (n) => calls.slice(n).filter((c) => c.path !== '/api/config' && c.path !== '/api/me'),
  };
}

async function axeCheck(page, screen) {
  const found = await axeViolations(page);
  check(
    found.length === 0,
    `${screen}: axe finds no violations${found.length ? `\n  ${found.join('\n  ')}` : ''}`,
  );
}

const focused = (page, test, arg) => page.evaluate(test, arg);

/** Presses Tab until `test` holds for the focused element (keyboard only). */
async function tabTo(page, test, what, arg, limit = 40) {
  for (let i = 0; i < limit; i++) {
    if (await focused(page, test, arg)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`Tab never reached ${what}`);
}

const onRadio = () => document.activeElement?.getAttribute('type') === 'radio';
const radioLabel = () => document.activeElement?.closest('.fui-Radio')?.textContent ?? '';
const onButton = (name) =>
  document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent === name;

/** With the keyboard: the partnership's radio, then Continue. */
async function chooseByKeyboard(page, partnership) {
  await page.getByRole('heading', { name: CHOOSER }).waitFor();
  await tabTo(page, onRadio, 'the partnerships');
  for (let i = 0; i < 10 && !(await focused(page, radioLabel)).includes(partnership.name); i++) {
    await page.keyboard.press('ArrowDown');
  }
  check(
    (await focused(page, radioLabel)).includes(partnership.name),
    `arrow keys reach ${partnership.shortName}`,
  );
  // Space chooses it (Tab into a group with nothing chosen only moves to the first).
  await page.keyboard.press('Space');
  await tabTo(page, onButton, 'Continue', 'Continue');
  await page.keyboard.press('Enter');
}

const banner = (page) => page.locator('header').first().innerText();

async function themeRun(browser, service, who, theme) {
  const context = await browser.newContext({ viewport: { width: 1100, height: 800 } });
  const page = await context.newPage();
  try {
    await steps(page, service, who, theme);
  } catch (error) {
    await page.screenshot({ path: join(shots, `${theme}-failed.png`), fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
}

async function steps(page, service, who, theme) {
  const [first, second] = who.partnerships;
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const watch = await watchCalls(page);
  const name = `${theme}:`;

  // Sign in as the persona with the keyboard.
  await page.goto(`${service.url}/tab/index.html#/personal`);
  await page.getByRole('radiogroup').waitFor();
  await page.getByLabel('Colour theme').selectOption(theme);
  await page.getByRole('radio', { name: new RegExp(who.persona.displayName) }).check();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');

  // Before any other view: the chooser, with the keyboard on the page's heading.
  await page.getByRole('heading', { name: CHOOSER }).waitFor();
  check(
    await focused(page, () => document.activeElement?.tagName === 'H1'),
    `${name} the keyboard is on the page's heading when the chooser comes up`,
  );
  check(
    (await page.getByRole('heading', { name: 'Your forms' }).count()) === 0 &&
      watch.since(0).length === 0,
    `${name} nothing else is shown or asked of the service before choosing`,
  );
  check(
    (await page.getByRole('button', { name: 'Change partnership' }).count()) === 0,
    `${name} no Change partnership button while choosing`,
  );
  await page.screenshot({ path: join(shots, `${theme}-tab-chooser.png`), fullPage: true });
  await axeCheck(page, `${name} tab chooser`);

  // Continue with nothing chosen: said in words, beside the question.
  await tabTo(page, onButton, 'Continue', 'Continue');
  await page.keyboard.press('Enter');
  await page
    .getByText('Choose the partnership you are working for, then select Continue.')
    .waitFor();
  await axeCheck(page, `${name} tab chooser, nothing chosen`);

  // Choose the second by keyboard: the page opens, acting for it.
  let before = watch.calls.length;
  await chooseByKeyboard(page, second);
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  await page.getByRole('button', { name: 'Change partnership' }).waitFor();
  check((await banner(page)).includes(second.name), `${name} the banner names ${second.shortName}`);
  await page.waitForLoadState('networkidle');
  let calls = watch.since(before);
  check(
    calls.length > 0 && calls.every((c) => c.partnership === second.id),
    `${name} every API call carries ${HEADER}: ${second.id} (${calls.length} calls)`,
  );
  const stored = await page.evaluate(() =>
    Object.entries(window.sessionStorage).filter(([key]) => key.startsWith('pathways.partnership')),
  );
  check(
    stored.length === 1 && stored[0][1] === second.id,
    `${name} the choice is kept for the session as the partnership id only`,
  );
  const everything = JSON.stringify(
    await page.evaluate(() => Object.entries(window.sessionStorage)),
  );
  check(
    !everything.includes(who.persona.mail) && !everything.includes(who.persona.displayName),
    `${name} nothing identifying the person is stored`,
  );
  await page.screenshot({ path: join(shots, `${theme}-tab-chosen.png`), fullPage: true });

  // Reloaded: straight back in, for the same partnership.
  await page.reload();
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  check(
    (await page.getByRole('heading', { name: CHOOSER }).count()) === 0 &&
      (await banner(page)).includes(second.name),
    `${name} a reload remembers the choice for the session`,
  );

  // Change partnership, by keyboard, from the header: the other one.
  await tabTo(page, onButton, 'Change partnership', 'Change partnership');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { name: CHOOSER }).waitFor();
  check(
    await page.getByRole('radio', { name: new RegExp(second.name) }).isChecked(),
    `${name} the chooser comes back with ${second.shortName} chosen`,
  );
  await page.getByRole('button', { name: `Keep working for ${second.shortName}` }).waitFor();
  await axeCheck(page, `${name} tab chooser, changing`);
  before = watch.calls.length;
  await chooseByKeyboard(page, first);
  // The page's heading stays above the chooser while changing, so it is no sign the change is
  // done: wait for what a person sees (the chooser gone, the banner naming the partnership
  // chosen) and for the view to ask the service again, as it does for another partnership.
  // (A banner that never names it fails the step here, as a wait that runs out.)
  await page.getByRole('heading', { name: CHOOSER }).waitFor({ state: 'detached' });
  await page.locator('header').first().getByText(first.name).first().waitFor();
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();
  await eventually(() => watch.since(before).length > 0, `a call for ${first.shortName}`, 30);
  await page.waitForLoadState('networkidle');
  const otherCalls = watch.since(before).filter((c) => c.partnership !== first.id);
  check(
    otherCalls.length === 0,
    `${name} after changing, the banner and every call are for ${first.shortName}` +
      otherCalls.map((c) => ` (${c.path} for ${c.partnership ?? 'no partnership'})`).join(''),
  );

  // A call the service answers 409 ChoosePartnership brings the chooser, not an error.
  watch.strip();
  await page.reload();
  await page.getByRole('heading', { name: CHOOSER }).waitFor();
  check(
    (await page.getByText(/^Problem$/).count()) === 0,
    `${name} a 409 ChoosePartnership brings the chooser up instead of an error`,
  );
  await chooseByKeyboard(page, first);
  await page.getByRole('heading', { name: 'Your forms' }).waitFor();

  // The Outlook add-in: the same chooser, then the pane acts for the partnership chosen.
  await page.evaluate(() => {
    for (const key of Object.keys(window.sessionStorage)) {
      if (key.startsWith('pathways.partnership')) window.sessionStorage.removeItem(key);
    }
  });
  await page.setViewportSize({ width: 350, height: 800 });
  await page.goto(`${service.url}/outlook/taskpane.html`);
  await page.getByRole('heading', { name: CHOOSER }).waitFor();
  await page.screenshot({ path: join(shots, `${theme}-outlook-chooser.png`), fullPage: true });
  await axeCheck(page, `${name} add-in chooser`);
  before = watch.calls.length;
  await chooseByKeyboard(page, second);
  await page.getByRole('button', { name: 'Change partnership' }).waitFor();
  // With no email open, anyone can raise a KLOE: opening the form asks the service for it. On a
  // loaded machine the pane may still be opening: a person waits for the button, then tabs.
  await page.getByRole('button', { name: 'Raise a KLOE' }).waitFor();
  await tabTo(page, onButton, 'Raise a KLOE', 'Raise a KLOE');
  await page.keyboard.press('Enter');
  await page
    .locator('main form button[type="submit"]')
    .or(page.getByText(/could not be opened/))
    .first()
    .waitFor();
  await page.waitForLoadState('networkidle');
  calls = watch.since(before);
  check(
    (await banner(page)).includes(second.name) &&
      calls.length > 0 &&
      calls.every((c) => c.partnership === second.id),
    `${name} add-in: the banner and every call (${calls.length}) are for ${second.shortName}`,
  );
  await page.screenshot({ path: join(shots, `${theme}-outlook-chosen.png`), fullPage: true });

  check(errors.length === 0, `${name} no page errors ${errors}`);
}

// Serving both partnerships, the sandbox's two-partnership persona has two (PARTNERSHIPS).
const service = await startService({ PARTNERSHIPS: process.env.PARTNERSHIPS ?? 'hsscp,stockport' });
let browser;
try {
  browser = await launchChromium();
  const who = await whoToSignIn(service);
  const themes = ['light', 'dark', 'contrast'].filter(
    (t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t),
  );
  for (const theme of themes) await themeRun(browser, service, who, theme);
} catch (error) {
  failures++;
  console.log(`FAIL ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser?.close();
  await service.stop();
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
console.log(`screenshots in ${shots}`);
process.exitCode = failures ? 1 : 0;
