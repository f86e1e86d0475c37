import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { openDatabase, type Database } from './database';
import { openTestDatabase } from './test-database';

// Row-level security (migration 0023) as the service's own login sees it: a
// pathways_app login on a server (DATABASE_URL), or the pathways_app role on
// PGlite (one session, so SET ROLE). Superusers pass row-level security by
// PostgreSQL's rule, so neither runs as one.
const onServer = Boolean(process.env.DATABASE_URL);

/** Tables deliberately left to every partnership (the migration says why). */
// The platform's own: delivery de-duplication, counters, post markers and the pacing shared
// by instances (hashed keys and times, no partnership's content).
const GLOBAL_TABLES = [
  'activity_receipts',
  'rate_limit_hits',
  'teams_post_attempts',
  'pacing_slots',
  'pacing_leases',
  'conversation_partnerships',
];

async function openAsAppLogin(): Promise<{ app: Database; close(): Promise<void> }> {
  const owned = await openTestDatabase();
  if (!onServer) {
    await owned.executeSql(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        CREATE ROLE pathways_app NOLOGIN;
      END IF; END $$`);
    await owned.executeSql(`GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO pathways_app;
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO pathways_app`);
    await owned.executeSql('SET ROLE pathways_app');
    return { app: owned, close: () => owned.close() };
  }
  const login = `pathways_rls_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const admin = new Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE pathways_app`);
  const url = new URL(owned.url!);
  url.username = login;
  const app = await openDatabase({ databaseUrl: url.toString() });
  return {
    app,
    close: async () => {
      await app.close();
      await owned.close();
      await admin.query(`DROP ROLE IF EXISTS ${login}`);
      await admin.end();
    },
  };
}

describe(`row-level security per partnership as the service's login on ${onServer ? 'PostgreSQL' : 'PGlite'}`, () => {
  let app: Database;
  let close: () => Promise<void>;
  const person = 'aad-person-in-two-partnerships';
  const ids: Record<'hsscp' | 'stockport', { kloe: string; briefing: string }> = {
    hsscp: { kloe: randomUUID(), briefing: randomUUID() },
    stockport: { kloe: randomUUID(), briefing: randomUUID() },
  };

  /** One partnership's KLOE, its event, a briefing the person is a recipient of, their chat and an audit event. */
  async function seed(partnershipId: 'hsscp' | 'stockport') {
    const { kloe, briefing } = ids[partnershipId];
    const db = app.forPartnership({ partnershipId }).db;
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('kloes')
        .values({
          id: kloe,
          partnership_id: partnershipId,
          reference: 'KLOE-2026-001',
          submission_key: `key-${partnershipId}`,
          status: 'received',
          values: JSON.stringify({}),
          submitted_by_id: person,
          submitted_by_name: 'Someone',
          submitted_at: new Date(),
          receipt_reference: JSON.stringify({}),
        })
        .execute();
      // A child row: its partnership comes from the transaction's.
      await trx
        .insertInto('kloe_events')
        .values({
          kloe_id: kloe,
          version: 1,
          at: new Date(),
          actor_id: person,
          actor_name: 'Someone',
          action: 'submitted',
        })
        .execute();
      await trx
        .insertInto('briefings')
        .values({
          id: briefing,
          partnership_id: partnershipId,
          reference: 'BN-2026-001',
          title: 'A briefing',
          kind: 'briefing',
          theme: 'Neglect',
          note: JSON.stringify({}),
          created_by_id: 'author',
          created_by_name: 'Author',
        })
        .execute();
      await trx
        .insertInto('briefing_recipients')
        .values({
          briefing_id: briefing,
          user_id: person,
          agency: 'Police',
          name: 'Someone',
          address: 'someone@example.org',
          chunk: 0,
        })
        .execute();
      await trx
        .insertInto('conversation_references')
        .values({
          partnership_id: partnershipId,
          user_aad_id: person,
          conversation_id: `chat-${partnershipId}`,
          reference: JSON.stringify({}),
        })
        .execute();
      await trx
        .insertInto('audit_events')
        .values({
          partnership_id: partnershipId,
          actor_id: person,
          action: 'test.recorded',
          subject_type: 'kloe',
          subject_id: kloe,
        })
        .execute();
    });
  }

  beforeAll(async () => {
    ({ app, close } = await openAsAppLogin());
    await seed('hsscp');
    await seed('stockport');
  });
  afterAll(async () => {
    await close();
  });

  const counted = async (database: Database, table: string) =>
    (
      (await database.executeSql(`SELECT count(*)::int AS n FROM ${table}`)).rows[0] as {
        n: number;
      }
    ).n;

  it('when it is not the owner and no superuser, then row-level security applies to it', async () => {
    const { rows } = await app.executeSql(
      `SELECT r.rolsuper OR r.rolbypassrls AS exempt, pg_has_role(current_user, 'pathways_app', 'MEMBER') AS app,
              row_security_active('kloes') AS active
         FROM pg_roles r WHERE r.rolname = current_user`,
    );
    expect(rows).toEqual([{ exempt: false, app: true, active: true }]);
  });

  it('when no partnership is set, then no partnership’s rows are visible and nothing can be written', async () => {
    expect(app.partnershipId).toBeUndefined();
    for (const table of [
      'kloes',
      'kloe_events',
      'briefings',
      'briefing_recipients',
      'audit_events',
    ])
      expect({ table, rows: await counted(app, table) }).toEqual({ table, rows: 0 });
    await expect(
      app.executeSql(
        `INSERT INTO conversation_references (partnership_id, user_aad_id, conversation_id, reference)
         VALUES ('hsscp', 'someone-else', 'c', '{}')`,
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      app.executeSql(
        `INSERT INTO audit_events (partnership_id, actor_id, action, subject_type, subject_id)
         VALUES ('hsscp', 'a', 'test.recorded', 'test', 'unbound')`,
      ),
    ).rejects.toThrow(/row-level security/);
    // A child row takes its partnership from the setting: none, so none at all.
    await expect(
      app.executeSql(
        `INSERT INTO kloe_events (kloe_id, version, at, actor_id, actor_name, action)
         VALUES ($1, 2, now(), 'a', 'A', 'noted')`,
        [ids.hsscp.kloe],
      ),
    ).rejects.toThrow(/null value in column "partnership_id"|row-level security/);
    expect((await app.executeSql(`UPDATE kloes SET status = 'closed'`)).rows).toEqual([]);
    expect(await counted(app.forPartnership({ partnershipId: 'hsscp' }), 'kloes')).toBe(1);
  });

  it('when acting for another partnership, then none of this one’s rows are visible or changeable', async () => {
    const stockport = app.forPartnership({ partnershipId: 'stockport' });
    // A query that forgets its partnership filter, as a bug would.
    const kloes = await stockport.db.selectFrom('kloes').select(['id', 'partnership_id']).execute();
    expect(kloes).toEqual([{ id: ids.stockport.kloe, partnership_id: 'stockport' }]);
    const events = await stockport.db.selectFrom('kloe_events').select('kloe_id').execute();
    expect(events).toEqual([{ kloe_id: ids.stockport.kloe }]);
    expect(
      await stockport.db
        .selectFrom('kloes')
        .select('id')
        .where('id', '=', ids.hsscp.kloe)
        .executeTakeFirst(),
    ).toBeUndefined();

    const updated = await stockport.db
      .updateTable('kloes')
      .set({ status: 'closed' })
      .where('id', '=', ids.hsscp.kloe)
      .executeTakeFirst();
    expect(updated.numUpdatedRows).toBe(0n);
    const deleted = await stockport.db
      .deleteFrom('briefing_recipients')
      .where('briefing_id', '=', ids.hsscp.briefing)
      .executeTakeFirst();
    expect(deleted.numDeletedRows).toBe(0n);
    // Writing a row for the other partnership, or moving one across, is refused.
    await expect(
      stockport.executeSql(
        `INSERT INTO conversation_references (partnership_id, user_aad_id, conversation_id, reference)
         VALUES ('hsscp', 'someone-else', 'c', '{}')`,
      ),
    ).rejects.toThrow(/row-level security/);
    await expect(
      stockport.executeSql(`UPDATE kloes SET partnership_id = 'hsscp' WHERE id = $1`, [
        ids.stockport.kloe,
      ]),
    ).rejects.toThrow(/row-level security/);
    // The audit chain's owner-run trigger refuses another partnership's event too.
    await expect(
      stockport.executeSql(
        `INSERT INTO audit_events (partnership_id, actor_id, action, subject_type, subject_id)
         VALUES ('hsscp', 'a', 'test.recorded', 'test', 'across')`,
      ),
    ).rejects.toThrow(/another partnership|row-level security/);

    const hsscp = app.forPartnership({ partnershipId: 'hsscp' });
    const own = await hsscp.db.selectFrom('kloes').select(['id', 'status']).execute();
    expect(own).toEqual([{ id: ids.hsscp.kloe, status: 'received' }]);
    const heads = await hsscp.db
      .selectFrom('audit_chain_heads')
      .select(['partnership_id', 'last_seq'])
      .execute();
    expect(heads).toEqual([{ partnership_id: 'hsscp', last_seq: 1 }]);
  });

  it('when a person is in two partnerships, then acting for one shows only that one’s briefings, chats and records of them', async () => {
    for (const partnershipId of ['hsscp', 'stockport'] as const) {
      const acting = app.forPartnership({ partnershipId });
      // Every query here asks by the person only, never by partnership.
      const briefings = await acting.db
        .selectFrom('briefing_recipients as r')
        .innerJoin('briefings as b', 'b.id', 'r.briefing_id')
        .select(['b.id', 'b.partnership_id'])
        .where('r.user_id', '=', person)
        .execute();
      expect(briefings).toEqual([
        { id: ids[partnershipId].briefing, partnership_id: partnershipId },
      ]);
      const chats = await acting.db
        .selectFrom('conversation_references')
        .select('conversation_id')
        .where('user_aad_id', '=', person)
        .execute();
      expect(chats).toEqual([{ conversation_id: `chat-${partnershipId}` }]);
      const trail = await acting.db
        .selectFrom('audit_events')
        .select('subject_id')
        .where('actor_id', '=', person)
        .execute();
      expect(trail).toEqual([{ subject_id: ids[partnershipId].kloe }]);
    }
  });

  it('when a table holds a partnership’s rows, then row-level security is forced on it with the partnership policy', async () => {
    const { rows } = await app.executeSql(
      `SELECT c.relname AS table, c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
              (SELECT count(*)::int FROM pg_policy p WHERE p.polrelid = c.oid
                 AND pg_get_expr(p.polqual, p.polrelid) LIKE '%current_setting(''app.partnership_id''::text, true)%'
                 AND pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%current_setting(''app.partnership_id''::text, true)%') AS policies
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
          AND c.relname NOT LIKE 'kysely\\_%' AND NOT (c.relname = ANY($1))
        ORDER BY 1`,
      [GLOBAL_TABLES],
    );
    expect(rows.length).toBeGreaterThan(30);
    for (const row of rows as { table: string }[])
      expect(row).toEqual({ table: row.table, enabled: true, forced: true, policies: 1 });
  });
});
