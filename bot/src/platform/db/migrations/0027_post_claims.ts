import { sql, type Kysely } from 'kysely';

// A marked channel post is claimed for a lease while it is made, so two runs of one job
// (a retry while the first still runs, two instances) never post it at once: the second
// finds the live claim and comes back later, by when the first has recorded what it posted
// here. A crashed run's claim lapses with its lease and the next run takes it over,
// searches the channel for the marker, and only then posts.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('teams_post_attempts')
    .addColumn('claim_token', 'uuid')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('posted_conversation_id', 'text')
    .addColumn('posted_activity_id', 'text')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE teams_post_attempts DROP COLUMN claim_token, DROP COLUMN claimed_until,
    DROP COLUMN posted_conversation_id, DROP COLUMN posted_activity_id`.execute(db);
}
