#!/usr/bin/env node
// npm run bench:queue: seeds 100,000 records into a fresh PostgreSQL database,
// then times the Engine Room queue through the running service's API (an
// Engine Room member's sandbox token) and measures what the tab's first load
// downloads. Last line: one JSON object with the figures.
// Targets: p95 under 50 ms; first load at most 250 KB gzipped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import {
  percentile,
  personaToken,
  postgresDatabase,
  root,
  startService,
  stopService,
} from './service.mjs';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 200);
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const ENGINE_ROOM_PERSONA = '00000000-0000-4000-8000-000000000003';

const hsscp = JSON.parse(readFileSync(join(root, 'core/src/partnerships/hsscp.json'), 'utf8'));
const words = [
  'strategy',
  'discussion',
  'health',
  'invitation',
  'neglect',
  'referral',
  'threshold',
  'transition',
  'adult',
  'services',
  'school',
  'exclusion',
  'housing',
  'domestic',
  'abuse',
  'exploitation',
  'missing',
  'episodes',
  'supervision',
  'escalation',
  'information',
  'sharing',
  'early',
  'help',
  'assessment',
  'plan',
  'review',
  'meeting',
  'attendance',
  'voice',
  'child',
];

/** Seeds queue lines as the KLOE pathway writes them, in one set-based insert. */
async function seed(url) {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(
      `INSERT INTO queue_items (record_type, record_id, partnership_id, reference, title, status,
       status_text, theme, agency, received_at, next_deadline, next_deadline_what, submitted_by_id, search_text)
     SELECT 'kloe', gen_random_uuid(), 'hsscp',
       'KLOE-' || (2024 + i % 3) || '-' || lpad((i / 3)::text, 5, '0'),
       initcap(($1::text[])[1 + i % 31]) || ' and ' || ($1::text[])[1 + (i * 7) % 31],
       (ARRAY['submitted','accepted','declined','duplicate','more-information-requested'])[1 + i % 5],
       'status', ($2::text[])[1 + i % array_length($2::text[], 1)],
       ($3::text[])[1 + i % array_length($3::text[], 1)],
       now() - (i % 1000) * interval '1 day' - (i % 86400) * interval '1 second',
       CASE WHEN i % 10 = 0 THEN (current_date + (i % 120)) END,
       CASE WHEN i % 10 = 0 THEN 'Engine Room meeting' END,
       'seed-' || (i % 500),
       ($1::text[])[1 + (i * 3) % 31] || ' ' || ($1::text[])[1 + (i * 11) % 31] || ' ' || ($1::text[])[1 + (i * 13) % 31]
     FROM generate_series(1, $4::int) AS i`,
      [words, hsscp.themes, hsscp.agencies.map((a) => a.name), RECORDS],
    );
    await client.query('ANALYZE queue_items');
  } finally {
    await client.end();
  }
}

async function time(service, token, path) {
  const samples = [];
  for (let i = 0; i < SAMPLES; i += 1) {
    const started = performance.now();
    const res = await fetch(`${service.url}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return { p50: percentile(samples, 50), p95: percentile(samples, 95) };
}

/** What the browser fetches before the tab can draw: the entry script, its preloads and CSS. */
function firstLoadGzipKb() {
  const dist = join(root, 'tab/dist');
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const assets = [...html.matchAll(/(?:src|href)="([^"]+\.(?:js|css))"/g)].map((m) => m[1]);
  let bytes = 0;
  for (const asset of new Set(assets)) {
    const path = join(dist, asset.replace(/^\/tab\//, '').replace(/^\.\//, ''));
    bytes += gzipSync(readFileSync(path)).length;
  }
  return Math.round((bytes / 1024) * 10) / 10;
}

async function main() {
  const database = await postgresDatabase(POSTGRES_URL, 'queue');
  if (database.error) throw new Error(database.error);
  try {
    const service = await startService({
      DATABASE_URL: database.url,
      RATE_LIMIT_API_PER_MINUTE: '1000000',
    });
    try {
      console.error(`seeding ${RECORDS.toLocaleString('en-GB')} records ...`);
      await seed(database.url);
      const token = await personaToken(service, ENGINE_ROOM_PERSONA);
      const theme = encodeURIComponent(hsscp.themes[0]);
      // Warm up plans and connections.
      await time(service, token, '/api/queue?limit=50');
      const result = {
        bench: 'queue',
        records: RECORDS,
        queuePageMs: await time(service, token, '/api/queue?limit=50'),
        filteredPageMs: await time(
          service,
          token,
          `/api/queue?limit=50&theme=${theme}&status=accepted`,
        ),
        searchMs: await time(service, token, '/api/queue?limit=50&q=neglect%20referral'),
        tabFirstLoadGzipKb: firstLoadGzipKb(),
      };
      console.log(JSON.stringify(result));
    } finally {
      await stopService(service);
    }
  } finally {
    if (process.env.BENCH_KEEP) console.error(`kept ${database.url}`);
    else await database.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
