import { sql, type Kysely } from 'kysely';

// Pacing shared by every instance (Teams per conversation and per app, Exchange and Graph per
// mailbox): each send reserves a slot here before it goes, so N instances together keep to
// one published limit. UNLOGGED like rate_limit_hits: written on every send, and losing
// them in a database crash only forgets the last minutes' sends (429s are still honoured).
export async function up(db: Kysely<unknown>): Promise<void> {
  // Times are milliseconds on the database's clock, the one clock every instance shares.
  await sql`CREATE UNLOGGED TABLE pacing_slots (
    id bigserial PRIMARY KEY,
    key text NOT NULL,
    at_ms bigint NOT NULL,
    units integer NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX pacing_slots_key_at ON pacing_slots (key, at_ms)`.execute(db);
  // Requests in flight (Outlook's 4 at once per mailbox); a lease outlives a crashed holder
  // only until it expires.
  await sql`CREATE UNLOGGED TABLE pacing_leases (
    id bigserial PRIMARY KEY,
    key text NOT NULL,
    expires_at_ms bigint NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX pacing_leases_key ON pacing_leases (key, expires_at_ms)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('pacing_leases').execute();
  await db.schema.dropTable('pacing_slots').execute();
}
