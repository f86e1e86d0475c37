import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
import { checkDeadlines, postReminder } from './case-reminders';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import { challengeStore } from './challenge-store';
import { seriousCaseStore } from './serious-case-store';
import { considerationValues } from './test-fixtures';

let database: Database;
let failNextEnqueue = false;
const enqueued: { queue: string; data: object }[] = [];
const jobs = {
  async enqueue(_tx: unknown, queue: string, data: object) {
    if (failNextEnqueue) {
      failNextEnqueue = false;
      throw new Error('simulated crash before commit');
    }
    enqueued.push({ queue, data });
    return 'job';
  },
};

beforeAll(async () => {
  // Acting for the partnership, as the service does (row-level security, migration 0021).
  database = (await openTestDatabase()).forPartnership({ partnershipId: 'hsscp' });
});
afterAll(async () => {
  await database.close();
});

const submit = (key: string) =>
  seriousCaseStore(database.db, jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: key,
    values: considerationValues('2026-11-16'),
    submittedBy: { aadObjectId: 'pat', name: 'Pat' },
    receipt: { conversationReference: {}, activityId: undefined },
    at: new Date('2026-11-16T12:00:00Z'),
  });

describe(`serious case storage on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  it('when a submit fails before commit, then its reference is not used up and nothing of it is kept', async () => {
    expect((await submit('a')).seriousCase.reference).toBe('CSPR-2026-0001');
    failNextEnqueue = true;
    await expect(submit('b')).rejects.toThrow('simulated crash');
    expect((await submit('c')).seriousCase.reference).toBe('CSPR-2026-0002');
    const keys = await database.db.selectFrom('serious_cases').select('submission_key').execute();
    expect(keys.map((k) => k.submission_key).sort()).toEqual(['a', 'c']);
  });

  it('when many submit at once, then references have no gaps and no repeats', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => submit(`many-${i}`)));
    const numbers = results
      .map((r) => Number(r.seriousCase.reference.slice(-4)))
      .sort((x, y) => x - y);
    expect(numbers).toEqual(Array.from({ length: 10 }, (_, i) => i + 3));
  });

  it('when the same submission arrives concurrently, then one case and one post job are made', async () => {
    const before = enqueued.length;
    const results = await Promise.all([submit('twice'), submit('twice'), submit('twice')]);
    expect(new Set(results.map((r) => r.seriousCase.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(enqueued.length - before).toBe(1);
  });

  it('when two people record the same step at once, then one succeeds and the other is told it is already done', async () => {
    const { seriousCase } = await submit('race');
    const store = seriousCaseStore(database.db, jobs);
    const record = (who: string) =>
      store.transition(
        'hsscp',
        seriousCase.id,
        { type: 'record-notification', on: '2026-11-17' },
        { aadObjectId: who, name: who },
        { today: '2026-11-17' },
      );
    const results = await Promise.all([record('billie'), record('eli')]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const refused = results.find((r) => !r.ok);
    expect(refused && !refused.ok && refused.message).toContain('already recorded');
    expect((await store.get('hsscp', seriousCase.id))?.version).toBe(2);
  });

  it('when two instances check deadlines at once, then each reminder is queued once', async () => {
    const now = new Date('2026-11-19T09:00:00Z');
    const before = enqueued.filter((e) => e.queue === 'serious-case-post-reminder').length;
    const runs = await Promise.all([
      checkDeadlines(database.db, jobs, 'hsscp', now),
      checkDeadlines(database.db, jobs, 'hsscp', now),
    ]);
    const after = enqueued.filter((e) => e.queue === 'serious-case-post-reminder').length;
    const cases = await database.db
      .selectFrom('serious_cases')
      .select('id')
      .where('status', '=', 'received')
      .execute();
    // Every case still waiting for its notification is due soon on 19 Nov: one reminder each.
    expect(runs.flat()).toHaveLength(cases.length);
    expect(after - before).toBe(cases.length);
  });

  it('when the step a queued reminder was about is recorded before it is posted, then it is not posted', async () => {
    const { seriousCase } = await submit('stale-reminder');
    const queued = await checkDeadlines(
      database.db,
      jobs,
      'hsscp',
      new Date('2026-11-19T09:00:00Z'),
    );
    expect(queued).toContainEqual({
      caseId: seriousCase.id,
      clock: 'panel-notification',
      kind: 'due-soon',
    });
    await seriousCaseStore(database.db, jobs).transition(
      'hsscp',
      seriousCase.id,
      { type: 'record-notification', on: '2026-11-19' },
      { aadObjectId: 'billie', name: 'Billie Business Unit' },
      { today: '2026-11-19' },
    );
    const posts: object[] = [];
    const teams = {
      postToChannel: async (_url: string, _channel: string, message: object) => {
        posts.push(message);
        return { conversationId: 'c', activityId: 'a' };
      },
    } as unknown as TeamsGateway;
    await postReminder(database.db, teams, { serviceUrl: 'x', channelId: 'y' })({
      caseId: seriousCase.id,
      clock: 'panel-notification',
      kind: 'due-soon',
    });
    expect(posts).toEqual([]);
  });

  it('when challenges are recorded at once, then their references have no gaps', async () => {
    const store = challengeStore(database.db);
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        store.submit({
          partnershipId: 'hsscp',
          submissionKey: `pc-${i}`,
          values: {
            raisingOrganisation: 'Cleveland Police',
            receivingOrganisation: 'Hartlepool Borough Council',
            raisedDate: '2026-10-01',
            resolvedDate: '2026-10-20',
            resolutionStage: 'Stage 1: practitioner to practitioner',
            outcome: 'practice-changed',
            about: 'A strategy discussion was not convened.',
            learning: 'Review second referrals.',
          },
          submittedBy: { aadObjectId: 'pat', name: 'Pat' },
          at: new Date('2026-10-21T12:00:00Z'),
        }),
      ),
    );
    expect(results.map((r) => r.challenge.reference).sort()).toEqual([
      'PC-2026-0001',
      'PC-2026-0002',
      'PC-2026-0003',
      'PC-2026-0004',
      'PC-2026-0005',
    ]);
  });
});
