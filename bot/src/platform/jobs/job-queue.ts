// pg-boss 12 is an ES module only: loaded with import() from this CommonJS build.
import type { PgBoss } from 'pg-boss' with { 'resolution-mode': 'import' };
import { sql } from 'kysely';
import {
  openDatabase,
  type Database,
  type PartnershipContext,
  type SqlExecutor,
} from '../db/database';

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
  /**
   * Enqueues the job unless one with the same data is waiting, retrying or running
   * (committed on its own): how work whose jobs ran out of retries is started again.
   * True when it enqueued one.
   */
  ensure(queue: string, data: object): Promise<boolean>;
  /**
   * Handle jobs of one queue; a thrown error retries with backoff. The context is the
   * partnership the job is for (given by a queue acting for one: jobsActingFor).
   */
  work<T extends object>(
    queue: string,
    handler: (data: T, jobId: string, context?: PartnershipContext) => Promise<void>,
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
  /**
   * The longest one job of the queue can take when all is well (waiting its turn
   * behind Teams' or Exchange's limits included): past it, the job is taken back
   * and retried, even if its worker still sends heartbeats.
   */
  expireInSeconds: number;
  /** Jobs of the queue one instance runs at once (they wait on the limits, not the CPU). */
  concurrency: number;
}

const defaults: QueueSettings = {
  retryLimit: 8,
  retryDelaySeconds: 5,
  expireInSeconds: 300,
  concurrency: 1,
};

/**
 * A running job's worker refreshes its heartbeat every HEARTBEAT_REFRESH_SECONDS; a
 * job whose heartbeat is older than HEARTBEAT_SECONDS (its instance died) is failed
 * and retried by any instance's next check, MONITOR_SECONDS apart. The slack between
 * the two is for a loaded machine, where a late refresh would otherwise let a second
 * run start beside a live one. So work in flight at a crash runs again about 20 to
 * 35 s after the kill (on PGlite at once: see takeBackOrphanedJobs), not at the
 * default 15-minute expiry.
 */
const HEARTBEAT_SECONDS = 20;
const HEARTBEAT_REFRESH_SECONDS = 4;
// Backoff doubles per attempt; each crash counts as one, so it is capped.
const RETRY_DELAY_MAX_SECONDS = 30;
const MONITOR_SECONDS = 5;
// A queue's helper workers are woken when there is work: their own polling is the fallback
// for jobs other instances queue while this instance's polling worker is busy.
const HELPER_POLLING_SECONDS = 10;
// Kept a week: enough to answer "did it send?" without hoarding payloads.
const DELETE_AFTER_SECONDS = 7 * 24 * 60 * 60;

// Any fixed number: serialises pg-boss's own schema set-up across instances.
const SETUP_LOCK = 7_734_211;
const SCHEMA = 'pgboss';
/** Where a pg-boss 10 queue (schema version 24) waits while its jobs move to pg-boss 12's. */
const V10_SCHEMA = 'pgboss_v10';
const V10_SCHEMA_VERSION = 24;

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
  const settingsOf = (name: string): QueueSettings => ({ ...defaults, ...queues[name] });
  const { PgBoss } = await import('pg-boss');
  const bossFor = (database: Database, role: 'service' | 'service and owner' | 'owner') => {
    const boss = new PgBoss({
      db: database,
      schema: SCHEMA,
      ...(database.kind === 'pglite' ? { backend: 'pglite' as const } : {}),
      monitorIntervalSeconds: MONITOR_SECONDS,
      superviseIntervalSeconds: MONITOR_SECONDS,
      // A login that does not own the schema only checks it is current.
      migrate: role !== 'service',
      // The owner's pg-boss only sets up: the service's does the work.
      supervise: role !== 'owner',
      schedule: role !== 'owner',
    });
    boss.on('error', (error: Error) => options.onError?.(error));
    return boss;
  };
  const setUp = async (database: Database, boss: PgBoss) => {
    await setAsideVersion10Queue(database);
    await boss.start();
    for (const name of Object.keys(queues)) {
      const s = settingsOf(name);
      const queueOptions = {
        retryLimit: s.retryLimit,
        retryDelay: s.retryDelaySeconds,
        retryBackoff: true,
        // A job killed by several crashes in a row still comes back within half a minute.
        retryDelayMax: RETRY_DELAY_MAX_SECONDS,
        expireInSeconds: s.expireInSeconds,
        heartbeatSeconds: HEARTBEAT_SECONDS,
        deleteAfterSeconds: DELETE_AFTER_SECONDS,
      };
      if (await boss.getQueue(name)) {
        // pg-boss fixes a queue's heartbeat and backoff cap when it is created.
        const { heartbeatSeconds: _h, retryDelayMax: _m, ...changeable } = queueOptions;
        await boss.updateQueue(name, changeable);
      } else await boss.createQueue(name, queueOptions);
    }
    await carryOverVersion10Jobs(database, boss);
  };
  let boss: PgBoss;
  if (options.migrationUrl && db.kind === 'postgres') {
    const owner = await openDatabase({ databaseUrl: options.migrationUrl });
    try {
      const ownersBoss = bossFor(owner, 'owner');
      await withSetUpLock(owner, async () => {
        await setUp(owner, ownersBoss);
        await grantQueueUse(owner);
      });
      await ownersBoss.stop({ graceful: false, close: false });
    } finally {
      await owner.close();
    }
    boss = bossFor(db, 'service');
    await boss.start();
  } else {
    boss = bossFor(db, 'service and owner');
    const serviceBoss = boss;
    await withSetUpLock(db, () => setUp(db, serviceBoss));
  }
  await takeBackOrphanedJobs(db, boss, Object.keys(queues));

  // Per queue, this instance's workers not running a job. Waking one is enough: if it finds a
  // job it wakes another (below), and a busy worker looks again when its job is done.
  const idle = new Map<string, Set<string>>();
  const wake = (queue: string) => {
    const next = idle.get(queue)?.values().next();
    if (next && !next.done) boss.notifyWorker(next.value);
  };
  /**
   * The enqueuing transaction commits moments after enqueue returns (there is no commit
   * hook to wait on), so this instance's workers look a little later, then again: a job a
   * job enqueues follows in milliseconds rather than at the next poll. A look that finds
   * nothing costs one query; polling still finds whatever these miss.
   */
  const wakeAfterCommit = (queue: string) => {
    for (const ms of [25, 250]) setTimeout(() => wake(queue), ms).unref();
  };
  return {
    enqueue: async (tx, queue, data, opts = {}) => {
      const id = await boss.send(queue, data, {
        db: tx,
        ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
      });
      if (!opts.startAfterSeconds) wakeAfterCommit(queue);
      return id;
    },
    ensure: async (queue, data) => {
      const live = await boss.findJobs(queue, { data, queued: true, limit: 1 });
      const running = await db.executeSql(
        `SELECT 1 FROM ${SCHEMA}.job WHERE name = $1 AND state = 'active' AND data @> $2::jsonb LIMIT 1`,
        [queue, JSON.stringify(data)],
      );
      if (live.length > 0 || running.rows.length > 0) return false;
      return (await boss.send(queue, data)) !== null;
    },
    work: async (queue, handler) => {
      // Each worker holds one job at a time, so a job never waits in this process for longer
      // than its own run; several workers run side by side. Only the first polls each interval
      // (for jobs other instances queue); the others (helpers) are woken when there is work, and
      // poll seldom. When each polled, every worker a query a second, the service's 30 workers
      // cost about a tenth of a core on PGlite with nothing to do.
      const idleHere = idle.get(queue) ?? new Set<string>();
      idle.set(queue, idleHere);
      const start = async (pollingIntervalSeconds: number) => {
        let id = '';
        id = await boss.work<object>(
          queue,
          { pollingIntervalSeconds, heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS },
          async (jobs) => {
            // A worker that takes a job wakes one idle worker; if that one finds a job, it wakes
            // another: a backlog is taken up by them all, a single job costs one more look.
            idleHere.delete(id);
            wake(queue);
            try {
              for (const job of jobs) await handler(job.data as never, job.id);
            } finally {
              idleHere.add(id);
              // A worker that found a job looks again at once, so a backlog drains at the pace
              // of its jobs rather than one a poll; a look that finds none waits to be woken.
              boss.notifyWorker(id);
            }
          },
        );
        idleHere.add(id);
        return id;
      };
      await start(options.pollingIntervalSeconds ?? 2);
      for (let i = 1; i < settingsOf(queue).concurrency; i += 1)
        await start(HELPER_POLLING_SECONDS);
    },
    wake,
    schedule: (queue, cron, opts = {}) => boss.schedule(queue, cron, {}, opts),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}

/** Where a job's payload names the partnership it is for. */
const PARTNERSHIP_KEY = 'partnership_id';

/**
 * The queue as one partnership's work sees it: every job it enqueues carries that
 * partnership in its payload, and its workers run a job only for the partnership the
 * job names, handing the handler that context. A job from before payloads named one,
 * or a schedule's run, is this partnership's. The service itself serves several through
 * partnerships/partnership-jobs.ts (one worker a queue, dispatching by partnership).
 */
export function jobsActingFor(jobs: JobQueue, context: PartnershipContext): JobQueue {
  const tagged = (data: object) => ({ ...data, [PARTNERSHIP_KEY]: context.partnershipId });
  return {
    ...jobs,
    enqueue: (tx, queue, data, options) => jobs.enqueue(tx, queue, tagged(data), options),
    ensure: (queue, data) => jobs.ensure(queue, tagged(data)),
    work: (queue, handler) =>
      jobs.work<Record<string, unknown>>(queue, async (payload, jobId) => {
        const { [PARTNERSHIP_KEY]: named, ...data } = payload;
        const partnershipId = typeof named === 'string' ? named : context.partnershipId;
        if (partnershipId !== context.partnershipId)
          throw new Error(
            `Job ${jobId} on ${queue} is for partnership "${partnershipId}", which this deployment does not serve.`,
          );
        await handler(data as never, jobId, context);
      }),
  };
}

async function schemaVersion(db: Database, schema: string): Promise<number | undefined> {
  const { rows } = await db.executeSql(`SELECT to_regclass($1) IS NOT NULL AS present`, [
    `${schema}.version`,
  ]);
  if (!(rows[0] as { present: boolean }).present) return undefined;
  const version = await db.executeSql(`SELECT version FROM ${schema}.version`);
  return (version.rows[0] as { version: number } | undefined)?.version;
}

/**
 * pg-boss 11 rewrote the queue schema and neither 11 nor 12 migrates from pg-boss
 * 10's (version 24: "upgrade using an older release first" has no older release
 * to use). So a version-10 schema is renamed out of the way, pg-boss 12 installs
 * its own, and carryOverVersion10Jobs moves the work that was waiting across.
 */
async function setAsideVersion10Queue(db: Database): Promise<void> {
  const version = await schemaVersion(db, SCHEMA);
  if (version === undefined || version > V10_SCHEMA_VERSION) return;
  if (version < V10_SCHEMA_VERSION) {
    throw new Error(
      `The job queue's schema is pg-boss version ${version}: start Pathways' previous release once to bring it to pg-boss 10 first.`,
    );
  }
  await db.executeSql(`ALTER SCHEMA ${SCHEMA} RENAME TO ${V10_SCHEMA}`);
}

/**
 * Every job the version-10 queue still had to run (waiting, retrying, or running
 * when the old version stopped) is inserted into pg-boss 12's queue with its id,
 * data and remaining retries; then the old schema is dropped. A crash half-way
 * carries over again at the next start, skipping the ids already carried.
 * (Not one transaction: pg-boss reads its queue cache on its own connection,
 * and PGlite's one connection would be held by the transaction.)
 */
async function carryOverVersion10Jobs(db: Database, boss: PgBoss): Promise<void> {
  if ((await schemaVersion(db, V10_SCHEMA)) === undefined) return;
  const { rows } = await db.executeSql(
    `SELECT j.id::text AS id, j.name, j.data, j.priority, j.start_after, j.singleton_key,
            greatest(j.retry_limit - j.retry_count, 0) AS retries_left
       FROM ${V10_SCHEMA}.job j
      WHERE j.state IN ('created', 'retry', 'active')
        AND j.name NOT LIKE '\\_\\_pgboss\\_\\_%'
        AND NOT EXISTS (SELECT 1 FROM ${SCHEMA}.job n WHERE n.id = j.id)
      ORDER BY j.created_on`,
  );
  const byQueue = new Map<string, Parameters<PgBoss['insert']>[1]>();
  for (const row of rows as {
    id: string;
    name: string;
    data: object | null;
    priority: number;
    start_after: Date;
    singleton_key: string | null;
    retries_left: number;
  }[]) {
    const jobs = byQueue.get(row.name) ?? [];
    jobs.push({
      id: row.id,
      data: row.data ?? {},
      priority: row.priority,
      startAfter: row.start_after,
      retryLimit: row.retries_left,
      ...(row.singleton_key ? { singletonKey: row.singleton_key } : {}),
    });
    byQueue.set(row.name, jobs);
  }
  for (const [name, jobs] of byQueue) {
    if (!(await boss.getQueue(name))) await boss.createQueue(name);
    await boss.insert(name, jobs);
  }
  await db.executeSql(`DROP SCHEMA ${V10_SCHEMA} CASCADE`);
}

/**
 * Jobs a crashed instance was running are found by their heartbeat going stale (any
 * instance, within seconds). On PGlite the data folder has one process at a time, so
 * every job still marked active at start was left by a crash: retry it now.
 */
async function takeBackOrphanedJobs(db: Database, boss: PgBoss, names: string[]): Promise<void> {
  if (db.kind !== 'pglite') {
    await boss.supervise();
    return;
  }
  for (const name of names) {
    const { rows } = await db.executeSql(
      `SELECT id::text AS id FROM ${SCHEMA}.job WHERE name = $1 AND state = 'active'`,
      [name],
    );
    const ids = (rows as { id: string }[]).map((r) => r.id);
    if (ids.length > 0) await boss.fail(name, ids, { reason: 'the service restarted' });
  }
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
