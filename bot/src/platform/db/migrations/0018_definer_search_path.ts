import { sql, type Kysely } from 'kysely';

/**
 * Closes the way the service's login could take the owner's rights (issue 17).
 *
 * 0005 made `audit_events_chain()` SECURITY DEFINER with `SET search_path FROM
 * CURRENT`, which captured `"$user", public`, while pathways_app could CREATE on
 * the database: a login could make a schema named after the owner, plant an
 * `audit_event_hash` there and have the owner run it on the next insert.
 *
 * - Every function the audit trail runs pins `search_path` to `pg_catalog`, the
 *   app schema and, last, `pg_temp` (unlisted it would be searched first), and
 *   names every table and function with its schema, so nothing a caller creates
 *   or puts on their own search_path is ever found. The hash is computed exactly
 *   as before, so existing chains still verify.
 * - pathways_app (and PUBLIC) lose CREATE on the database and on every schema,
 *   and TEMPORARY (the service makes no temporary tables). The job queue's
 *   schema is made by the owner at start (jobs/job-queue.ts); one an earlier
 *   start left to the service's login is handed to the owner here.
 *
 * bot/src/db/app-role.db.test.ts logs in as the service and tries each way in.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`DO $migration$
    DECLARE
      app text := current_schema();
    BEGIN
      EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I.audit_event_hash(
          prev_hash text, seq bigint, at timestamptz, partnership_id text, actor_id text,
          action text, subject_type text, subject_id text, detail jsonb
        ) RETURNS text LANGUAGE sql IMMUTABLE
        SET search_path = pg_catalog, %1$I, pg_temp AS $$
          SELECT pg_catalog.encode(pg_catalog.sha256(pg_catalog.convert_to(pg_catalog.string_agg(
            pg_catalog.octet_length(pg_catalog.convert_to(f, 'UTF8'))::text || ':' || f || ';', ''
            ORDER BY n), 'UTF8')), 'hex')
          FROM pg_catalog.unnest(ARRAY[
            prev_hash, seq::text, ((EXTRACT(epoch FROM at) * 1000000)::bigint)::text,
            partnership_id, actor_id, action, subject_type, subject_id, detail::text
          ]) WITH ORDINALITY AS t(f, n)
        $$$f$, app);

      EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I.audit_events_chain() RETURNS trigger
        LANGUAGE plpgsql SECURITY DEFINER
        SET search_path = pg_catalog, %1$I, pg_temp AS $$
        DECLARE
          head %1$I.audit_chain_heads%%ROWTYPE;
        BEGIN
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

      EXECUTE format($f$CREATE OR REPLACE FUNCTION %1$I.audit_refuse_change() RETURNS trigger
        LANGUAGE plpgsql SET search_path = pg_catalog, %1$I, pg_temp AS $$
        BEGIN
          RAISE EXCEPTION 'The audit trail is append-only: %% on %% is not allowed.', TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'insufficient_privilege';
        END $$$f$, app);
      -- Only the trigger calls it; nobody needs to call it directly.
      EXECUTE format('REVOKE ALL ON FUNCTION %I.audit_events_chain() FROM PUBLIC', app);
    END $migration$`.execute(db);

  await sql`DO $migration$
    DECLARE
      s record;
      o record;
    BEGIN
      -- Before PostgreSQL 15 every role could create in public.
      IF EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'public') THEN
        EXECUTE 'REVOKE CREATE ON SCHEMA public FROM PUBLIC';
      END IF;
      EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM PUBLIC', current_schema());
      EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM PUBLIC', current_database());
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        RETURN;
      END IF;
      EXECUTE format('REVOKE CREATE, TEMPORARY ON DATABASE %I FROM pathways_app', current_database());
      FOR s IN SELECT nspname FROM pg_namespace
        WHERE nspname NOT LIKE 'pg\_%' AND nspname <> 'information_schema'
      LOOP
        EXECUTE format('REVOKE CREATE ON SCHEMA %I FROM pathways_app', s.nspname);
      END LOOP;
      -- The job queue's schema, made by the service's login before this migration:
      -- an owner can always create in its own schema, so the owner takes it over.
      IF EXISTS (SELECT 1 FROM pg_namespace
                 WHERE nspname = 'pgboss' AND nspowner <> (SELECT oid FROM pg_roles WHERE rolname = current_user)) THEN
        BEGIN
          EXECUTE format('ALTER SCHEMA pgboss OWNER TO %I', current_user);
          FOR o IN SELECT c.relname, c.relkind FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname = 'pgboss' AND c.relkind IN ('r', 'p', 'S', 'v')
                -- A column's own sequence follows its table.
                AND (c.relkind <> 'S' OR NOT EXISTS (SELECT 1 FROM pg_depend d
                  WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                    AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')))
          LOOP
            EXECUTE format('ALTER %s pgboss.%I OWNER TO %I',
              CASE o.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW' ELSE 'TABLE' END,
              o.relname, current_user);
          END LOOP;
          FOR o IN SELECT p.oid::regprocedure AS fn FROM pg_proc p
              JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'pgboss'
          LOOP
            EXECUTE format('ALTER FUNCTION %s OWNER TO %I', o.fn, current_user);
          END LOOP;
          FOR o IN SELECT t.typname FROM pg_type t
              JOIN pg_namespace n ON n.oid = t.typnamespace
              WHERE n.nspname = 'pgboss' AND t.typtype = 'e'
          LOOP
            EXECUTE format('ALTER TYPE pgboss.%I OWNER TO %I', o.typname, current_user);
          END LOOP;
          GRANT USAGE ON SCHEMA pgboss TO pathways_app;
          GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA pgboss TO pathways_app;
          GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA pgboss TO pathways_app;
        EXCEPTION WHEN OTHERS THEN
          -- The service still starts; the hole stays open in pgboss only until this is done.
          RAISE WARNING 'The job queue''s schema pgboss stays with its owner (%): ask an administrator to make % its owner and its objects'' (README: Trust).', SQLERRM, current_user;
        END;
      END IF;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE NOTICE 'pathways_app privileges not narrowed (this role may not): %', SQLERRM;
    END $migration$`.execute(db);
}

export async function down(): Promise<void> {
  // Reopening the way in is not offered: restore 0005's functions by hand if ever needed.
}
