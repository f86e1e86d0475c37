import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { startHarness } from '../../test-support/harness';

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
    // A database of its own: the job queue's schema belongs to the first login that starts.
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
});
