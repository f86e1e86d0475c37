import { sql, type Kysely } from 'kysely';

// Teams posts carry no idempotency key: a job that crashed between posting and
// saving the activity id cannot tell from its own record whether it posted.
// Each attempt at a marked post is noted here first (committed before the
// post), so a rerun knows to look in the conversation for its marker and adopt
// what it finds rather than post again.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('teams_post_attempts')
    .addColumn('marker', 'text', (c) => c.primaryKey())
    .addColumn('conversation', 'text', (c) => c.notNull())
    .addColumn('attempted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('teams_post_attempts').execute();
}
