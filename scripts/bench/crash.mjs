#!/usr/bin/env node
// npm run bench:crash: practitioners submit KLOEs over /api/messages, as Teams sends
// them, while the service is killed with SIGKILL at random moments (at least 10
// times) and started again on the same database and sandbox tenant. A submission
// not answered is sent again with the same activity id, as Teams retries. Then,
// with the service left running, a burst builds a backlog of channel posts and we
// time how fast it drains against Teams' per-conversation limit (60 per 30 s,
// enforced by the sandbox). Measured for the embedded default (PGlite in a
// DATA_DIR) and then PostgreSQL (a fresh database on BENCH_DATABASE_URL).
//
// Lifted because this benchmark does not measure them: the bot's own
// per-conversation request limit on /api/messages (RATE_LIMIT_BOT_PER_MINUTE), so
// 20 submitters resending after a restart are not answered 429. The Teams limits
// the sandbox enforces stay on: they are what draining is compared to.
// The last line printed is one JSON object with the figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import pg from 'pg';
import {
  freePort,
  killService,
  postgresDatabase,
  sleep,
  startService,
  practitioners,
} from './service.mjs';

const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 20);
const KILLS = Math.max(10, Number(process.env.BENCH_KILLS ?? 12));
// Seconds between kills, at random in this range (after the service answers again).
const KILL_EVERY = [2, 6];
// Submissions a second while killing: about what the channel takes, so the backlog at
// the last restart is work in flight rather than a queue built on purpose.
const CHAOS_RATE = Number(process.env.BENCH_CHAOS_RATE ?? 1.5);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 150);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Teams: 60 sends per 30 s per bot per conversation (LIMITS.md). */
const CHANNEL_LIMIT_PER_SECOND = 60 / 30;
const LIFTED = { RATE_LIMIT_BOT_PER_MINUTE: '1000000' };

let counter = 0;
function newSubmission(who, label) {
  counter += 1;
  const n = counter;
  return {
    who,
    subject: `Crash bench ${label} ${n} ${process.pid}`,
    id: `crash-${label}-${n}-${process.pid}`,
    replyToId: `crash-form-${n}`,
  };
}

function activityOf(s, sandboxUrl) {
  return {
    type: 'invoke',
    name: 'adaptiveCard/action',
    id: s.id,
    channelId: 'msteams',
    serviceUrl: sandboxUrl,
    timestamp: new Date().toISOString(),
    from: {
      id: `29:${s.who.persona.id}`,
      aadObjectId: s.who.persona.id,
      name: s.who.persona.displayName,
    },
    recipient: { id: '28:pathways-bot', name: 'Pathways' },
    conversation: { id: s.who.chat, conversationType: 'personal', tenantId: 'sandbox' },
    channelData: { tenant: { id: 'sandbox' } },
    replyToId: s.replyToId,
    value: {
      trigger: 'manual',
      action: {
        type: 'Action.Execute',
        verb: 'kloe.submit',
        data: {
          form: 'kloe',
          organisation: 'Cleveland Police',
          contactOfficer: s.who.persona.displayName,
          subject: s.subject,
          theme: 'Multi-agency working',
          details: 'Strategy discussions in one locality are held without health colleagues.',
          actionWanted: 'Review the invitation list.',
        },
      },
    },
  };
}

/** Sends until answered with a reference, as Teams retries (same activity id). */
async function submitUntilAnswered(life, s) {
  for (;;) {
    const service = life.current;
    try {
      const res = await fetch(`${service.url}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(activityOf(s, life.sandboxUrl)),
        signal: AbortSignal.timeout(15_000),
      });
      const body = await res.json().catch(() => undefined);
      const reference = /KLOE-\d{4}-\d{4,}/.exec(body?.value?.fallbackText ?? '')?.[0];
      if (res.status === 200 && reference) {
        s.reference = reference;
        return;
      }
      s.retries = (s.retries ?? 0) + 1;
    } catch {
      s.retries = (s.retries ?? 0) + 1;
    }
    await sleep(500 + Math.random() * 1000);
  }
}

/** Every root post in the sandbox's channels that is a KLOE card: reference -> post times. */
async function channelPosts(sandboxUrl) {
  const state = await (await fetch(`${sandboxUrl}/api/state`)).json();
  const posts = new Map();
  for (const channel of state.teams.flatMap((t) => t.channels)) {
    for (const thread of channel.threads) {
      const m = /^New KLOE (KLOE-\d{4}-\d{4,})$/.exec(thread.root.summary ?? '');
      if (m) posts.set(m[1], [...(posts.get(m[1]) ?? []), Date.parse(thread.root.timestamp)]);
    }
  }
  return posts;
}

async function storedKloes(env) {
  if (env.DATABASE_URL) {
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query(
      `SELECT reference, "values"->>'subject' AS subject FROM kloes`,
    );
    await client.end();
    return rows;
  }
  // PGlite is the service's dependency (bot/), not the repository root's.
  const fromBot = createRequire(
    join(dirname(fileURLToPath(import.meta.url)), '../../bot/package.json'),
  );
  const { PGlite } = await import(pathToFileURL(fromBot.resolve('@electric-sql/pglite')).href);
  const db = await PGlite.create({ dataDir: join(env.DATA_DIR, 'pglite') });
  const { rows } = await db.query(`SELECT reference, "values"->>'subject' AS subject FROM kloes`);
  await db.close();
  return rows;
}

async function measure(label, baseEnv) {
  const env = {
    ...baseEnv,
    ...LIFTED,
    PORT: String(await freePort()),
    SANDBOX_PORT: String(await freePort()),
  };
  const life = { current: await startService(env), kills: 0, lastRestartAt: Date.now() };
  life.sandboxUrl = life.current.sandboxUrl;
  const who = await practitioners(life.sandboxUrl);

  // Chaos: submitters at about the channel's rate; the service killed at random moments.
  const chaos = [];
  let submitting = true;
  const submitters = Array.from({ length: SUBMITTERS }, async (_, i) => {
    await sleep(Math.random() * (SUBMITTERS / CHAOS_RATE) * 1000);
    while (submitting) {
      const s = newSubmission(who[i % who.length], label);
      chaos.push(s);
      await submitUntilAnswered(life, s);
      await sleep(Math.random() * 2 * (SUBMITTERS / CHAOS_RATE) * 1000);
    }
  });
  while (life.kills < KILLS) {
    await sleep((KILL_EVERY[0] + Math.random() * (KILL_EVERY[1] - KILL_EVERY[0])) * 1000);
    await killService(life.current);
    life.kills += 1;
    life.lastRestartAt = Date.now();
    life.current = await startService(env);
    console.error(`${label}: kill ${life.kills}, ${chaos.length} submitted so far`);
  }
  submitting = false;
  await Promise.all(submitters);

  // Everything acknowledged must reach the channel: wait (up to 3 minutes) and time it.
  let posts = new Map();
  const deadline = Date.now() + 180_000;
  while (Date.now() < deadline) {
    posts = await channelPosts(life.sandboxUrl);
    if (chaos.every((s) => posts.has(s.reference))) break;
    await sleep(500);
  }
  const chaosPostTimes = chaos.flatMap((s) => posts.get(s.reference) ?? []);
  const allPosted = chaos.every((s) => posts.has(s.reference));
  const secondsFromLastRestartToAllPosted = allPosted
    ? Math.max(0, Math.round((Math.max(...chaosPostTimes) - life.lastRestartAt) / 100) / 10)
    : null;

  // Draining: a burst builds a backlog of posts to one channel; time the posts.
  const burst = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: SUBMITTERS }, async (_, i) => {
      while (next < BACKLOG) {
        next += 1;
        const s = newSubmission(who[i % who.length], `${label}-backlog`);
        burst.push(s);
        await submitUntilAnswered(life, s);
      }
    }),
  );
  const drainDeadline = Date.now() + BACKLOG * 1000 + 120_000;
  while (Date.now() < drainDeadline) {
    posts = await channelPosts(life.sandboxUrl);
    if (burst.every((s) => posts.has(s.reference))) break;
    await sleep(500);
  }
  const burstTimes = burst.flatMap((s) => posts.get(s.reference) ?? []).sort((a, b) => a - b);
  const drainSeconds = (burstTimes.at(-1) - burstTimes[0]) / 1000;
  const postsPerSecondDraining =
    burstTimes.length > 1 ? Math.round(((burstTimes.length - 1) / drainSeconds) * 100) / 100 : null;

  const final = await channelPosts(life.sandboxUrl);
  await killService(life.current);

  const all = [...chaos, ...burst];
  const stored = await storedKloes(env);
  const mine = stored.filter((r) => all.some((s) => s.subject === r.subject));
  const bySubject = new Map();
  for (const r of mine) bySubject.set(r.subject, (bySubject.get(r.subject) ?? 0) + 1);
  const acknowledged = all.filter((s) => s.reference);
  const lost = acknowledged.filter((s) => !bySubject.has(s.subject)).length;
  const duplicated = [...bySubject.values()].filter((n) => n > 1).length;
  const doublePosts = mine.filter((r) => (final.get(r.reference)?.length ?? 0) > 1).length;
  const notPosted = mine.filter((r) => !final.has(r.reference)).length;

  return {
    kills: life.kills,
    submitted: all.length,
    acknowledged: acknowledged.length,
    resent: all.reduce((n, s) => n + (s.retries ?? 0), 0),
    stored: mine.length,
    lost,
    duplicated,
    doublePosts,
    notPosted,
    secondsFromLastRestartToAllPosted,
    postsPerSecondDraining,
    backlogPosts: burstTimes.length,
    channelLimitPerSecond: CHANNEL_LIMIT_PER_SECOND,
    drainingShareOfLimit:
      postsPerSecondDraining === null
        ? null
        : Math.round((postsPerSecondDraining / CHANNEL_LIMIT_PER_SECOND) * 100) / 100,
  };
}

async function main() {
  const results = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-bench-crash-'));
  try {
    console.error('PGlite ...');
    results.pglite = await measure('pglite', { DATA_DIR: dataDir });
    console.error(JSON.stringify(results.pglite));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const database = await postgresDatabase(POSTGRES_URL, 'crash');
  if (database.error) {
    results.postgres = { skipped: database.error };
  } else {
    const pgDataDir = mkdtempSync(join(tmpdir(), 'pathways-bench-crash-pg-'));
    try {
      console.error('PostgreSQL ...');
      results.postgres = await measure('postgres', {
        DATABASE_URL: database.url,
        DATA_DIR: pgDataDir,
      });
      console.error(JSON.stringify(results.postgres));
    } finally {
      await database.drop();
      rmSync(pgDataDir, { recursive: true, force: true });
    }
  }
  console.log(
    JSON.stringify({
      bench: 'crash',
      lifted:
        'RATE_LIMIT_BOT_PER_MINUTE (the bot’s own per-conversation limit on /api/messages); Teams limits enforced by the sandbox',
      ...results,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
