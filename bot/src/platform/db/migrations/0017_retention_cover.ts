import { type Kysely } from 'kysely';

// Retention over the briefing cascade, Active Learning and Engine Room
// invitations (bot/src/retention): when the people named in each were
// removed under the partnership's retention rules, so the daily job does
// each once and a reader can say "removed" rather than show blanks.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('briefings').addColumn('people_removed_at', 'timestamptz').execute();
  await db.schema
    .alterTable('active_learning_sets')
    .addColumn('people_removed_at', 'timestamptz')
    .execute();
  await db.schema
    .alterTable('engine_room_invitations')
    .addColumn('people_removed_at', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('engine_room_invitations').dropColumn('people_removed_at').execute();
  await db.schema.alterTable('active_learning_sets').dropColumn('people_removed_at').execute();
  await db.schema.alterTable('briefings').dropColumn('people_removed_at').execute();
}
