#!/usr/bin/env node
// npm run bench:instances: the same deployment with 1 and then 3 instances on one PostgreSQL
// database, behind the local round-robin proxy (as `INSTANCES=3 npm start`). 20 practitioners
// submit KLOEs as fast as they can; we measure submissions a second, what PostgreSQL did for
// them (commits a second and per submission, from pg_stat_database), and whether the
// instances together kept to the Teams and Graph limits the sandbox enforces (its refusals)
// and posted every KLOE's card once. For the README's "when one PostgreSQL server is not
// enough". The last line printed is one JSON object with the figures. Run it on a quiet
// machine: on a busy one, the instances compete for its cores before PostgreSQL is stretched.
import pg from 'pg';
import {
  kloeCardsPosted,
  limitBreaches,
  postgresDatabase,
  practitioners,
  sleep,
  startDeployment,
  submitKloe,
} from './service.mjs';

const SUBMITTERS = Number(process.env.BENCH_SUBMITTERS ?? 20);
const BURST_TOTAL = Number(process.env.BENCH_BURST ?? 200);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const IDLE_SECONDS = 10;
const LIFTED = { RATE_LIMIT_BOT_PER_MINUTE: '1000000' };

async function commits(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const { rows } = await client.query(
    'SELECT xact_commit::bigint AS n FROM pg_stat_database WHERE datname = current_database()',
  );
  await client.end();
  return Number(rows[0].n);
}

async function measure(instances, databaseUrl) {
  const deployment = await startDeployment(instances, { ...LIFTED, DATABASE_URL: databaseUrl });
  const { sandboxUrl } = deployment;
  const service = { url: deployment.url, sandboxUrl };
  try {
    const who = await practitioners(sandboxUrl);
    for (let i = 0; i < 3 * instances; i += 1)
      await submitKloe(service, who[i % who.length], 'warm');
    // What the instances cost the database doing nothing (job polling, maintenance).
    const idleFrom = await commits(databaseUrl);
    await sleep(IDLE_SECONDS * 1000);
    const idle = (await commits(databaseUrl)) - idleFrom;
    const before = await commits(databaseUrl);
    const submitted = [];
    let next = 0;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: SUBMITTERS }, async (_, i) => {
        while (next < BURST_TOTAL) {
          next += 1;
          submitted.push(await submitKloe(service, who[i % who.length], `x${instances}`));
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const committed = (await commits(databaseUrl)) - before;
    // The cards go at Teams' 60 per 30 s per channel: give them time to land.
    let posted = new Map();
    for (let i = 0; i < 240; i += 1) {
      posted = await kloeCardsPosted(sandboxUrl);
      if (submitted.every((s) => posted.has(s.reference))) break;
      await sleep(1000);
    }
    const breaches = (await limitBreaches(sandboxUrl)).graph;
    return {
      instances,
      submissionsPerSecond: Math.round((BURST_TOTAL / seconds) * 10) / 10,
      postgresCommitsPerSecond: Math.round(committed / seconds),
      postgresCommitsPerSubmission: Math.round((committed / BURST_TOTAL) * 10) / 10,
      postgresCommitsPerSecondIdle: Math.round((idle / IDLE_SECONDS) * 10) / 10,
      cardsPosted: submitted.filter((s) => posted.has(s.reference)).length,
      limitBreaches: breaches.length,
    };
  } finally {
    await deployment.close();
  }
}

async function main() {
  const results = [];
  for (const instances of [1, 3]) {
    const database = await postgresDatabase(POSTGRES_URL, `instances${instances}`);
    if (database.error) throw new Error(database.error);
    try {
      console.error(`${instances} instance(s) ...`);
      results.push(await measure(instances, database.url));
      console.error(JSON.stringify(results.at(-1)));
    } finally {
      await database.drop();
    }
  }
  console.log(
    JSON.stringify({ bench: 'instances', submitters: SUBMITTERS, burst: BURST_TOTAL, results }),
  );
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
