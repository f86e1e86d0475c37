import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import {
  CompiledQuery,
  Kysely,
  PGliteDialect,
  PostgresDialect,
  type PGlite as KyselyPGlite,
  type PGliteQueryOptions,
  type Transaction,
} from 'kysely';
import { Pool, types } from 'pg';
import type { Tables } from './schema';

/** Runs one SQL text; the shape pg-boss and raw callers need. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database extends SqlExecutor {
  kind: 'pglite' | 'postgres';
  db: Kysely<Tables>;
  /** The whole PGlite database as one archive, to start another from (PGlite only). */
  dumpDataDir?: () => Promise<Blob>;
  close(): Promise<void>;
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
  /** PGlite: start from this archive of a database (made by dumpDataDir). */
  loadDataDir?: Blob;
  onIdleConnectionError?: (error: Error) => void;
}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new Pool({ connectionString: options.databaseUrl, max: 10 });
    // An idle connection the server ends (restart, failover, maintenance) is
    // dropped by the pool and the next query reconnects: not a reason to crash.
    pool.on('error', (error) => options.onIdleConnectionError?.(error));
    const db = new Kysely<Tables>({ dialect: new PostgresDialect({ pool }) });
    return {
      kind: 'postgres',
      db,
      // Straight to the pool: a script of several statements answers with the rows of
      // each (pg-boss's maintenance reads them), where Kysely keeps only one result.
      executeSql: async (text, values = []) => {
        const result: unknown = await pool.query(text, values);
        const results = (Array.isArray(result) ? result : [result]) as { rows?: unknown[] }[];
        return { rows: results.flatMap((r) => r.rows ?? []) };
      },
      close: () => db.destroy(),
    };
  }
  let dataPath: string | undefined;
  if (!options.inMemory) {
    dataPath = resolve(options.dataDir ?? '.data', 'pglite');
    mkdirSync(dataPath, { recursive: true });
  }
  const pglite = await PGlite.create({
    ...(dataPath ? { dataDir: dataPath } : {}),
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
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
  const client: KyselyPGlite = {
    query: scripts(pglite),
    transaction: (callback) =>
      pglite.transaction((tx) => callback({ query: scripts(tx), rollback: () => tx.rollback() })),
    close: () => pglite.close(),
    get closed() {
      return pglite.closed;
    },
    get ready() {
      return pglite.ready;
    },
    waitReady: pglite.waitReady,
  };
  const db = new Kysely<Tables>({ dialect: new PGliteDialect({ pglite: client }) });
  return {
    kind: 'pglite',
    db,
    ...executorFor(db),
    dumpDataDir: () => pglite.dumpDataDir('gzip'),
    close: () => db.destroy(),
  };
}
