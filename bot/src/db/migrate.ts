import { Migrator, type Kysely, type Migration } from 'kysely';
import * as foundation from './migrations/0001_foundation';
import * as kloes from './migrations/0002_kloes';
import * as kloeTriage from './migrations/0003_kloe_triage';

// Listed here rather than read from disk: the service ships as one bundle.
// Add each new migration with the next number; never edit a landed one.
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_kloes': kloes,
  '0003_kloe_triage': kloeTriage,
};

/** Applies pending migrations; Kysely's lock table makes concurrent starts safe. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database before its tables exist
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Database migration ${failed} failed: ${String(error)}`, { cause: error });
  }
  return (results ?? []).map((r) => r.migrationName);
}
