import PgBoss10 from 'pg-boss-10';
import type { Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { startJobQueue, type JobQueue } from './job-queue';
import { until } from '../../test-support/until';

let database: Database | undefined;
let queue: JobQueue | undefined;

afterEach(async () => {
  await queue?.stop();
  await database?.close();
  queue = undefined;
  database = undefined;
});

async function runsOf(db: Database, q: string) {
  const handled: number[] = [];
  queue = await startJobQueue(
    db,
    { [q]: { retryLimit: 3, retryDelaySeconds: 1 } },
    { pollingIntervalSeconds: 0.5 },
  );
  await queue.work<{ n: number }>(q, async (data) => {
    handled.push(data.n);
  });
  return handled;
}

describe('the job queue after an upgrade or a crash', () => {
  it('when the database was made by pg-boss 10 with jobs waiting and one running, then the service moves to pg-boss 12 and runs each of them once', async () => {
    database = await openTestDatabase();
    const old = new PgBoss10({ db: database, schema: 'pgboss' });
    await old.start();
    await old.createQueue('kloe-post-upgrade', { name: 'kloe-post-upgrade', retryLimit: 2 });
    for (const n of [1, 2, 3]) await old.send('kloe-post-upgrade', { n });
    // One was being run when the old version stopped: it is still "active" in its schema.
    const [running] = await old.fetch<{ n: number }>('kloe-post-upgrade');
    expect(running?.data.n).toBe(1);
    await old.stop({ graceful: false, wait: true });

    const handled = await runsOf(database, 'kloe-post-upgrade');

    await until(() => handled.length === 3, 'the three jobs made before the upgrade');
    expect(handled.sort()).toEqual([1, 2, 3]);
    const { rows } = await database.executeSql(
      `SELECT (SELECT version FROM pgboss.version) AS version,
              to_regnamespace('pgboss_v10') IS NULL AS old_schema_gone`,
    );
    expect(rows[0]).toEqual({ version: expect.any(Number), old_schema_gone: true });
    expect((rows[0] as { version: number }).version).toBeGreaterThan(24);
  });

  it('when an instance died while running a job, then a new instance runs it again by itself', async () => {
    database = await openTestDatabase();
    // The queue as the dead instance left it: its job taken ("active") and never finished.
    const setUp = await startJobQueue(database, { 'crash-test': { retryLimit: 3 } });
    await setUp.enqueue(database, 'crash-test', { n: 7 });
    await setUp.stop();
    const { PgBoss } = await import('pg-boss');
    const dead = new PgBoss({ db: database, schema: 'pgboss', supervise: false, schedule: false });
    await dead.start();
    const [taken] = await dead.fetch<{ n: number }>('crash-test');
    expect(taken?.data.n).toBe(7);
    await dead.stop({ graceful: false });

    const handled = await runsOf(database, 'crash-test');

    await until(() => handled.includes(7), 'the job the dead instance was running');
    expect(handled).toEqual([7]);
  });
});
