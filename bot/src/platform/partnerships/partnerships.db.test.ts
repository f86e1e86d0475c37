import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SANDBOX_PERSONAS } from '@pathways/sandbox';
import { startHarness, type Harness } from '../../test-support/harness';

// Several partnerships on PostgreSQL as the pathways_app login, where row-level security
// holds each query to its partnership: a KLOE raised in Stockport over the API is Stockport's
// alone, whichever way HSSCP's side looks.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('several partnerships on PostgreSQL under row-level security', () => {
  const suffix = randomUUID().replace(/-/g, '').slice(0, 12);
  const dbName = `pathways_partnerships_${suffix}`;
  const login = `pathways_svc_${suffix}`;
  const server = new URL(process.env.DATABASE_URL ?? 'postgres://localhost');
  const urlFor = (user: string) => {
    const url = new URL(server);
    url.pathname = `/${dbName}`;
    url.username = user;
    return url.toString();
  };
  const admin = new Client({ connectionString: server.toString() });
  const dee = SANDBOX_PERSONAS.find((p) => p.partnerships?.includes('stockport'))!;
  const billie = SANDBOX_PERSONAS.find((p) => p.roles[0] === 'BusinessUnit')!;
  let h: Harness;

  beforeAll(async () => {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.query(`DO $$ BEGIN
      IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'pathways_app') THEN
        CREATE ROLE pathways_app NOLOGIN;
      END IF; END $$`);
    await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE pathways_app`);
    h = await startHarness({
      PARTNERSHIPS: 'hsscp,stockport',
      DATABASE_URL: urlFor(login),
      DATABASE_MIGRATION_URL: urlFor(server.username || 'postgres'),
    });
  }, 240_000);
  afterAll(async () => {
    await h?.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.query(`DROP ROLE IF EXISTS ${login}`);
    await admin.end();
  });

  it('when someone in both raises a KLOE for Stockport, then only Stockport’s handle and people see it', async () => {
    const raised = await h.api(
      dee,
      'POST',
      '/api/kloes',
      {
        organisation: 'Greater Manchester Police',
        contactOfficer: dee.displayName,
        subject: 'Cross-border strategy meetings',
        theme: 'Multi-agency working',
        details: 'Strategy discussions for children who cross the border are held late.',
        actionWanted: 'Agree who convenes them.',
      },
      { 'X-Pathways-Partnership': 'stockport', 'Idempotency-Key': `partnerships-${suffix}` },
    );
    expect(raised.status).toBe(201);
    const reference = (raised.body as { reference: string }).reference;

    const inStockport = await h.service.partnerships
      .get('stockport')!
      .database.db.selectFrom('kloes')
      .select('partnership_id')
      .where('reference', '=', reference)
      .execute();
    expect(inStockport).toEqual([{ partnership_id: 'stockport' }]);
    const inHsscp = await h.service.partnerships
      .get('hsscp')!
      .database.db.selectFrom('kloes')
      .select('id')
      .execute();
    expect(inHsscp).toEqual([]);

    const queue = await h.api(billie, 'GET', '/api/queue?type=kloe');
    expect(queue.status).toBe(200);
    expect((queue.body as { items: unknown[] }).items).toEqual([]);
    const mine = await h.api(dee, 'GET', '/api/my/submissions', undefined, {
      'X-Pathways-Partnership': 'hsscp',
    });
    expect(JSON.stringify(mine.body)).not.toContain('Cross-border');
  });
});
