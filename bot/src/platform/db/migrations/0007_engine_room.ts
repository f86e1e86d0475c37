import { sql, type Kysely } from 'kysely';

/**
 * The Engine Room's queue and its work on any record.
 *
 * `queue_items` is a read model: one row per record of every type, kept up to
 * date in the same transaction as the record, so the tab's queue is one
 * indexed table (filters, full-text search, next deadline first) however many
 * record types there are. It holds nothing identifying: a consideration
 * request's title is its agency and date.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE queue_items (
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    partnership_id text NOT NULL,
    reference text NOT NULL,
    title text NOT NULL,
    status text NOT NULL,
    status_text text NOT NULL,
    theme text,
    agency text,
    received_at timestamptz NOT NULL,
    next_deadline date,
    next_deadline_what text,
    submitted_by_id text NOT NULL,
    search_text text NOT NULL DEFAULT '',
    search tsvector GENERATED ALWAYS AS (
      to_tsvector('english', reference || ' ' || title || ' ' || coalesce(theme, '') || ' ' ||
        coalesce(agency, '') || ' ' || search_text)
    ) STORED,
    PRIMARY KEY (record_type, record_id)
  )`.execute(db);
  // The queue's order: next deadline first (none last), then newest.
  await sql`CREATE INDEX queue_items_order ON queue_items
    (partnership_id, (coalesce(next_deadline, 'infinity'::date)), received_at DESC, record_id DESC)`.execute(
    db,
  );
  await sql`CREATE INDEX queue_items_search ON queue_items USING gin (search)`.execute(db);
  // The same order within each common filter, so a filtered page reads 50 index entries, not thousands.
  for (const column of ['status', 'theme', 'agency', 'record_type']) {
    await sql`CREATE INDEX ${sql.id(`queue_items_${column}_order`)} ON queue_items
      (partnership_id, ${sql.id(column)}, (coalesce(next_deadline, 'infinity'::date)), received_at DESC, record_id DESC)`.execute(
      db,
    );
  }
  await sql`CREATE INDEX queue_items_submitter ON queue_items (partnership_id, submitted_by_id)`.execute(
    db,
  );

  await sql`CREATE TABLE record_events (
    id bigserial PRIMARY KEY,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    at timestamptz NOT NULL,
    actor_id text NOT NULL,
    actor_name text NOT NULL,
    action text NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX record_events_record ON record_events (record_type, record_id, id)`.execute(
    db,
  );

  await sql`CREATE TABLE record_evidence (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    summary text NOT NULL,
    source text NOT NULL,
    source_date date NOT NULL,
    added_by_id text NOT NULL,
    added_by_name text NOT NULL,
    added_at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX record_evidence_record ON record_evidence (record_type, record_id)`.execute(
    db,
  );

  await sql`CREATE TABLE record_activities (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    kind text NOT NULL,
    description text NOT NULL,
    owner text NOT NULL,
    start_date date NOT NULL,
    end_date date NOT NULL,
    added_by_id text NOT NULL,
    added_at timestamptz NOT NULL,
    CHECK (end_date >= start_date)
  )`.execute(db);
  await sql`CREATE INDEX record_activities_record ON record_activities (record_type, record_id)`.execute(
    db,
  );

  await sql`CREATE TABLE record_recommendations (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    partnership_id text NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    text text NOT NULL,
    owning_agency text NOT NULL,
    due_date date NOT NULL,
    status text NOT NULL DEFAULT 'open',
    created_by_id text NOT NULL,
    created_at timestamptz NOT NULL,
    completed_at timestamptz
  )`.execute(db);
  await sql`CREATE INDEX record_recommendations_record ON record_recommendations (record_type, record_id)`.execute(
    db,
  );
  await sql`CREATE INDEX record_recommendations_due ON record_recommendations (partnership_id, status, due_date)`.execute(
    db,
  );

  await sql`CREATE TABLE record_outcomes (
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    partnership_id text NOT NULL,
    learning text NOT NULL,
    decision text NOT NULL,
    recorded_by_id text NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (record_type, record_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'record_outcomes',
    'record_recommendations',
    'record_activities',
    'record_evidence',
    'record_events',
    'queue_items',
  ]) {
    await sql`DROP TABLE ${sql.table(table)}`.execute(db);
  }
}
