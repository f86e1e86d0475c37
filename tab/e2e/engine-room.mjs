// Browser test of the Engine Room tab against the built tab served by the running service, in
// Debian's Chromium with playwright-core (npm never downloads a browser). Not part of `npm test`.
// Run from the repository root: npm run test:e2e   (builds, then runs this file)
//
// It starts bot/dist/main.js on free ports with a throwaway DATA_DIR (or uses PATHWAYS_URL),
// seeds KLOEs the way people send them (over /api/messages, triaged from the channel card), then
// in the light, dark and high-contrast themes: opens the queue, filters, searches, opens a record,
// adds evidence, plans an activity, records a recommendation, shows a consideration request's
// child details (each showing audited), downloads the quarterly report, edits the partners'
// newsletter and sends a saved version as a briefing (confirmed, once; its progress has no impact
// column), records an event against the circulation plan, shows the Development Manager every
// recommendation (filtered, exported), opens the personal tab and,
// as the Business Unit, writes, previews and sends a briefing note and sees each agency's progress,
// with axe-core finding no violations on any screen. Then, once: records holding XSS, markdown and
// Adaptive Card injection strings in every free-text field the tab shows, each screen visited once
// (nothing runs, the text is shown as typed, nothing overflows at 1280 and 320 pixels).
//   CHROMIUM     browser binary (default /usr/bin/chromium)
//   SCREENSHOTS  folder for screenshots (default: a temp folder)
//   E2E_THEMES   only these themes, e.g. light,contrast (default: all three); or as the first
//                argument: node tab/e2e/engine-room.mjs dark
//   --no-injection  leave out the injection run (npm run test:e2e runs each theme in its own
//                process, side by side, and the injection run in one of them)
/* global document, window, requestAnimationFrame, getComputedStyle */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { axeViolations, launchChromium } from './browser.mjs';
import JSZip from 'jszip';
import { bot, eventually, inDays, inWorkingDays, sandboxPeople, startService } from './service.mjs';

const onlyThemes =
  (process.argv[2]?.startsWith('--') ? undefined : process.argv[2]) ?? process.env.E2E_THEMES;
const withInjection = !process.argv.includes('--no-injection');
// The tab's own folder (the add-in's test, running beside this one, writes to "outlook"; a run
// of some themes, beside the others, to its own).
const shots = join(
  process.env.SCREENSHOTS ?? join(tmpdir(), 'pathways-e2e-screenshots'),
  onlyThemes ? `tab-${onlyThemes.replaceAll(',', '-')}` : 'tab',
);
// Start it empty, so old screenshots are not taken for new ones.
rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });

let failures = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures++;
}

// --- seeding, as people do it ------------------------------------------------------------------

/** One record per theme run, each found by a word no other record holds. */
const runs = [
  { theme: 'light', word: 'trampoline', keyboard: true, warning: true },
  { theme: 'dark', word: 'allotment', outcome: true },
  { theme: 'contrast', word: 'lighthouse', narrow: true },
].filter((r) => !onlyThemes || onlyThemes.split(',').includes(r.theme));

// The long queue (paging, the virtualised list) is checked in the keyboard run only.
const bulk = runs.some((r) => r.keyboard) ? 120 : 0;

async function seed() {
  const people = await sandboxPeople(service);
  const teams = bot(service);
  const pat = people.byRole('Practitioner');
  const sol = people.personas.find((p) => p.displayName === 'Sol Practitioner');
  const billie = people.byRole('BusinessUnit');
  const facets = (await people.api(billie, '/api/queue/facets')).body;
  const { themes, agencies } = facets;
  const patChat = await teams.openChat(pat);
  const raised = [];
  const subjects = [
    'Health not invited to strategy discussions',
    'Missing episodes not shared with schools',
    'Good practice: joint home visits in the east locality',
    'Escalation policy not known in early help',
    'Neglect toolkit used inconsistently',
    'Transitions to adult services start too late',
  ];
  for (const [i, subject] of subjects.entries()) {
    raised.push(
      await teams.raiseKloe(pat, patChat, {
        organisation: agencies[i % agencies.length],
        contactOfficer: 'Pat Practitioner',
        subject,
        theme: themes[i % themes.length],
        details: `Seen in several cases this quarter (${i + 1}). Colleagues are unsure who leads.`,
        actionWanted: 'Review the arrangements and tell agencies.',
      }),
    );
  }
  for (const [i, r] of runs.entries()) {
    r.themeName = themes[(i + 2) % themes.length];
    r.kloe = await teams.raiseKloe(pat, patChat, {
      organisation: agencies[(i + 5) % agencies.length],
      contactOfficer: 'Pat Practitioner',
      subject: `Holiday club safeguarding checks (${r.theme} theme run)`,
      theme: r.themeName,
      details: `Holiday clubs at the ${r.word} site do not ask for safeguarding checks.`,
      actionWanted: 'Ask the Engine Room to look at holiday provision.',
    });
  }
  // One per run left untriaged: the Business Unit triages it in the tab.
  for (const r of runs) {
    r.untriaged = await teams.raiseKloe(pat, patChat, {
      organisation: agencies[1],
      contactOfficer: 'Pat Practitioner',
      subject: `Waiting for the Business Unit (${r.theme} theme run)`,
      theme: r.themeName,
      details: 'Out-of-hours referrals are not passed on to day teams.',
      actionWanted: 'Ask the Engine Room to look at handovers.',
    });
  }
  // The Business Unit accepts some onto the agenda: each then has a meeting date as its deadline.
  for (const [i, kloe] of [...raised.slice(0, 3), ...runs.map((r) => r.kloe)].entries()) {
    const card = await teams.triage(billie, kloe, 'kloe.accept', {
      version: 1,
      meetingDate: inWorkingDays(3 + i),
    });
    if (!JSON.stringify(card).includes('accepted it onto the Engine Room agenda')) {
      throw new Error(`accepting ${kloe.reference} did not work`);
    }
  }
  // Each run's KLOE is linked to an earlier one as related (version 2: it has been accepted).
  for (const [i, r] of runs.entries()) {
    r.related = raised[i];
    const card = await teams.triage(billie, r.kloe, 'kloe.link', {
      version: 2,
      otherReference: r.related.reference,
      linkKind: 'related',
    });
    if (!JSON.stringify(card).includes(r.related.reference)) {
      throw new Error(
        `linking ${r.kloe.reference} did not work: ${JSON.stringify(card).slice(0, 300)}`,
      );
    }
  }

  // A long queue: more than two pages, so paging and the virtualised list are exercised.
  const solChat = await teams.openChat(sol);
  await teams.submitKloes(
    sol,
    solChat,
    Array.from({ length: bulk }, (_, i) => ({
      organisation: agencies[(i * 7) % agencies.length],
      contactOfficer: 'Sol Practitioner',
      subject: `Recurring theme in reviews, number ${i + 1}`,
      theme: themes[(i * 3) % themes.length],
      details: 'A pattern seen across several agencies this year.',
      actionWanted: 'Consider it at the next Engine Room.',
    })),
  );
  const queue = (await people.api(billie, '/api/queue?type=kloe')).body;
  const expected = subjects.length + runs.length * 2 + bulk;
  check(queue.total === expected, `seeded ${queue.total} KLOEs (expected ${expected})`);
  const eli = people.byRole('EngineRoom');
  // A Cleveland Police lead from the sandbox's directory (not a persona: they only answer cards).
  const policeLead1 = {
    id: '00000000-0000-4000-b000-000000000031',
    displayName: 'Cleveland Police Lead 1',
  };
  const consideration = await raiseConsideration(people, teams, childDetails(agencies[0]));
  return { people, facets, agencies, teams, eli, policeLead1, consideration };
}

// --- a consideration request's child details (issue 4) ---------------------------------------

/** A consideration request's answers; the child and family are invented. */
function childDetails(agency, text = {}) {
  return {
    // Told today: the Panel notification falls due after the KLOEs' meetings, so they stay first.
    laInformed: 'yes',
    laInformedDate: inDays(0),
    referrerName: 'Pat Practitioner',
    referringAgency: agency,
    referrerRole: 'Detective Sergeant',
    referrerContact: 'pat@example.org',
    safeguardingLeadName: 'Sam Lead',
    safeguardingLeadAgrees: 'true',
    criteria: 'died-or-seriously-harmed,abuse-or-neglect',
    childName: 'Jamie Quillfeather',
    childDateOfBirth: '2019-03-04',
    childAddress: '12 Larkspur Road, Hartlepool TS24 7AB',
    legalStatus: 'child-in-need',
    incidentDate: inDays(-1),
    incidentNature: 'Admitted to hospital with unexplained fractures.',
    agenciesInvolved: 'Health visiting, school nursing, police.',
    caseOutline: 'Known to early help since the spring.',
    potentialLearning: 'Sharing of missed appointments between health and early help.',
    ...text,
  };
}

/**
 * Sent from the person's chat as Teams sends it, every step's answers on the last step's press
 * (the service checks the whole form there); returns its reference and record id.
 */
async function raiseConsideration(people, teams, answers) {
  const pat = people.byRole('Practitioner');
  const receipt = await teams.cardAction(pat, 'consideration.submit', {
    form: 'consideration',
    ...answers,
  });
  const reference = /CSPR-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0];
  if (!reference) throw new Error(`no consideration reference in ${JSON.stringify(receipt)}`);
  const { cases } = (await people.api(people.byRole('BusinessUnit'), '/api/serious-cases')).body;
  const found = cases.find((c) => c.reference === reference);
  return { reference, id: found.id, childName: answers.childName };
}

/** How many times `persona` has read this case's child details, as the audit trail holds it. */
async function detailReads(people, persona, caseId) {
  const ari = people.byRole('Administrator');
  const exported = await people.api(ari, `/api/people/${persona.id}/export`);
  if (exported.status !== 200) throw new Error(`the export answered ${exported.status}`);
  return exported.body.auditEntries.filter(
    (a) => a.action === 'serious-case.details-read' && a.subject_id === caseId,
  ).length;
}

// --- the browser -----------------------------------------------------------------------------

async function axeCheck(page, screen) {
  const found = await axeViolations(page);
  check(
    found.length === 0,
    `${screen}: axe finds no violations${found.length ? `\n  ${found.join('\n  ')}` : ''}`,
  );
}

async function shot(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

const focusedText = (page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return `${el?.tagName.toLowerCase()} ${el?.getAttribute('type') ?? ''} ${el?.textContent?.trim().slice(0, 80) ?? ''}`;
  });

/** Presses Tab until `test` holds for the focused element (keyboard only). */
async function tabTo(page, test, what, limit = 60) {
  if (await page.evaluate(test)) return;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(test)) return;
  }
  throw new Error(`Tab never reached ${what} (last: ${await focusedText(page)})`);
}

/**
 * Types a date into a focused date box with the keyboard. The box's order of day and month
 * follows the browser's language (headless Chromium: American), so check and retype if needed.
 */
async function typeDate(page, iso) {
  const [y, m, d] = iso.split('-');
  await page.keyboard.type(`${d}${m}${y}`);
  const typed = await page.evaluate(() => document.activeElement?.value);
  if (typed !== iso) {
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(`${m}${d}${y}`);
  }
}

async function signIn(page, theme, persona, keyboard) {
  await page.goto(`${service.url}/tab/index.html#/engine-room`);
  await page.getByRole('radiogroup').waitFor();
  await page.getByLabel('Colour theme').selectOption(theme);
  if (keyboard) {
    await page.getByRole('radio').first().focus();
    for (let i = 0; i < 10; i++) {
      const label = await page.evaluate(() => document.activeElement?.closest('span')?.textContent);
      if (label?.includes(persona)) break;
      await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
  } else {
    await page.getByRole('radio', { name: new RegExp(persona) }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  await page.getByText(/^Signed in as /).waitFor();
}

async function fillForm(page, form, answers) {
  for (const [label, value] of Object.entries(answers)) {
    const field = form
      .locator('input:not([type=radio]):not([type=checkbox]), textarea, select')
      .and(form.getByLabel(new RegExp(`^${label}`)));
    if (value.select) await field.selectOption({ label: value.select });
    else if (value.radio) await form.getByRole('radio', { name: value.radio }).check();
    else await field.fill(value);
  }
}

async function themeRun(run, seeded) {
  const { theme, word } = run;
  // en-GB: dates are typed day, month, year.
  const context = await browser.newContext({
    viewport: { width: 1100, height: 800 },
    locale: 'en-GB',
    // Fluent shortens its transitions: axe measures colours at rest, not mid-animation.
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const errors = [];
  const external = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost') return route.continue();
    external.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const step = async (name, body) => {
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

  await step('sign in as Eli EngineRoom', async () => {
    await signIn(page, theme, 'Eli EngineRoom', run.keyboard);
    // Signed in: the keyboard is on the page's heading, not left on the page body.
    const onHeading = await page
      .waitForFunction(() => document.activeElement?.tagName === 'H1', null, { timeout: 5000 })
      .then(
        () => true,
        () => false,
      );
    check(onHeading, `${theme}: after signing in, the keyboard is on the page's heading`);
    // Moving to another page: the keyboard goes to its heading too.
    await page
      .getByRole('navigation', { name: 'Pathways pages' })
      .getByRole('link', { name: 'Recommendations' })
      .click();
    await page.waitForFunction(
      () =>
        document.activeElement?.tagName === 'H1' &&
        document.activeElement.textContent === 'Recommendations',
    );
    await page.goBack();
    await page.waitForFunction(() => document.activeElement?.textContent === 'Engine Room');
    check(
      (await page.evaluate(() => document.documentElement.dataset.theme)) === theme,
      `${theme}: the ${theme} theme is on`,
    );
  });

  await step('open the queue', async () => {
    await page.getByText(/records? in the queue, next deadline first/).waitFor();
    const rows = await page.getByRole('listitem').filter({ hasText: 'Next deadline' }).count();
    check(rows > 0, `${theme}: the queue shows records with their next deadline (${rows})`);
    const first = await page.locator('ul[aria-label^="Records"] li').first().textContent();
    check(/Next deadline: Engine Room meeting, due/.test(first), `${theme}: next deadline first`);
    await shot(page, `${theme}-queue`);
    await axeCheck(page, `${theme}: queue`);
  });

  if (run.keyboard) {
    await step('long queue', async () => {
      const list = page.locator('ul[aria-label^="Records"]');
      const shown = () => list.locator(':scope > li').count();
      const summary = page.getByText(/records? in the queue, next deadline first/);
      check(
        /Showing 50\./.test(await summary.textContent()),
        `${theme}: the first page holds 50 records (server paging)`,
      );
      check((await shown()) < 50, `${theme}: only the rows on screen are drawn (${await shown()})`);
      await page.getByRole('button', { name: 'Show more records' }).click();
      // The next 50; or, on a screen the first 100 do not fill, every record at once (the list
      // loads the rest when its end comes into view). The queue holds every record the seeding
      // raised (129 with the consideration request), so the count is read, not spelt here.
      const counts = async () => {
        const [, total, showing] =
          /(\d+) records? in the queue.*Showing (\d+)\./.exec(await summary.textContent()) ?? [];
        return { total: Number(total), showing: Number(showing) };
      };
      const after = await eventually(async () => {
        const now = await counts();
        return now.showing > 50 ? now : undefined;
      }, 'the next page of records');
      check(
        after.showing === 100 || after.showing === after.total,
        `${theme}: Show more records loads the next page (${after.showing} of ${after.total})`,
      );
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
      await page.getByText('That is every record that matches.').waitFor();
      check(true, `${theme}: scrolling to the end loads the rest`);
      check(
        (await shown()) < 60,
        `${theme}: with every record loaded, still only the rows on screen are drawn (${await shown()})`,
      );
      await axeCheck(page, `${theme}: long queue, scrolled to the end`);
      // Open the last record, come back: the same place, the keyboard on that row.
      const last = list.locator(':scope > li a').last();
      const record = await last.getAttribute('data-record');
      await last.click();
      await page.getByRole('heading', { name: 'History' }).waitFor();
      await page.getByRole('link', { name: 'Back to the queue' }).click();
      const back = await page
        .waitForFunction(
          (r) => document.activeElement?.getAttribute('data-record') === r && window.scrollY > 0,
          record,
          { timeout: 5000 },
        )
        .then(
          () => true,
          () => false,
        );
      check(back, `${theme}: back from the last record, the list is where it was, on that row`);
      await page.evaluate(() => window.scrollTo(0, 0));
    });
  }

  if (run.keyboard) {
    await step('empty and error states', async () => {
      await page.getByLabel('Search records').fill('zzyzx-nothing-like-this');
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await page.getByText('No records match this search and these filters').waitFor();
      check(true, `${theme}: a search that finds nothing says so, and what to try`);
      await axeCheck(page, `${theme}: queue, nothing matches`);
      // The service cannot be reached: the page says so and offers to try again.
      await page.route('**/api/queue?*', (route) => route.abort('connectionrefused'));
      await page.getByRole('button', { name: 'Clear search and filters' }).click();
      const problem = page.getByRole('alert').filter({ hasText: 'The queue could not be loaded' });
      await problem.waitFor();
      check(
        (await problem.textContent()).includes('Check your connection, then try again'),
        `${theme}: when the queue cannot be loaded, the page says what to do`,
      );
      await axeCheck(page, `${theme}: queue, could not load`);
      await page.unroute('**/api/queue?*');
      await problem.getByRole('button', { name: 'Try again' }).click();
      await page.getByText(/records? in the queue, next deadline first/).waitFor();
      check(
        (await page.evaluate(() => document.activeElement?.textContent)) === 'Records',
        `${theme}: Try again loads the queue, the keyboard on its heading`,
      );
    });
  }

  await step('filter by theme', async () => {
    await page.getByLabel('Theme', { exact: true }).selectOption({ label: run.themeName });
    await page.getByText(/records? match/).waitFor();
    const metas = await page.locator('ul[aria-label^="Records"] li').allTextContents();
    check(
      metas.length > 0 && metas.every((t) => t.includes(`Theme: ${run.themeName}`)),
      `${theme}: filtered to the theme "${run.themeName}" (${metas.length} shown)`,
    );
    check(page.url().includes('theme='), `${theme}: the filter is kept in the address`);
    await axeCheck(page, `${theme}: filtered queue`);
    await page.getByRole('button', { name: 'Clear search and filters' }).click();
    await page.getByText(/records? in the queue/).waitFor();
  });

  await step('search', async () => {
    if (run.keyboard) {
      await tabTo(
        page,
        () => document.activeElement?.getAttribute('type') === 'search',
        'the search box',
      );
      await page.keyboard.type(word);
      await page.keyboard.press('Enter');
    } else {
      await page.getByLabel('Search records').fill(word);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
    }
    await page.getByText(/^1 record match/).waitFor();
    const titles = await page.locator('ul[aria-label^="Records"] li a').allTextContents();
    check(
      titles.length === 1 && titles[0].startsWith(run.kloe.reference),
      `${theme}: searching "${word}" finds ${run.kloe.reference} only (${titles})`,
    );
    await axeCheck(page, `${theme}: search results`);
  });

  await step('open the record', async () => {
    if (run.keyboard) {
      await tabTo(
        page,
        () => document.activeElement?.getAttribute('data-record') !== null,
        'the record link',
      );
      await page.keyboard.press('Enter');
    } else {
      await page.getByRole('link', { name: new RegExp(run.kloe.reference) }).click();
    }
    await page.getByRole('heading', { level: 2, name: new RegExp(run.kloe.reference) }).waitFor();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    const history = await page.getByRole('region', { name: 'History' }).textContent();
    // The lifecycle every record kind shares: the card's triage shows here, with who and when.
    const progress = await page.getByRole('region', { name: 'Progress' }).textContent();
    check(
      /Received\s*Pat Practitioner/.test(progress) &&
        /Triaged \(accepted\)\s*Billie BusinessUnit/.test(progress),
      `${theme}: the record's lifecycle shows it received and accepted on the card, by whom`,
    );
    check(
      history.includes('Billie BusinessUnit') && history.includes('accepted it onto'),
      `${theme}: the history says who did what, and when`,
    );
    check(
      (await page.evaluate(() => document.title)).startsWith(run.kloe.reference),
      `${theme}: the page title names the record`,
    );
    await shot(page, `${theme}-record`);
    await axeCheck(page, `${theme}: record`);
  });

  await step('add evidence', async () => {
    const open = page.getByRole('button', { name: 'Add evidence', exact: true }).first();
    if (run.keyboard) {
      await tabTo(
        page,
        () => document.activeElement?.textContent === 'Add evidence',
        'the Add evidence button',
      );
      await page.keyboard.press('Enter');
    } else {
      await open.click();
    }
    const form = page.locator('form', { hasText: 'Notes and evidence for triangulation' });
    await form.waitFor();
    check(
      (await open.getAttribute('aria-expanded')) === 'true',
      `${theme}: the Add evidence button says it is expanded`,
    );
    // Sent empty: the service's messages appear beside each field; the keyboard goes to the first.
    await form.getByRole('button', { name: 'Add evidence' }).click();
    await form.getByText(/There is a problem: 3 answers need changing/).waitFor();
    await page
      .waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA', null, {
        timeout: 5000,
      })
      .catch(() => {});
    const focused = await page.evaluate(() => ({
      tag: document.activeElement?.tagName,
      invalid: document.activeElement?.getAttribute('aria-invalid'),
      label: document.activeElement?.labels?.[0]?.textContent,
    }));
    check(
      focused.tag === 'TEXTAREA' &&
        focused.invalid === 'true' &&
        /What it shows/.test(focused.label),
      `${theme}: after a 422 the keyboard is on the first field with a problem (${JSON.stringify(focused)})`,
    );
    await shot(page, `${theme}-evidence-errors`);
    await axeCheck(page, `${theme}: evidence form with errors`);
    // Focus: a 3 px outline, and a field in error keeps its red border while it has the keyboard.
    const look = () =>
      page.evaluate(() => {
        const box = document.activeElement?.closest('.fui-Textarea');
        const style = box ? getComputedStyle(box) : undefined;
        return style && { outline: parseFloat(style.outlineWidth), border: style.borderTopColor };
      });
    const focusedLook = await look();
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const restingBorder = await form
      .getByLabel(/^What it shows/)
      .evaluate((el) => getComputedStyle(el.closest('.fui-Textarea')).borderTopColor);
    check(
      focusedLook?.outline >= 3,
      `${theme}: a focused field has an outline of at least 3 px (${focusedLook?.outline})`,
    );
    check(
      focusedLook?.border === restingBorder,
      `${theme}: a field in error keeps its red border when focused (${focusedLook?.border}, ${restingBorder})`,
    );
    // The limit is said before anyone types; near it, a count of what is left.
    const whatItShows = form.getByLabel(/^What it shows/);
    check(
      (await form.getByText('Up to 4,000 characters.').count()) === 1,
      `${theme}: the limit is in the hint before typing`,
    );
    await whatItShows.fill('x'.repeat(3900));
    await form.getByText('You have 100 characters left.').waitFor();
    await whatItShows.fill('');

    const summary = run.warning
      ? `Audit of holiday clubs: the TS24 7BW hub has no checks (${word}).`
      : `Audit of holiday clubs: no checks were asked for (${word}).`;
    if (run.keyboard) {
      await page.keyboard.type(summary);
      await page.keyboard.press('Tab');
      await page.keyboard.type('Multi-agency audit, holiday provision');
      await page.keyboard.press('Tab');
      await typeDate(page, inDays(-20));
    } else {
      // Evidence dated after today cannot be right: refused beside the date, with the reason.
      await fillForm(page, form, {
        'What it shows': summary,
        Source: 'Multi-agency audit, holiday provision',
        'Date of the evidence': inDays(20),
      });
      await form.getByRole('button', { name: 'Add evidence' }).click();
      await form.getByText('The date of the evidence cannot be in the future').first().waitFor();
      check(
        (await form.getByLabel(/^Date of the evidence/).getAttribute('aria-invalid')) === 'true',
        `${theme}: evidence dated after today is refused beside its date`,
      );
      await fillForm(page, form, { 'Date of the evidence': inDays(-20) });
    }
    const value = await form.getByLabel(/^Date of the evidence/).inputValue();
    check(value === inDays(-20), `${theme}: the evidence date was typed in (${value})`);
    if (run.keyboard) {
      await tabTo(
        page,
        () => document.activeElement?.getAttribute('type') === 'submit',
        "the form's Add evidence button",
      );
      await page.keyboard.press('Enter');
    } else {
      await form.getByRole('button', { name: 'Add evidence' }).click();
    }
    if (run.warning) {
      // A postcode: the service warns; the person confirms they have checked, then it is sent.
      await form.getByText('Check before sending').waitFor();
      const onBox = await page
        .waitForFunction(() => document.activeElement?.getAttribute('type') === 'checkbox', null, {
          timeout: 5000,
        })
        .then(
          () => true,
          () => false,
        );
      check(onBox, `${theme}: after a warning the keyboard is on the confirm box`);
      check(
        (await form.getByLabel(/^What it shows/).inputValue()) === summary,
        `${theme}: what was typed is kept`,
      );
      await axeCheck(page, `${theme}: evidence form with a warning`);
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    }
    await page.getByText('Evidence added.').waitFor();
    const list = await page
      .locator('section', {
        has: page.getByRole('heading', { name: 'Evidence for triangulation' }),
      })
      .textContent();
    check(
      list.includes(summary) && list.includes('Source: Multi-agency audit, holiday provision'),
      `${theme}: the evidence is listed with its source and date`,
    );
    check(
      (await page.evaluate(() => document.activeElement?.textContent)) === 'Add evidence',
      `${theme}: once saved, the keyboard is back on the Add evidence button`,
    );
  });

  await step('the lifecycle after Engine Room work', async () => {
    // Evidence takes the record up: it no longer reads as waiting for triage.
    await page
      .getByRole('region', { name: 'Progress' })
      .getByRole('cell', { name: 'Being explored by the Engine Room', exact: true })
      .waitFor();
    const header = await page.getByText(/^Key Line of Enquiry · Status:/).textContent();
    check(
      header.includes('Being explored by the Engine Room'),
      `${theme}: after evidence is added the record reads "Being explored by the Engine Room" (${header})`,
    );
  });

  await step('plan an activity', async () => {
    await page.getByRole('button', { name: 'Plan activity' }).click();
    const form = page.locator('form', { hasText: 'What the Engine Room will do' });
    await fillForm(page, form, {
      'Type of activity': { radio: 'Focus group' },
      'What it will look at': `How holiday clubs ask for safeguarding checks (${word}).`,
      Owner: 'Eli EngineRoom',
      'Start date': inDays(-400),
      'End date': inDays(-370),
    });
    // Planned wholly in the past: refused beside the end date, with the reason.
    await form.getByRole('button', { name: 'Add to the plan' }).click();
    await form.getByText('The end date must be today or later').first().waitFor();
    await axeCheck(page, `${theme}: activity form with a date refused`);
    // Kept: a run that passes midnight must compare with the date typed, not a new today.
    run.activityStart = inDays(7);
    await fillForm(page, form, { 'Start date': run.activityStart, 'End date': inDays(30) });
    await axeCheck(page, `${theme}: activity form`);
    await form.getByRole('button', { name: 'Add to the plan' }).click();
    await page.getByText('Activity added to the plan.').waitFor();
    const section = await page
      .locator('section', {
        has: page.getByRole('heading', { name: 'Planned investigative activity' }),
      })
      .textContent();
    check(
      section.includes('Focus group') && section.includes('Owner: Eli EngineRoom'),
      `${theme}: the focus group is in the plan with its owner and dates`,
    );
  });

  await step('record a recommendation', async () => {
    await page.getByRole('button', { name: 'Record recommendation' }).click();
    const form = page.locator('form', { hasText: 'A change for improvement' });
    await fillForm(page, form, {
      Recommendation: `Every holiday club asks for safeguarding checks (${word}).`,
      'Owning agency': { select: seeded.agencies[1] },
      'Due date': inDays(60),
    });
    await form.getByRole('button', { name: 'Record recommendation' }).click();
    await page.getByText('Recommendation recorded.').waitFor();
    const section = await page
      .locator('section', { has: page.getByRole('heading', { name: 'Recommendations' }) })
      .textContent();
    check(
      section.includes(`Owned by ${seeded.agencies[1]}`),
      `${theme}: the recommendation is listed with its owning agency`,
    );
    await shot(page, `${theme}-record-after`);
    await axeCheck(page, `${theme}: record after adding`);
  });

  await step('invite a representative to attend the Engine Room', async () => {
    await page.getByRole('button', { name: 'Invite a representative' }).click();
    const form = page.locator('form', { hasText: 'They receive the invitation in Teams chat' });
    await fillForm(page, form, { Agency: { select: 'Cleveland Police' } });
    const person = form.locator('select').and(form.getByLabel(/^Representative/));
    await page.waitForFunction(
      () => document.querySelector('[data-field="personId"] select')?.options.length > 2,
    );
    await person.selectOption({ label: 'Cleveland Police Lead 1' });
    await fillForm(page, form, {
      'Engine Room meeting': inWorkingDays(10),
      'Message to them': `We would like to hear about holiday clubs (${word}).`,
    });
    await axeCheck(page, `${theme}: invitation form`);
    await form.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Invitation sent. Their answer will show here.').waitFor();
    // They answer from the card in their Teams chat.
    const record = (await seeded.people.api(seeded.eli, `/api/records/kloe/${run.kloe.kloeId}`))
      .body;
    const invitation = record.invitations.at(-1);
    await seeded.teams.cardAction(seeded.policeLead1, 'engine-room.invitation.answer', {
      invitationId: invitation.id,
      response: 'accept',
      note: `I will bring our figures (${word}).`,
    });
    check(
      (
        await page
          .locator('section', {
            has: page.getByRole('heading', { name: 'Invitations to attend the Engine Room' }),
          })
          .textContent()
      ).includes('Cleveland Police Lead 1 (Cleveland Police)'),
      `${theme}: the invitation is listed on the record`,
    );
  });

  if (run.outcome) {
    await step('record the outcome', async () => {
      await page.getByRole('button', { name: 'Record the outcome' }).click();
      const form = page.locator('form', { hasText: 'What was learned and what was decided' });
      await fillForm(page, form, {
        'Learning identified': `Holiday clubs are outside the checks agencies expect (${word}).`,
        Decision: { radio: 'Learning identified' },
      });
      await axeCheck(page, `${theme}: outcome form`);
      await form.getByRole('button', { name: 'Record outcome' }).click();
      await page.waitForFunction(() => document.activeElement?.textContent === 'Outcome');
      const section = await page
        .locator('section', { has: page.getByRole('heading', { name: 'Outcome' }) })
        .textContent();
      check(
        section.includes('Decision') && section.includes(word),
        `${theme}: the outcome is shown, and the keyboard is on its heading`,
      );
    });
  }

  await step('follow a linked record', async () => {
    const links = page.locator('section', {
      has: page.getByRole('heading', { name: 'Linked records' }),
    });
    await links.getByRole('link', { name: run.related.reference }).click();
    await page.waitForFunction(
      (ref) =>
        document.activeElement?.tagName === 'H2' &&
        document.activeElement.textContent.startsWith(ref),
      run.related.reference,
      { timeout: 10_000 },
    );
    check(true, `${theme}: a linked record opens with the keyboard on its heading`);
    await page.goBack();
    await page.getByRole('heading', { level: 2, name: new RegExp(run.kloe.reference) }).waitFor();
  });

  await step('back to the queue', async () => {
    await page.getByRole('link', { name: 'Back to the queue' }).click();
    await page.getByText(/^1 record match/).waitFor();
    check(
      (await page.getByLabel('Search records').inputValue()) === word,
      `${theme}: back in the queue, the search is kept`,
    );
    await page.waitForFunction(() => document.activeElement?.hasAttribute('data-record'));
    check(true, `${theme}: back in the queue, the keyboard is on the record it left`);
  });

  await step('child details of a consideration request', async () => {
    const { people, consideration } = seeded;
    const eli = people.byRole('EngineRoom');
    const before = await detailReads(people, eli, consideration.id);
    const replies = [];
    const onReply = (r) => {
      if (r.url().includes('/details')) replies.push(r);
    };
    page.on('response', onReply);
    await page.goto(`${service.url}/tab/index.html#/engine-room/consideration/${consideration.id}`);
    const section = page.locator('section', {
      has: page.getByRole('heading', { name: 'The child’s details' }),
    });
    const show = section.getByRole('button', { name: 'Show the child’s details' });
    await show.waitFor();
    const main = page.locator('main');
    check(
      !(await main.textContent()).includes(consideration.childName),
      `${theme}: the record shows none of the child’s details until asked`,
    );
    check(
      (await detailReads(people, eli, consideration.id)) === before,
      `${theme}: opening the record reads no child details`,
    );
    if (run.keyboard) {
      await tabTo(
        page,
        () => document.activeElement?.textContent === 'Show the child’s details',
        'the Show the child’s details button',
      );
      await page.keyboard.press('Enter');
    } else {
      await show.click();
    }
    await section.getByText(consideration.childName).waitFor();
    const hide = section.getByRole('button', { name: 'Hide the child’s details' });
    check(
      (await hide.getAttribute('aria-expanded')) === 'true',
      `${theme}: the child’s details are shown, and the button says so`,
    );
    check(
      (await detailReads(people, eli, consideration.id)) === before + 1,
      `${theme}: showing them wrote one audit entry naming who read them`,
    );
    check(
      replies.length === 1 && /no-store/.test(replies[0].headers()['cache-control'] ?? ''),
      `${theme}: the details came once, marked not to be stored`,
    );
    const stored = await page.evaluate(() =>
      JSON.stringify([{ ...window.localStorage }, { ...window.sessionStorage }]),
    );
    check(
      !stored.includes(consideration.childName) && !stored.includes('Larkspur'),
      `${theme}: nothing of the child is kept in browser storage`,
    );
    await shot(page, `${theme}-child-details`);
    await axeCheck(page, `${theme}: consideration request with the child’s details shown`);
    await hide.click();
    check(
      !(await main.textContent()).includes(consideration.childName),
      `${theme}: Hide the child’s details takes them off the page`,
    );
    await show.click();
    await section.getByText(consideration.childName).waitFor();
    check(
      (await detailReads(people, eli, consideration.id)) === before + 2,
      `${theme}: each time they are shown is audited`,
    );
    // Leave the record and come back: hidden again, and not read again until asked.
    await page.getByRole('link', { name: 'Back to the queue' }).click();
    await page.getByText(/records? (in the queue|match)/).waitFor();
    await page.goBack();
    await show.waitFor();
    check(
      !(await main.textContent()).includes(consideration.childName) &&
        (await detailReads(people, eli, consideration.id)) === before + 2,
      `${theme}: back on the record, the details are hidden again and not read again`,
    );
    page.off('response', onReply);
  });

  await step('quarterly report', async () => {
    await page.goto(`${service.url}/tab/index.html#/quarterly-report`);
    await page.getByRole('heading', { level: 2, name: /report to the Executive/ }).waitFor();
    const text = await page.locator('article').textContent();
    check(
      /KLOEs received\s*\d+/.test(text) && /Explored by the Engine Room\s*[1-9]/.test(text),
      `${theme}: the report shows KLOEs received and explored, from their lifecycle`,
    );
    const tabTitle = await page
      .getByRole('heading', { level: 2, name: /report to the Executive/ })
      .textContent();
    check(
      /Impact tested\s*\d+/.test(text) && /Overdue at the end of the quarter/.test(text),
      `${theme}: the report shows the action figures by quarter`,
    );
    await shot(page, `${theme}-report`);
    await axeCheck(page, `${theme}: quarterly report`);
    await page.emulateMedia({ media: 'print' });
    check(
      !(await page.getByRole('button', { name: 'Download (Word)' }).isVisible()),
      `${theme}: printed, the report has no buttons`,
    );
    await shot(page, `${theme}-report-print`);
    await page.emulateMedia({ media: 'screen' });
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download (Word)' }).click(),
    ]);
    const file = await download.path();
    const bytes = readFileSync(file);
    check(
      download.suggestedFilename().endsWith('.docx') && bytes.subarray(0, 2).toString() === 'PK',
      `${theme}: Download (Word) saves a Word document (${download.suggestedFilename()}, ${bytes.length} bytes)`,
    );
    await page.getByText(/^Saved .*\.docx/).waitFor();
    const documentXml = await (
      await JSZip.loadAsync(bytes)
    )
      .file('word/document.xml')
      .async('string');
    check(
      documentXml.includes(tabTitle.replace(/&/g, '&amp;')),
      `${theme}: the Word document has the tab's title (${tabTitle})`,
    );
  });

  await step('newsletter for partners', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Billie BusinessUnit/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/newsletter`);
    await page.getByRole('heading', { level: 2, name: /Newsletter for partners/ }).waitFor();
    const headings = await page.locator('form h3').allTextContents();
    check(
      headings.includes('Serious Incident Notification / Learning Requests') &&
        headings.includes('Briefings'),
      `${theme}: the newsletter is drafted in the partnership's sections (${headings.length})`,
    );
    await page.getByLabel('Introduction').fill(`Welcome to this edition (${word}).`);
    await shot(page, `${theme}-newsletter`);
    await axeCheck(page, `${theme}: newsletter editor`);
    await page.getByRole('button', { name: /^Save as version/ }).click();
    await page.getByText(/^Saved as version \d+\./).waitFor();
    check(true, `${theme}: the edited newsletter is saved as a new version`);
    await page
      .getByRole('textbox', { name: /^Text/ })
      .first()
      .fill('The child, date of birth 04/03/2019, was notified.');
    await page.getByRole('button', { name: /^Save as version/ }).click();
    await page.getByText('There is a problem: one part needs changing.').waitFor();
    // Focus moves after the summary renders: wait for it rather than race it.
    const focusOnSummary = await page
      .waitForFunction(
        () => document.activeElement?.textContent?.startsWith('There is a problem'),
        null,
        { timeout: 5000 },
      )
      .then(
        () => true,
        () => false,
      );
    check(
      focusOnSummary,
      `${theme}: a child's date of birth is refused, and the keyboard is on what to change`,
    );
    // The buttons are enabled again once the reply is in: measure their colours then.
    await page.waitForFunction(() =>
      [...document.querySelectorAll('form button')].every(
        (b) => b.getAttribute('aria-disabled') !== 'true' && !b.disabled,
      ),
    );
    await page.evaluate(
      () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
    );
    await axeCheck(page, `${theme}: newsletter, a problem to fix`);
    await page.getByRole('button', { name: 'Start again from the records' }).click();
    await page.getByText('Started again from the records. Saving makes a new version.').waitFor();
  });

  await step('newsletter sent as a briefing', async () => {
    // A quarter's newsletter goes once: each theme run sends its own quarter of last year.
    const quarter = { light: 1, dark: 2, contrast: 3 }[theme];
    const today = new Date();
    const year = (today.getMonth() >= 3 ? today.getFullYear() : today.getFullYear() - 1) - 1;
    await page.goto(`${service.url}/tab/index.html#/newsletter?year=${year}&quarter=${quarter}`);
    await page.getByRole('heading', { level: 2, name: /Newsletter for partners/ }).waitFor();
    await page.getByText('Save it first: the newsletter is sent exactly as saved.').waitFor();
    check(
      (await page.getByRole('button', { name: /as a briefing$/ }).count()) === 0,
      `${theme}: a draft never saved cannot be sent`,
    );
    const enabled = async () => {
      await page.waitForFunction(() =>
        [...document.querySelectorAll('form button')].every(
          (b) => b.getAttribute('aria-disabled') !== 'true' && !b.disabled,
        ),
      );
      await page.evaluate(
        () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))),
      );
    };
    await page.getByLabel('Introduction').fill(`The ${theme} edition (${word}).`);
    await page.getByRole('button', { name: /^Save as version/ }).click();
    await page.getByText('Saved as version 1.').waitFor();
    const sendButton = page.getByRole('button', { name: 'Send version 1 as a briefing' });
    await sendButton.waitFor();
    // Changed again and not saved: it says to save first, and there is nothing to send yet.
    await page.getByLabel('Introduction').fill(`The ${theme} edition, corrected (${word}).`);
    await page.getByText('You have changes that are not saved. Save them as version 2').waitFor();
    check(
      (await sendButton.count()) === 0,
      `${theme}: with changes not saved, it says to save them before sending`,
    );
    await page.getByRole('button', { name: /^Save as version/ }).click();
    await page.getByText('Saved as version 2.').waitFor();
    await page.getByRole('button', { name: 'Send version 2 as a briefing' }).click();
    await page
      .getByRole('heading', {
        level: 3,
        name: /^Send version 2 of the newsletter to \d+ leads in \d+ agencies\?$/,
      })
      .waitFor();
    await page.getByText(`After you send it you have ${undoSeconds} seconds to cancel`).waitFor();
    await enabled();
    await shot(page, `${theme}-newsletter-send-confirm`);
    await axeCheck(page, `${theme}: newsletter, confirm sending it as a briefing`);
    await page.getByRole('button', { name: /^Send to \d+ leads in \d+ agencies$/ }).click();
    const sentLine = page.getByText(/^Sent as briefing BRF-\d{4}-\d{4} on .* version 2\./);
    await sentLine.waitFor();
    await page
      .getByText(/^Nothing has left yet\. You can cancel for \d+ more seconds?\./)
      .waitFor();
    check(
      (await page.getByRole('button', { name: 'Cancel sending' }).count()) === 1,
      `${theme}: once the newsletter is sent, it can be cancelled for a short time`,
    );
    const focusOnSent = await page
      .waitForFunction(
        () => document.activeElement?.textContent?.startsWith('Sent as briefing'),
        null,
        { timeout: 5000 },
      )
      .then(
        () => true,
        () => false,
      );
    check(focusOnSent, `${theme}: once sent, the keyboard is on what was sent`);
    check(
      (await page.getByRole('button', { name: /as a briefing$/ }).count()) === 0,
      `${theme}: once sent, there is nothing to press again`,
    );
    await enabled();
    await shot(page, `${theme}-newsletter-sent`);
    await axeCheck(page, `${theme}: newsletter sent as a briefing`);
    await page.getByRole('link', { name: /^See each agency’s progress/ }).click();
    await page.getByRole('heading', { level: 2, name: /^BRF-\d{4}-\d{4}: .*newsletter/ }).waitFor();
    await page.getByText(/^Sent .* to \d+ leads in \d+ agencies/).waitFor({ timeout: 90_000 });
    check(
      (await page.getByRole('columnheader', { name: 'Impact reported' }).count()) === 0 &&
        (await page.getByRole('columnheader', { name: 'Cascaded' }).count()) === 1,
      `${theme}: the newsletter's progress has no impact column (it makes no recommendations)`,
    );
    await shot(page, `${theme}-newsletter-briefing-status`);
    await axeCheck(page, `${theme}: newsletter briefing status`);
  });

  await step('circulation plan', async () => {
    await page.goto(`${service.url}/tab/index.html#/circulation`);
    await page.getByRole('heading', { level: 2, name: 'What is due' }).waitFor();
    await axeCheck(page, `${theme}: circulation plan`);
    const form = page.locator('form', { hasText: 'Record a meeting or event' });
    await form.getByLabel(/^What it is/).selectOption({ label: 'Training session' });
    await form.getByLabel(/^Title/).fill(`Neglect training (${word})`);
    await form.getByLabel(/^Date/).fill(inDays(0));
    await form.getByRole('radio', { name: 'Virtual' }).check();
    await axeCheck(page, `${theme}: circulation plan, recording a training session`);
    await form.getByRole('button', { name: 'Record it' }).click();
    await page.getByText(`Recorded: Neglect training (${word}).`).waitFor();
    await page
      .locator('section', { has: page.getByRole('heading', { name: /^Meetings and events/ }) })
      .getByText(word)
      .waitFor();
    check(true, `${theme}: the training session is listed with the events`);
    // Months ago, nothing was marked done: the monthly e-bulletins are overdue.
    await page.goto(
      `${service.url}/tab/index.html#/circulation?from=${inDays(-200)}&to=${inDays(-100)}`,
    );
    // The dates shown are the server's answer for the new window.
    await page.waitForFunction(
      (from) => document.querySelector('input[type=date]')?.value === from,
      inDays(-200),
    );
    await page
      .getByText(/^Overdue: due by/)
      .first()
      .waitFor();
    const overdue = await page.getByText(/^Overdue: due by/).count();
    check(overdue > 0, `${theme}: what is overdue against the plan is shown (${overdue})`);
    // The date it was actually done, not only today; a date after today is refused beside it.
    const markForm = page.getByRole('form', { name: /^Mark done: / }).first();
    const doneOn = markForm.getByLabel(/^Date it was done: /);
    await doneOn.fill(inDays(2));
    await markForm.getByRole('button', { name: /^Mark done: / }).click();
    await markForm.getByText('The date it was done cannot be in the future').waitFor();
    await doneOn.fill(inDays(-3));
    await markForm.getByRole('button', { name: /^Mark done: / }).click();
    const [y, m, d] = inDays(-3).split('-').map(Number);
    const shown = new Date(Date.UTC(y, m - 1, d)).toLocaleDateString('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    });
    await page.getByText(new RegExp(`^Marked done on ${shown}: `)).waitFor();
    check(true, `${theme}: an item is marked done on the day it was done (${shown})`);
    await shot(page, `${theme}-circulation`);
    await axeCheck(page, `${theme}: circulation plan after marking done`);
  });

  await step('recommendations (Development Manager)', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Dana DevelopmentManager/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/recommendations`);
    await page.getByRole('table').waitFor();
    const row = page.locator('tr', { hasText: `(${word})` });
    const text = await row.textContent();
    check(
      text.includes('KLOE outcome') &&
        text.includes(seeded.agencies[1]) &&
        text.includes('Not started'),
      `${theme}: the Development Manager sees the recommendation with its source, owner and status`,
    );
    await shot(page, `${theme}-recommendations`);
    await axeCheck(page, `${theme}: recommendations`);
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'Briefing' });
    // Only briefings' recommendations now: none yet in the first theme's run; the briefing
    // sent in an earlier theme's run brought its own.
    await row.waitFor({ state: 'detached' });
    const listed = await page.locator('tbody tr').allTextContents();
    check(
      page.url().includes('source=briefing') && listed.every((r) => r.includes('Briefing')),
      `${theme}: the source filter shows only briefings' recommendations and is kept in the address`,
    );
    await axeCheck(
      page,
      `${theme}: recommendations, ${listed.length === 0 ? 'nothing matches' : 'from briefings'}`,
    );
    await page.getByLabel('Source', { exact: true }).selectOption({ label: 'KLOE outcome' });
    await row.waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export (CSV)' }).click(),
    ]);
    const csv = readFileSync(await download.path(), 'utf8');
    check(
      download.suggestedFilename().endsWith('.csv') &&
        csv.includes('"Reference","Recommendation"') &&
        csv.includes(`(${word})`),
      `${theme}: Export (CSV) saves the list (${download.suggestedFilename()})`,
    );
    await page.getByText(/^Saved .*\.csv/).waitFor();
  });

  // The recommendation this run recorded, as the service holds it (id, reference, version).
  const dana = seeded.people.byRole('DevelopmentManager');
  const thisRecommendation = async () =>
    (await seeded.people.api(dana, '/api/recommendations')).body.items.find((r) =>
      r.text.includes(`(${word})`),
    );

  await step(
    'recommendations: the Development Manager changes progress, after a conflict',
    async () => {
      const rec = await thisRecommendation();
      const row = page.locator('tr', { hasText: `(${word})` });
      const toggle = page.getByRole('button', {
        name: `Change progress or due date of ${rec.reference}`,
      });
      if (run.keyboard) {
        await tabTo(
          page,
          `document.activeElement?.getAttribute('aria-label') === 'Change progress or due date of ${rec.reference}'`,
          'the Change progress button',
        );
        await page.keyboard.press('Enter');
      } else {
        await toggle.click();
      }
      const form = page.getByRole('form', {
        name: `Change progress or due date: ${rec.reference}`,
      });
      await form.waitFor();
      check(
        (await toggle.getAttribute('aria-expanded')) === 'true',
        `${theme}: the Change progress button says it is expanded`,
      );
      const progress = form.getByLabel(/^Progress/);
      check(
        (await progress.inputValue()) === '0' &&
          (await form.getByLabel(/^Due date/).inputValue()) === inDays(60),
        `${theme}: the form starts from the recommendation's progress and due date`,
      );
      await axeCheck(page, `${theme}: recommendations, changing progress`);

      // More than 100: the service's message beside the field, the keyboard on it.
      if (run.keyboard) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('140');
        await page.keyboard.press('Enter');
      } else {
        await progress.fill('140');
        await form.getByRole('button', { name: 'Save changes' }).click();
      }
      await form.getByText('There is a problem: one answer needs changing.').waitFor();
      const onField = await page
        .waitForFunction(
          () =>
            document.activeElement?.getAttribute('type') === 'number' &&
            document.activeElement?.getAttribute('aria-invalid') === 'true',
          null,
          { timeout: 5000 },
        )
        .then(
          () => true,
          () => false,
        );
      check(
        onField &&
          (await form.getByText('Progress must be a whole number from 0 to 100').count()) > 0,
        `${theme}: progress over 100 is refused beside the field, the keyboard on it`,
      );
      await form.getByRole('button', { name: 'Save changes' }).waitFor();
      await axeCheck(page, `${theme}: recommendations, progress with a problem`);

      // Meanwhile the due date is changed elsewhere (another window): this form's version is stale.
      const elsewhere = await seeded.people.api(
        dana,
        `/api/recommendations/${rec.id}`,
        { dueDate: inDays(90), expectedVersion: rec.version },
        'PATCH',
      );
      check(
        elsewhere.status === 200,
        `${theme}: a change made elsewhere is saved (${elsewhere.status})`,
      );
      if (run.keyboard) {
        await page.keyboard.press('Control+A');
        await page.keyboard.type('100');
        await page.keyboard.press('Enter');
      } else {
        await progress.fill('100');
        await form.getByRole('button', { name: 'Save changes' }).click();
      }
      await form.getByText('Not saved: someone else changed it first').waitFor();
      check(
        (await form
          .getByText(/Someone changed this recommendation since you opened it/)
          .count()) === 1,
        `${theme}: the conflict is said plainly, in the service's words`,
      );
      const onConflict = await page
        .waitForFunction(
          () =>
            document.activeElement?.textContent?.startsWith('Not saved: someone else changed it'),
          null,
          { timeout: 5000 },
        )
        .then(
          () => true,
          () => false,
        );
      check(onConflict, `${theme}: after a conflict the keyboard is on the message`);
      await shot(page, `${theme}-recommendation-conflict`);
      await axeCheck(page, `${theme}: recommendations, conflict`);
      if (run.keyboard) {
        await tabTo(
          page,
          () => document.activeElement?.textContent === 'Reload the recommendation',
          'the Reload button',
        );
        await page.keyboard.press('Enter');
      } else {
        await form.getByRole('button', { name: 'Reload the recommendation' }).click();
      }
      const longDate = (iso) =>
        new Intl.DateTimeFormat('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        }).format(new Date(`${iso}T12:00:00Z`));
      await form
        .getByText(
          `Reloaded. ${rec.reference} is now 0% done, due ${longDate(inDays(90))}. You had entered 100% and ${longDate(inDays(60))}.`,
          { exact: false },
        )
        .waitFor();
      check(
        (await form.getByLabel(/^Due date/).inputValue()) === inDays(90) &&
          (await row.textContent()).includes(longDate(inDays(90))),
        `${theme}: reloaded, the form and the list show the change made elsewhere`,
      );
      await form.getByRole('button', { name: 'Save changes' }).waitFor();
      await axeCheck(page, `${theme}: recommendations, reloaded after a conflict`);

      if (run.keyboard) {
        await page.keyboard.press('Tab');
        await page.keyboard.press('Control+A');
        await page.keyboard.type('100');
        await page.keyboard.press('Enter');
      } else {
        await progress.fill('100');
        await form.getByRole('button', { name: 'Save changes' }).click();
      }
      await page
        .getByText(
          new RegExp(
            `^Saved ${rec.reference}: 100% done, due .* Marked completed: the Engine Room’s impact test is scheduled from`,
          ),
        )
        .waitFor();
      await form.waitFor({ state: 'detached' });
      check(
        (await row.textContent()).includes('Completed, impact testing scheduled'),
        `${theme}: saved at 100%, the recommendation is completed and impact testing scheduled`,
      );
      const backOnToggle = await page
        .waitForFunction(
          (label) => document.activeElement?.getAttribute('aria-label') === label,
          `Change progress or due date of ${rec.reference}`,
          { timeout: 5000 },
        )
        .then(
          () => true,
          () => false,
        );
      check(
        backOnToggle,
        `${theme}: once saved, the keyboard is back on the button that opened it`,
      );
      const held = await thisRecommendation();
      check(
        held.percentComplete === 100 && held.dueDate === inDays(90) && held.status === 'completed',
        `${theme}: the service holds 100% and the due date changed elsewhere`,
      );
      await shot(page, `${theme}-recommendation-completed`);
      await axeCheck(page, `${theme}: recommendations, progress saved`);

      if (run.narrow) {
        // WCAG 1.4.10: the open form fits 320 pixels, though the table scrolls sideways.
        await page.setViewportSize({ width: 320, height: 700 });
        await toggle.click();
        await form.waitFor();
        const box = await form.boundingBox();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        check(
          box.x >= 0 && box.x + box.width <= 320 && width <= 320,
          `${theme}: the progress form fits 320 pixels without scrolling sideways (${Math.round(box.x)}+${Math.round(box.width)}, page ${width})`,
        );
        await shot(page, `${theme}-narrow-recommendation-form`);
        await form.getByRole('button', { name: 'Cancel' }).click();
        await form.waitFor({ state: 'detached' });
        await page.setViewportSize({ width: 1100, height: 800 });
      }
    },
  );

  await step('recommendations: the Engine Room records the impact test', async () => {
    const rec = await thisRecommendation();
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Eli EngineRoom/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/recommendations`);
    const row = page.locator('tr', { hasText: `(${word})` });
    await row.waitFor();
    check(
      (await page.getByRole('button', { name: /^Change progress or due date of / }).count()) === 0,
      `${theme}: the Engine Room is not offered the Development Manager's change`,
    );
    const toggle = page.getByRole('button', { name: `Record the impact test of ${rec.reference}` });
    if (run.keyboard) {
      await tabTo(
        page,
        `document.activeElement?.getAttribute('aria-label') === 'Record the impact test of ${rec.reference}'`,
        'the Record the impact test button',
      );
      await page.keyboard.press('Enter');
    } else {
      await toggle.click();
    }
    // The form declared in core (impactResultForm), drawn by the shared DeclaredForm.
    const form = page.getByRole('form', { name: 'Record the impact test' });
    await form.waitFor();
    check(
      (await form.getByText(`For ${rec.reference}.`).count()) === 1 &&
        (await form.getByLabel(/^Evidence of impact/).count()) === 1 &&
        (await form.getByRole('radio').count()) === 3,
      `${theme}: the impact form is the declared one: evidence and three ratings`,
    );
    await axeCheck(page, `${theme}: recommendations, recording the impact test`);
    await form.getByRole('button', { name: 'Record impact' }).click();
    await form.getByText('There is a problem: 2 answers need changing.').waitFor();
    check(
      (await form.getByText('Say what evidence the impact test found').count()) > 0,
      `${theme}: sent empty, the service's messages are shown beside the fields`,
    );
    await form.getByRole('button', { name: 'Record impact' }).waitFor();
    await shot(page, `${theme}-impact-errors`);
    await axeCheck(page, `${theme}: impact test with problems`);

    const evidence = run.warning
      ? `Audit of 20 holiday clubs, including the TS24 7BW hub (${word}): 18 now ask for checks.`
      : `Audit of 20 holiday clubs (${word}): 18 now ask for checks.`;
    if (run.keyboard) {
      // The keyboard is on the first field with a problem: the evidence.
      await page
        .waitForFunction(() => document.activeElement?.tagName === 'TEXTAREA', null, {
          timeout: 5000,
        })
        .catch(() => {});
      await page.keyboard.type(evidence);
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      await tabTo(
        page,
        () => document.activeElement?.getAttribute('type') === 'submit',
        "the form's Record impact button",
      );
      await page.keyboard.press('Enter');
    } else {
      await form.getByLabel(/^Evidence of impact/).fill(evidence);
      await form.getByRole('radio', { name: /^Strong impact/ }).check();
      await form.getByRole('button', { name: 'Record impact' }).click();
    }
    if (run.warning) {
      // A postcode: the service warns; the person confirms they have checked, then it is sent.
      await form.getByText('Check before sending').waitFor();
      await form.getByRole('button', { name: 'Record impact' }).waitFor();
      const onBox = await page
        .waitForFunction(() => document.activeElement?.getAttribute('type') === 'checkbox', null, {
          timeout: 5000,
        })
        .then(
          () => true,
          () => false,
        );
      check(
        onBox,
        `${theme}: after a warning on the impact test the keyboard is on the confirm box`,
      );
      await axeCheck(page, `${theme}: impact test with a warning`);
      await page.keyboard.press('Space');
      await page.keyboard.press('Tab');
      await page.keyboard.press('Enter');
    }
    await page
      .getByText(
        `Recorded the impact test of ${rec.reference}: Strong impact: practice has changed as intended. It is now closed.`,
      )
      .waitFor();
    await form.waitFor({ state: 'detached' });
    check(
      (await row.textContent()).includes('Closed: impact tested') && (await toggle.count()) === 0,
      `${theme}: recorded, the recommendation is closed and no second test is offered`,
    );
    const onRow = await page
      .waitForFunction((id) => document.activeElement?.id === id, `rec-${rec.id}-reference`, {
        timeout: 5000,
      })
      .then(
        () => true,
        () => false,
      );
    check(onRow, `${theme}: once recorded, the keyboard is on the recommendation`);
    const held = await thisRecommendation();
    check(
      held.status === 'closed' &&
        held.impact?.rating === 'strong' &&
        held.impact.evidence === evidence,
      `${theme}: the service holds the impact result and the recommendation is closed`,
    );
    await shot(page, `${theme}-impact-recorded`);
    await axeCheck(page, `${theme}: recommendations, impact recorded`);
    // Back to the Development Manager, whom the steps that follow expect.
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Dana DevelopmentManager/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/^Signed in as /).waitFor();
  });

  if (run.narrow) {
    await step('reflow at 320 pixels wide', async () => {
      // WCAG 1.4.10: no sideways scrolling at 320 CSS pixels (400% zoom of a 1280 pixel screen).
      await page.setViewportSize({ width: 320, height: 700 });
      const screens = [
        ['queue', '#/engine-room', page.getByRole('heading', { name: 'Records' })],
        [
          'record',
          `#/engine-room/kloe/${run.kloe.kloeId}`,
          page.getByRole('heading', { name: 'History' }),
        ],
        ['report', '#/quarterly-report', page.getByRole('button', { name: 'Download (Word)' })],
        [
          'newsletter',
          '#/newsletter',
          page.getByRole('heading', { level: 2, name: /Newsletter for partners/ }),
        ],
        ['circulation plan', '#/circulation', page.getByRole('heading', { name: 'What is due' })],
        ['recommendations', '#/recommendations', page.getByRole('table')],
      ];
      for (const [name, hash, ready] of screens) {
        await page.goto(`${service.url}/tab/index.html${hash}`);
        await ready.waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        check(
          width <= 320,
          `${theme}: the ${name} fits 320 pixels without scrolling sideways (${width})`,
        );
        await shot(page, `${theme}-narrow-${name}`);
      }
      await page.setViewportSize({ width: 1100, height: 800 });
    });
  }

  await step('triage in the tab (Business Unit)', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Billie BusinessUnit/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(/^Signed in as /).waitFor();
    const kloe = run.untriaged;
    await page.goto(`${service.url}/tab/index.html#/engine-room/kloe/${kloe.kloeId}`);
    const triage = page.getByRole('region', { name: 'Triage' });
    await triage.getByRole('button', { name: 'Accept onto the Engine Room agenda' }).click();
    const form = triage.locator('form', { hasText: 'Choose the Engine Room meeting' });
    await form.waitFor();
    await axeCheck(page, `${theme}: triage form in the tab`);
    await fillForm(page, form, { 'Engine Room meeting date': inWorkingDays(8) });
    await form.getByRole('button', { name: 'Accept', exact: true }).click();
    await triage
      .getByText(/^You accepted it onto the Engine Room agenda, for the meeting on/)
      .waitFor();
    await page
      .getByRole('region', { name: 'Progress' })
      .getByRole('cell', { name: 'Triaged (accepted)', exact: true })
      .waitFor();
    const progress = await page.getByRole('region', { name: 'Progress' }).textContent();
    check(
      /Triaged \(accepted\)\s*Billie BusinessUnit/.test(progress),
      `${theme}: triaged in the tab, the lifecycle says who accepted it`,
    );
    check(
      (await page.getByText(/^Key Line of Enquiry · Status:/).textContent()).includes(
        'Accepted onto the Engine Room agenda',
      ),
      `${theme}: the record's status follows the decision`,
    );
    // The card in the Business Unit's channel shows the same decision (the card path's job).
    const card = await eventually(async () => {
      const s = await seeded.teams.state();
      const root = s.teams
        .flatMap((t) => t.channels)
        .flatMap((c) => c.threads)
        .find((t) => t.root.id === kloe.rootId)?.root;
      const text = JSON.stringify(root?.attachments?.[0]?.content ?? {});
      return text.includes('Triaged (accepted)') ? text : undefined;
    }, 'the channel card updated');
    check(
      card.includes('Accepted onto the Engine Room agenda'),
      `${theme}: the channel card shows the decision taken in the tab`,
    );
    await shot(page, `${theme}-triaged-in-tab`);
    await axeCheck(page, `${theme}: record triaged in the tab`);
  });

  await step('briefing notes', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Billie BusinessUnit/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/briefings`);
    await page.getByRole('heading', { level: 2, name: 'All briefing notes' }).waitFor();
    await page.getByRole('button', { name: 'Write a briefing note' }).click();
    const form = page.getByRole('form', { name: /Write a briefing note/ });
    await form.waitFor();
    // Sent empty: a message beside each field and a summary, the keyboard on the first.
    await form.getByRole('button', { name: 'Preview, then check who it goes to' }).click();
    await form.getByText(/There is a problem: \d+ answers need changing/).waitFor();
    await shot(page, `${theme}-briefing-problems`);
    await axeCheck(page, `${theme}: briefing note with problems`);
    const title = `Learning from the ${theme} theme run: ${word}`;
    await fillForm(page, form, {
      Title: title,
      'Type of briefing': { radio: /^Reactive/ },
      Theme: { select: 'Neglect' },
      'Identified learning': 'Concerns about neglect were not shared early enough.',
      'Recommendation 1': 'Share concerns within one working day.',
      'Proposed actions': 'Brief every team by the end of the month.',
    });
    // A list: each item its own labelled box; the keyboard goes to the one added, and a
    // refused item is named by its number in the summary, which links to it.
    const focusedLabel = () =>
      page.evaluate(() => document.activeElement?.labels?.[0]?.textContent ?? '');
    await form.getByRole('button', { name: 'Add another recommendation' }).click();
    await page.waitForFunction(() =>
      document.activeElement?.labels?.[0]?.textContent?.startsWith('Recommendation 2'),
    );
    await page.keyboard.type('Ring Mrs Jones about it.');
    await form.getByRole('button', { name: 'Preview, then check who it goes to' }).click();
    const refused = form.getByRole('link', { name: /^Recommendation 2: Take out a person/ });
    await refused.waitFor();
    await page.waitForFunction(() =>
      document.activeElement?.labels?.[0]?.textContent?.startsWith('Recommendation 2'),
    );
    await form.getByRole('button', { name: 'Preview, then check who it goes to' }).focus();
    await refused.click();
    check(
      (await focusedLabel()).startsWith('Recommendation 2'),
      `${theme}: the summary's link to a refused recommendation takes the keyboard to it`,
    );
    await fillForm(page, form, { 'Recommendation 2': 'Use the neglect toolkit at every review.' });
    await form.getByRole('button', { name: 'Add another recommendation' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() =>
      document.activeElement?.labels?.[0]?.textContent?.startsWith('Recommendation 3'),
    );
    await form.getByRole('button', { name: 'Remove recommendation 3' }).focus();
    await page.keyboard.press('Enter');
    await form
      .getByRole('status')
      .getByText('Recommendation 3 removed. 2 recommendations left.')
      .waitFor();
    check(
      (await focusedLabel()).startsWith('Recommendation 2') &&
        (await form.getByRole('textbox', { name: /^Recommendation \d/ }).count()) === 2,
      `${theme}: removing the last recommendation leaves two, the keyboard on the one before`,
    );
    await form.getByRole('button', { name: 'Preview, then check who it goes to' }).click();
    // Nothing is sent from the form: the exact audience, the undo window and a button saying both.
    const question = page.getByRole('heading', {
      level: 3,
      name: /^Send this briefing note to \d+ leads in \d+ agencies\?$/,
    });
    await question.waitFor();
    await page.waitForFunction(() =>
      document.activeElement?.textContent?.startsWith('Send this briefing note to'),
    );
    await page.getByText(`After you send it you have ${undoSeconds} seconds to cancel`).waitFor();
    const audience = /to (\d+ leads in \d+ agencies)\?$/.exec(await question.textContent())[1];
    await page.getByRole('heading', { name: /^Preview: / }).waitFor();
    const frame = page.frameLocator('iframe[title="The email as leads will see it"]');
    await frame.getByRole('heading', { level: 1, name: title }).waitFor();
    check(
      (await frame.getByRole('img').getAttribute('alt'))?.includes('logo'),
      `${theme}: the preview shows the partnership's logo with its alt text`,
    );
    await page.getByRole('button', { name: 'Show the large-print copy' }).click();
    await page
      .frameLocator('iframe[title="Large-print copy of the email"]')
      .getByRole('heading', { level: 1 })
      .waitFor();
    await shot(page, `${theme}-briefing-preview`);
    await axeCheck(page, `${theme}: briefing note preview and confirmation`);
    await page.getByRole('button', { name: `Send to ${audience}` }).click();
    await page
      .getByRole('heading', { level: 2, name: new RegExp(`BRF-\\d{4}-\\d{4}: ${title}`) })
      .waitFor();
    // Within the window: nothing has left, and it can be cancelled; cancelled, it is a draft.
    await page
      .getByText(/^Nothing has left yet\. You can cancel for \d+ more seconds?\./)
      .waitFor();
    await axeCheck(page, `${theme}: briefing note, time to cancel`);
    await page.getByRole('button', { name: 'Cancel sending' }).click();
    await page
      .getByText('Sending was cancelled: nothing was sent. It is kept as a draft.')
      .waitFor();
    const stillDraft = await seeded.people.api(
      seeded.people.byRole('BusinessUnit'),
      '/api/briefings',
    );
    check(
      stillDraft.body.find((b) => b.title === title)?.status === 'draft',
      `${theme}: a send cancelled within the window leaves a draft`,
    );
    // Sent after all, and left to go: the first message leaves after the window.
    await page.getByRole('button', { name: 'Send it to every agency’s leads' }).click();
    await page.getByRole('button', { name: `Send to ${audience}` }).click();
    await page.getByRole('button', { name: 'Cancel sending' }).waitFor();
    await page.getByText(/^Sent .* to \d+ leads in \d+ agencies/).waitFor({ timeout: 90_000 });
    const rows = await page.locator('tbody tr').count();
    check(rows > 10, `${theme}: the status table has a row per agency (${rows})`);
    await shot(page, `${theme}-briefing-status`);
    await axeCheck(page, `${theme}: briefing note status`);
    if (run.narrow) {
      // Its tables scroll in their own boxes at 320 pixels: each reachable by the keyboard.
      await page.setViewportSize({ width: 320, height: 700 });
      await axeCheck(page, `${theme}: briefing note status at 320 pixels`);
      await page.setViewportSize({ width: 1100, height: 800 });
    }
    await page.getByText(/^Each lead \(\d+\): delivery and acknowledgement/).click();
    await page.getByRole('table', { name: 'Each lead the briefing note was sent to' }).waitFor();
    check(
      (await page
        .getByRole('table', { name: 'Each lead the briefing note was sent to' })
        .getByRole('cell', { name: 'Sent', exact: true })
        .count()) > 10,
      `${theme}: each lead's copy shows as sent`,
    );
    await axeCheck(page, `${theme}: briefing note, each lead`);
    await page.getByRole('link', { name: 'Back to briefing notes' }).click();
    await page.getByRole('link', { name: new RegExp(title) }).waitFor();
    await axeCheck(page, `${theme}: briefing notes list`);
  });

  await step('Active Learning', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Billie BusinessUnit/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/engine-room/kloe/${run.kloe.kloeId}`);
    // The representative answered from their Teams chat: the answer is on the record.
    const invitations = page.locator('section', {
      has: page.getByRole('heading', { name: 'Invitations to attend the Engine Room' }),
    });
    await invitations.getByText('Will attend').waitFor();
    check(
      (await invitations.textContent()).includes(`Their note: I will bring our figures (${word}).`),
      `${theme}: the representative's answer and note show on the record`,
    );
    await axeCheck(page, `${theme}: record with an invitation answered`);
    await page.getByRole('link', { name: 'Plan Active Learning from this focus group' }).click();
    const form = page.locator('form', { hasText: 'The theme and planned activity' });
    await form.waitFor();
    check(
      (await form.getByLabel(/^Planned from/).inputValue()) === run.activityStart,
      `${theme}: planning Active Learning starts from the planned activity's dates`,
    );
    await fillForm(page, form, {
      Theme: { select: run.themeName },
      'Nominations wanted by': inDays(3),
    });
    await form.getByRole('checkbox', { name: 'Cleveland Police' }).check();
    await axeCheck(page, `${theme}: plan Active Learning`);
    await form.getByRole('button', { name: 'Create and invite agencies' }).click();
    await page.getByRole('heading', { name: 'Nominations by agency' }).waitFor();
    await page.getByRole('button', { name: 'Chase the 1 agency yet to nominate' }).click();
    await page.getByText('Chased Cleveland Police.').waitFor();
    await axeCheck(page, `${theme}: Active Learning, nominations by agency`);
    // A lead nominates from the card in their Teams chat.
    const setId = decodeURIComponent(page.url().split('#/active-learning/')[1]);
    await seeded.teams.cardAction(seeded.policeLead1, 'active-learning.nominate', {
      setId,
      nominee1: seeded.eli.id,
    });
    await page.reload();
    await page.getByText('Eli EngineRoom (by Cleveland Police Lead 1)').waitFor();
    await page.getByRole('button', { name: 'Find times' }).click();
    await page.getByRole('heading', { name: 'Times that suit everyone' }).waitFor();
    await axeCheck(page, `${theme}: Active Learning, times that suit everyone`);
    await page
      .getByRole('button', { name: 'Create the Teams meeting and invite the nominees' })
      .click();
    await page.getByText('The Teams meeting is in the nominees’ calendars.').waitFor();
    await page.getByRole('checkbox', { name: /Eli EngineRoom/ }).check();
    await page.getByRole('button', { name: 'Record attendance' }).click();
    await page.getByText('Eli EngineRoom (by Cleveland Police Lead 1): attended').waitFor();
    await shot(page, `${theme}-active-learning`);
    await axeCheck(page, `${theme}: Active Learning, held`);
    await page.goto(`${service.url}/tab/index.html#/active-learning`);
    await page.getByRole('link', { name: new RegExp(`^${run.themeName}: Focus group`) }).waitFor();
    await axeCheck(page, `${theme}: Active Learning list`);
  });

  await step('personal tab', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Pat Practitioner/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/personal`);
    await page.getByRole('heading', { level: 3, name: new RegExp(run.kloe.reference) }).waitFor();
    const item = page.locator('li', {
      has: page.getByRole('heading', { name: new RegExp(run.kloe.reference) }),
    });
    // The Engine Room has taken it up (evidence, and in one run an outcome): it says so.
    const status = run.outcome ? 'Outcome recorded' : 'Being explored by the Engine Room';
    check(
      (await item.textContent()).includes(status),
      `${theme}: the practitioner sees the status of what they sent (${status})`,
    );
    await item.getByText(/^History/).click();
    check(
      (await item.textContent()).includes('accepted it onto the Engine Room agenda'),
      `${theme}: and its history`,
    );
    await shot(page, `${theme}-personal`);
    await axeCheck(page, `${theme}: personal tab`);
    // Only the pages a practitioner can use are offered, and a page not open to them never
    // loads: said plainly, with no call to the API behind it.
    const offered = await page
      .getByRole('navigation', { name: 'Pathways pages' })
      .getByRole('link')
      .allTextContents();
    check(
      JSON.stringify(offered) === JSON.stringify(['My submissions']),
      `${theme}: a practitioner's navigation lists only their page (${offered.join(', ')})`,
    );
    const apiCalls = [];
    const onRequest = (r) => {
      const path = new URL(r.url()).pathname;
      if (path.startsWith('/api/') && path !== '/api/me' && path !== '/api/config')
        apiCalls.push(path);
    };
    page.on('request', onRequest);
    await page.goto(`${service.url}/tab/index.html#/engine-room`);
    await page.getByText('Engine Room is not open to you').waitFor();
    await page.goto(`${service.url}/tab/index.html#/circulation`);
    await page.getByText('Circulation plan is not open to you').waitFor();
    page.off('request', onRequest);
    check(
      apiCalls.length === 0,
      `${theme}: pages not open to a practitioner make no API calls (${apiCalls.join(', ')})`,
    );
    await axeCheck(page, `${theme}: a page not open to a practitioner`);
    // Home: the links are targets at least 24 by 24 pixels.
    await page.goto(`${service.url}/tab/index.html#/`);
    const sizes = await page
      .getByRole('main')
      .getByRole('link')
      .evaluateAll((links) => links.map((a) => a.getBoundingClientRect().height));
    check(
      sizes.length > 0 && sizes.every((h) => h >= 24),
      `${theme}: the home page's links are at least 24 px high (${sizes.join(', ')})`,
    );
  });

  check(errors.length === 0, `${theme}: no page errors ${errors}`);
  check(external.length === 0, `${theme}: nothing loaded from off this machine ${external}`);
  await context.close();
}

// --- injection (issue 9): what people type is shown as typed, and nothing runs --------------------

const INJECTIONS = [
  '<script>window.__pwned=1</script>',
  '<img src=x onerror="window.__pwned=1">',
  '[x](javascript:window.__pwned=1)',
  '**bold**',
  '{"type":"Action.OpenUrl","url":"https://evil"}',
];
const LONG_WORD = 5000;

/**
 * What is typed into a free-text field of at most `max` characters: every injection string that
 * fits, then an unbroken word as long as the field allows (5,000 characters where it can).
 */
function injected(max, tag) {
  let text = tag;
  for (const i of INJECTIONS) if (text.length + 1 + i.length <= max) text += ` ${i}`;
  const room = Math.min(LONG_WORD, max - text.length - 1);
  return room >= 10 ? `${text} ${'W'.repeat(room)}` : text;
}

/** Records holding the injection strings in every free-text field the tab shows, seeded by API. */
async function seedInjections(seeded) {
  const { people, agencies, facets } = seeded;
  const teams = bot(service);
  const pat = people.byRole('Practitioner');
  const eli = people.byRole('EngineRoom');
  const typed = {};
  // Sent from the form in the chat; the channel card is not waited for (the long queue's cards
  // may still be posting), the record is found through the API.
  const receipt = await teams.cardAction(pat, 'kloe.submit', {
    form: 'kloe',
    organisation: agencies[0],
    contactOfficer: (typed.contactOfficer = injected(120, 'Officer')),
    subject: (typed.subject = injected(200, 'Subject')),
    theme: facets.themes[0],
    details: (typed.details = injected(4000, 'Details')),
    actionWanted: (typed.actionWanted = injected(2000, 'Action')),
  });
  const kloeRef = /KLOE-\d{4}-\d{4}/.exec(JSON.stringify(receipt))?.[0];
  if (!kloeRef) throw new Error(`the KLOE was not accepted: ${JSON.stringify(receipt)}`);
  const found = (await people.api(eli, `/api/queue?q=${encodeURIComponent(kloeRef)}`)).body.items;
  const item = found.find((k) => k.reference === kloeRef);
  if (!item) throw new Error(`${kloeRef} is not in the queue`);
  const kloe = { reference: kloeRef, kloeId: item.id };
  const post = async (path, body, what) => {
    const res = await people.api(eli, path, body);
    if (res.status !== 200 && res.status !== 201) {
      throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
  };
  const at = `/api/records/kloe/${kloe.kloeId}`;
  await post(
    `${at}/evidence`,
    {
      summary: (typed.evidence = injected(4000, 'Evidence')),
      source: (typed.source = injected(200, 'Source')),
      sourceDate: inDays(-2),
      confirmChecked: 'true',
    },
    'evidence',
  );
  await post(
    `${at}/activities`,
    {
      kind: 'focus-group',
      description: (typed.activity = injected(2000, 'Activity')),
      owner: (typed.owner = injected(120, 'Owner')),
      startDate: inDays(7),
      endDate: inDays(30),
      confirmChecked: 'true',
    },
    'activity',
  );
  await post(
    `${at}/recommendations`,
    {
      text: (typed.recommendation = injected(2000, 'Recommendation')),
      owningAgency: agencies[1],
      dueDate: inDays(60),
      confirmChecked: 'true',
    },
    'recommendation',
  );
  await post(
    `${at}/outcome`,
    {
      learning: (typed.learning = injected(4000, 'Learning')),
      decision: 'learning-identified',
      confirmChecked: 'true',
    },
    'outcome',
  );
  const caseText = {
    referrerName: injected(120, 'Referrer'),
    referrerRole: injected(120, 'Role'),
    referrerContact: injected(200, 'Contact'),
    safeguardingLeadName: injected(120, 'Lead'),
    safeguardingLeadRole: injected(120, 'LeadRole'),
    childName: injected(120, 'Child'),
    childAddress: injected(400, 'Address'),
    childEthnicity: injected(120, 'Ethnicity'),
    leadProfessional: injected(200, 'Professional'),
    incidentNature: injected(4000, 'Nature'),
    familyAndOthers: injected(4000, 'Family'),
    agenciesInvolved: injected(2000, 'Agencies'),
    caseOutline: injected(6000, 'Outline'),
    keyDates: injected(2000, 'Dates'),
    linkedCases: injected(1000, 'Linked'),
    potentialLearning: injected(4000, 'Potential'),
  };
  const consideration = await raiseConsideration(
    people,
    teams,
    childDetails(agencies[2], caseText),
  );
  const challengeText = {
    about: injected(2000, 'About'),
    learning: injected(2000, 'ChallengeLearning'),
  };
  const challengeReceipt = await teams.cardAction(pat, 'challenge.submit', {
    form: 'challenge',
    raisingOrganisation: agencies[0],
    receivingOrganisation: agencies[1],
    raisedDate: inDays(-30),
    resolvedDate: inDays(-10),
    resolutionStage: 'Stage 2: line manager to line manager',
    outcome: 'practice-changed',
    ...challengeText,
  });
  const challengeRef = /PC-\d{4}-\d{4}/.exec(JSON.stringify(challengeReceipt))?.[0];
  if (!challengeRef) {
    throw new Error(`the challenge was not recorded: ${JSON.stringify(challengeReceipt)}`);
  }
  const challenges = (await people.api(eli, '/api/queue?type=challenge&limit=100')).body.items;
  const challenge = challenges.find((c) => c.reference === challengeRef);
  return { kloe, typed, consideration, caseText, challenge, challengeText };
}

async function injectionRun(seeded) {
  const records = await seedInjections(seeded);
  const context = await browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    reducedMotion: 'reduce',
  });
  const page = await context.newPage();
  const dialogs = [];
  const errors = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.route('**/*', (route) => {
    const host = new URL(route.request().url()).hostname;
    return host === '127.0.0.1' || host === 'localhost'
      ? route.continue()
      : route.abort('internetdisconnected');
  });

  /** On the screen as it is: nothing ran, every typed text is there as typed, nothing overflows. */
  const inspect = async (screen, texts) => {
    const main = page.locator('main');
    const shown = await main.evaluate((m) => m.textContent);
    const missing = Object.entries(texts).filter(([, t]) => !shown.includes(t));
    check(
      missing.length === 0,
      `injection: ${screen} shows every text as typed${missing.length ? ` (not: ${missing.map(([k]) => k)})` : ''}`,
    );
    const dom = await page.evaluate(() => ({
      pwned: typeof window.__pwned,
      scripts: [...document.querySelectorAll('main script, main img, main iframe')].length,
      javascriptLinks: [...document.querySelectorAll('a[href]')].filter((a) =>
        /^\s*javascript:/i.test(a.getAttribute('href')),
      ).length,
      handlers: [...document.querySelectorAll('main *')].filter((el) =>
        [...el.attributes].some((a) => /^on/i.test(a.name)),
      ).length,
      bold: [...document.querySelectorAll('main strong, main b')].filter((el) =>
        el.textContent.includes('bold'),
      ).length,
    }));
    check(
      dom.pwned === 'undefined' &&
        dialogs.length === 0 &&
        dom.scripts === 0 &&
        dom.javascriptLinks === 0 &&
        dom.handlers === 0 &&
        dom.bold === 0,
      `injection: ${screen}: nothing ran, no element, link, handler or formatting came from the text (${JSON.stringify({ ...dom, dialogs })})`,
    );
    for (const width of [1280, 320]) {
      await page.setViewportSize({ width, height: 800 });
      const overflow = await page.evaluate(() => {
        const m = document.querySelector('main');
        return {
          main: m.scrollWidth - m.clientWidth,
          page: document.documentElement.scrollWidth - window.innerWidth,
          // The widest thing that sticks out, to say where to look.
          widest: [...m.querySelectorAll('*')]
            .filter(
              (el) =>
                el.getBoundingClientRect().right > window.innerWidth + 1 ||
                el.scrollWidth > el.clientWidth + 1,
            )
            .map((el) => `${el.tagName.toLowerCase()}.${el.className}`.slice(0, 60))
            .slice(-3),
        };
      });
      check(
        overflow.main <= 0 && overflow.page <= 0,
        `injection: ${screen} at ${width} pixels: no sideways overflow (${JSON.stringify(overflow)})`,
      );
      await shot(page, `injection-${screen.replace(/\W+/g, '-')}-${width}`);
    }
    await page.setViewportSize({ width: 1280, height: 800 });
  };

  const { typed } = records;
  const visit = async (screen, body) => {
    try {
      await body();
    } catch (error) {
      check(
        false,
        `injection: ${screen}: ${error instanceof Error ? error.message.split('\n')[0] : error}`,
      );
      await shot(page, `injection-failed-${screen.replace(/\W+/g, '-')}`).catch(() => {});
    }
  };

  await visit('sign in', () => signIn(page, 'light', 'Eli EngineRoom'));
  await visit('queue', async () => {
    await page.goto(`${service.url}/tab/index.html#/engine-room?q=Subject`);
    await page.getByRole('link', { name: new RegExp(records.kloe.reference) }).waitFor();
    await inspect('queue', { subject: typed.subject });
  });
  await visit('KLOE record', async () => {
    await page.goto(`${service.url}/tab/index.html#/engine-room/kloe/${records.kloe.kloeId}`);
    await page.getByRole('heading', { name: 'Outcome' }).waitFor();
    await page.getByText(typed.learning).waitFor();
    await inspect('KLOE record', typed);
  });
  await visit('consideration request', async () => {
    await page.goto(
      `${service.url}/tab/index.html#/engine-room/consideration/${records.consideration.id}`,
    );
    await page.getByRole('button', { name: 'Show the child’s details' }).click();
    await page.getByText(records.caseText.caseOutline).waitFor();
    await inspect('consideration request with the child’s details', records.caseText);
  });
  await visit('challenge', async () => {
    await page.goto(`${service.url}/tab/index.html#/engine-room/challenge/${records.challenge.id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    // Navigating by address keeps the last record's History heading until this one has loaded.
    await page
      .waitForFunction(
        (texts) => {
          const shown = document.querySelector('main')?.textContent ?? '';
          return texts.every((t) => shown.includes(t));
        },
        Object.values(records.challengeText),
        { timeout: 15_000 },
      )
      .catch(() => undefined); // inspect() then says which text is missing
    await inspect('professional challenge', records.challengeText);
  });
  await visit('child details refused to other roles', async () => {
    // The service refuses the details to every other role, and records no read.
    const { people, consideration } = seeded;
    for (const role of ['Practitioner', 'Executive', 'AgencyLead', 'Administrator']) {
      const persona = people.byRole(role);
      const before = await detailReads(people, persona, consideration.id);
      const res = await people.api(persona, `/api/serious-cases/${consideration.id}/details`);
      check(
        res.status === 403 &&
          !JSON.stringify(res.body).includes(consideration.childName) &&
          (await detailReads(people, persona, consideration.id)) === before,
        `injection run: ${role} asking for the child’s details is refused (${res.status}), nothing read`,
      );
    }
    // A Development Manager reads records but not the child's details: no button. (The sandbox's
    // Development Manager is also an Engine Room member, so the tab is told she holds that role alone.)
    await page.route('**/api/me', async (route) => {
      const res = await route.fetch();
      const me = await res.json();
      await route.fulfill({ response: res, json: { ...me, roles: ['DevelopmentManager'] } });
    });
    await page.goto(`${service.url}/tab/index.html#/engine-room`);
    await page.reload();
    await page.goto(`${service.url}/tab/index.html#/engine-room/consideration/${consideration.id}`);
    await page.getByRole('heading', { name: 'History' }).waitFor();
    check(
      (await page.getByRole('button', { name: /child’s details/ }).count()) === 0 &&
        !(await page.locator('main').textContent()).includes(consideration.childName),
      'injection run: a Development Manager sees the record without the child’s details or a way to them',
    );
    await page.unroute('**/api/me');
  });
  await visit('personal tab', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Pat Practitioner/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/personal`);
    await page
      .getByRole('heading', { level: 3, name: new RegExp(records.kloe.reference) })
      .waitFor();
    await inspect('personal tab', { subject: typed.subject });
  });
  check(errors.length === 0, `injection: no page errors ${errors}`);
  await context.close();
}

async function run() {
  const seeded = await seed();
  for (const r of runs) await themeRun(r, seeded);
  if (withInjection) await injectionRun(seeded);
}

// Long enough to cancel a send on a loaded machine, short enough not to idle the run (each theme
// sends twice and waits for the first message to leave; 30 s by default; 12 s was too short
// with five browser tests on two cores).
const undoSeconds = 20;
const service = await startService({ BRIEFING_UNDO_SECONDS: String(undoSeconds) });
let browser;
try {
  browser = await launchChromium();
  await run();
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
