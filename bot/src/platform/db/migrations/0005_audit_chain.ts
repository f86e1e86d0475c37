import { sql, type Kysely } from 'kysely';

/**
 * The audit trail becomes append-only and hash-chained, one chain per
 * partnership:
 *
 * - every new row gets `seq` (1, 2, 3... per partnership), `prev_hash` (the
 *   previous row's hash; 64 zeros for the first) and `hash` = SHA-256 over the
 *   row's fields and prev_hash, set by a trigger so no writer can skip it;
 * - the trigger takes the partnership's row in `audit_chain_heads` FOR UPDATE,
 *   so concurrent transactions chain one after another (the lock is held until
 *   commit) and can never fork the chain;
 * - UPDATE, DELETE and TRUNCATE are refused by triggers, for every role;
 * - on a server where the migrating role may create roles, a `pathways_app`
 *   role gets the service's everyday rights, without UPDATE, DELETE or
 *   TRUNCATE on audit_events and without write access to the chain heads; the
 *   service connects as a login in that role (README: Trust). Elsewhere
 *   (PGlite, a locked-down server) that step is skipped with a notice.
 *
 * bot/src/platform/audit/audit-chain.ts recomputes the hashes in TypeScript from the
 * same fields (the canonical form is documented there) to verify the chain.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE audit_events
    ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`.execute(db);

  await sql`CREATE TABLE audit_chain_heads (
    partnership_id text PRIMARY KEY,
    last_seq bigint NOT NULL,
    last_hash text NOT NULL
  )`.execute(db);

  // Each field as "<UTF-8 byte length>:<text>;" so no two rows share a canonical form.
  await sql`CREATE OR REPLACE FUNCTION audit_event_hash(
      prev_hash text, seq bigint, at timestamptz, partnership_id text, actor_id text,
      action text, subject_type text, subject_id text, detail jsonb
    ) RETURNS text LANGUAGE sql IMMUTABLE AS $$
      SELECT encode(sha256(convert_to(string_agg(
        octet_length(convert_to(f, 'UTF8'))::text || ':' || f || ';', '' ORDER BY n), 'UTF8')), 'hex')
      FROM unnest(ARRAY[
        prev_hash, seq::text, ((extract(epoch FROM at) * 1000000)::bigint)::text,
        partnership_id, actor_id, action, subject_type, subject_id, detail::text
      ]) WITH ORDINALITY AS t(f, n)
    $$`.execute(db);

  // SECURITY DEFINER: the application's role may not write the chain heads itself.
  await sql`CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $$
    DECLARE
      head audit_chain_heads%ROWTYPE;
    BEGIN
      SELECT * INTO head FROM audit_chain_heads
        WHERE partnership_id = NEW.partnership_id FOR UPDATE;
      IF NOT FOUND THEN
        INSERT INTO audit_chain_heads (partnership_id, last_seq, last_hash)
          VALUES (NEW.partnership_id, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;
        SELECT * INTO head FROM audit_chain_heads
          WHERE partnership_id = NEW.partnership_id FOR UPDATE;
      END IF;
      NEW.seq := head.last_seq + 1;
      NEW.prev_hash := head.last_hash;
      NEW.hash := audit_event_hash(NEW.prev_hash, NEW.seq, NEW.at, NEW.partnership_id,
        NEW.actor_id, NEW.action, NEW.subject_type, NEW.subject_id, NEW.detail);
      UPDATE audit_chain_heads SET last_seq = NEW.seq, last_hash = NEW.hash
        WHERE partnership_id = NEW.partnership_id;
      RETURN NEW;
    END $$`.execute(db);

  // Rows written before this migration join the chain in the order they were written.
  await sql`CREATE TEMPORARY TABLE audit_events_backfill AS
    SELECT * FROM audit_events ORDER BY id`.execute(db);
  await sql`DELETE FROM audit_events`.execute(db);
  await sql`CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_events_chain()`.execute(db);
  await sql`INSERT INTO audit_events
      (id, at, partnership_id, actor_id, action, subject_type, subject_id, detail)
    SELECT id, at, partnership_id, actor_id, action, subject_type, subject_id, detail
    FROM audit_events_backfill ORDER BY id`.execute(db);
  await sql`DROP TABLE audit_events_backfill`.execute(db);

  await sql`ALTER TABLE audit_events
    ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL,
    ALTER COLUMN hash SET NOT NULL`.execute(db);
  await sql`CREATE UNIQUE INDEX audit_events_chain_seq ON audit_events (partnership_id, seq)`.execute(
    db,
  );

  await sql`CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'The audit trail is append-only: % on % is not allowed.', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
    END $$`.execute(db);
  await sql`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  // Heads move forward only through the chaining trigger; removing one would restart a chain.
  await sql`CREATE TRIGGER audit_chain_heads_kept BEFORE DELETE ON audit_chain_heads
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()`.execute(db);
  await sql`CREATE TRIGGER audit_chain_heads_no_truncate BEFORE TRUNCATE ON audit_chain_heads
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change()`.execute(db);

  await sql`DO $$
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        BEGIN
          CREATE ROLE pathways_app NOLOGIN;
        EXCEPTION WHEN duplicate_object OR unique_violation THEN
          -- Roles are the server's: another database migrating at the same moment made it.
          NULL;
        END;
      END IF;
      EXECUTE format('GRANT CONNECT, TEMPORARY ON DATABASE %I TO pathways_app', current_database());
      -- pg-boss creates and migrates its own schema at start.
      EXECUTE format('GRANT CREATE ON DATABASE %I TO pathways_app', current_database());
      EXECUTE format('GRANT USAGE ON SCHEMA %I TO pathways_app', current_schema());
      EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO pathways_app', current_schema());
      EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO pathways_app', current_schema());
      -- Tables later migrations create (as this same role) get the everyday rights too.
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO pathways_app', current_schema());
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO pathways_app', current_schema());
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM pathways_app;
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON audit_chain_heads FROM pathways_app;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pathways_app role not set up (this role may not create roles): %', SQLERRM;
    END $$`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TRIGGER audit_events_append_only ON audit_events`.execute(db);
  await sql`DROP TRIGGER audit_events_no_truncate ON audit_events`.execute(db);
  await sql`DROP TRIGGER audit_events_chain ON audit_events`.execute(db);
  await sql`DROP TABLE audit_chain_heads`.execute(db);
  await sql`ALTER TABLE audit_events DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash`.execute(
    db,
  );
  await sql`DROP FUNCTION audit_refuse_change(), audit_events_chain(), audit_event_hash(text, bigint, timestamptz, text, text, text, text, text, jsonb)`.execute(
    db,
  );
}
