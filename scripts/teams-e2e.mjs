#!/usr/bin/env node
// `npm run test:teams`: the chat pathways end to end in Microsoft 365 Agents
// Playground (the Teams client `npm start` ships), driven in Debian's Chromium
// (playwright-core; npm never downloads a browser) as the people who use them:
// each persona has its own Playground (see scripts/start.mjs). Screenshots of
// every step go to SCREENSHOTS (default: a new folder under the temp dir, printed).
// PLAYGROUND_PORT=<first port> uses an `npm start` already running.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { inWorkingDays, newDataDir, sandboxPeople } from '../tab/e2e/service.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = process.env.SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'pathways-teams-screenshots-'));
mkdirSync(shots, { recursive: true });

let started;
let firstPort = Number(process.env.PLAYGROUND_PORT ?? 0);
if (!firstPort) {
  // A fresh run on ports of its own, with a throwaway data folder.
  firstPort = 47150;
  const dataDir = await newDataDir();
  started = spawn(process.execPath, [join(root, 'scripts/start.mjs')], {
    cwd: root,
    env: {
      ...process.env,
      PORT: process.env.PORT ?? '45978',
      SANDBOX_PORT: process.env.SANDBOX_PORT ?? '45979',
      PLAYGROUND_PORT: String(firstPort),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((resolve, reject) => {
    let out = '';
    started.stdout.on('data', (chunk) => {
      out += chunk;
      if (out.includes('Press Ctrl-C to stop.')) resolve();
    });
    started.on('exit', (code) => reject(new Error(`npm start stopped (exit code ${code})`)));
  });
}
const SERVICE =
  process.env.PATHWAYS_URL ??
  `http://127.0.0.1:${started ? (process.env.PORT ?? '45978') : '3978'}`;
const partnershipAgencies = JSON.parse(
  readFileSync(join(root, 'core/src/partnerships/hsscp.json'), 'utf8'),
).agencies;
const daysFromToday = (n) => new Date(Date.now() + n * 864e5).toISOString().slice(0, 10);
const PLAYGROUND = {
  practitioner: `http://127.0.0.1:${firstPort}/`,
  businessUnit: `http://127.0.0.1:${firstPort + 1}/`,
  engineRoom: `http://127.0.0.1:${firstPort + 2}/`,
  agencyLead: `http://127.0.0.1:${firstPort + 3}/`,
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox'],
});
let step = 0;
const failures = [];
const pages = new Map();

async function open(who) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  // The Playgrounds start after the service answers: wait for this one to listen.
  for (let i = 0; ; i += 1) {
    try {
      await page.goto(PLAYGROUND[who]);
      break;
    } catch (error) {
      if (i >= 60) throw error;
      await page.waitForTimeout(1000);
    }
  }
  pages.set(who, page);
  page.on('pageerror', (error) =>
    console.log(`     (${who}'s page) ${error.message.split('\n')[0]}`),
  );
  await page.locator('[data-lexical-editor=true]').waitFor();
  // The Playground's own welcome activity has arrived once the log says so.
  await page.getByText('Connected.').first().waitFor();
  return page;
}

async function shot(page, name) {
  step += 1;
  const file = join(shots, `${String(step).padStart(2, '0')}-${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`  screenshot ${file}`);
}

async function check(what, fn) {
  try {
    await fn();
    console.log(`ok   ${what}`);
  } catch (error) {
    failures.push(what);
    const at = String(error?.stack ?? '').match(/teams-e2e\.mjs:\d+/)?.[0] ?? '';
    console.log(`FAIL ${what}\n     ${String(error?.message ?? error).split('\n')[0]} (${at})`);
    for (const [who, page] of pages) await shot(page, `failed-${who}`).catch(() => {});
  }
}

async function say(page, text) {
  const box = page.locator('[data-lexical-editor=true]');
  await box.click();
  await page.keyboard.type(text);
  await page.keyboard.press('Enter');
}

/** The newest card in the conversation shown whose text contains `text`. */
function cardWith(page, text) {
  return page.locator('.ac-adaptiveCard').filter({ hasText: text }).last();
}

async function choose(card, label, option) {
  // A short choice list is drawn as radio buttons, a long one as a drop-down.
  const radio = card.getByRole('radio', { name: option, exact: true });
  if ((await radio.count()) > 0) return radio.first().check();
  await card.getByLabel(label, { exact: false }).first().click();
  await card.page().getByRole('option', { name: option, exact: true }).click();
}

async function fill(card, label, value) {
  await card.getByLabel(label, { exact: false }).first().fill(value);
}

/**
 * Presses the KLOE form's Send (twice, with `double`) and returns the reference on the receipt
 * it brings: the receipts already in the chat are counted first, so an earlier KLOE's receipt is
 * never read for this one however long the bot takes to answer.
 */
async function sendKloe(page, form, { double = false } = {}) {
  const receipts = page
    .locator('.ac-adaptiveCard')
    .filter({ hasText: 'sent to the Business Unit' });
  const before = await receipts.count();
  const send = form.getByRole('button', { name: 'Send to the Business Unit' });
  await (double ? send.dblclick() : send.click());
  const receipt = receipts.nth(before);
  await receipt.waitFor({ timeout: 20_000 });
  const reference = /KLOE-\d{4}-\d{4}/.exec(await receipt.innerText())?.[0];
  if (!reference) throw new Error('no receipt with a reference');
  return reference;
}

async function openChannel(page) {
  await page.getByText('Business Unit', { exact: true }).first().click();
}

try {
  const pat = await open('practitioner');
  const billie = await open('businessUnit');
  const eli = await open('engineRoom');
  let reference;
  let second;
  let caseRef;
  let ash;
  // People and records for what the Business Unit sends from the Engine Room tab, made
  // through the service's own REST API as the sandbox's personas.
  let seeded;
  const seeding = async () => {
    if (seeded) return seeded;
    const health = await (await fetch(`${SERVICE}/healthz`)).json();
    const people = await sandboxPeople({ url: SERVICE, sandboxUrl: health.sandboxUrl });
    const billie = people.byRole('BusinessUnit');
    const queue = (await people.api(billie, `/api/queue?type=kloe&q=${reference}`)).body;
    const kloeId = queue.items.find((i) => i.reference === reference)?.id;
    if (!kloeId) throw new Error(`${reference} is not in the Engine Room queue`);
    const lead = people.byRole('AgencyLead');
    // The partnership's own name for the lead's organisation (the sandbox directory's
    // capitals differ: "Early Years"); the service matches names and former names ignoring case.
    const agency = partnershipAgencies.find((a) =>
      [a.name, ...(a.aliases ?? [])].some((n) => n.toLowerCase() === lead.agency.toLowerCase()),
    )?.name;
    if (!agency) throw new Error(`${lead.agency} is not one of the partnership's agencies`);
    seeded = { api: people.api, lead: { ...lead, agency }, kloeId };
    billiePersona = billie;
    return seeded;
  };
  let billiePersona;

  await check('a practitioner raises a KLOE, double-clicking send: one KLOE', async () => {
    await say(pat, 'kloe');
    const form = cardWith(pat, 'Send to the Business Unit');
    await form.waitFor();
    await fill(
      form,
      'Issue or area of good practice',
      'Health not invited to strategy discussions',
    );
    await choose(form, 'Theme', 'Multi-agency working');
    await fill(
      form,
      'Details',
      'Strategy discussions in the east locality are held without health colleagues.',
    );
    await fill(form, 'Action you would like taken', 'Review the invitation list.');
    await shot(pat, 'practitioner-kloe-form');
    reference = await sendKloe(pat, form, { double: true });
    await shot(pat, 'practitioner-kloe-receipt');
  });

  await check(
    'the Business Unit channel shows one card for it, with its triage actions',
    async () => {
      await openChannel(billie);
      const cards = billie.locator('.ac-adaptiveCard').filter({ hasText: `KLOE ${reference}` });
      await cards.first().waitFor({ timeout: 20_000 });
      await billie.waitForTimeout(1500);
      const count = await cards.count();
      if (count !== 1) throw new Error(`${count} cards for ${reference}`);
      await cards
        .first()
        .getByRole('button', { name: 'Accept onto the Engine Room agenda' })
        .waitFor();
      await shot(billie, 'business-unit-channel-card');
    },
  );

  await check(
    'someone outside the Business Unit pressing Decline is refused politely',
    async () => {
      await openChannel(eli);
      const card = cardWith(eli, `KLOE ${reference}`);
      await card.waitFor({ timeout: 20_000 });
      await card.getByRole('button', { name: 'Decline', exact: true }).click();
      await fill(card, 'Reason for declining', 'Trying to decline as the Engine Room.');
      await card.getByRole('button', { name: 'Decline', exact: true }).last().click();
      await eli.getByText('Only the Business Unit can triage KLOEs').first().waitFor();
      await shot(eli, 'engine-room-refused');
    },
  );

  await check(
    'a Business Unit officer asks for more information from the channel card',
    async () => {
      const card = cardWith(billie, `KLOE ${reference}`);
      await card.getByRole('button', { name: 'Ask for more information' }).click();
      await fill(card, 'Question', 'Which locality teams are affected?');
      await shot(billie, 'business-unit-ask');
      await card.getByRole('button', { name: 'Send question' }).click();
      await billie
        .getByText('asked the person who raised it for more information')
        .first()
        .waitFor();
      await shot(billie, 'business-unit-asked');
    },
  );

  await check('the practitioner answers the question in their chat', async () => {
    const question = cardWith(pat, `A question about ${reference}`);
    await question.waitFor({ timeout: 20_000 });
    await fill(question, 'Answer', 'The east and central locality teams.');
    await question.getByRole('button', { name: 'Send answer' }).click();
    await pat.getByText('Your answer has been added to the KLOE').first().waitFor();
    await shot(pat, 'practitioner-answered');
  });

  await check(
    'the Business Unit accepts it for a meeting; the practitioner is told the date',
    async () => {
      // Billie stays in the channel: a reload would empty the Playground.
      const card = cardWith(billie, `KLOE ${reference}`);
      await card.getByText('The east and central locality teams.').waitFor({ timeout: 20_000 });
      await card.getByRole('button', { name: 'Accept onto the Engine Room agenda' }).click();
      // The Engine Room meets on a working day.
      const date = inWorkingDays(15);
      await fill(card, 'Engine Room meeting date', date);
      // Close the date picker's calendar before pressing Accept.
      await billie.keyboard.press('Tab');
      await card.getByRole('button', { name: 'Accept', exact: true }).last().click();
      // The answer's notice is replaced at once by the shared card's update: wait for the status.
      await card.getByText('Status: Accepted onto the Engine Room agenda').waitFor();
      await shot(billie, 'business-unit-accepted');
      await pat.getByText(`${reference}: Accepted onto the Engine Room agenda`).first().waitFor({
        timeout: 20_000,
      });
      await shot(pat, 'practitioner-told-accepted');
    },
  );

  await check('a second KLOE is declined with a reason; the practitioner hears why', async () => {
    await say(pat, 'kloe');
    const form = cardWith(pat, 'Send to the Business Unit');
    await form.waitFor();
    await fill(form, 'Issue or area of good practice', 'Second issue');
    await choose(form, 'Theme', 'Multi-agency working');
    await fill(form, 'Details', 'Another system issue in the north locality.');
    await fill(form, 'Action you would like taken', 'Look at it.');
    second = await sendKloe(pat, form);
    // Billie stays in the channel: no reload and no second click on it (the
    // Playground keeps conversations only in the open page and redraws the
    // channel empty when it is opened again).
    const card = cardWith(billie, `KLOE ${second}`);
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Decline', exact: true }).click();
    await fill(card, 'Reason for declining', 'Already on the agenda under another item.');
    await card.getByRole('button', { name: 'Decline', exact: true }).last().click();
    await pat.getByText('Already on the agenda under another item.').first().waitFor({
      timeout: 20_000,
    });
    await shot(pat, 'practitioner-told-declined');
  });

  await check('a Business Unit officer links a KLOE to another', async () => {
    await say(pat, 'kloe');
    const form = cardWith(pat, 'Send to the Business Unit');
    await form.waitFor();
    await fill(form, 'Issue or area of good practice', 'Third issue');
    await choose(form, 'Theme', 'Multi-agency working');
    await fill(form, 'Details', 'The same as the first one.');
    await fill(form, 'Action you would like taken', 'Look at it.');
    const third = await sendKloe(pat, form);
    // Billie stays in the channel: no reload and no second click on it (the
    // Playground keeps conversations only in the open page and redraws the
    // channel empty when it is opened again).
    const card = cardWith(billie, `KLOE ${third}`);
    await card.waitFor({ timeout: 20_000 });
    await card.getByRole('button', { name: 'Link to another KLOE' }).click();
    await fill(card, 'Reference of the other KLOE', reference);
    await choose(card, 'How they are linked', 'This KLOE is a duplicate of it');
    await card.getByRole('button', { name: 'Link' }).last().click();
    await billie.getByText(`closed it as a duplicate of ${reference}`).first().waitFor();
    await shot(billie, 'business-unit-linked');
    await pat.getByText(`duplicate of ${reference}`).first().waitFor({ timeout: 20_000 });
    await shot(pat, 'practitioner-told-linked');
  });

  await check('a practitioner records a professional challenge', async () => {
    await say(pat, 'challenge');
    const form = cardWith(pat, 'Record a professional challenge');
    await form.waitFor();
    await choose(form, 'Organisation that raised the challenge', 'Cleveland Police');
    await choose(form, 'Organisation that was challenged', 'Hartlepool Borough Council');
    await fill(form, 'Date the challenge was raised', daysFromToday(-20));
    await fill(form, 'Date it was resolved', daysFromToday(-2));
    await pat.keyboard.press('Tab');
    await choose(form, 'Stage it was resolved at', 'Stage 2: line manager to line manager');
    await choose(form, 'Outcome', 'The decision or practice challenged was changed');
    await fill(
      form,
      'What the challenge was about',
      'A strategy discussion was not convened after a second referral about neglect.',
    );
    await fill(form, 'Learning', 'Second referrals need a manager review within one working day.');
    await shot(pat, 'practitioner-challenge-form');
    await form.getByRole('button', { name: 'Record the challenge' }).click();
    await pat
      .getByText(/PC-\d{4}-\d{4}/)
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(pat, 'practitioner-challenge-recorded');
  });

  await check(
    'a practitioner sends a consideration request step by step (a refused step keeps what was typed, Back keeps answers, a double-click sends one)',
    async () => {
      await say(pat, 'consideration');
      const step = (n) => cardWith(pat, `Step ${n} of 5`);
      let form = step(1);
      await form.waitFor();
      await shot(pat, 'practitioner-consideration-step-1');
      await form.getByRole('radio', { name: 'Yes', exact: true }).check();
      await fill(form, 'Date the local authority was told', daysFromToday(-1));
      await pat.keyboard.press('Tab');
      await form.getByRole('button', { name: 'Continue' }).click();

      form = step(2);
      await form.waitFor({ timeout: 20_000 });
      await fill(form, 'Child\u2019s name', 'Jamie Quillfeather');
      // A date of birth in the future: the service refuses it beside the field.
      await fill(form, 'Child\u2019s date of birth', daysFromToday(30));
      await pat.keyboard.press('Tab');
      await fill(form, 'Child\u2019s address', '12 Larkspur Road, Hartlepool TS24 7AB');
      await form.getByRole('radio', { name: 'Child in need', exact: true }).check();
      await form.getByRole('button', { name: 'Continue' }).click();
      await form.getByText('cannot be in the future').first().waitFor({ timeout: 20_000 });
      const kept = await form.getByLabel('Child\u2019s name').first().inputValue();
      if (kept !== 'Jamie Quillfeather') throw new Error(`the child's name came back as "${kept}"`);
      await shot(pat, 'practitioner-consideration-step-2-refused');
      await fill(form, 'Child\u2019s date of birth', '2019-03-04');
      await pat.keyboard.press('Tab');
      await form.getByRole('button', { name: 'Continue' }).click();

      form = step(3);
      await form.waitFor({ timeout: 20_000 });
      await fill(form, 'Date of the incident', daysFromToday(-3));
      await pat.keyboard.press('Tab');
      await fill(form, 'What happened', 'Admitted to hospital with unexplained fractures.');
      await fill(form, 'Agencies involved', 'Health visiting, school nursing, police.');
      await fill(form, 'Case outline', 'Known to early help since the spring.');
      await fill(form, 'Potential learning', 'Sharing of missed appointments.');
      await shot(pat, 'practitioner-consideration-step-3');
      await form.getByRole('button', { name: 'Continue' }).click();

      form = step(4);
      await form.waitFor({ timeout: 20_000 });
      // Back to the incident: what was sent is still there.
      await form.getByRole('button', { name: 'Back' }).click();
      form = step(3);
      await form.waitFor({ timeout: 20_000 });
      const back = await form.getByLabel('What happened').first().inputValue();
      if (!back.includes('unexplained fractures'))
        throw new Error(`"What happened" came back as "${back}"`);
      await shot(pat, 'practitioner-consideration-back-to-step-3');
      await form.getByRole('button', { name: 'Continue' }).click();

      form = step(4);
      await form.waitFor({ timeout: 20_000 });
      for (const criterion of [
        'The child has died or been seriously harmed',
        'Abuse or neglect is known or suspected',
      ])
        await form.getByRole('checkbox', { name: criterion }).check();
      await form.getByRole('button', { name: 'Continue' }).click();

      form = step(5);
      await form.waitFor({ timeout: 20_000 });
      const name = await form.getByLabel('Your name').first().inputValue();
      if (name !== 'Pat Practitioner') throw new Error(`"Your name" was "${name}"`);
      await fill(form, 'Your role', 'Health visitor');
      await fill(form, 'Your phone number or email', 'pat.practitioner@sandbox.pathways.local');
      await fill(form, 'Safeguarding lead consulted', 'Sam Lead');
      await form
        .getByRole('checkbox', { name: 'The safeguarding lead agrees to this referral' })
        .check();
      await shot(pat, 'practitioner-consideration-step-5');
      await form.getByRole('button', { name: 'Send to the Business Unit' }).dblclick();
      const receipt = cardWith(pat, 'Your consideration request has been received');
      await receipt.waitFor({ timeout: 20_000 });
      caseRef = /CSPR-\d{4}-\d{4}/.exec(await receipt.innerText())?.[0];
      if (!caseRef) throw new Error('no receipt with a CSPR reference');
      await shot(pat, 'practitioner-consideration-receipt');
      const posted = billie
        .locator('.ac-adaptiveCard')
        .filter({ hasText: `Consideration request ${caseRef}` });
      await posted.first().waitFor({ timeout: 20_000 });
      await billie.waitForTimeout(1500);
      const count = await posted.count();
      if (count !== 1) throw new Error(`${count} channel cards for ${caseRef}`);
      const text = await posted.first().innerText();
      if (text.includes('Quillfeather')) throw new Error('the channel card names the child');
      await posted.first().scrollIntoViewIfNeeded();
      await shot(billie, 'business-unit-consideration-card');
    },
  );

  await check(
    '"Raise as KLOE" from a message, through the Playground\u2019s message action',
    async () => {
      // The Playground reads no manifest: its message action asks for the command id.
      await say(pat, 'Health colleagues were not invited to the strategy discussion again.');
      // The innermost element holding both this message's header and its text: the message.
      const message = pat
        .locator('div')
        .filter({ has: pat.locator('[aria-label="Message header"]') })
        .filter({ hasText: 'Health colleagues were not invited' })
        .last();
      await message.hover();
      await message.getByRole('button', { name: 'Show more information' }).click();
      await pat.getByRole('menuitem', { name: 'Action Command' }).click();
      const dialog = pat.getByRole('dialog');
      await dialog.getByPlaceholder('Input command id or leave blanks').fill('raiseKloe');
      await shot(pat, 'practitioner-message-action-command-id');
      await dialog.getByRole('button', { name: 'Create' }).click();
      const form = dialog.locator('.ac-adaptiveCard');
      await form.waitFor({ timeout: 20_000 });
      await fill(
        form,
        'Issue or area of good practice',
        'Health not invited, raised from a message',
      );
      await choose(form, 'Theme', 'Multi-agency working');
      await fill(form, 'Action you would like taken', 'Review the invitation list.');
      await shot(pat, 'practitioner-raise-as-kloe-dialog');
      await form.getByRole('button', { name: 'Send to the Business Unit' }).click();
      const said = pat.getByText(/KLOE-\d{4}-\d{4}/).last();
      await said.waitFor({ timeout: 20_000 });
      const fromMessage = /KLOE-\d{4}-\d{4}/.exec(await said.innerText())?.[0];
      await shot(pat, 'practitioner-raised-from-message');
      await pat.getByRole('dialog').getByRole('button', { name: 'Close' }).first().click();
      await cardWith(billie, `KLOE ${fromMessage}`).waitFor({ timeout: 20_000 });
      await cardWith(billie, `KLOE ${fromMessage}`).scrollIntoViewIfNeeded();
      await shot(billie, 'business-unit-kloe-from-message');
    },
  );

  await check('an agency lead answers an invitation to attend the Engine Room', async () => {
    ash ??= await open('agencyLead');
    const { api, lead, kloeId } = await seeding();
    const res = await api(billiePersona, `/api/records/kloe/${kloeId}/invitations`, {
      agency: lead.agency,
      personId: lead.id,
      meetingDate: inWorkingDays(15),
      note: 'We would like to hear about schools\u2019 invitations to strategy discussions.',
    });
    if (res.status !== 201) throw new Error(`inviting: ${res.status} ${JSON.stringify(res.body)}`);
    const card = cardWith(ash, 'Invitation to attend the Engine Room');
    await card.waitFor({ timeout: 30_000 });
    await card.getByRole('radio', { name: 'I will attend', exact: true }).check();
    await shot(ash, 'agency-lead-invitation');
    await card.getByRole('button', { name: 'Send answer' }).click();
    await ash.getByText('You answered: I will attend').first().waitFor({ timeout: 20_000 });
    await shot(ash, 'agency-lead-invitation-answered');
  });

  await check('an agency lead nominates a representative for Active Learning', async () => {
    ash ??= await open('agencyLead');
    const { api, lead, kloeId } = await seeding();
    const res = await api(billiePersona, '/api/active-learning', {
      plan: { recordType: 'kloe', recordId: kloeId },
      agencies: [lead.agency],
      values: {
        theme: 'Multi-agency working',
        kind: 'focus-group',
        description: 'Who is invited to strategy discussions, and how.',
        plannedFrom: daysFromToday(30),
        plannedTo: daysFromToday(40),
        nominationsBy: daysFromToday(20),
      },
    });
    if (res.status !== 201) throw new Error(`planning: ${res.status} ${JSON.stringify(res.body)}`);
    const card = cardWith(ash, 'Nominate representatives: Multi-agency working');
    await card.waitFor({ timeout: 30_000 });
    // A people field: the Playground draws its listed people as a combobox that filters as
    // one types (it performs no typeahead search of its own).
    await card.getByLabel('Representative').first().click();
    await ash.keyboard.type(lead.displayName.split(' ')[0]);
    await ash.getByRole('option', { name: lead.displayName, exact: true }).click();
    await shot(ash, 'agency-lead-nomination');
    await card.getByRole('button', { name: 'Send nominations' }).click();
    await ash
      .getByText('Thank you. The Business Unit has your nominations.')
      .first()
      .waitFor({ timeout: 20_000 });
    await shot(ash, 'agency-lead-nominated');
  });

  await check('unknown text gets one sentence, not the whole help card', async () => {
    await say(pat, 'what is this');
    await pat.getByText('I did not understand that').first().waitFor();
    await shot(pat, 'practitioner-unknown-text');
  });
} finally {
  await browser.close();
  started?.kill('SIGTERM');
}
console.log(`\nScreenshots: ${shots}`);
console.log(JSON.stringify({ steps: step, failed: failures }));
process.exit(failures.length > 0 ? 1 : 0);
