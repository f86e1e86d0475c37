import { sql, type Kysely } from 'kysely';

/**
 * Each partnership's rows isolated by PostgreSQL itself (issue 20): a query that
 * forgets its `WHERE partnership_id` still sees and changes only the partnership
 * its transaction acts for.
 *
 * - Every table holding a partnership's data gets row-level security, ENABLEd
 *   and FORCEd (so the owner's login is bound too when the service runs as it),
 *   with one policy for everyone: `partnership_id` equals the setting
 *   `app.partnership_id`, for reading (USING) and writing (WITH CHECK). With no
 *   partnership set, nothing is visible and nothing can be written. The platform
 *   sets it for every transaction (db/database.ts, `forPartnership`). Superusers
 *   and BYPASSRLS roles are exempt (PostgreSQL's rule): tools and local PGlite.
 * - Child tables (a KLOE's events, a briefing's recipients, ...) get their own
 *   `partnership_id`, copied from their parent here and from the setting by
 *   default afterwards, so their policy is the same one-column test, with no
 *   join to the parent on every read.
 * - Left global, on purpose: `activity_receipts` (Teams delivery de-duplication,
 *   checked before a turn is bound to a partnership), `rate_limit_hits` and
 *   `teams_post_attempts` (the platform's counters and post markers: no
 *   partnership's content), Kysely's migration tables, and pg-boss's schema (one
 *   queue serves every partnership and its maintenance spans all jobs; each job
 *   carries its partnership_id and its handler runs bound to it).
 * - `audit_events_chain()` runs as the owner (SECURITY DEFINER): it now refuses
 *   an event for another partnership than the one set, and the head it moves is
 *   under the same policy when the owner is not exempt.
 * - A later migration that changes rows of every partnership must run as an
 *   exempt role or set each partnership in turn: under FORCE it sees none.
 *
 * bot/src/platform/db/partnership-isolation.db.test.ts tries it as the app login.
 */
const OWN_TABLES = [
  'conversation_references',
  'audit_events',
  'audit_chain_heads',
  'audit_head_signatures',
  'reference_counters',
  'kloes',
  'queue_items',
  'record_recommendations',
  'record_outcomes',
  'graph_side_effects',
  'serious_cases',
  'professional_challenges',
  'briefings',
  'planner_buckets',
  'partnership_events',
  'circulation_done',
  'newsletter_drafts',
  'active_learning_sets',
  'engine_room_invitations',
  'form_drafts',
  'record_lifecycle',
] as const;

/** Child table, its parent, and how a child row finds its parent's partnership. */
const CHILD_TABLES: readonly [child: string, parent: string, join: string][] = [
  ['kloe_questions', 'kloes', 'p.id = c.kloe_id'],
  ['kloe_links', 'kloes', 'p.id = c.kloe_id'],
  ['kloe_events', 'kloes', 'p.id = c.kloe_id'],
  ['record_events', 'queue_items', 'p.record_type = c.record_type AND p.record_id = c.record_id'],
  ['record_evidence', 'queue_items', 'p.record_type = c.record_type AND p.record_id = c.record_id'],
  [
    'record_activities',
    'queue_items',
    'p.record_type = c.record_type AND p.record_id = c.record_id',
  ],
  ['serious_case_reminders', 'serious_cases', 'p.id = c.case_id'],
  ['briefing_messages', 'briefings', 'p.id = c.briefing_id'],
  ['briefing_recipients', 'briefings', 'p.id = c.briefing_id'],
  ['briefing_acknowledgements', 'briefings', 'p.id = c.briefing_id'],
  ['briefing_cascades', 'briefings', 'p.id = c.briefing_id'],
  ['briefing_impact_reports', 'briefings', 'p.id = c.briefing_id'],
  ['briefing_reminders', 'briefings', 'p.id = c.briefing_id'],
  ['recommendation_events', 'record_recommendations', 'p.id = c.recommendation_id'],
  ['active_learning_agencies', 'active_learning_sets', 'p.id = c.set_id'],
  ['active_learning_leads', 'active_learning_sets', 'p.id = c.set_id'],
  ['active_learning_nominations', 'active_learning_sets', 'p.id = c.set_id'],
  ['active_learning_attendance', 'active_learning_sets', 'p.id = c.set_id'],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [child, parent, join] of CHILD_TABLES) {
    await sql`ALTER TABLE ${sql.table(child)} ADD COLUMN partnership_id text`.execute(db);
    await sql`UPDATE ${sql.table(child)} c SET partnership_id = p.partnership_id
      FROM ${sql.table(parent)} p WHERE ${sql.raw(join)}`.execute(db);
    // A row whose parent is gone (none should be) belongs to the only partnership
    // there is; with several, the migration stops rather than guess.
    await sql`DO $orphans$ DECLARE only_one text; BEGIN
      IF EXISTS (SELECT 1 FROM ${sql.table(child)} WHERE partnership_id IS NULL) THEN
        SELECT min(partnership_id) INTO only_one FROM audit_chain_heads
          HAVING count(DISTINCT partnership_id) = 1;
        IF only_one IS NULL THEN
          RAISE EXCEPTION 'Rows of ${sql.raw(child)} without a parent: give each a partnership_id, then migrate again.';
        END IF;
        UPDATE ${sql.table(child)} SET partnership_id = only_one WHERE partnership_id IS NULL;
      END IF; END $orphans$`.execute(db);
    // Empty setting as no setting: NOT NULL then refuses the row with a plain message.
    await sql`ALTER TABLE ${sql.table(child)}
      ALTER COLUMN partnership_id SET DEFAULT nullif(current_setting('app.partnership_id', true), ''),
      ALTER COLUMN partnership_id SET NOT NULL`.execute(db);
  }

  for (const table of [...OWN_TABLES, ...CHILD_TABLES.map(([child]) => child)]) {
    await sql`ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`CREATE POLICY partnership_isolation ON ${sql.table(table)}
      USING (partnership_id = current_setting('app.partnership_id', true))
      WITH CHECK (partnership_id = current_setting('app.partnership_id', true))`.execute(db);
  }

  // As 0018's, plus the check that the event is the set partnership's.
  await sql`DO $migration$
    DECLARE
      app text := current_schema();
    BEGIN
      EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I.audit_events_chain() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, %1$I, pg_temp AS $$
        DECLARE
          head %1$I.audit_chain_heads%%ROWTYPE;
          acting text := NULLIF(pg_catalog.current_setting('app.partnership_id', true), '');
        BEGIN
          IF acting IS NOT NULL AND acting IS DISTINCT FROM NEW.partnership_id THEN
            RAISE EXCEPTION 'An audit event for another partnership than the one this transaction acts for.'
              USING ERRCODE = 'insufficient_privilege';
          END IF;
          SELECT * INTO head FROM %1$I.audit_chain_heads
            WHERE partnership_id = NEW.partnership_id FOR UPDATE;
          IF NOT FOUND THEN
            INSERT INTO %1$I.audit_chain_heads (partnership_id, last_seq, last_hash)
              VALUES (NEW.partnership_id, 0, pg_catalog.repeat('0', 64)) ON CONFLICT DO NOTHING;
            SELECT * INTO head FROM %1$I.audit_chain_heads
              WHERE partnership_id = NEW.partnership_id FOR UPDATE;
          END IF;
          NEW.seq := head.last_seq + 1;
          NEW.prev_hash := head.last_hash;
          NEW.hash := %1$I.audit_event_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.partnership_id,
            NEW.actor_id, NEW.action, NEW.subject_type, NEW.subject_id, NEW.detail);
          UPDATE %1$I.audit_chain_heads SET last_seq = NEW.seq, last_hash = NEW.hash
            WHERE partnership_id = NEW.partnership_id;
          RETURN NEW;
        END $$$f$, app);
      EXECUTE format('REVOKE ALL ON FUNCTION %I.audit_events_chain() FROM PUBLIC', app);
    END $migration$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [...OWN_TABLES, ...CHILD_TABLES.map(([child]) => child)]) {
    await sql`DROP POLICY partnership_isolation ON ${sql.table(table)}`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} NO FORCE ROW LEVEL SECURITY`.execute(db);
    await sql`ALTER TABLE ${sql.table(table)} DISABLE ROW LEVEL SECURITY`.execute(db);
  }
  for (const [child] of CHILD_TABLES)
    await sql`ALTER TABLE ${sql.table(child)} DROP COLUMN partnership_id`.execute(db);
}
