import type { SubmitKloe } from '@pathways/core';
import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
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
  wake() {},
};

beforeAll(async () => {
  // Acting for the partnership, as the service does (row-level security, migration 0021).
  database = (await openTestDatabase()).forPartnership({ partnershipId: 'hsscp' });
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
    const stockport = kloeStore(database.forPartnership({ partnershipId: 'stockport' }).db, jobs);
    expect((await stockport.submit(command('s1', 'stockport'))).kloe.reference).toBe(
      'KLOE-2026-0001',
    );
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

  describe('triage', () => {
    const billie = { aadObjectId: 'billie', name: 'Billie BusinessUnit' };
    const sam = { aadObjectId: 'sam', name: 'Sam BusinessUnit' };
    const at = new Date('2026-06-02T09:00:00Z');

    it('when two people decide on the same version at once, then exactly one wins and the other sees the winner', async () => {
      const store = kloeStore(database.db, jobs);
      const { kloe } = await store.submit(command('race'));
      const [a, b] = await Promise.all([
        store.triage({
          partnershipId: 'hsscp',
          kloeId: kloe.id,
          expectedVersion: kloe.version,
          decision: { kind: 'accept', meetingDate: '2026-07-01' },
          by: billie,
          at,
        }),
        store.triage({
          partnershipId: 'hsscp',
          kloeId: kloe.id,
          expectedVersion: kloe.version,
          decision: { kind: 'decline', reason: 'Out of scope' },
          by: sam,
          at,
        }),
      ]);
      const outcomes = [a.outcome, b.outcome].sort();
      expect(outcomes).toEqual(['conflict', 'done']);
      const winner = a.outcome === 'done' ? a : b;
      const loser = a.outcome === 'conflict' ? a : b;
      if (winner.outcome !== 'done' || loser.outcome !== 'conflict') throw new Error('unreachable');
      expect(loser.kloe.version).toBe(kloe.version + 1);
      expect(loser.kloe.status).toBe(winner.kloe.status);
      expect(loser.kloe.lastChange?.by.name).toBe(winner.kloe.lastChange?.by.name);
      const stored = await store.get('hsscp', kloe.id);
      expect(stored?.meetingDate === undefined).toBe(stored?.status === 'declined');
    });

    it('when a KLOE is linked as a duplicate of an unknown reference, then nothing changes', async () => {
      const store = kloeStore(database.db, jobs);
      const { kloe } = await store.submit(command('dup-unknown'));
      const result = await store.triage({
        partnershipId: 'hsscp',
        kloeId: kloe.id,
        expectedVersion: kloe.version,
        decision: { kind: 'link', otherReference: 'KLOE-2026-9999', linkKind: 'duplicate' },
        by: billie,
        at,
      });
      expect(result.outcome).toBe('refused');
      expect((await store.get('hsscp', kloe.id))?.version).toBe(kloe.version);
    });

    it('when two KLOEs are linked as related, then each lists the other', async () => {
      const store = kloeStore(database.db, jobs);
      const { kloe: one } = await store.submit(command('rel-1'));
      const { kloe: two } = await store.submit(command('rel-2'));
      const result = await store.triage({
        partnershipId: 'hsscp',
        kloeId: one.id,
        expectedVersion: one.version,
        decision: { kind: 'link', otherReference: two.reference, linkKind: 'related' },
        by: billie,
        at,
      });
      expect(result.outcome).toBe('done');
      expect((await store.get('hsscp', one.id))?.related.map((r) => r.reference)).toEqual([
        two.reference,
      ]);
      expect((await store.get('hsscp', two.id))?.related.map((r) => r.reference)).toEqual([
        one.reference,
      ]);
    });

    it('when the submitter answers twice at once, then one answer is kept and the KLOE returns to triage once', async () => {
      const store = kloeStore(database.db, jobs);
      const { kloe } = await store.submit(command('answer-race'));
      const asked = await store.triage({
        partnershipId: 'hsscp',
        kloeId: kloe.id,
        expectedVersion: kloe.version,
        decision: { kind: 'ask', question: 'Which teams?' },
        by: billie,
        at,
      });
      if (asked.outcome !== 'done') throw new Error(asked.outcome);
      const questionId = asked.kloe.questions[0]!.id;
      const pat = { aadObjectId: 'pat', name: 'Pat' };
      const answers = await Promise.all(
        ['East', 'North'].map((answer) =>
          store.answer({ partnershipId: 'hsscp', questionId, answer, by: pat, at }),
        ),
      );
      expect(answers.map((a) => a.outcome).sort()).toEqual(['already-answered', 'done']);
      const after = await store.get('hsscp', kloe.id);
      expect(after?.status).toBe('submitted');
      expect(after?.version).toBe(asked.kloe.version + 1);
    });
  });
});
