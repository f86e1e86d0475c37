import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { Client } from 'pg';
import { openDatabase, type Database } from '../db/database';
import { auditLog } from '../db/repositories';
import { openTestDatabase } from '../db/test-database';
import { describeChainReport, GENESIS_HASH, verifyAuditChain } from './audit-chain';

const event = (partnershipId: string, n: number) => ({
  partnershipId,
  actorId: `actor-${n}`,
  action: 'consideration.read',
  subjectType: 'consideration',
  subjectId: `CR-${n}`,
  detail: { from: 'tab', note: `é ☃ 🧒 "${n}"` },
});

async function recordSome(database: Database, partnershipId: string, count: number) {
  for (let n = 1; n <= count; n += 1) await auditLog(database.db).record(event(partnershipId, n));
}

/** Tampering as the table owner would: triggers off, change, triggers on. */
async function tamper(database: Database, statement: string) {
  await database.executeSql('ALTER TABLE audit_events DISABLE TRIGGER USER');
  await database.executeSql(statement);
  await database.executeSql('ALTER TABLE audit_events ENABLE TRIGGER USER');
}

describe('the audit chain', () => {
  // One database; each test writes its own partnership's chain.
  let database: Database;
  let p: string;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(async () => {
    await database.close();
  });
  beforeEach(() => {
    p = `p-${randomUUID()}`;
  });
  const verify = () => verifyAuditChain(database.db, { partnershipId: p });

  it('when events are recorded, then each links to the one before, per partnership, and the chain verifies', async () => {
    const q = `${p}-second`;
    await recordSome(database, p, 2);
    await recordSome(database, q, 2);
    await recordSome(database, p, 1);
    const rows = await database.db
      .selectFrom('audit_events')
      .select(['partnership_id', 'seq', 'prev_hash', 'hash'])
      .where('partnership_id', 'in', [p, q])
      .orderBy('id')
      .execute();
    expect(rows.map((r) => `${r.partnership_id === p ? 'p' : 'q'}:${r.seq}`)).toEqual([
      'p:1',
      'p:2',
      'q:1',
      'q:2',
      'p:3',
    ]);
    expect(rows[0]!.prev_hash).toBe(GENESIS_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    const report = await verifyAuditChain(database.db, { batchSize: 2, partnershipId: p });
    expect(report).toMatchObject({
      ok: true,
      chains: [{ partnershipId: p, events: 3, headHash: rows[4]!.hash }],
    });
    expect(describeChainReport(report)).toContain(`${p}: 3 events, chain intact`);
    expect(await verifyAuditChain(database.db, { partnershipId: q })).toMatchObject({
      ok: true,
      chains: [{ events: 2 }],
    });
  });

  it.each([
    ['UPDATE', "UPDATE audit_events SET actor_id = 'someone-else'"],
    ['DELETE', 'DELETE FROM audit_events'],
    ['TRUNCATE', 'TRUNCATE audit_events'],
    ['DELETE', 'DELETE FROM audit_chain_heads'],
    ['TRUNCATE', 'TRUNCATE audit_chain_heads'],
  ])('when anyone tries %s, then the database refuses it: "%s"', async (_op, statement) => {
    await recordSome(database, p, 2);
    await expect(database.executeSql(statement)).rejects.toThrow(/append-only/);
    expect((await verify()).chains[0]!.events).toBe(2);
  });

  it('when a writer supplies its own seq or hash, then the trigger sets them anyway', async () => {
    await recordSome(database, p, 1);
    await database.executeSql(
      `INSERT INTO audit_events (partnership_id, actor_id, action, subject_type, subject_id, seq, prev_hash, hash)
       VALUES ($1, 'x', 'y', 'z', 'w', 1, 'forged', 'forged')`,
      [p],
    );
    expect((await verify()).ok).toBe(true);
  });

  it('when a transaction that recorded an event rolls back, then the chain still verifies', async () => {
    await recordSome(database, p, 1);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await auditLog(trx).record(event(p, 2));
        throw new Error('the use case failed');
      }),
    ).rejects.toThrow('the use case failed');
    await recordSome(database, p, 1);
    expect(await verify()).toMatchObject({
      ok: true,
      chains: [{ events: 2 }],
    });
  });

  it('when a row is altered behind the triggers, then verify names that event', async () => {
    await recordSome(database, p, 4);
    await tamper(
      database,
      `UPDATE audit_events SET detail = '{"from":"mail"}' WHERE seq = 3 AND partnership_id = '${p}'`,
    );
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.firstBreak).toMatchObject({ partnershipId: p, seq: 3 });
    expect(describeChainReport(report)).toMatch(/BROKEN at event 3 .*changed after it was written/);
  });

  it('when a row is altered and its hash recomputed, then verify names the event after it', async () => {
    await recordSome(database, p, 4);
    await tamper(
      database,
      `UPDATE audit_events SET actor_id = 'someone-else',
         hash = audit_event_hash(prev_hash, seq, at, partnership_id, 'someone-else', action, subject_type, subject_id, detail)
       WHERE seq = 2 AND partnership_id = '${p}'`,
    );
    expect((await verify()).firstBreak).toMatchObject({
      seq: 3,
      problem: expect.stringMatching(/does not follow/),
    });
  });

  it('when a row in the middle is deleted, then verify names the missing event', async () => {
    await recordSome(database, p, 4);
    await tamper(database, `DELETE FROM audit_events WHERE seq = 2 AND partnership_id = '${p}'`);
    expect((await verify()).firstBreak).toMatchObject({
      seq: 2,
      problem: expect.stringMatching(/missing/),
    });
  });

  it('when the newest rows are deleted, then verify says the chain is cut short', async () => {
    await recordSome(database, p, 4);
    await tamper(database, `DELETE FROM audit_events WHERE seq >= 3 AND partnership_id = '${p}'`);
    expect((await verify()).firstBreak).toMatchObject({
      seq: 3,
      problem: expect.stringMatching(/should run to event 4/),
    });
  });
});

// Real concurrent connections and database roles: only a PostgreSQL server has them.
const onServer = process.env.DATABASE_URL ? describe : describe.skip;

onServer('the audit chain on a PostgreSQL server', () => {
  let shared: Database & { url?: string };
  beforeAll(async () => {
    shared = await openTestDatabase();
  });
  afterAll(async () => {
    await shared.close();
  });

  it('when many instances record events at once, then the chain does not fork', async () => {
    const instances = await Promise.all(
      [1, 2, 3, 4].map(() => openDatabase({ databaseUrl: shared.url })),
    );
    try {
      await Promise.all(
        instances.flatMap((instance, i) =>
          Array.from({ length: 15 }, (_, n) =>
            instance.db.transaction().execute(async (trx) => {
              await auditLog(trx).record(event('hsscp', i * 100 + n));
              // Hold the transaction open so others queue behind the chain head.
              await sql`SELECT pg_sleep(${(n % 3) * 0.01})`.execute(trx);
            }),
          ),
        ),
      );
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
    const rows = await shared.db.selectFrom('audit_events').select(['seq', 'prev_hash']).execute();
    expect(rows).toHaveLength(60);
    expect(new Set(rows.map((r) => r.prev_hash)).size).toBe(60);
    expect(await verifyAuditChain(shared.db)).toMatchObject({
      ok: true,
      chains: [{ events: 60 }],
    });
  });

  it('when the service connects as a pathways_app login, then it can record and read audit events but not change them or the chain heads', async () => {
    const login = `pathways_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const admin = new Client({ connectionString: shared.url });
    await admin.connect();
    await admin.query(`CREATE ROLE ${login} LOGIN IN ROLE pathways_app`);
    const url = new URL(shared.url!);
    url.username = login;
    const app = await openDatabase({ databaseUrl: url.toString() });
    try {
      // Acting for the partnership, as the service does (row-level security, migration 0023).
      const acting = app.forPartnership({ partnershipId: 'hsscp' });
      await auditLog(acting.db).record(event('hsscp', 1));
      await auditLog(acting.db).record(event('hsscp', 2));
      expect((await verifyAuditChain(acting.db)).ok).toBe(true);
      for (const statement of [
        "UPDATE audit_events SET actor_id = 'x'",
        'DELETE FROM audit_events',
        'TRUNCATE audit_events',
        "UPDATE audit_chain_heads SET last_hash = 'x'",
        'ALTER TABLE audit_events DISABLE TRIGGER USER',
        'DROP TABLE audit_events',
      ]) {
        await expect(app.executeSql(statement)).rejects.toMatchObject({
          message: expect.stringMatching(/permission denied|must be owner/),
        });
      }
      // Everyday tables stay writable.
      await app.executeSql(
        `INSERT INTO activity_receipts (activity_id, conversation_id) VALUES ('a1', 'c1')`,
      );
      await app.executeSql(`DELETE FROM activity_receipts WHERE activity_id = 'a1'`);
    } finally {
      await app.close();
      await admin.query(`DROP OWNED BY ${login}`);
      await admin.query(`DROP ROLE ${login}`);
      await admin.end();
    }
  });
});
