import { sql, type Kysely } from 'kysely';

/**
 * Reports upward and the circulation plan (issue 8, reports half).
 *
 * - `record_recommendations.impact_recorded_at`: when the Engine Room's impact
 *   test was recorded, for the quarterly action figures. The Planner work
 *   (migration 0012) adds the same column with the impact result; IF NOT
 *   EXISTS lets either land first.
 * - `partnership_events`: meetings and events the partnership records (a
 *   board meeting, an Active Learning Set, a training session); the
 *   circulation plan's timings count from them, and the newsletter counts
 *   training sessions by how they were delivered.
 * - `circulation_done`: that one item of the plan was communicated for one
 *   event or period. Append-only: a correction is a later row.
 * - `newsletter_drafts`: each save of a quarter's newsletter is a new version.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE record_recommendations
    ADD COLUMN IF NOT EXISTS impact_recorded_at timestamptz`.execute(db);

  await sql`CREATE TABLE partnership_events (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id text NOT NULL,
    kind text NOT NULL,
    title text NOT NULL,
    occurs_on date NOT NULL,
    delivery text CHECK (delivery IN ('in-person', 'virtual', 'hybrid')),
    recorded_by_id text NOT NULL,
    recorded_by_name text NOT NULL,
    recorded_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX partnership_events_on ON partnership_events (partnership_id, occurs_on)`.execute(
    db,
  );

  await sql`CREATE TABLE circulation_done (
    id bigserial PRIMARY KEY,
    partnership_id text NOT NULL,
    item_id text NOT NULL,
    occurrence text NOT NULL,
    done_on date NOT NULL,
    recorded_by_id text NOT NULL,
    recorded_by_name text NOT NULL,
    recorded_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX circulation_done_item ON circulation_done (partnership_id, item_id, occurrence, id)`.execute(
    db,
  );

  await sql`CREATE TABLE newsletter_drafts (
    partnership_id text NOT NULL,
    year integer NOT NULL,
    quarter integer NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    version integer NOT NULL CHECK (version >= 1),
    content jsonb NOT NULL,
    saved_by_id text NOT NULL,
    saved_by_name text NOT NULL,
    saved_at timestamptz NOT NULL,
    PRIMARY KEY (partnership_id, year, quarter, version)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE newsletter_drafts`.execute(db);
  await sql`DROP TABLE circulation_done`.execute(db);
  await sql`DROP TABLE partnership_events`.execute(db);
}
