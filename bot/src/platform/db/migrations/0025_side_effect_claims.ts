import { sql, type Kysely } from 'kysely';

// A worker claims a Graph side effect for a lease before performing it, so two workers (or
// instances) never perform the same one at once, and a crashed worker's claim is taken back
// when its lease ends. The row stays 'pending' while claimed: it is not done.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('graph_side_effects')
    .addColumn('claim_token', 'uuid')
    .addColumn('claimed_until', 'timestamptz')
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE graph_side_effects DROP COLUMN claim_token, DROP COLUMN claimed_until`.execute(
    db,
  );
}
