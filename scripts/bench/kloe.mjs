#!/usr/bin/env node
// npm run bench:kloe: concurrent practitioners submit KLOEs to the running
// service (sandbox tenant, Teams limits enforced) and we measure, for PGlite
// and for PostgreSQL:
//  - latency: submit -> the Business Unit card posted in the channel (the
//    sandbox's own timestamp of the post), with 20 submitters sending at the
//    rate a Teams channel accepts bot posts (60 per 30 s per conversation);
//  - throughput: submissions per second the service accepts with 20
//    submitters sending as fast as they can (their channel posts then queue
//    behind the Teams limit, as they would in a real tenant).
// Lifted because this benchmark does not measure it: the bot's own per-conversation
// request limit on /api/messages (RATE_LIMIT_BOT_PER_MINUTE, 120 a minute), which
// would answer the burst's 20 submitters in one chat each with 429. The Teams and
// Graph limits the sandbox enforces stay on.
// The last line printed is one JSON object with the figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  percentile,
  postgresDatabase,
  sleep,
  startService,
  stopService,
  practitioners,
  submitKloe as submit,
  kloeCardsPosted as channelPosts,
} from './service.mjs';

const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 20);
const PACED_SECONDS = Number(process.env.BENCH_PACED_SECONDS ?? 30);
// Teams allows a bot 60 sends per 30 s (and 8 per 2 s) in one conversation: stay just under.
const PACED_RATE = Number(process.env.BENCH_RATE ?? 1.9);
const BURST_TOTAL = Number(process.env.BENCH_BURST ?? 200);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const LIFTED = { RATE_LIMIT_BOT_PER_MINUTE: '1000000' };

async function measure(label, env) {
  const service = await startService({ ...env, ...LIFTED });
  try {
    const who = await practitioners(service.sandboxUrl);
    // Warm up: first queries compile plans and open connections.
    for (let i = 0; i < 3; i += 1) await submit(service, who[i % who.length], `${label}-warm`);
    await sleep(3000);

    // Paced: 20 submitters, evenly spread, at the rate a channel accepts posts.
    const period = (SUBMITTERS / PACED_RATE) * 1000;
    const rounds = Math.max(1, Math.floor((PACED_SECONDS * PACED_RATE) / SUBMITTERS));
    const paced = [];
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async (_, i) => {
        await sleep((i * period) / SUBMITTERS);
        for (let r = 0; r < rounds; r += 1) {
          const started = Date.now();
          paced.push(await submit(service, who[i % who.length], `${label}-paced`));
          await sleep(Math.max(0, period - (Date.now() - started)));
        }
      }),
    );
    let posts = new Map();
    for (let i = 0; i < 100; i += 1) {
      posts = await channelPosts(service.sandboxUrl);
      if (paced.every((s) => posts.has(s.reference))) break;
      await sleep(200);
    }
    const latencies = paced
      .filter((s) => posts.has(s.reference))
      .map((s) => posts.get(s.reference) - s.sentAt)
      .sort((a, b) => a - b);

    // Burst: as fast as 20 submitters can go.
    let next = 0;
    const burstStart = Date.now();
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async (_, i) => {
        while (next < BURST_TOTAL) {
          next += 1;
          await submit(service, who[i % who.length], `${label}-burst`);
        }
      }),
    );
    const burstSeconds = (Date.now() - burstStart) / 1000;

    return {
      submissionsPerSecond: Math.round((BURST_TOTAL / burstSeconds) * 10) / 10,
      submitToBusinessUnitCardMs: {
        p50: percentile(latencies, 50),
        p95: percentile(latencies, 95),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? null,
      },
      pacedSubmissions: paced.length,
      posted: latencies.length,
      pacedRatePerSecond: PACED_RATE,
      concurrentSubmitters: SUBMITTERS,
    };
  } finally {
    await stopService(service);
  }
}

async function main() {
  const results = {};
  const dataDir = mkdtempSync(join(tmpdir(), 'pathways-bench-'));
  try {
    console.error('PGlite ...');
    results.pglite = await measure('pglite', { DATA_DIR: dataDir });
    console.error(JSON.stringify(results.pglite));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
  const database = await postgresDatabase(POSTGRES_URL, 'kloe');
  if (database.error) {
    results.postgres = { skipped: database.error };
  } else {
    try {
      console.error('PostgreSQL ...');
      results.postgres = await measure('postgres', { DATABASE_URL: database.url });
      console.error(JSON.stringify(results.postgres));
    } finally {
      await database.drop();
    }
  }
  console.log(
    JSON.stringify({
      bench: 'kloe',
      lifted:
        'RATE_LIMIT_BOT_PER_MINUTE (the bot’s own per-conversation limit on /api/messages); Teams and Graph limits enforced by the sandbox',
      ...results,
    }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
