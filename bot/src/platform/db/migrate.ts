import type { Kysely } from 'kysely';
import { Migrator, type Migration } from 'kysely/migration';
import { openDatabase, type Database } from './database';
import * as foundation from './migrations/0001_foundation';
import * as kloes from './migrations/0002_kloes';
import * as kloeTriage from './migrations/0003_kloe_triage';
import * as auditChain from './migrations/0005_audit_chain';
import * as rateLimits from './migrations/0006_rate_limits';
import * as engineRoom from './migrations/0007_engine_room';
import * as graphSideEffects from './migrations/0008_graph_side_effects';
import * as seriousCases from './migrations/0009_serious_cases';
import * as briefings from './migrations/0010_briefings';
import * as recommendations from './migrations/0012_recommendations';
import * as reports from './migrations/0013_reports';
import * as retention from './migrations/0014_retention';
import * as activeLearning from './migrations/0015_active_learning';
import * as newsletterBriefings from './migrations/0016_newsletter_briefings';
import * as retentionCover from './migrations/0017_retention_cover';
import * as definerSearchPath from './migrations/0018_definer_search_path';
import * as requestHashAndSignedHeads from './migrations/0019_request_hash_and_signed_heads';
import * as postAttempts from './migrations/0020_post_attempts';
import * as formDrafts from './migrations/0021_form_drafts';
import * as recordLifecycle from './migrations/0022_record_lifecycle';
import * as partnershipIsolation from './migrations/0023_partnership_isolation';
import * as sharedPacing from './migrations/0024_shared_pacing';
import * as sideEffectClaims from './migrations/0025_side_effect_claims';
import * as conversationPartnerships from './migrations/0026_conversation_partnerships';
import * as postClaims from './migrations/0027_post_claims';

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
  '0010_briefings': briefings,
  '0012_recommendations': recommendations,
  '0013_reports': reports,
  '0014_retention': retention,
  '0015_active_learning': activeLearning,
  '0016_newsletter_briefings': newsletterBriefings,
  '0017_retention_cover': retentionCover,
  '0018_definer_search_path': definerSearchPath,
  '0019_request_hash_and_signed_heads': requestHashAndSignedHeads,
  '0020_post_attempts': postAttempts,
  '0021_form_drafts': formDrafts,
  '0022_record_lifecycle': recordLifecycle,
  '0023_partnership_isolation': partnershipIsolation,
  '0024_shared_pacing': sharedPacing,
  '0025_side_effect_claims': sideEffectClaims,
  '0026_conversation_partnerships': conversationPartnerships,
  '0027_post_claims': postClaims,
};

/** The listed migrations, by name (a copy). */
export function listedMigrations(): Record<string, Migration> {
  return { ...migrations };
}

/** A migrator over the listed migrations (tests use it to step back and forward). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database before its tables exist
export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Numbers are handed to work in parallel and land in any order: a database that
    // already has 0014 still gets 0012 when it arrives.
    allowUnorderedMigrations: true,
  });
}

/** Applies pending migrations; Kysely's lock table makes concurrent starts safe. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations see the database before its tables exist
export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  const migrator = createMigrator(db);
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
  /** The service's own connection string (DATABASE_URL): its login is created if missing. */
  appUrl?: string,
): Promise<string[]> {
  if (!migrationUrl) return migrateToLatest(database.db);
  const owner = await openDatabase({ databaseUrl: migrationUrl });
  try {
    const applied = await migrateToLatest(owner.db);
    if (appUrl) await ensureAppLogin(owner, appUrl);
    return applied;
  } finally {
    await owner.close();
  }
}

/**
 * Creates the service's login (the user in DATABASE_URL, with its password)
 * in the pathways_app role when it does not exist yet, so a deployment needs
 * only the two connection strings in Key Vault (infra/azure.bicep). An
 * existing login is left as it is; a server where pathways_app could not be
 * made (migration 0005 skips it) gets nothing.
 */
export async function ensureAppLogin(owner: Database, appUrl: string): Promise<void> {
  const url = new URL(appUrl);
  const login = decodeURIComponent(url.username);
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(login)) return;
  const { rows } = await owner.executeSql(
    `SELECT current_user AS me,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1) AS has_login,
            EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') AS has_role`,
    [login],
  );
  const state = rows[0] as { me: string; has_login: boolean; has_role: boolean };
  if (state.me === login || state.has_login || !state.has_role) return;
  const ddl = await owner.executeSql(
    `SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE pathways_app', $1::text, $2::text) AS sql`,
    [login, decodeURIComponent(url.password)],
  );
  await owner.executeSql((ddl.rows[0] as { sql: string }).sql);
}
