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

describe("a queue's workers side by side", () => {
  it('when another instance queues jobs, then as many run here together as the queue allows, without waiting for each to poll', async () => {
    const own = await openTestDatabase();
    const settings = { 'side-by-side': { concurrency: 4 } };
    const here = await startJobQueue(own, settings, { pollingIntervalSeconds: 1 });
    // Another instance of the service: its enqueues wake its own workers, none of them here.
    const elsewhere = await startJobQueue(own, settings, { pollingIntervalSeconds: 600 });
    let running = 0;
    let mostAtOnce = 0;
    const done: number[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    try {
      await here.work<{ n: number }>('side-by-side', async ({ n }) => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await gate;
        running -= 1;
        done.push(n);
      });
      await own.db.transaction().execute(async (trx) => {
        for (let n = 1; n <= 6; n += 1)
          await elsewhere.enqueue(executorFor(trx), 'side-by-side', { n });
      });
      // The first worker finds one by its poll; the others poll only every 10 s on their own,
      // so four at once sooner means the one that took a job woke the next.
      await until(() => running === 4, 'four jobs running at once', 8);
      release();
      await until(() => done.length === 6, 'all six jobs done');
      expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6]);
      expect(mostAtOnce).toBe(4);
    } finally {
      release();
      await here.stop();
      await elsewhere.stop();
      await own.close();
    }
  });
});
