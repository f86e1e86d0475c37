import { startHarness, type Harness } from '../test-support/harness';
import { challengeStore } from './challenge-store';
import { seriousCaseStore } from './serious-case-store';
import { considerationValues } from './test-fixtures';

let h: Harness;

const challenge = (raising: string, receiving: string, resolvedDate: string, stage: string) => ({
  raisingOrganisation: raising,
  receivingOrganisation: receiving,
  raisedDate: '2026-04-01',
  resolvedDate,
  resolutionStage: stage,
  outcome: 'practice-changed',
  about: 'A strategy discussion was not convened.',
  learning: 'Review second referrals.',
});

beforeAll(async () => {
  h = await startHarness({}, { workers: false });
  const db = h.service.database.db;
  const cases = seriousCaseStore(db, h.service.jobs);
  const who = { aadObjectId: 'pat', name: 'Pat' };
  const receipt = { conversationReference: {}, activityId: undefined };
  // Two referrals in May (one notified in May), one in July.
  const first = await cases.submit({
    partnershipId: 'hsscp',
    submissionKey: 'm1',
    values: considerationValues('2026-05-04'),
    submittedBy: who,
    receipt,
    at: new Date('2026-05-04T10:00:00Z'),
  });
  await cases.transition(
    'hsscp',
    first.seriousCase.id,
    { type: 'record-notification', on: '2026-05-06' },
    who,
    { today: '2026-05-06' },
  );
  await cases.submit({
    partnershipId: 'hsscp',
    submissionKey: 'm2',
    values: considerationValues('2026-05-20', { referringAgency: 'Hartlepool Borough Council' }),
    submittedBy: who,
    receipt,
    at: new Date('2026-05-20T10:00:00Z'),
  });
  await cases.submit({
    partnershipId: 'hsscp',
    submissionKey: 'm3',
    values: considerationValues('2026-07-02'),
    submittedBy: who,
    receipt,
    at: new Date('2026-07-02T10:00:00Z'),
  });
  const challenges = challengeStore(db);
  const stage = 'Stage 1: practitioner to practitioner';
  for (const [i, c] of [
    challenge('Cleveland Police', 'Hartlepool Borough Council', '2026-05-10', stage),
    challenge('Cleveland Police', 'Hartlepool Borough Council', '2026-06-10', stage),
    challenge('Hartlepool Borough Council', 'Cleveland Police', '2026-08-10', stage),
  ].entries())
    await challenges.submit({
      partnershipId: 'hsscp',
      submissionKey: `pc${i}`,
      values: c,
      submittedBy: who,
      at: new Date('2026-08-11T10:00:00Z'),
    });
}, 240_000);
afterAll(async () => {
  await h.close();
});

type Measures = {
  referrals: { total: number };
  notifications: { total: number };
  challenges: { total: number; byPair: { raising: string; receiving: string; count: number }[] };
  byAgency: { agency: string; referrals: { total: number }; challengesRaised: { total: number } }[];
};

describe('GET /api/measures', () => {
  it('when the Development Manager asks for the first quarter, then the counts come from the records', async () => {
    const res = await h.api(
      h.persona('DevelopmentManager'),
      'GET',
      '/api/measures?from=2026-04-01&to=2026-06-30',
    );
    expect(res.status).toBe(200);
    const m = res.body as Measures;
    expect(m.referrals.total).toBe(2);
    expect(m.notifications.total).toBe(1);
    expect(m.challenges.total).toBe(2);
    expect(m.challenges.byPair).toEqual([
      { raising: 'Cleveland Police', receiving: 'Hartlepool Borough Council', count: 2 },
    ]);
  });

  it('when one agency is asked for, then only its figures come back beside the totals', async () => {
    const res = await h.api(
      h.persona('BusinessUnit'),
      'GET',
      `/api/measures?from=2026-04-01&to=2026-09-30&agency=${encodeURIComponent('Hartlepool Borough Council')}`,
    );
    const m = res.body as Measures;
    expect(m.referrals.total).toBe(3);
    expect(m.byAgency).toHaveLength(1);
    expect(m.byAgency[0]).toMatchObject({
      agency: 'Hartlepool Borough Council',
      referrals: { total: 1 },
      challengesRaised: { total: 1 },
    });
  });

  it('when the period or agency is wrong, then it says what is wrong', async () => {
    const bu = h.persona('BusinessUnit');
    const backwards = await h.api(bu, 'GET', '/api/measures?from=2026-06-30&to=2026-04-01');
    expect(backwards.status).toBe(400);
    expect(JSON.stringify(backwards.body)).toContain('cannot be before its start');
    expect((await h.api(bu, 'GET', '/api/measures?from=2026-04-01')).status).toBe(400);
    expect(
      (await h.api(bu, 'GET', '/api/measures?from=2026-04-01&to=2026-06-30&agency=Acme')).status,
    ).toBe(400);
  });

  it('when a practitioner asks, then the measures are closed to them', async () => {
    const res = await h.api(
      h.persona('Practitioner'),
      'GET',
      '/api/measures?from=2026-04-01&to=2026-06-30',
    );
    expect(res.status).toBe(403);
  });
});
