import type { SubmitKloe } from '@pathways/core';
import type { Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import { kloeStore } from './kloe-store';

let database: Database;
let failNextEnqueue = false;
const enqueued: object[] = [];
const jobs = {
  async enqueue(_tx: unknown, _queue: string, data: object) {
    if (failNextEnqueue) {
      failNextEnqueue = false;
      throw new Error('simulated crash before commit');
    }
    enqueued.push(data);
    return 'job';
  },
};

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const command = (key: string, partnershipId = 'hsscp'): SubmitKloe => ({
  partnershipId,
  submissionKey: key,
  values: { subject: `about ${key}` },
  submittedBy: { aadObjectId: 'pat', name: 'Pat' },
  receipt: { conversationReference: {}, activityId: undefined },
  at: new Date('2026-06-01T12:00:00Z'),
});

describe(`KLOE storage on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('when a submit fails before commit, then its reference number is not used up', async () => {
    const store = kloeStore(database.db, jobs);
    expect((await store.submit(command('a'))).kloe.reference).toBe('KLOE-2026-0001');
    failNextEnqueue = true;
    await expect(store.submit(command('b'))).rejects.toThrow('simulated crash');
    expect((await store.submit(command('c'))).kloe.reference).toBe('KLOE-2026-0002');
  });

  it('when partnerships submit in the same year, then each has its own sequence', async () => {
    const store = kloeStore(database.db, jobs);
    expect((await store.submit(command('s1', 'stockport'))).kloe.reference).toBe('KLOE-2026-0001');
  });

  it('when many submit at once, then references have no gaps and no repeats', async () => {
    const store = kloeStore(database.db, jobs);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => store.submit(command(`many-${i}`))),
    );
    const numbers = results.map((r) => Number(r.kloe.reference.slice(-4))).sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 3));
  });

  it('when the same submission arrives concurrently, then one KLOE and one job are made', async () => {
    const store = kloeStore(database.db, jobs);
    const before = enqueued.length;
    const results = await Promise.all(
      Array.from({ length: 5 }, () => store.submit(command('dup'))),
    );
    expect(new Set(results.map((r) => r.kloe.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(enqueued.length - before).toBe(1);
  });
});
