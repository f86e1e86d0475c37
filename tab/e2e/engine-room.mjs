// Browser test of the Engine Room tab against the built tab served by the running service, in
// Debian's Chromium with playwright-core (npm never downloads a browser). Not part of `npm test`.
// Run from the repository root: npm run test:e2e   (builds, then runs this file)
//
// It starts bot/dist/main.js on free ports with a throwaway DATA_DIR (or uses PATHWAYS_URL),
// seeds KLOEs the way people send them (over /api/messages, triaged from the channel card), then
// in the light, dark and high-contrast themes: opens the queue, filters, searches, opens a record,
// adds evidence, plans an activity, records a recommendation, downloads the quarterly report and
// opens the personal tab, with axe-core finding no violations on any screen.
//   CHROMIUM     browser binary (default /usr/bin/chromium)
//   SCREENSHOTS  folder for screenshots (default: a temp folder)
//   E2E_THEMES   only these themes, e.g. light,contrast (default: all three)
/* global document, window, axe */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { bot, inDays, sandboxPeople, startService } from './service.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const shots = process.env.SCREENSHOTS ?? join(tmpdir(), 'pathways-e2e-screenshots');
// The default folder is ours: start it empty, so old screenshots are not taken for new ones.
if (!process.env.SCREENSHOTS) rmSync(shots, { recursive: true, force: true });
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
].filter((r) => !process.env.E2E_THEMES || process.env.E2E_THEMES.split(',').includes(r.theme));

const bulk = 120;

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
  // The Business Unit accepts some onto the agenda: each then has a meeting date as its deadline.
  for (const [i, kloe] of [...raised.slice(0, 3), ...runs.map((r) => r.kloe)].entries()) {
    const card = await teams.triage(billie, kloe, 'kloe.accept', {
      version: 1,
      meetingDate: inDays(3 + i),
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
  const queue = (await people.api(billie, '/api/queue')).body;
  const expected = subjects.length + runs.length + bulk;
  check(queue.total === expected, `seeded ${queue.total} KLOEs (expected ${expected})`);
  return { people, facets, agencies };
}

// --- the browser -----------------------------------------------------------------------------

async function axeCheck(page, screen) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    // Evaluated over the DevTools protocol, so the page's Content Security Policy stays on.
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() =>
    axe.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
    }),
  );
  const found = result.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} at ${v.nodes
        .slice(0, 3)
        .map((n) => `${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`)
        .join(', ')}`,
  );
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
      await page.getByText(/Showing (100|127)\./).waitFor();
      check(true, `${theme}: Show more records loads the next page`);
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
    const history = await page.locator('table').first().textContent();
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
      await fillForm(page, form, {
        'What it shows': summary,
        Source: 'Multi-agency audit, holiday provision',
        'Date of the evidence': inDays(-20),
      });
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

  await step('plan an activity', async () => {
    await page.getByRole('button', { name: 'Plan activity' }).click();
    const form = page.locator('form', { hasText: 'What the Engine Room will do' });
    await fillForm(page, form, {
      'Type of activity': { radio: 'Focus group' },
      'What it will look at': `How holiday clubs ask for safeguarding checks (${word}).`,
      Owner: 'Eli EngineRoom',
      'Start date': inDays(7),
      'End date': inDays(30),
    });
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

  await step('quarterly report', async () => {
    await page.goto(`${service.url}/tab/index.html#/quarterly-report`);
    await page.getByRole('heading', { level: 2, name: /report to the Executive/ }).waitFor();
    const text = await page.locator('article').textContent();
    check(/Received\s*\d+/.test(text), `${theme}: the report shows KLOEs received`);
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

  await step('personal tab', async () => {
    await page.getByRole('button', { name: 'Switch persona' }).click();
    await page.getByRole('radio', { name: /Pat Practitioner/ }).check();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.goto(`${service.url}/tab/index.html#/personal`);
    await page.getByRole('heading', { level: 3, name: new RegExp(run.kloe.reference) }).waitFor();
    const item = page.locator('li', {
      has: page.getByRole('heading', { name: new RegExp(run.kloe.reference) }),
    });
    check(
      (await item.textContent()).includes('Accepted onto the Engine Room agenda'),
      `${theme}: the practitioner sees the status of what they sent`,
    );
    await item.getByText(/^History/).click();
    check(
      (await item.textContent()).includes('accepted it onto the Engine Room agenda'),
      `${theme}: and its history`,
    );
    await shot(page, `${theme}-personal`);
    await axeCheck(page, `${theme}: personal tab`);
    await page.goto(`${service.url}/tab/index.html#/engine-room`);
    await page.getByText('The Engine Room queue is not open to you').waitFor();
    await axeCheck(page, `${theme}: queue refused to a practitioner`);
  });

  check(errors.length === 0, `${theme}: no page errors ${errors}`);
  check(external.length === 0, `${theme}: nothing loaded from off this machine ${external}`);
  await context.close();
}

async function run() {
  const seeded = await seed();
  for (const r of runs) await themeRun(r, seeded);
}

const service = await startService();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--no-first-run',
  ],
});

try {
  await run();
} catch (error) {
  failures++;
  console.log(`FAIL ${error instanceof Error ? error.stack : error}`);
} finally {
  await browser.close();
  await service.stop();
}
console.log(failures ? `${failures} check(s) failed` : 'all checks passed');
console.log(`screenshots in ${shots}`);
process.exitCode = failures ? 1 : 0;
