import { sql, type Kysely } from 'kysely';

/**
 * The steps of every record's lifecycle (core/src/records/record-lifecycle.ts): received,
 * triaged, being explored, outcome recorded, closed, each with who took it and when.
 * Written in the transaction that made the change; the reports count from here.
 * Records that already exist get the steps their own history shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE record_lifecycle (
    id bigserial PRIMARY KEY,
    partnership_id text NOT NULL,
    record_type text NOT NULL,
    record_id uuid NOT NULL,
    stage text NOT NULL,
    result text,
    actor_id text NOT NULL,
    actor_name text NOT NULL,
    at timestamptz NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX record_lifecycle_record ON record_lifecycle (record_type, record_id, id)`.execute(
    db,
  );
  await sql`CREATE INDEX record_lifecycle_period ON record_lifecycle (partnership_id, record_type, at)`.execute(
    db,
  );

  // Received: when and by whom each record was sent.
  for (const table of ['kloes', 'serious_cases', 'professional_challenges']) {
    const type = { kloes: 'kloe', serious_cases: 'consideration' }[table] ?? 'challenge';
    await sql`INSERT INTO record_lifecycle (partnership_id, record_type, record_id, stage, actor_id, actor_name, at)
      SELECT partnership_id, ${type}, id, 'received', submitted_by_id, submitted_by_name, submitted_at
      FROM ${sql.table(table)}`.execute(db);
  }
  // A KLOE's triage, from its own events (a decline or a duplicate also closes it).
  await sql`INSERT INTO record_lifecycle (partnership_id, record_type, record_id, stage, result, actor_id, actor_name, at)
    SELECT k.partnership_id, 'kloe', k.id, s.stage, s.result, e.actor_id, e.actor_name, e.at
    FROM kloe_events e JOIN kloes k ON k.id = e.kloe_id
    JOIN (VALUES ('accept', 'triaged', 'accepted', 1), ('ask', 'triaged', 'more-information-asked', 1),
                 ('decline', 'triaged', 'declined', 1), ('decline', 'closed', NULL, 2),
                 ('linked-duplicate', 'triaged', 'linked', 1), ('linked-duplicate', 'closed', NULL, 2))
      AS s(action, stage, result, n) ON s.action = e.action
    ORDER BY e.at, e.id, s.n`.execute(db);
  // Engine Room work: the first piece of it, then the outcome; who did it from the history line
  // written with it.
  await sql`INSERT INTO record_lifecycle (partnership_id, record_type, record_id, stage, actor_id, actor_name, at)
    SELECT DISTINCT ON (w.record_type, w.record_id) q.partnership_id, w.record_type, w.record_id,
      'being-explored', w.actor_id, coalesce(h.actor_name, w.actor_id), w.at
    FROM (
      SELECT record_type, record_id, added_by_id AS actor_id, added_at AS at FROM record_evidence
      UNION ALL SELECT record_type, record_id, added_by_id, added_at FROM record_activities
      UNION ALL SELECT record_type, record_id, created_by_id, created_at FROM record_recommendations
    ) w
    JOIN queue_items q ON q.record_type = w.record_type AND q.record_id = w.record_id
    LEFT JOIN record_events h ON h.record_type = w.record_type AND h.record_id = w.record_id
      AND h.at = w.at AND h.actor_id = w.actor_id
    ORDER BY w.record_type, w.record_id, w.at`.execute(db);
  await sql`INSERT INTO record_lifecycle (partnership_id, record_type, record_id, stage, actor_id, actor_name, at)
    SELECT o.partnership_id, o.record_type, o.record_id, 'outcome-recorded', o.recorded_by_id,
      coalesce((SELECT h.actor_name FROM record_events h WHERE h.record_type = o.record_type
        AND h.record_id = o.record_id AND h.at = o.recorded_at LIMIT 1), o.recorded_by_id),
      o.recorded_at
    FROM record_outcomes o`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE record_lifecycle`.execute(db);
}
