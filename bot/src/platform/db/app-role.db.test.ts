import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
// The release before pg-boss 12: what an earlier start of Pathways ran.
import PgBoss from 'pg-boss-10';
import { startHarness } from '../../test-support/harness';
import { verifyAuditChain } from '../audit/audit-chain';

// Production connects as a login in the pathways_app role and migrates as the
// schema owner (DATABASE_MIGRATION_URL). Roles exist only on a server.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('the service as a pathways_app login', () => {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const dbName = `pathways_role_${suffix}`;
  const login = `pathways_svc_${suffix}`;
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://localhost');
  const urlFor = (user: string, db = dbName) => {
    const url = new URL(server);
    url.pathname = `/${db}`;
    url.username = user;
    return url.toString();
  };
  const admin = new Client({ connectionString: server.toString() });

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        CREATE ROLE pathways_app NOLOGIN;
      END IF; END $$`);
    await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE pathways_app`);
  });
  afterAll(async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}_b WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${dbName}_c WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
    await admin.query(`DROP ROLE IF EXISTS ${login}_new`);
    await admin.end();
  });

  it('when it starts on an empty database, then the owner migrates, the service runs, and its login cannot change the audit trail', async () => {
    const h = await startHarness({
      DATABASE_URL: urlFor(login),
      DATABASE_MIGRATION_URL: urlFor(server.username || 'postgres'),
    });
    try {
      const pat = h.persona('Practitioner');
      const conversationId = await h.openPersonalChat(pat);
      const res = await h.send(h.message(pat, conversationId, 'role-help-1', 'help'));
      expect(res.status).toBeLessThan(300);
      await h.service.database.executeSql(
        `INSERT INTO audit_events (partnership_id, actor_id, action, subject_type, subject_id)
         VALUES ('hsscp', 'a', 'test.recorded', 'test', 't1')`,
      );
      await expect(
        h.service.database.executeSql(`UPDATE audit_events SET actor_id = 'b'`),
      ).rejects.toThrow(/permission denied/);
      await expect(
        h.service.database.executeSql('ALTER TABLE audit_events DISABLE TRIGGER USER'),
      ).rejects.toThrow(/must be owner/);
      const owner = await h.service.database.executeSql(
        `SELECT tableowner FROM pg_tables WHERE tablename = 'audit_events'`,
      );
      expect(owner.rows).toEqual([{ tableowner: server.username || 'postgres' }]);
    } finally {
      await h.close();
    }
  });

  it('when the service’s login does not exist yet, then the owner creates it in pathways_app at start', async () => {
    // A database of its own, where this login is the first to start.
    await admin.query(`CREATE DATABASE ${dbName}_b`);
    const fresh = new URL(urlFor(`${login}_new`, `${dbName}_b`));
    fresh.password = 'from-key-vault';
    const h = await startHarness({
      DATABASE_URL: fresh.toString(),
      DATABASE_MIGRATION_URL: urlFor(server.username || 'postgres', `${dbName}_b`),
    });
    try {
      const me = await h.service.database.executeSql(
        `SELECT current_user AS me, pg_has_role(current_user, 'pathways_app', 'MEMBER') AS member,
                (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) AS superuser`,
      );
      expect(me.rows).toEqual([{ me: `${login}_new`, member: true, superuser: false }]);
      await expect(h.service.database.executeSql(`DELETE FROM audit_events`)).rejects.toThrow(
        /permission denied/,
      );
    } finally {
      await h.close();
    }
  });

  it('when the service’s login tries to take the owner’s rights, then every way in is refused and the audit trail stays intact', async () => {
    const owner = server.username || 'postgres';
    const h = await startHarness({
      DATABASE_URL: urlFor(login),
      DATABASE_MIGRATION_URL: urlFor(owner),
    });
    const app = new Client({ connectionString: urlFor(login) });
    await app.connect();
    const refused = async (statement: string) => {
      await expect(app.query(statement)).rejects.toMatchObject({
        message: expect.stringMatching(
          /permission denied|must be owner|must be member|must be superuser/,
        ),
      });
    };
    const hashFunction = (schema: string) => `CREATE FUNCTION ${schema}.audit_event_hash(
        text, bigint, timestamptz, text, text, text, text, text, jsonb) RETURNS text
        LANGUAGE sql AS $$ SELECT 'planted' $$`;
    try {
      // The attack in issue 17, and its variants: somewhere to plant a function the owner runs.
      for (const statement of [
        `CREATE SCHEMA "${owner}"`,
        `CREATE SCHEMA ${login}`,
        hashFunction('public'),
        hashFunction('pgboss'),
        `CREATE TABLE public.audit_chain_heads_shadow (x int)`,
        `CREATE TABLE pgboss.shadow (x int)`,
        `CREATE TEMP TABLE audit_chain_heads (partnership_id text, last_seq bigint, last_hash text)`,
        hashFunction('pg_temp'),
        `CREATE OPERATOR public.|| (LEFTARG = text, RIGHTARG = text, FUNCTION = pg_catalog.textcat)`,
        // Then the owner's rights, directly.
        `GRANT "${owner}" TO ${login}`,
        `SET ROLE "${owner}"`,
        `ALTER FUNCTION audit_events_chain() SET search_path = "$user", public`,
        `CREATE OR REPLACE FUNCTION audit_events_chain() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
        'ALTER TABLE audit_events DISABLE TRIGGER USER',
        `DELETE FROM audit_events`,
      ]) {
        await refused(statement);
      }

      // Its own search_path, temp schema first, changes nothing the chain runs.
      await app.query(`SET search_path = pg_temp, "$user", public`);
      // Acting for the partnership, as the platform does (row-level security, migration 0023).
      await app.query(`SELECT set_config('app.partnership_id', 'hsscp', false)`);
      await app.query(
        `INSERT INTO public.audit_events (partnership_id, actor_id, action, subject_type, subject_id)
         VALUES ('hsscp', 'a', 'test.recorded', 'test', 'escalation')`,
      );
      expect((await verifyAuditChain(h.service.database.db)).ok).toBe(true);
      // The login signs heads (at start) but cannot unsign them.
      const signed = await app.query('SELECT count(*)::int AS n FROM audit_head_signatures');
      expect(signed.rows[0]).toEqual({ n: expect.any(Number) });
      expect((signed.rows[0] as { n: number }).n).toBeGreaterThan(0);
      await refused('DELETE FROM audit_head_signatures');
      await refused('ALTER TABLE audit_head_signatures DISABLE TRIGGER USER');

      const rights = await app.query(
        `SELECT has_database_privilege(current_user, current_database(), 'CREATE') AS create_db,
                has_database_privilege(current_user, current_database(), 'TEMPORARY') AS temp_db,
                pg_has_role(current_user, $1, 'MEMBER') AS owner_member,
                (SELECT coalesce(array_agg(nspname::text ORDER BY nspname), '{}') FROM pg_namespace
                  WHERE has_schema_privilege(current_user, oid, 'CREATE')) AS create_schemas`,
        [owner],
      );
      expect(rights.rows).toEqual([
        { create_db: false, temp_db: false, owner_member: false, create_schemas: [] },
      ]);
      // Every SECURITY DEFINER function outside the system pins its search_path.
      const definers = await app.query(
        `SELECT p.oid::regprocedure::text AS fn, p.proconfig AS config FROM pg_proc p
           JOIN pg_namespace n ON n.oid = p.pronamespace
          WHERE p.prosecdef AND n.nspname NOT IN ('pg_catalog', 'information_schema')`,
      );
      expect(definers.rows.map((r: { fn: string }) => r.fn)).toContain('audit_events_chain()');
      for (const row of definers.rows as { fn: string; config: string[] | null }[]) {
        expect({ fn: row.fn, config: row.config }).toEqual({
          fn: row.fn,
          config: ['search_path=pg_catalog, public, pg_temp'],
        });
      }
    } finally {
      await app.end();
      await h.close();
    }
  });

  it('when an earlier start left the job queue’s schema to the service’s login, then the owner takes it over and the service still runs', async () => {
    const owner = server.username || 'postgres';
    await admin.query(`CREATE DATABASE ${dbName}_c`);
    const ownerDb = new Client({ connectionString: urlFor(owner, `${dbName}_c`) });
    await ownerDb.connect();
    try {
      // As before migration 0018: the login could create, and pg-boss made its schema itself.
      await ownerDb.query(`GRANT CREATE ON DATABASE ${dbName}_c TO pathways_app`);
      const early = new PgBoss({
        connectionString: urlFor(login, `${dbName}_c`),
        schema: 'pgboss',
        supervise: false,
        schedule: false,
      });
      await early.start();
      await early.createQueue('made-by-the-login');
      await early.stop({ graceful: false, wait: true });

      const h = await startHarness({
        DATABASE_URL: urlFor(login, `${dbName}_c`),
        DATABASE_MIGRATION_URL: urlFor(owner, `${dbName}_c`),
      });
      try {
        const pat = h.persona('Practitioner');
        const conversationId = await h.openPersonalChat(pat);
        const res = await h.send(h.message(pat, conversationId, 'role-help-c', 'help'));
        expect(res.status).toBeLessThan(300);
      } finally {
        await h.close();
      }
      const after = await ownerDb.query(
        `SELECT pg_get_userbyid(nspowner) AS schema_owner,
                has_schema_privilege($1, oid, 'CREATE') AS login_creates,
                (SELECT count(*)::int FROM pg_class WHERE relnamespace = n.oid
                   AND relkind IN ('r', 'p') AND relowner <> (SELECT oid FROM pg_roles WHERE rolname = $2))
                  AS tables_not_owned
           FROM pg_namespace n WHERE nspname = 'pgboss'`,
        [login, owner],
      );
      expect(after.rows).toEqual([
        { schema_owner: owner, login_creates: false, tables_not_owned: 0 },
      ]);
    } finally {
      await ownerDb.end();
    }
  });
});
