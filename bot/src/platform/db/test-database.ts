import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';
import { openDatabase, type Database } from './database';
import { migrateToLatest } from './migrate';

/**
 * A migrated, empty PGlite database archived once per set of migrations and shared by every
 * test worker (in the system's temp folder), so each test starts from it instead of running
 * every migration again: the same schema, in a fraction of the time.
 */
export async function migratedPgliteTemplate(): Promise<Blob> {
  const migrations = join(__dirname, 'migrations');
  const hash = createHash('sha256');
  for (const file of readdirSync(migrations).sort())
    hash.update(file).update(readFileSync(join(migrations, file)));
  hash.update(readFileSync(join(__dirname, 'migrate.ts')));
  hash.update(readFileSync(__filename));
  // An archive is only readable by the PGlite that wrote it.
  hash.update(
    readFileSync(join(dirname(require.resolve('@electric-sql/pglite')), '../package.json')),
  );
  const path = join(tmpdir(), `pathways-pglite-${hash.digest('hex').slice(0, 16)}.tar.gz`);
  if (existsSync(path)) return new Blob([readFileSync(path)]);
  const database = await openDatabase({ inMemory: true });
  try {
    await migrateToLatest(database.db);
    // A test's database is small: PostgreSQL's default 128 MB of shared buffers costs every
    // start about a second of CPU to set up (PGlite in WebAssembly), for nothing.
    await database.executeSql(`ALTER SYSTEM SET shared_buffers = '16MB'`);
    // PGlite serves the `postgres` database; the two templates only make the archive every
    // test unpacks bigger (41 MB to 25 MB unpacked: each start about half the CPU).
    await database.executeSql(
      `UPDATE pg_database SET datistemplate = false WHERE datname IN ('template0', 'template1')`,
    );
    await database.executeSql('DROP DATABASE template0');
    await database.executeSql('DROP DATABASE template1');
    await database.executeSql('CHECKPOINT');
    const archive = await database.dumpDataDir!();
    // Written aside and renamed: a worker never reads a half-written archive.
    const partial = `${path}.${process.pid}.${randomUUID()}`;
    writeFileSync(partial, Buffer.from(await archive.arrayBuffer()));
    renameSync(partial, path);
    return archive;
  } finally {
    await database.close();
  }
}

/**
 * A migrated, empty database for one test file: PGlite in memory by default,
 * or a fresh database on the PostgreSQL server named by DATABASE_URL (dropped on close).
 */
export async function openTestDatabase(): Promise<Database & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    return openDatabase({ inMemory: true, loadDataDir: await migratedPgliteTemplate() });
  }
  const name = `pathways_test_${randomUUID().replace(/-/g, '')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ databaseUrl: url.toString() });
  await migrateToLatest(database.db);
  const close = async () => {
    await database.close();
    const dropper = new Client({ connectionString: serverUrl });
    await dropper.connect();
    await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await dropper.end();
  };
  return {
    ...database,
    url: url.toString(),
    // Closing any handle drops the database.
    forPartnership: (context) => ({ ...database.forPartnership(context), close }),
    close,
  };
}
