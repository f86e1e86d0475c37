import { sql, type Kysely } from 'kysely';

/**
 * Recommendations as one record type, whatever raised them (a KLOE outcome, a
 * consideration request, a briefing, a Rapid Review, an LCSPR), tracked as a
 * task in the partnership's Planner plan through to impact testing.
 *
 * `record_recommendations` keeps its name and rows: `record_type`/`record_id`
 * name the record a recommendation came from, `source` what kind of
 * recommendation it is, `status` its stage (core: RECOMMENDATION_STATUSES).
 * The row is the current state; every change is also a line in
 * `recommendation_events` (who, when, what, including Planner's edits and the
 * losing side of a conflict).
 */
// impact_recorded_at is also added by 0013 (the quarterly action figures): IF NOT EXISTS
// lets either land first.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE record_recommendations
    ADD COLUMN reference text,
    ADD COLUMN source text,
    ADD COLUMN source_reference text,
    ADD COLUMN theme text,
    ADD COLUMN percent_complete integer NOT NULL DEFAULT 0
      CHECK (percent_complete BETWEEN 0 AND 100),
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN assignee_id text,
    ADD COLUMN assignee_name text,
    ADD COLUMN pathways_edited_at timestamptz,
    ADD COLUMN planner_task_id text,
    ADD COLUMN planner_etag text,
    ADD COLUMN planner_synced jsonb,
    ADD COLUMN planner_checked_at timestamptz,
    ADD COLUMN impact_due_on date,
    ADD COLUMN impact_task_id text,
    ADD COLUMN impact_rating text,
    ADD COLUMN impact_evidence text,
    ADD COLUMN impact_recorded_by_id text,
    ADD COLUMN IF NOT EXISTS impact_recorded_at timestamptz`.execute(db);

  // Recommendations recorded before this migration: their source is the record
  // they were recorded on, and they get references in the order they were made.
  await sql`UPDATE record_recommendations r
    SET source = r.record_type, theme = q.theme, source_reference = q.reference
    FROM queue_items q
    WHERE q.record_type = r.record_type AND q.record_id = r.record_id`.execute(db);
  await sql`UPDATE record_recommendations SET source = record_type WHERE source IS NULL`.execute(
    db,
  );
  await sql`WITH numbered AS (
      SELECT id, partnership_id,
        extract(year FROM created_at AT TIME ZONE 'Europe/London')::int AS year,
        row_number() OVER (
          PARTITION BY partnership_id, extract(year FROM created_at AT TIME ZONE 'Europe/London')
          ORDER BY created_at, id) AS n
      FROM record_recommendations)
    UPDATE record_recommendations r
    SET reference = 'REC-' || numbered.year || '-' || lpad(numbered.n::text, 4, '0')
    FROM numbered WHERE numbered.id = r.id`.execute(db);
  await sql`INSERT INTO reference_counters (partnership_id, prefix, year, last_value)
    SELECT partnership_id, 'REC', split_part(reference, '-', 2)::int, count(*)
    FROM record_recommendations GROUP BY partnership_id, split_part(reference, '-', 2)
    ON CONFLICT (partnership_id, prefix, year) DO UPDATE SET last_value = EXCLUDED.last_value`.execute(
    db,
  );
  await sql`ALTER TABLE record_recommendations
    ALTER COLUMN reference SET NOT NULL,
    ALTER COLUMN source SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX record_recommendations_reference
    ON record_recommendations (partnership_id, reference)`.execute(db);
  await sql`CREATE INDEX record_recommendations_source
    ON record_recommendations (partnership_id, source, due_date)`.execute(db);
  await sql`CREATE INDEX record_recommendations_task
    ON record_recommendations (planner_task_id)`.execute(db);

  await sql`CREATE TABLE recommendation_events (
    id bigserial PRIMARY KEY,
    recommendation_id uuid NOT NULL REFERENCES record_recommendations (id),
    at timestamptz NOT NULL,
    actor_id text NOT NULL,
    actor_name text NOT NULL,
    action text NOT NULL,
    detail jsonb
  )`.execute(db);
  await sql`CREATE INDEX recommendation_events_recommendation
    ON recommendation_events (recommendation_id, id)`.execute(db);

  // One bucket per source in each plan, created once (Planner has no creation key).
  await sql`CREATE TABLE planner_buckets (
    partnership_id text NOT NULL,
    plan_id text NOT NULL,
    name text NOT NULL,
    bucket_id text NOT NULL,
    PRIMARY KEY (partnership_id, plan_id, name)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE planner_buckets`.execute(db);
  await sql`DROP TABLE recommendation_events`.execute(db);
  await sql`DROP INDEX record_recommendations_task`.execute(db);
  await sql`DROP INDEX record_recommendations_source`.execute(db);
  await sql`DROP INDEX record_recommendations_reference`.execute(db);
  await sql`ALTER TABLE record_recommendations
    DROP COLUMN reference, DROP COLUMN source, DROP COLUMN source_reference, DROP COLUMN theme,
    DROP COLUMN percent_complete, DROP COLUMN version, DROP COLUMN assignee_id,
    DROP COLUMN assignee_name, DROP COLUMN pathways_edited_at, DROP COLUMN planner_task_id,
    DROP COLUMN planner_etag, DROP COLUMN planner_synced, DROP COLUMN planner_checked_at,
    DROP COLUMN impact_due_on, DROP COLUMN impact_task_id, DROP COLUMN impact_rating,
    DROP COLUMN impact_evidence, DROP COLUMN impact_recorded_by_id,
    DROP COLUMN IF EXISTS impact_recorded_at`.execute(db);
}
