import { migrateToLatest } from './migrate';
import { activityReceipts, auditLog, conversationReferences } from './repositories';
import { openTestDatabase } from './test-database';
import type { Database } from './database';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe(`repositories on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('when migrations run again, then nothing is applied twice', async () => {
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('when Teams delivers the same activity twice, then only the first claim succeeds', async () => {
    const receipts = activityReceipts(database.db);
    expect(await receipts.claim('activity-1', 'conv-1')).toBe(true);
    expect(await receipts.claim('activity-1', 'conv-1')).toBe(false);
    expect(await receipts.claim('activity-2', 'conv-1')).toBe(true);
  });

  it('when the same activity is claimed concurrently, then exactly one claim wins', async () => {
    const receipts = activityReceipts(database.db);
    const claims = await Promise.all(
      Array.from({ length: 8 }, () => receipts.claim('activity-race', 'conv-1')),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
  });

  it('when a conversation reference is saved twice, then the latest is found', async () => {
    const refs = conversationReferences(database.db);
    await refs.save('hsscp', 'user-1', 'conv-a', { conversation: { id: 'conv-a' } });
    await refs.save('hsscp', 'user-1', 'conv-b', { conversation: { id: 'conv-b' } });
    expect(await refs.find('hsscp', 'user-1')).toEqual({ conversation: { id: 'conv-b' } });
    expect(await refs.find('stockport', 'user-1')).toBeUndefined();
  });

  it('when a transaction rolls back, then its audit events are gone', async () => {
    await expect(
      database.db.transaction().execute(async (trx) => {
        await auditLog(trx).record({
          partnershipId: 'hsscp',
          actorId: 'user-1',
          action: 'read',
          subjectType: 'test',
          subjectId: 'rolled-back',
        });
        throw new Error('abandon');
      }),
    ).rejects.toThrow('abandon');
    expect(await auditLog(database.db).forSubject('hsscp', 'test', 'rolled-back')).toEqual([]);
  });

  it('when audit events are recorded, then they come back in order for their subject only', async () => {
    const audit = auditLog(database.db);
    await audit.record({
      partnershipId: 'hsscp',
      actorId: 'u1',
      action: 'create',
      subjectType: 'kloe',
      subjectId: 'K1',
    });
    await audit.record({
      partnershipId: 'hsscp',
      actorId: 'u2',
      action: 'read',
      subjectType: 'kloe',
      subjectId: 'K1',
      detail: { view: 'tab' },
    });
    await audit.record({
      partnershipId: 'hsscp',
      actorId: 'u2',
      action: 'read',
      subjectType: 'kloe',
      subjectId: 'K2',
    });
    const events = await audit.forSubject('hsscp', 'kloe', 'K1');
    expect(events.map((e) => [e.actorId, e.action])).toEqual([
      ['u1', 'create'],
      ['u2', 'read'],
    ]);
    expect(events[1]?.detail).toEqual({ view: 'tab' });
    expect(events[0]?.at).toBeInstanceOf(Date);
  });
});
