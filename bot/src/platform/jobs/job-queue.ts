import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import type { Database, SqlExecutor } from '../db/database';

/**
 * Side effects (channel posts, mail, Graph calls) run as jobs in the same
 * PostgreSQL database, enqueued in the transaction that decided them: if the
 * transaction rolls back there is no job; once it commits, a crash cannot lose it.
 */
export interface JobQueue {
  /**
   * Enqueue inside a transaction (pass its executor). Jobs may run more than
   * once (a crash after the side effect, before completion): handlers make
   * themselves idempotent from the stored record (e.g. a saved activity id).
   */
  enqueue(
    tx: SqlExecutor,
    queue: string,
    data: object,
    options?: { startAfterSeconds?: number },
  ): Promise<string | null>;
  /** Handle jobs of one queue; a thrown error retries with backoff. */
  work<T extends object>(
    queue: string,
    handler: (data: T, jobId: string) => Promise<void>,
  ): Promise<void>;
  /**
   * Tells this instance's workers of a queue to look now rather than at their
   * next poll: call after the enqueuing transaction commits, so a post follows
   * a submit in milliseconds. Other instances still find the job by polling.
   */
  wake(queue: string): void;
  /**
   * Runs a queue on a cron schedule (kept in the database, so one schedule
   * serves every instance and survives restarts). The handler must be safe to
   * run again at any time: schedules fire at most once a minute per queue.
   */
  schedule(queue: string, cron: string, options?: { tz?: string }): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueSettings {
  /** Attempts after the first; a Graph 429 or a crash costs one. */
  retryLimit: number;
  retryDelaySeconds: number;
}

const defaults: QueueSettings = { retryLimit: 8, retryDelaySeconds: 5 };

// Any fixed number: serialises pg-boss's own schema set-up across instances.
const SETUP_LOCK = 7_734_211;

export async function startJobQueue(
  db: Database,
  queues: Record<string, Partial<QueueSettings>>,
  options: { pollingIntervalSeconds?: number; onError?: (error: Error) => void } = {},
): Promise<JobQueue> {
  const boss = new PgBoss({
    db,
    schema: 'pgboss',
    // Keep finished jobs a week: enough to answer "did it send?" without hoarding payloads.
    deleteAfterDays: 7,
    archiveCompletedAfterSeconds: 60 * 60,
  });
  boss.on('error', (error: Error) => options.onError?.(error));
  const setUp = async () => {
    await boss.start();
    for (const [name, settings] of Object.entries(queues)) {
      const merged = { ...defaults, ...settings };
      await boss.createQueue(name, {
        name,
        retryLimit: merged.retryLimit,
        retryDelay: merged.retryDelaySeconds,
        retryBackoff: true,
      });
    }
  };
  if (db.kind === 'postgres') {
    // Instances starting together would race to create pg-boss's schema.
    // (PGlite is one process with one connection: nothing to race.)
    await db.db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(${SETUP_LOCK})`.execute(connection);
      try {
        await setUp();
      } finally {
        await sql`SELECT pg_advisory_unlock(${SETUP_LOCK})`.execute(connection);
      }
    });
  } else {
    await setUp();
  }
  const workerIds = new Map<string, string[]>();
  return {
    enqueue: (tx, queue, data, opts = {}) =>
      boss.send(queue, data, {
        db: tx,
        ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      }),
    work: async (queue, handler) => {
      const id = await boss.work(
        queue,
        { pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
        async (jobs) => {
          for (const job of jobs) await handler(job.data as never, job.id);
        },
      );
      workerIds.set(queue, [...(workerIds.get(queue) ?? []), id]);
    },
    wake: (queue) => {
      for (const id of workerIds.get(queue) ?? []) boss.notifyWorker(id);
    },
    schedule: (queue, cron, opts = {}) => boss.schedule(queue, cron, {}, opts),
    stop: () => boss.stop({ graceful: true, wait: true, timeout: 10_000 }),
  };
}
