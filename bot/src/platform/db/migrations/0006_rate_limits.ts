import { sql, type Kysely } from 'kysely';

// Request counters for the rate limits, shared by every instance. UNLOGGED:
// losing them in a crash only resets the limits, and they are written on
// every request.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE UNLOGGED TABLE rate_limit_hits (
    key text PRIMARY KEY,
    hits integer NOT NULL,
    reset_at timestamptz NOT NULL
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('rate_limit_hits').execute();
}
