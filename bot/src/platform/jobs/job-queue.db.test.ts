import { executorFor, type Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { startJobQueue, type JobQueue } from './job-queue';
import { until } from '../../test-support/until';

let database: Database;
let queue: JobQueue;
const handled: { data: { n: number }; id: string }[] = [];
let failuresLeft = 0;

beforeAll(async () => {
  database = await openTestDatabase();
  queue = await startJobQueue(
    database,
    { 'test-side-effect': { retryLimit: 3, retryDelaySeconds: 1 } },
    { pollingIntervalSeconds: 0.5 },
  );
  await queue.work<{ n: number }>('test-side-effect', async (data, id) => {
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error('simulated 429');
    }
    handled.push({ data, id });
  });
}, 240_000);

afterAll(async () => {
  await queue.stop();
  await database.close();
});

describe('jobs enqueued with the decision', () => {
  it('when the transaction commits, then the job runs once', async () => {
    await database.db.transaction().execute(async (trx) => {
      await queue.enqueue(executorFor(trx), 'test-side-effect', { n: 1 });
    });
    await until(() => handled.some((h) => h.data.n === 1), 'job 1');
    expect(handled.filter((h) => h.data.n === 1)).toHaveLength(1);
  });

  it('when the transaction rolls back, then no job is left to run', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await queue.enqueue(executorFor(trx), 'test-side-effect', { n: 2 });
        throw new Error('validation failed');
      }),
    ).rejects.toThrow('validation failed');
    const { rows } = await database.executeSql(
      `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'test-side-effect' AND data->>'n' = '2'`,
    );
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('when the handler fails, then the job is retried until it succeeds', async () => {
    failuresLeft = 1;
    await database.db.transaction().execute(async (trx) => {
      await queue.enqueue(executorFor(trx), 'test-side-effect', { n: 4 });
    });
    await until(() => handled.some((h) => h.data.n === 4), 'job 4 after a retry');
    expect(failuresLeft).toBe(0);
  });
});
