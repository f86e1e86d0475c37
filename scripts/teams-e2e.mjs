#!/usr/bin/env node
// `npm run test:teams`: the chat pathways end to end in Microsoft 365 Agents
// Playground (the Teams client `npm start` ships), driven in Debian's Chromium
// (playwright-core; npm never downloads a browser) as the people who use them:
// each persona has its own Playground (see scripts/start.mjs). Screenshots of
// every step go to SCREENSHOTS (default: a new folder under the temp dir, printed).
// PLAYGROUND_PORT=<first port> uses an `npm start` already running.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shots = process.env.SCREENSHOTS ?? mkdtempSync(join(tmpdir(), 'pathways-teams-screenshots-'));
mkdirSync(shots, { recursive: true });

let started;
let firstPort = Number(process.env.PLAYGROUND_PORT ?? 0);
if (!firstPort) {
  // A fresh run on ports of its own, with a throwaway data folder.
  firstPort = 47150;
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-teams-data-'));
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

const receiptRef = async (page) => {
  const card = cardWith(page, 'sent to the Business Unit');
  await card.waitFor({ timeout: 20_000 });
  return /KLOE-\d{4}-\d{4}/.exec(await card.innerText())?.[0];
};

async function openChannel(page) {
  await page.getByText('Business Unit', { exact: true }).first().click();
}

try {
  const pat = await open('practitioner');
  const billie = await open('businessUnit');
  const eli = await open('engineRoom');
  let reference;
  let second;

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
    await form.getByRole('button', { name: 'Send to the Business Unit' }).dblclick();
    reference = await receiptRef(pat);
    if (!reference) throw new Error('no receipt with a reference');
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
      const date = new Date(Date.now() + 21 * 864e5).toISOString().slice(0, 10);
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
    await form.getByRole('button', { name: 'Send to the Business Unit' }).click();
    await pat.waitForTimeout(1500);
    second = /KLOE-\d{4}-\d{4}/.exec(
      await cardWith(pat, 'sent to the Business Unit').last().innerText(),
    )?.[0];
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
    await form.getByRole('button', { name: 'Send to the Business Unit' }).click();
    await pat.waitForTimeout(1500);
    const third = /KLOE-\d{4}-\d{4}/.exec(
      await cardWith(pat, 'sent to the Business Unit').last().innerText(),
    )?.[0];
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
    await shot(pat, 'practitioner-challenge-form');
  });

  await check(
    'a practitioner starts a consideration request at the local-authority question',
    async () => {
      await say(pat, 'consideration');
      const form = cardWith(pat, 'Ask for a case to be considered for review');
      await form.waitFor();
      await shot(pat, 'practitioner-consideration-gate');
    },
  );

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
