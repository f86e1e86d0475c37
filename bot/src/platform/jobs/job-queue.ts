import PgBoss from 'pg-boss';
import { sql } from 'kysely';
import { openDatabase, type Database, type SqlExecutor } from '../db/database';

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
const SCHEMA = 'pgboss';

export async function startJobQueue(
  db: Database,
  queues: Record<string, Partial<QueueSettings>>,
  options: {
    pollingIntervalSeconds?: number;
    onError?: (error: Error) => void;
    /**
     * The schema owner's connection string (DATABASE_MIGRATION_URL). When set,
     * the owner creates and migrates pg-boss's schema and its queues' tables and
     * grants pathways_app their everyday use, so the service's login needs no
     * CREATE on the database or any schema (migration 0018).
     */
    migrationUrl?: string | undefined;
  } = {},
): Promise<JobQueue> {
  const bossFor = (database: Database, role: 'service' | 'service and owner' | 'owner') => {
    const boss = new PgBoss({
      db: database,
      schema: SCHEMA,
      // Keep finished jobs a week: enough to answer "did it send?" without hoarding payloads.
      deleteAfterDays: 7,
      archiveCompletedAfterSeconds: 60 * 60,
      // A login that does not own the schema only checks it is current.
      migrate: role !== 'service',
      // The owner's pg-boss only sets up: the service's does the work.
      supervise: role !== 'owner',
      schedule: role !== 'owner',
    });
    boss.on('error', (error: Error) => options.onError?.(error));
    return boss;
  };
  const ownerSetsUp = Boolean(options.migrationUrl) && db.kind === 'postgres';
  let boss: PgBoss;
  if (ownerSetsUp) {
    const owner = await openDatabase({ databaseUrl: options.migrationUrl });
    try {
      const setUp = bossFor(owner, 'owner');
      await withSetUpLock(owner, async () => {
        await setUp.start();
        await createQueues(setUp, queues);
        await grantQueueUse(owner);
      });
      await setUp.stop({ graceful: false, wait: true, close: false });
    } finally {
      await owner.close();
    }
    boss = bossFor(db, 'service');
    await boss.start();
  } else {
    boss = bossFor(db, 'service and owner');
    await withSetUpLock(db, async () => {
      await boss.start();
      await createQueues(boss, queues);
    });
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

async function withSetUpLock(db: Database, run: () => Promise<void>): Promise<void> {
  if (db.kind !== 'postgres') return run();
  // Instances starting together would race to create pg-boss's schema.
  // (PGlite is one process with one connection: nothing to race.)
  await db.db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${SETUP_LOCK})`.execute(connection);
    try {
      await run();
    } finally {
      await sql`SELECT pg_advisory_unlock(${SETUP_LOCK})`.execute(connection);
    }
  });
}

/** Everyday use of pg-boss's tables, not their definition (the owner keeps that). */
async function grantQueueUse(owner: Database): Promise<void> {
  await owner.executeSql(`DO $$ BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
      GRANT USAGE ON SCHEMA ${SCHEMA} TO pathways_app;
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${SCHEMA} TO pathways_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA ${SCHEMA} TO pathways_app;
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${SCHEMA} TO pathways_app;
    END IF; END $$`);
}

async function createQueues(
  boss: PgBoss,
  queues: Record<string, Partial<QueueSettings>>,
): Promise<void> {
  for (const [name, settings] of Object.entries(queues)) {
    const merged = { ...defaults, ...settings };
    await boss.createQueue(name, {
      name,
      retryLimit: merged.retryLimit,
      retryDelay: merged.retryDelaySeconds,
      retryBackoff: true,
    });
  }
}
