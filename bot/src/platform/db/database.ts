import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type PGlite as KyselyPGlite,
  type PGliteQueryOptions,
  type PostgresPool,
  type Transaction,
} from 'kysely';
import { Pool, types, type PoolClient } from 'pg';
import type { Tables } from './schema';

/** Runs one SQL text; the shape pg-boss and raw callers need. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * The partnership a request or job acts for, decided where it comes in (the HTTP
 * request, the Teams turn, the job's payload) and carried to the database.
 */
export interface PartnershipContext {
  readonly partnershipId: string;
}

export interface Database extends SqlExecutor {
  kind: 'pglite' | 'postgres';
  db: Kysely<Tables>;
  /**
   * The partnership every query and transaction through this handle acts for;
   * undefined for the platform's own (migrations, the job queue), which then sees
   * no partnership's rows where row-level security applies (migration 0023).
   */
  partnershipId: string | undefined;
  /**
   * The same database acting for one partnership: each transaction and query
   * through it runs with `app.partnership_id` set, so PostgreSQL shows and accepts
   * that partnership's rows only. Handles are kept, one per partnership.
   */
  forPartnership(context: PartnershipContext): Database;
  /** The whole PGlite database as one archive, to start another from (PGlite only). */
  dumpDataDir?: () => Promise<Blob>;
  /** Closes the database itself (from any handle). */
  close(): Promise<void>;
}

/** The setting row-level security reads (migration 0023); '' when none. */
const SET_PARTNERSHIP = "SELECT set_config('app.partnership_id', $1, $2)";

/** Memoises one handle per partnership over a function making them. */
function handles(make: (partnershipId: string | undefined) => Omit<Database, 'forPartnership'>) {
  const made = new Map<string | undefined, Database>();
  const handleFor = (partnershipId: string | undefined): Database => {
    let handle = made.get(partnershipId);
    if (!handle) {
      if (partnershipId !== undefined && !/^[a-z0-9][a-z0-9-]{0,62}$/.test(partnershipId))
        throw new Error(
          `"${partnershipId}" is not a partnership id (lower-case letters, digits, -).`,
        );
      handle = {
        ...make(partnershipId),
        forPartnership: (context) => handleFor(context.partnershipId),
      };
      made.set(partnershipId, handle);
    }
    return handle;
  };
  return handleFor(undefined);
}

export type Tx = Transaction<Tables>;

/** The same raw execution inside a transaction, so jobs commit or roll back with it. */
export function executorFor(trx: Kysely<Tables>): SqlExecutor {
  return {
    executeSql: async (text, values = []) => {
      const result = await trx.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

// Timestamps come back as Date from both drivers; bigint counts as JS numbers;
// a calendar date stays the text 'YYYY-MM-DD' (a Date would shift it by time zone).
types.setTypeParser(types.builtins.INT8, (v) => Number(v));
types.setTypeParser(types.builtins.DATE, (v) => v);
const DATE_OID = 1082;

/**
 * PostgreSQL everywhere: a server when DATABASE_URL is set, otherwise PGlite
 * (PostgreSQL compiled to WebAssembly) in a local folder. Same SQL, same migrations.
 */
export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir?: string;
  /** PGlite in memory (tests). */
  inMemory?: boolean;
  /**
   * PGlite: start from this archive of a database (made by dumpDataDir), in memory or in a
   * data folder that holds no database yet (one that does is opened as it is).
   */
  loadDataDir?: Blob;
  onIdleConnectionError?: (error: Error) => void;
}): Promise<Database> {
  if (options.databaseUrl) {
    // Partnerships' work has its connections, the platform's own (the job queue's polling)
    // others that never carry a partnership: so a connection changes hands, and has its
    // setting changed, only between partnerships.
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    const platformPool = new Pool({ connectionString: options.databaseUrl, max: 5 });
    // An idle connection the server ends (restart, failover, maintenance) is
    // dropped by the pool and the next query reconnects: not a reason to crash.
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    platformPool.on('error', (error) => options.onIdleConnectionError?.(error));
    // Each connection's partnership, set when it is taken from the pool for a handle
    // acting for another (or none): so a connection never carries one partnership's
    // setting to another's work, at one round trip only when it changes hands.
    const actingFor = new WeakMap<PoolClient, string>();
    const poolActingFor = (partnershipId: string | undefined) => ({
      options: pool.options,
      connect: async (): Promise<PoolClient> => {
        if (partnershipId === undefined) return platformPool.connect();
        const client = await pool.connect();
        const wanted = partnershipId ?? '';
        if ((actingFor.get(client) ?? '') !== wanted) {
          try {
            await client.query(SET_PARTNERSHIP, [wanted, false]);
          } catch (error) {
            client.release(error instanceof Error ? error : true);
            throw error;
          }
          actingFor.set(client, wanted);
        }
        return client;
      },
      end: () => pool.end(),
    });
    let ended: Promise<void> | undefined;
    return handles((partnershipId) => {
      const acting = poolActingFor(partnershipId);
      const kyselyPool: PostgresPool = { ...acting, end: async () => {} };
      const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool: kyselyPool }) });
      return {
        kind: 'postgres',
        db,
        partnershipId,
        // Straight to a connection: a script of several statements answers with the rows of
        // each (pg-boss's maintenance reads them), where Kysely keeps only one result.
        executeSql: async (text, values = []) => {
          const client = await acting.connect();
          try {
            const result: unknown = await client.query(text, values);
            const results = (Array.isArray(result) ? result : [result]) as { rows?: unknown[] }[];
            return { rows: results.flatMap((r) => r.rows ?? []) };
          } finally {
            client.release();
          }
        },
        close: () => (ended ??= Promise.all([pool.end(), platformPool.end()]).then(() => {})),
      };
    });
  }
  let dataPath: string | undefined;
  if (!options.inMemory) {
    dataPath = resolve(options.dataDir ?? '.data', 'pglite');
    mkdirSync(dataPath, { recursive: true });
  }
  // PGlite refuses an archive over an existing database; a new folder unpacks it in about a
  // tenth of the CPU that making a database (initdb) and migrating it take.
  const fromArchive =
    options.loadDataDir && !(dataPath && existsSync(join(dataPath, 'PG_VERSION')))
      ? options.loadDataDir
      : undefined;
  const pglite = await PGlite.create({
    ...(dataPath ? { dataDir: dataPath } : {}),
    ...(fromArchive ? { loadDataDir: fromArchive } : {}),
    parsers: { [DATE_OID]: (v: string) => v },
  });
  // pg-boss sends multi-statement scripts without parameters; PGlite's query()
  // uses the extended protocol (one statement), so those go through exec().
  // Kysely's own PGlite dialect runs transactions through pglite.transaction(), so the
  // same applies inside one.
  const scripts =
    (target: Pick<PGlite, 'query' | 'exec'>): KyselyPGlite['query'] =>
    async <T>(text: string, params: unknown[] = [], options?: PGliteQueryOptions) => {
      if (params.length > 0) return target.query<T>(text, params, options);
      // The rows of every statement (pg-boss's maintenance reads them), the last one's fields.
      const results = await target.exec(text, options);
      const last = results[results.length - 1];
      return {
        rows: results.flatMap((r) => r.rows) as T[],
        fields: last?.fields ?? [],
        affectedRows: last?.affectedRows,
      };
    };
  // PGlite is one connection, so its setting is the session's: changed (a call) only when
  // work for another partnership, or the platform's own (none), comes next, and changed and
  // used under one lock, so nothing running in between sees or changes it. While a
  // transaction is open, queries of its partnership, and the platform's own (the job queue
  // enqueuing with it), join it, as they did on the one connection before; others wait.
  let session = '';
  let open: { tx: Transaction_; partnershipId: string | undefined } | undefined;
  let lock: Promise<unknown> = Promise.resolve();
  const actingAs = <T>(partnershipId: string | undefined, work: () => Promise<T>): Promise<T> => {
    const run = lock.then(async () => {
      const wanted = partnershipId ?? '';
      if (session !== wanted) {
        await pglite.query(SET_PARTNERSHIP, [wanted, false]);
        session = wanted;
      }
      return work();
    });
    lock = run.catch(() => {});
    return run;
  };
  const clientActingFor = (partnershipId: string | undefined): KyselyPGlite => ({
    query: (text, params, queryOptions) => {
      if (open && (partnershipId === undefined || open.partnershipId === partnershipId))
        return scripts(open.tx)(text, params, queryOptions);
      return actingAs(partnershipId, () => scripts(pglite)(text, params, queryOptions));
    },
    transaction: (callback) =>
      actingAs(partnershipId, () =>
        pglite.transaction(async (tx) => {
          open = { tx, partnershipId };
          try {
            return await callback({ query: scripts(tx), rollback: () => tx.rollback() });
          } finally {
            open = undefined;
          }
        }),
      ),
    close: async () => {},
    get closed() {
      return pglite.closed;
    },
    get ready() {
      return pglite.ready;
    },
    waitReady: pglite.waitReady,
  });
  let closing: Promise<void> | undefined;
  return handles((partnershipId) => {
    const db = new Kysely<Tables>({
      dialect: new PGliteDialect({ pglite: clientActingFor(partnershipId) }),
    });
    return {
      kind: 'pglite',
      db,
      partnershipId,
      ...executorFor(db),
      dumpDataDir: () => pglite.dumpDataDir('gzip'),
      close: () => (closing ??= pglite.close()),
    };
  });
}

type Transaction_ = Parameters<Parameters<PGlite['transaction']>[0]>[0];
