#!/usr/bin/env node
// npm run bench:cascade: one briefing note to 1,600 agency leads (50 synthetic leads in
// each of the 32 safeguarding leads groups of HSSCP's 20 agencies, seeded in the sandbox
// tenant for this run only) through
// the built service, against the sandbox enforcing Exchange's limits (30 messages a
// minute per mailbox, 500 recipients a message, 10,000 a day, 4 requests in flight).
// Clock: from the Business Unit's "send" to the last message sent; then every lead's
// inbox is counted in the sandbox (a copy carrying the briefing's x-pathways-briefing).
// The last line printed is one JSON object with the figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { api, sleep, startService, stopService, tokenByName } from './service.mjs';

const LEADS_PER_AGENCY = Number(process.env.BENCH_LEADS_PER_AGENCY ?? 50);
// Exchange: 30 messages a minute from one mailbox, each to at most 500 recipients.
const BEST_RECIPIENTS_PER_MINUTE = 30 * 500;
const ONE_PER_RECIPIENT_PER_MINUTE = 30;

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-bench-cascade-'));
  const service = await startService({
    // The undo window is not part of the cascade being measured.
    BRIEFING_UNDO_SECONDS: '0',
    DATA_DIR: dataDir,
    SANDBOX_LIMITS: 'enforce',
    SANDBOX_LEADS_PER_AGENCY: String(LEADS_PER_AGENCY),
  });
  try {
    const billie = await tokenByName(service, 'Billie BusinessUnit');
    const draft = await api(service, billie, 'POST', '/api/briefings', {
      title: 'Benchmark: learning from a rapid review',
      kind: 'reactive',
      theme: 'Neglect',
      identifiedLearning: 'Concerns about neglect were not shared early enough between agencies.',
      recommendations: ['Share concerns within one working day.', 'Use the neglect toolkit.'],
      proposedActions: 'Brief every team by the end of the month.',
    });
    const started = performance.now();
    const audience = await api(service, billie, 'GET', '/api/briefings/audience');
    await api(service, billie, 'POST', `/api/briefings/${draft.id}/send`, {
      audience: { leads: audience.leads, agencies: audience.agencies },
    });
    let status;
    for (;;) {
      status = await api(service, billie, 'GET', `/api/briefings/${draft.id}`);
      if (status.status === 'sent') break;
      if (performance.now() - started > 600_000) throw new Error('not sent within 10 minutes');
      await sleep(50);
    }
    const wallSeconds = (performance.now() - started) / 1000;

    const state = await (await fetch(`${service.sandboxUrl}/api/state`)).json();
    const carries = (m) =>
      m.customHeaders.some(
        (h) => h.name.toLowerCase() === 'x-pathways-briefing' && h.value === draft.id,
      );
    const sentItems = state.mailboxes
      .flatMap((b) => b.folders.filter((f) => f.name === 'Sent Items').flatMap((f) => f.messages))
      .filter(carries);
    const reached = state.mailboxes.filter((b) =>
      b.folders.some((f) => f.name === 'Inbox' && f.messages.filter(carries).length === 1),
    ).length;
    const duplicates = state.mailboxes.filter((b) =>
      b.folders.some((f) => f.name === 'Inbox' && f.messages.filter(carries).length > 1),
    ).length;
    const perMinute = reached / (wallSeconds / 60);
    const result = {
      wallSeconds: Math.round(wallSeconds * 100) / 100,
      messagesSent: sentItems.length,
      recipientsReached: reached,
      ratioToBestPossible: Math.round((perMinute / BEST_RECIPIENTS_PER_MINUTE) * 100) / 100,
      recipientsPlanned: status.recipients,
      largestMessage: Math.max(...sentItems.map((m) => m.to.length + m.cc.length + m.bcc.length)),
      duplicates,
      oneMessageEachMinutes: Math.round((reached / ONE_PER_RECIPIENT_PER_MINUTE) * 10) / 10,
    };
    console.log(
      `Reached ${reached} of ${status.recipients} leads with ${sentItems.length} messages in ${result.wallSeconds} s ` +
        `(target: under 30 s; one message each would take ${result.oneMessageEachMinutes} minutes at 30 a minute).`,
    );
    console.log(
      `Best the limits allow: ${BEST_RECIPIENTS_PER_MINUTE.toLocaleString('en-GB')} recipients a minute (30 messages of 500); ` +
        'a ratio above 1 means the per-minute limit never bound (a cascade of a few messages fits in one minute).',
    );
    console.log(
      JSON.stringify({
        wallSeconds: result.wallSeconds,
        messagesSent: result.messagesSent,
        recipientsReached: result.recipientsReached,
        ratioToBestPossible: result.ratioToBestPossible,
      }),
    );
  } finally {
    await stopService(service);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
