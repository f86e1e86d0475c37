import { Migrator, type Kysely, type Migration } from 'kysely';
import { openDatabase, type Database } from './database';
import * as foundation from './migrations/0001_foundation';
import * as kloes from './migrations/0002_kloes';
import * as kloeTriage from './migrations/0003_kloe_triage';
import * as auditChain from './migrations/0005_audit_chain';
import * as rateLimits from './migrations/0006_rate_limits';
import * as engineRoom from './migrations/0007_engine_room';
import * as graphSideEffects from './migrations/0008_graph_side_effects';
import * as seriousCases from './migrations/0009_serious_cases';

// Listed here rather than read from disk: the service ships as one bundle.
// Add each new migration with the next number; never edit a landed one.
const migrations: Record<string, Migration> = {
  '0001_foundation': foundation,
  '0002_kloes': kloes,
  '0003_kloe_triage': kloeTriage,
  '0005_audit_chain': auditChain,
  '0006_rate_limits': rateLimits,
  '0007_engine_room': engineRoom,
  '0008_graph_side_effects': graphSideEffects,
  '0009_serious_cases': seriousCases,
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

/**
 * Migrates through a separate owner connection when one is configured
 * (DATABASE_MIGRATION_URL), so the service's own connection can be a
 * pathways_app login that may not change the schema or the audit trail.
 */
export async function migrateDatabase(
  database: Database,
  migrationUrl: string | undefined,
): Promise<string[]> {
  if (!migrationUrl) return migrateToLatest(database.db);
  const owner = await openDatabase({ databaseUrl: migrationUrl });
  try {
    return await migrateToLatest(owner.db);
  } finally {
    await owner.close();
  }
}
