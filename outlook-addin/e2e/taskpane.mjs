// Browser test of the Outlook add-in's task pane, served by the running service, in Debian's
// Chromium with playwright-core (npm never downloads a browser). Part of `npm run test:e2e`.
//
// Outlook is played by a stand-in for Office.js: the page asks Microsoft's CDN for office.js as it
// does in Outlook, and the test answers with a small script whose mailbox holds the email we choose
// (its internet headers, subject, body and sender) and whose theme is light or dark; high contrast
// comes as forced colours, as Windows gives it. Everything else off this machine is refused.
//
// In the light, dark and high-contrast themes, at a task pane's width: a briefing the Business Unit
// sends through the service, recognised by its x-pathways-briefing header (injection strings in its
// text: nothing runs, the layout holds), acknowledged, a cascade recorded and change and impact
// reported on a recommendation; a briefing not sent to this lead; a request to nominate for Active
// Learning, recognised by the x-pathways-nomination header of the email the service sent, answered
// with the people picker (a name typed but not chosen is refused beside its field, nothing saved);
// a request not sent to this lead; the quarterly newsletter sent as a briefing (its sections,
// acknowledged, no impact asked for); any other email, raising a KLOE from it pre-filled with
// identifying details taken out and the lead's own organisation filled in, with the lead's open
// requests to nominate listed beneath. The light run is keyboard only. axe-core finds no
// violations on any screen.
//   CHROMIUM     browser binary (default /usr/bin/chromium)
//   SCREENSHOTS  folder for screenshots (default: a temp folder)
//   E2E_THEMES   only these themes, e.g. light,contrast (default: all three)
/* global document, window */
import { mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, launchChromium } from '../../tab/e2e/browser.mjs';
import { bot, eventually, inDays, sandboxPeople, startService } from '../../tab/e2e/service.mjs';

const shots = join(
  process.env.SCREENSHOTS ?? join(tmpdir(), 'pathways-e2e-screenshots'),
  'outlook',
);
// Start it empty, so old screenshots are not taken for new ones.
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

const themes = ['light', 'dark', 'contrast'].filter(
  (t) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(t),
);

// Text a hostile or careless author could put in a briefing: none of it may run or break the pane.
const injection =
  '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>{{constructor.constructor("window.__pwned=3")()}}';
const longWord = 'Safeguarding'.repeat(20);

// --- the briefing, sent by the Business Unit through the service ---------------------------

/** A briefing sent to every HSSCP lead through the service; its id once Ash can see it. */
async function sendBriefing(people) {
  const billie = people.byRole('BusinessUnit');
  const ash = people.byRole('AgencyLead');
  const form = await people.api(billie, '/api/briefings/form');
  if (form.status !== 200) throw new Error(`the briefing form: ${JSON.stringify(form)}`);
  const theme = form.body.fields.find((f) => f.id === 'theme')?.choices?.[0]?.value;
  const created = await people.api(billie, '/api/briefings', {
    title: `Learning from a rapid review ${injection}`.slice(0, 150),
    kind: 'reactive',
    theme,
    identifiedLearning: `Agencies did not share escalation routes. ${injection} ${longWord}`,
    recommendations: [
      `Put the escalation policy into induction. ${injection}`,
      'Check that supervision covers cumulative harm.',
    ],
    proposedActions: `Cascade within two weeks. ${longWord}`,
  });
  if (created.status !== 201) throw new Error(`creating a briefing: ${JSON.stringify(created)}`);
  const audience = await people.api(billie, '/api/briefings/audience');
  const sent = await people.api(billie, `/api/briefings/${created.body.id}/send`, {
    audience: { leads: audience.body.leads, agencies: audience.body.agencies },
  });
  if (sent.status >= 300) throw new Error(`sending the briefing: ${JSON.stringify(sent)}`);
  await eventually(async () => {
    const mine = await people.api(ash, '/api/lead/briefings');
    return mine.status === 200 && mine.body.some((b) => b.id === created.body.id);
  }, 'the briefing to reach Ash');
  return created.body.id;
}

// --- a request to nominate, sent by the Business Unit through the service --------------------

/** A KLOE with a focus group planned: what each run's Active Learning is planned from. */
let planned;
async function planFocusGroup(people) {
  if (planned) return planned;
  const teams = bot(service);
  const pat = people.byRole('Practitioner');
  const facets = (await people.api(people.byRole('BusinessUnit'), '/api/queue/facets')).body;
  const kloe = await teams.raiseKloe(pat, await teams.openChat(pat), {
    organisation: facets.agencies[0],
    contactOfficer: 'Pat Practitioner',
    subject: 'Neglect of adolescents is recognised late',
    theme: facets.themes[0],
    details: 'Agencies recognise neglect of teenagers later than of younger children.',
    actionWanted: 'Learn from practitioners across agencies.',
  });
  const activity = await people.api(
    people.byRole('EngineRoom'),
    `/api/records/kloe/${kloe.kloeId}/activities`,
    {
      kind: 'focus-group',
      description: 'How agencies recognise neglect of adolescents.',
      owner: 'Eli EngineRoom',
      startDate: inDays(30),
      endDate: inDays(44),
    },
  );
  if (activity.status !== 201) throw new Error(`planning: ${JSON.stringify(activity)}`);
  planned = { kloeId: kloe.kloeId, activityId: activity.body.activities[0].id, facets };
  return planned;
}

/**
 * Active Learning planned by the Business Unit, asking Ash's agency to nominate: the email the
 * service sent to Ash's inbox (its subject, and its x-pathways-nomination header as received).
 */
async function askAshToNominate(people, index) {
  const { kloeId, activityId, facets } = await planFocusGroup(people);
  const ash = people.byRole('AgencyLead');
  const theme = facets.themes[index % facets.themes.length];
  const created = await people.api(people.byRole('BusinessUnit'), '/api/active-learning', {
    plan: { recordType: 'kloe', recordId: kloeId, activityId },
    // Ash's organisation, as the partnership's list names it.
    agencies: ['Colleges, schools and early years settings'],
    values: {
      theme,
      kind: 'focus-group',
      description: `How agencies recognise neglect of adolescents. ${injection} ${longWord}`,
      plannedFrom: inDays(30),
      plannedTo: inDays(44),
      nominationsBy: inDays(14),
    },
    confirmChecked: 'true',
  });
  if (created.status !== 201)
    throw new Error(`planning Active Learning: ${JSON.stringify(created)}`);
  const setId = created.body.id;
  const received = await eventually(async () => {
    const state = await (await fetch(`${service.sandboxUrl}/api/state`)).json();
    const inbox = state.mailboxes
      .find((m) => m.userId === ash.id)
      ?.folders.find((f) => f.name === 'Inbox')?.messages;
    return inbox?.find((m) =>
      m.customHeaders.some(
        (h) => h.name.toLowerCase() === 'x-pathways-nomination' && h.value === setId,
      ),
    );
  }, 'the request to nominate in Ash’s inbox');
  const header = received.customHeaders.find(
    (h) => h.name.toLowerCase() === 'x-pathways-nomination',
  );
  return {
    setId,
    theme,
    agency: created.body.agencies[0].agency,
    email: {
      subject: received.subject,
      from: { displayName: 'HSSCP Business Unit', emailAddress: received.from },
      headers: `Received: from a by b;\r\n\tSun, 22 Nov 2026 09:00:00 +0000\r\nX-Pathways-Nomination: ${header.value}\r\nSubject: ${received.subject}\r\n`,
      body: '',
    },
  };
}

/** The names nominated for Ash's agency, as the Business Unit sees them. */
async function nominatedFor(people, request) {
  const detail = await people.api(
    people.byRole('BusinessUnit'),
    `/api/active-learning/${request.setId}`,
  );
  if (detail.status !== 200) throw new Error(`reading the set: ${JSON.stringify(detail)}`);
  return detail.body.agencies
    .find((a) => a.agency === request.agency)
    .nominations.map((n) => n.name);
}

const nominationEmail = (setId) => ({
  subject: 'Active Learning: please nominate representatives',
  from: { displayName: 'Pathways Business Unit', emailAddress: 'bu@example.org' },
  headers: `Received: from a by b\r\nX-Pathways-Nomination: ${setId}\r\n`,
  body: '',
});

/**
 * A quarter's newsletter, saved and sent as a briefing by the Business Unit (each theme run its
 * own quarter: a quarter's newsletter goes once); its id once Ash can see it.
 */
async function sendNewsletter(people, theme) {
  const billie = people.byRole('BusinessUnit');
  const ash = people.byRole('AgencyLead');
  const quarter = { light: 1, dark: 2, contrast: 3 }[theme];
  const today = new Date();
  const year = (today.getMonth() >= 3 ? today.getFullYear() : today.getFullYear() - 1) - 2;
  const path = `/api/reports/newsletter?year=${year}&quarter=${quarter}`;
  const view = await people.api(billie, path);
  if (view.status !== 200) throw new Error(`the newsletter: ${JSON.stringify(view)}`);
  const { content, version } = view.body.current;
  const saved = await people.api(billie, path, {
    expectedVersion: version,
    content: {
      ...content,
      intro: `Welcome to this edition. ${injection} ${longWord}`,
      sections: content.sections.map(({ id, heading, text }) => ({ id, heading, text })),
    },
  });
  if (saved.status !== 201) throw new Error(`saving the newsletter: ${JSON.stringify(saved)}`);
  const audience = await people.api(billie, '/api/briefings/audience');
  const sent = await people.api(billie, '/api/briefings/newsletter', {
    audience: { leads: audience.body.leads, agencies: audience.body.agencies },
    year,
    quarter,
    version: saved.body.version,
  });
  if (sent.status !== 201) throw new Error(`sending the newsletter: ${JSON.stringify(sent)}`);
  await eventually(async () => {
    const mine = await people.api(ash, '/api/lead/briefings');
    return mine.status === 200 && mine.body.some((b) => b.id === sent.body.id);
  }, 'the newsletter to reach Ash');
  return sent.body.id;
}

// --- Outlook, played --------------------------------------------------------------------------

/** office.js as the test plays it: Outlook on the web with `email` open. */
function officeScript(email, theme) {
  const dark = theme === 'dark';
  return `
(() => {
  const email = ${JSON.stringify(email)};
  const ok = (value) => ({ status: 'succeeded', value });
  window.Office = {
    HostType: { Outlook: 'Outlook' },
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Text: 'text', Html: 'html' },
    EventType: { ItemChanged: 'olkItemSelectedChanged', OfficeThemeChanged: 'officeThemeChanged' },
    onReady: () => Promise.resolve({ host: 'Outlook', platform: 'OfficeOnline' }),
    context: {
      officeTheme: { isDarkTheme: ${dark}, bodyBackgroundColor: '${dark ? '#292929' : '#ffffff'}' },
      requirements: {
        isSetSupported: (name, version) => name === 'Mailbox' && Number(version) <= 1.8,
      },
      mailbox: {
        addHandlerAsync: () => {},
        item: email && {
          subject: email.subject,
          from: email.from,
          getAllInternetHeadersAsync: (cb) => cb(ok(email.headers)),
          body: { getAsync: (_type, cb) => cb(ok(email.body)) },
        },
      },
    },
    // Office's own single sign-on needs a tenant: with the sandbox it fails, as it would.
    auth: { getAccessToken: () => Promise.reject({ code: 13000, message: 'No tenant here.' }) },
  };
})();`;
}

const briefingEmail = (id) => ({
  subject: 'Learning from a rapid review',
  from: { displayName: 'Pathways Business Unit', emailAddress: 'bu@example.org' },
  headers: `Received: from a by b;\r\n\tSun, 22 Nov 2026 09:00:00 +0000\r\nX-Pathways-Briefing: ${id}\r\nSubject: Learning\r\n`,
  body: '',
});

const ordinaryEmail = {
  subject: 'FW: Strategy discussions without health',
  from: { displayName: 'Sam Sender', emailAddress: 'sam.sender@example.org' },
  headers: 'Received: from a by b\r\nSubject: Strategy discussions\r\n',
  body: 'Strategy discussions in the east locality are held without health colleagues. Ring Mrs Jones on 07700 900123 if you need the dates.\r\n\r\nKind regards,\r\nSam Sender\r\nTeam Manager',
};

// --- the browser -----------------------------------------------------------------------------

async function axeCheck(page, screen) {
  const found = await axeViolations(page);
  check(
    found.length === 0,
    `${screen}: axe finds no violations${found.length ? `\n  ${found.join('\n  ')}` : ''}`,
  );
}

const shot = (page, name) => page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });

/** Presses Tab until `test` holds for the focused element (keyboard only). */
async function tabTo(page, test, what, limit = 60) {
  if (await page.evaluate(test)) return;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test)) return;
  }
  throw new Error(`Tab never reached ${what}`);
}

const focusedIs = (role, name) => `(() => {
  const el = document.activeElement;
  if (!el) return false;
  const label = (el.getAttribute('aria-label') || el.textContent || '').trim();
  return ${JSON.stringify(role)} === (el.getAttribute('role') || el.tagName.toLowerCase()) && label.startsWith(${JSON.stringify(name)});
})()`;

/**
 * Types a date into a focused date box with the keyboard. The box's order of day and month
 * follows the browser's language (headless Chromium: American), so check and retype if needed.
 */
async function typeDate(page, iso) {
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(`${d}${m}${y}`);
  if ((await page.evaluate(() => document.activeElement?.value)) !== iso) {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(`${m}${d}${y}`);
  }
}

/**
 * Chooses a person in a people picker: types part of the name, waits for the directory's answer,
 * then picks them by mouse, or (keyboard) moves down the list to them and presses Enter.
 */
async function pickPerson(page, form, field, typed, name, keyboard) {
  const box = form.locator(`[data-field="${field}"] [role="combobox"]`);
  if (keyboard) {
    await tabTo(
      page,
      `document.activeElement?.getAttribute('role') === 'combobox' && !!document.activeElement.closest('[data-field="${field}"]')`,
      `the ${field} picker`,
    );
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(typed);
  } else {
    await box.fill(typed);
  }
  const option = page.getByRole('option', { name, exact: true });
  await option.waitFor();
  if (keyboard) {
    for (let i = 0; i < 30; i++) {
      const active = await page.evaluate(() => {
        const id = document.activeElement?.getAttribute('aria-activedescendant');
        return id ? document.getElementById(id)?.textContent : undefined;
      });
      if (active === name) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
  } else {
    await option.click();
  }
  await page.waitForFunction(
    ([f, n]) =>
      document.querySelector(`[data-field="${f}"] [role="combobox"]`)?.value === n &&
      document
        .querySelector(`[data-field="${f}"] [role="combobox"]`)
        ?.getAttribute('aria-expanded') === 'false',
    [field, name],
  );
}

/** Waits until every button in the forms is enabled again (a disabled one fades on purpose). */
async function buttonsSettled(page) {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('form button')].every(
      (b) => b.getAttribute('aria-disabled') !== 'true' && !b.disabled,
    ),
  );
  await page.evaluate(
    () =>
      new Promise((done) =>
        globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(done)),
      ),
  );
}

async function press(page, keyboard, locator, name) {
  if (!keyboard) return locator.click();
  await tabTo(page, focusedIs('button', name), `the ${name} button`);
  await page.keyboard.press('Enter');
}

async function openPane(context, theme, email) {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('dialog', (d) => {
    errors.push(`a dialog opened: ${d.message()}`);
    void d.dismiss();
  });
  await page.route('https://appsforoffice.microsoft.com/**', (route) =>
    route.fulfill({ contentType: 'text/javascript', body: officeScript(email, theme) }),
  );
  if (theme === 'contrast') await page.emulateMedia({ forcedColors: 'active' });
  await page.goto(`${service.url}/outlook/taskpane.html`);
  return { page, errors };
}

async function signInAsAsh(page, keyboard) {
  await page.getByRole('radiogroup').waitFor();
  if (keyboard) {
    await page.getByRole('radio').first().focus();
    for (let i = 0; i < 10; i++) {
      const label = await page.evaluate(() => document.activeElement?.closest('span')?.textContent);
      if (label?.includes('Ash AgencyLead')) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('radio', { name: /Ash AgencyLead/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByText(/^Signed in as /).waitFor();
}

async function paneFits(page, theme, screen) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(
    width <= 360,
    `${theme}: ${screen} fits the task pane without scrolling sideways (${width})`,
  );
}

async function themeRun(theme) {
  // Each run acknowledges its own briefing.
  const briefingId = await sendBriefing(people);
  lastBriefingId = briefingId;
  const keyboard = theme === 'light';
  const context = await browser.newContext({
    viewport: { width: 360, height: 900 },
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const external = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1' || url.hostname === 'localhost') return route.fallback();
    if (url.hostname === 'appsforoffice.microsoft.com') return route.fallback();
    external.push(url.href);
    return route.abort('internetdisconnected');
  });
  const step = async (page, name, body) => {
    try {
      await body();
    } catch (error) {
      check(
        false,
        `${theme}: ${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
      await shot(page, `${theme}-failed-${name.replace(/\W+/g, '-')}`).catch(() => {});
    }
  };

  // A briefing.
  const { page, errors } = await openPane(context, theme, briefingEmail(briefingId));
  await step(page, 'sign in', async () => {
    await page.getByText(/single sign-on did not work with the test sandbox/).waitFor();
    await signInAsAsh(page, keyboard);
    check(
      (await page.evaluate(() => document.documentElement.dataset.theme)) === theme,
      `${theme}: Outlook's ${theme} theme is on`,
    );
  });
  await step(page, 'briefing', async () => {
    const title = page.getByRole('heading', { level: 2, name: /Learning from a rapid review/ });
    await title.waitFor();
    check(
      (await title.textContent()).includes('<img src=x onerror='),
      `${theme}: markup in a briefing shows as text`,
    );
    check(
      (await page.evaluate(() => window.__pwned)) === undefined &&
        (await page.locator('main img, main script').count()) === 0,
      `${theme}: nothing in the briefing runs`,
    );
    await paneFits(page, theme, 'the briefing');
    await shot(page, `${theme}-briefing`);
    await axeCheck(page, `${theme}: briefing`);
  });
  await step(page, 'acknowledge', async () => {
    await press(
      page,
      keyboard,
      page.getByRole('button', { name: 'Acknowledge this briefing' }),
      'Acknowledge this briefing',
    );
    await page.getByText('You have acknowledged this briefing.').waitFor();
    await page.getByText(/^You acknowledged it on /).waitFor();
    check(true, `${theme}: the lead acknowledges the briefing`);
  });
  await step(page, 'record a cascade', async () => {
    await press(
      page,
      keyboard,
      page.getByRole('button', { name: 'Record how you cascaded it' }),
      'Record how you cascaded it',
    );
    const form = page.getByRole('form', { name: 'Record how you cascaded it' });
    await form.waitFor();
    const today = new Date().toISOString().slice(0, 10);
    if (keyboard) {
      await tabTo(page, `document.activeElement?.type === 'radio'`, 'the first way of cascading');
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await typeDate(page, today);
      await tabTo(
        page,
        `!!document.activeElement?.closest('[data-field="staffReached"]')`,
        'the number of staff',
      );
      await page.keyboard.type('25');
      await tabTo(page, focusedIs('button', 'Record cascade'), 'Record cascade');
      await shot(page, `${theme}-cascade-form`);
      await axeCheck(page, `${theme}: cascade form`);
      await page.keyboard.press('Enter');
    } else {
      await form.getByLabel(/^Date/).fill(today);
      await form.getByLabel(/^About how many staff/).fill('25');
      await form.getByRole('button', { name: 'Record cascade' }).click();
      await form.getByText('Choose how you cascaded it').first().waitFor();
      // Saved or not, the buttons are back (not "Saving…") before the screen is checked.
      await form.getByRole('button', { name: 'Record cascade' }).waitFor();
      check(true, `${theme}: a missing answer is shown beside its field, what was typed kept`);
      // Measure colours once every button is enabled again (a disabled one fades on purpose).
      await page.waitForFunction(() =>
        [...document.querySelectorAll('form button')].every(
          (b) => b.getAttribute('aria-disabled') !== 'true' && !b.disabled,
        ),
      );
      await page.evaluate(
        () =>
          new Promise((done) =>
            globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(done)),
          ),
      );
      await axeCheck(page, `${theme}: cascade form with a problem`);
      await form.getByRole('radio', { name: 'Team meeting' }).check();
      await form.getByRole('button', { name: 'Record cascade' }).click();
    }
    await page.getByText('Cascade recorded.').waitFor();
    await page.getByText(/Team meeting on .*: about 25 staff/).waitFor();
    check(true, `${theme}: the cascade is recorded and listed`);
  });
  await step(page, 'report impact', async () => {
    await press(
      page,
      keyboard,
      page.getByRole('button', { name: 'Report change and impact on recommendation 1' }),
      'Report change and impact on recommendation 1',
    );
    const form = page.getByRole('form', { name: /Report change and impact: recommendation 1/ });
    await form.waitFor();
    if (keyboard) {
      await tabTo(page, `document.activeElement?.tagName === 'TEXTAREA'`, 'What changed');
      await page.keyboard.type('The escalation policy is now part of induction.');
      await page.keyboard.press('Tab');
      await page.keyboard.type('New staff can name the escalation route; we will audit in March.');
      await tabTo(page, focusedIs('button', 'Send report'), 'Send report');
      await page.keyboard.press('Enter');
    } else {
      await form
        .getByLabel(/^What changed/)
        .fill('The escalation policy is now part of induction.');
      await form.getByLabel(/^Impact/).fill('New staff can name the escalation route.');
      await form.getByRole('button', { name: 'Send report' }).click();
    }
    await page.getByText('Report on recommendation 1 sent.').waitFor();
    await page
      .getByText(/What changed: The escalation policy is now part of induction\./)
      .waitFor();
    check(true, `${theme}: change and impact are reported against recommendation 1`);
    await paneFits(page, theme, 'the briefing after reporting');
    await shot(page, `${theme}-briefing-reported`);
    await axeCheck(page, `${theme}: briefing after reporting`);
  });
  check(errors.length === 0, `${theme}: no page errors or dialogs on the briefing ${errors}`);
  await page.close();

  // A briefing this lead was not sent.
  const other = await openPane(context, theme, briefingEmail('not-a-briefing-for-ash'));
  await step(other.page, 'not sent to this lead', async () => {
    await signInAsAsh(other.page, false);
    await other.page.getByText('This briefing was not sent to you').waitFor();
    await axeCheck(other.page, `${theme}: briefing not sent to this lead`);
  });
  await other.page.close();

  // A request to nominate for Active Learning, from the email the service sent.
  const request = await askAshToNominate(people, themes.indexOf(theme));
  lastRequest = request;
  const nom = await openPane(context, theme, request.email);
  await step(nom.page, 'nominate from the request', async () => {
    const p = nom.page;
    await signInAsAsh(p, keyboard);
    await p
      .getByRole('heading', { level: 2, name: `Nominate representatives: ${request.theme}` })
      .waitFor();
    // This request (earlier runs' requests are listed beneath it).
    const panel = p.getByRole('region', { name: `Nominate representatives: ${request.theme}` });
    check(
      (await panel.getByText(/How agencies recognise neglect/).textContent()).includes(
        '<img src=x onerror=',
      ) && (await p.evaluate(() => window.__pwned)) === undefined,
      `${theme}: markup in the request shows as text and nothing runs`,
    );
    const form = panel.getByRole('form', { name: 'Nominate representatives' });
    await form.waitFor();
    await paneFits(p, theme, 'the request to nominate');
    await shot(p, `${theme}-nomination`);
    await axeCheck(p, `${theme}: request to nominate`);
    if (keyboard) {
      await pickPerson(p, form, 'nominee1', 'schools', 'Schools Lead 1', true);
      // The list open, a name highlighted: checked as the keyboard user meets it.
      await tabTo(
        p,
        `document.activeElement?.getAttribute('role') === 'combobox' && !!document.activeElement.closest('[data-field="nominee2"]')`,
        'the second representative',
      );
      await p.keyboard.type('schools');
      await p.getByRole('option', { name: 'Schools Lead 2', exact: true }).waitFor();
      await axeCheck(p, `${theme}: people picker open`);
      await pickPerson(p, form, 'nominee2', 'schools', 'Schools Lead 2', true);
      await tabTo(p, focusedIs('button', 'Send nominations'), 'Send nominations');
      await p.keyboard.press('Enter');
    } else {
      await pickPerson(p, form, 'nominee1', 'schools', 'Schools Lead 1', false);
      // A name typed but not chosen from the list: refused beside it, and nothing saved.
      await form.locator('[data-field="nominee2"] [role="combobox"]').fill('Nobody In Particular');
      await form.getByRole('button', { name: 'Send nominations' }).click();
      await form.getByText('Choose the second representative from the list').first().waitFor();
      check(
        (await form
          .locator('[data-field="nominee2"] [role="combobox"]')
          .getAttribute('aria-invalid')) === 'true',
        `${theme}: a name typed but not chosen is marked beside its own field`,
      );
      check(
        (await nominatedFor(people, request)).length === 0,
        `${theme}: with one answer wrong, nobody is saved (not even the first)`,
      );
      await buttonsSettled(p);
      await axeCheck(p, `${theme}: nomination form with a problem`);
      await pickPerson(p, form, 'nominee2', 'schools', 'Schools Lead 2', false);
      await form.getByRole('button', { name: 'Send nominations' }).click();
    }
    await panel
      .getByText(
        `Nominations sent. The Business Unit now has Schools Lead 1 and Schools Lead 2 for ${request.agency}.`,
      )
      .waitFor();
    check(
      JSON.stringify(await nominatedFor(people, request)) ===
        JSON.stringify(['Schools Lead 1', 'Schools Lead 2']),
      `${theme}: the Business Unit sees both nominations for ${request.agency}`,
    );
    await paneFits(p, theme, 'the request after nominating');
    await shot(p, `${theme}-nominated`);
    await axeCheck(p, `${theme}: nominations sent`);
  });
  check(nom.errors.length === 0, `${theme}: no page errors on the nomination ${nom.errors}`);
  await nom.page.close();

  // A request to nominate this lead was not sent (forwarded to them).
  const notAsked = await openPane(
    context,
    theme,
    nominationEmail('7c9e6679-7425-40de-944b-e07fc1f90ae7'),
  );
  await step(notAsked.page, 'request not sent to this lead', async () => {
    await signInAsAsh(notAsked.page, false);
    await notAsked.page.getByText('This request to nominate was not sent to you').waitFor();
    await axeCheck(notAsked.page, `${theme}: request to nominate not sent to this lead`);
  });
  await notAsked.page.close();

  // The quarterly newsletter, sent as a briefing: its sections under headings, acknowledged
  // and cascaded like a briefing note, and no recommendations to report impact against.
  const newsletterId = await sendNewsletter(people, theme);
  const nl = await openPane(context, theme, briefingEmail(newsletterId));
  await step(nl.page, 'newsletter', async () => {
    const p = nl.page;
    await signInAsAsh(p, false);
    await p.getByRole('heading', { level: 2, name: /newsletter: quarter/ }).waitFor();
    await p.getByRole('heading', { level: 3, name: 'The newsletter' }).waitFor();
    const sections = await p.getByRole('heading', { level: 4 }).allTextContents();
    check(
      sections.includes('Multi-agency Audit') && sections.includes('Briefings'),
      `${theme}: the newsletter's sections are under their own headings (${sections.length})`,
    );
    check(
      (await p.getByText(/^Welcome to this edition\. <img src=x onerror=/).count()) === 1 &&
        (await p.evaluate(() => window.__pwned)) === undefined &&
        (await p.locator('main img, main script').count()) === 0,
      `${theme}: markup in the newsletter shows as text and nothing runs`,
    );
    check(
      (await p.getByRole('button', { name: /Report change and impact/ }).count()) === 0 &&
        (await p.getByRole('heading', { name: 'Recommendations' }).count()) === 0,
      `${theme}: a newsletter asks for no impact report`,
    );
    await p
      .getByText(/^This newsletter makes no recommendations, so there is no change or impact/)
      .waitFor();
    await paneFits(p, theme, 'the newsletter');
    await shot(p, `${theme}-newsletter`);
    await axeCheck(p, `${theme}: newsletter`);
    await press(
      p,
      keyboard,
      p.getByRole('button', { name: 'Acknowledge this newsletter' }),
      'Acknowledge this newsletter',
    );
    await p.getByText('You have acknowledged this newsletter.').waitFor();
    await p.getByText(/^You acknowledged it on /).waitFor();
    check(true, `${theme}: the lead acknowledges the newsletter`);
    await p.getByRole('button', { name: 'Record how you cascaded it' }).waitFor();
    await axeCheck(p, `${theme}: newsletter acknowledged`);
  });
  check(nl.errors.length === 0, `${theme}: no page errors on the newsletter ${nl.errors}`);
  await nl.page.close();

  if (theme === 'dark') {
    // Someone who is not an agency lead, on a real briefing.
    const pat = await openPane(context, theme, briefingEmail(briefingId));
    await step(pat.page, 'briefing opened by a practitioner', async () => {
      await pat.page.getByRole('radio', { name: /Pat Practitioner/ }).check();
      await pat.page.getByRole('button', { name: 'Sign in' }).click();
      await pat.page.getByText('Briefings are for agency leads').waitFor();
      check(true, `${theme}: a practitioner opening a briefing is told who briefings are for`);
      await axeCheck(pat.page, `${theme}: briefing opened by a practitioner`);
    });
    await pat.page.close();
    // Someone who is not an agency lead, on a request to nominate.
    const patNom = await openPane(context, theme, request.email);
    await step(patNom.page, 'request to nominate opened by a practitioner', async () => {
      await patNom.page.getByRole('radio', { name: /Pat Practitioner/ }).check();
      await patNom.page.getByRole('button', { name: 'Sign in' }).click();
      await patNom.page.getByText('Nominations are made by agency leads').waitFor();
      check(true, `${theme}: a practitioner opening a request to nominate is told who nominates`);
      await axeCheck(patNom.page, `${theme}: request to nominate opened by a practitioner`);
    });
    await patNom.page.close();
  }

  // Any other email: raise a KLOE from it.
  const kloe = await openPane(context, theme, ordinaryEmail);
  await step(kloe.page, 'raise a KLOE from an email', async () => {
    const p = kloe.page;
    await signInAsAsh(p, false);
    // Whatever email is open, the lead's open requests to nominate are listed beneath.
    await p
      .getByRole('heading', { level: 2, name: /requests? to nominate for Active Learning/ })
      .waitFor();
    await p.getByRole('button', { name: `Nominate someone else for ${request.theme}` }).waitFor();
    check(true, `${theme}: on any other email, the lead's open requests to nominate are listed`);
    await press(
      p,
      keyboard,
      p.getByRole('button', { name: 'Raise a KLOE from this email' }),
      'Raise a KLOE from this email',
    );
    const form = p.getByRole('form', { name: /Raise a Key Line of Enquiry/ });
    await form.waitFor();
    const details = await form.getByLabel(/^Details/).inputValue();
    check(
      details.startsWith('Strategy discussions in the east locality') &&
        !details.includes('Jones') &&
        !details.includes('07700') &&
        !details.includes('Sam Sender'),
      `${theme}: the email's words are copied in without the name, phone number or signature`,
    );
    check(
      (await form.getByLabel(/^Issue or area of good practice/).inputValue()) ===
        'Strategy discussions without health',
      `${theme}: the subject is copied without "FW:"`,
    );
    await form.getByText(/Pathways took out a person’s name and a phone number/).waitFor();
    await paneFits(p, theme, 'the KLOE form');
    await shot(p, `${theme}-kloe-form`);
    await axeCheck(p, `${theme}: KLOE form from an email`);
    // The lead's own organisation, from their directory entry as the agency list names it.
    const organisation = await form.getByLabel(/^Organisation/).inputValue();
    check(
      organisation === 'Colleges, schools and early years settings',
      `${theme}: the lead's own organisation is filled in (${organisation})`,
    );
    await form.getByLabel(/^Theme/).selectOption({ index: 1 });
    await form
      .getByLabel(/^Action you would like taken/)
      .fill(`Review the invitation list (${theme}).`);
    await form.getByRole('button', { name: 'Send to the Business Unit' }).click();
    const done = p.getByText(/^KLOE-\d{4}-\d{4} has been sent to the Business Unit\.$/);
    await done.waitFor();
    const reference = /KLOE-\d{4}-\d{4}/.exec(await done.textContent())[0];
    const mine = await people.api(people.byRole('AgencyLead'), '/api/my/submissions');
    check(
      mine.body.some((s) => s.reference === reference),
      `${theme}: ${reference} is among Ash's submissions`,
    );
    await axeCheck(p, `${theme}: KLOE sent`);
  });
  check(kloe.errors.length === 0, `${theme}: no page errors on the KLOE ${kloe.errors}`);
  await kloe.page.close();

  check(external.length === 0, `${theme}: nothing loaded from off this machine ${external}`);
  await context.close();
}

let lastBriefingId;
let lastRequest;

async function browserMode() {
  // Outside Outlook (office.js cannot load): the pane says what to do and still offers a KLOE.
  const context = await browser.newContext({
    viewport: { width: 360, height: 800 },
    locale: 'en-GB',
  });
  await context.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' ? route.fallback() : route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  await page.goto(`${service.url}/outlook/taskpane.html`);
  await page.getByRole('radio', { name: /Ash AgencyLead/ }).check();
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('No email open').waitFor();
  await page.getByRole('button', { name: 'Raise a KLOE' }).waitFor();
  check(true, 'browser: outside Outlook the pane says to open an email, and offers a KLOE');
  await axeCheck(page, 'browser: no email open');
  if (lastBriefingId) {
    // A reminder's link names the briefing in the address.
    await page.goto(`${service.url}/outlook/taskpane.html?briefing=${lastBriefingId}`);
    await page.getByRole('heading', { level: 2, name: /Learning from a rapid review/ }).waitFor();
    await page.getByText(/^You acknowledged it on /).waitFor();
    check(true, 'browser: a reminder’s link opens the briefing outside Outlook');
    await axeCheck(page, 'browser: briefing from a reminder’s link');
  }
  if (lastRequest) {
    // The invitation's link names the Active Learning in the address.
    await page.goto(`${service.url}/outlook/taskpane.html?nomination=${lastRequest.setId}`);
    await page
      .getByRole('heading', { level: 2, name: `Nominate representatives: ${lastRequest.theme}` })
      .waitFor();
    await page
      .getByRole('region', { name: `Nominate representatives: ${lastRequest.theme}` })
      .getByRole('listitem')
      .filter({ hasText: 'Schools Lead 2' })
      .waitFor();
    check(true, 'browser: the invitation’s link opens the request to nominate outside Outlook');
    await axeCheck(page, 'browser: request to nominate from the invitation’s link');
  }
  await context.close();
}

// The undo window after sending is the tab's test (engine-room.mjs); here leads get it at once.
const service = await startService({ BRIEFING_UNDO_SECONDS: '0' });
const people = await sandboxPeople(service);
let browser;
try {
  browser = await launchChromium();
  for (const theme of themes) await themeRun(theme);
  await browserMode();
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
