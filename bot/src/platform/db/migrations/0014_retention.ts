import { type Kysely } from 'kysely';

// Retention (bot/src/retention): when a record's personal details were
// removed under the partnership's retention rules, so the daily job does each
// record once and a reader can say "removed" rather than show an empty form.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('serious_cases')
    .addColumn('child_details_removed_at', 'timestamptz')
    .execute();
  await db.schema.alterTable('kloes').addColumn('anonymised_at', 'timestamptz').execute();
  await db.schema
    .alterTable('professional_challenges')
    .addColumn('anonymised_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('professional_challenges').dropColumn('anonymised_at').execute();
  await db.schema.alterTable('kloes').dropColumn('anonymised_at').execute();
  await db.schema.alterTable('serious_cases').dropColumn('child_details_removed_at').execute();
}
