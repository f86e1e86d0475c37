import type { ProfessionalChallenge } from '../challenges/challenge';
import { agencyNames } from '../partnerships/agencies';
import { loadPartnership } from '../partnerships/partnership';
import type { SeriousCase } from '../serious-cases/serious-case';
import { datasetMeasures } from './dataset-measures';

const hsscp = loadPartnership('hsscp');
const CP = 'Cleveland Police';
const HBC = 'Hartlepool Borough Council';
const NTH = 'North Tees and Hartlepool NHS Foundation Trust';
const [S1, S2] = hsscp.resolutionStages;

function seriousCase(
  id: string,
  agency: string,
  receivedAt: string,
  extra: Partial<SeriousCase> = {},
): SeriousCase {
  return {
    id,
    partnershipId: 'hsscp',
    reference: `CSPR-2026-${id}`,
    status: 'received',
    version: 1,
    referringAgency: agency,
    criteria: [],
    values: {},
    submittedBy: { aadObjectId: 'x', name: 'x' },
    receivedAt: new Date(receivedAt),
    dates: { laAware: receivedAt.slice(0, 10) },
    ...extra,
  };
}

function challenge(
  id: string,
  raising: string,
  receiving: string,
  resolvedDate: string,
  resolutionStage: string,
  outcome: string,
  partnershipId = 'hsscp',
): ProfessionalChallenge {
  return {
    id,
    partnershipId,
    reference: `PC-2026-${id}`,
    raisingOrganisation: raising,
    receivingOrganisation: receiving,
    resolutionStage,
    outcome,
    raisedDate: '2026-01-05',
    resolvedDate,
    values: {},
    submittedBy: { aadObjectId: 'x', name: 'x' },
    submittedAt: new Date(`${resolvedDate}T12:00:00Z`),
  };
}

// Quarter 1 of 2026-27. Each record's place in (or out of) it was counted by hand.
const period = { from: '2026-04-01', to: '2026-06-30' };
const cases: SeriousCase[] = [
  // 00:30 on 1 April in England (BST): in the quarter. Notified 3 April: in.
  seriousCase('A', CP, '2026-03-31T23:30:00Z', {
    status: 'decided',
    decision: 'lcspr',
    dates: { laAware: '2026-03-31', notificationSent: '2026-04-03' },
  }),
  // 00:30 on 1 July in England: out.
  seriousCase('B', CP, '2026-06-30T23:30:00Z'),
  // Closed without a notification: in, "not notified".
  seriousCase('C', HBC, '2026-05-10T10:00:00Z', {
    status: 'closed',
    closedReason: 'Did not meet the criteria.',
  }),
  // Received in March (out) but notified 2 April (a notification in the quarter).
  seriousCase('D', NTH, '2026-03-20T10:00:00Z', {
    status: 'decided',
    decision: 'no-lcspr',
    dates: { laAware: '2026-03-20', notificationSent: '2026-04-02' },
  }),
  seriousCase('E', HBC, '2026-06-15T10:00:00Z', {
    status: 'rapid-review-in-progress',
    dates: { laAware: '2026-06-15', notificationSent: '2026-06-18' },
  }),
  seriousCase('F', CP, '2026-06-20T10:00:00Z', {
    status: 'decided',
    decision: 'other-learning-review',
    dates: { laAware: '2026-06-20', notificationSent: '2026-06-22' },
  }),
  // Another partnership's case never counts here.
  { ...seriousCase('G', CP, '2026-05-01T10:00:00Z'), partnershipId: 'stockport' },
  // 23:30 on 30 June in England: in.
  seriousCase('H', CP, '2026-06-30T22:30:00Z'),
];
const challenges: ProfessionalChallenge[] = [
  challenge('1', CP, HBC, '2026-04-01', S1!, 'practice-changed'),
  challenge('2', CP, HBC, '2026-05-05', S2!, 'original-upheld'),
  challenge('3', HBC, CP, '2026-06-30', S2!, 'practice-changed'),
  challenge('4', NTH, CP, '2026-07-01', S1!, 'practice-changed'), // out
  challenge('5', NTH, HBC, '2026-03-31', S1!, 'practice-changed'), // out
  challenge('6', CP, NTH, '2026-06-10', 'Stage 0: a stage since renamed', 'alternative-agreed'),
  challenge('7', CP, HBC, '2026-05-05', S1!, 'practice-changed', 'stockport'), // other partnership
];

const counts = (list: { key: string; count: number }[]) =>
  Object.fromEntries(list.map((c) => [c.key, c.count]));

describe('dataset measures 4.1.3 and 4.2.1-4.2.4 for a quarter', () => {
  const m = datasetMeasures(hsscp, period, { cases, challenges });
  const agency = (name: string) => m.byAgency.find((a) => a.agency === name)!;

  it('when referrals are counted (4.1.3), then five were received in the quarter, by outcome', () => {
    expect(m.referrals.total).toBe(5);
    expect(counts(m.referrals.byOutcome)).toEqual({
      'awaiting-decision': 2,
      'not-notified': 1,
      lcspr: 1,
      'no-lcspr': 0,
      'other-learning-review': 1,
    });
    expect(agency(CP).referrals.total).toBe(3);
    expect(counts(agency(HBC).referrals.byOutcome)).toMatchObject({
      'awaiting-decision': 1,
      'not-notified': 1,
    });
    expect(agency(NTH).referrals.total).toBe(0);
  });

  it('when notifications are counted (4.2.1), then four were sent in the quarter, by referring organisation', () => {
    expect(m.notifications.total).toBe(4);
    expect(agency(CP).notifications.total).toBe(2);
    expect(agency(NTH).notifications.total).toBe(1);
    expect(agency(HBC).notifications.total).toBe(1);
  });

  it('when challenges are counted (4.2.2), then four were resolved, by who challenged whom', () => {
    expect(m.challenges.total).toBe(4);
    expect(m.challenges.byPair).toEqual([
      { raising: CP, receiving: HBC, count: 2 },
      { raising: CP, receiving: NTH, count: 1 },
      { raising: HBC, receiving: CP, count: 1 },
    ]);
    expect(agency(CP).challengesRaised.total).toBe(3);
    expect(agency(CP).challengesReceived.total).toBe(1);
    expect(agency(HBC).challengesReceived.total).toBe(2);
    expect(agency(NTH).challengesRaised.total).toBe(0);
  });

  it('when outcomes are counted (4.2.3), then each declared outcome is listed, zeros included', () => {
    expect(counts(m.challenges.byOutcome)).toEqual({
      'practice-changed': 2,
      'original-upheld': 1,
      'alternative-agreed': 1,
      other: 0,
    });
    expect(counts(agency(CP).challengesRaised.byOutcome)).toMatchObject({
      'practice-changed': 1,
      'original-upheld': 1,
      'alternative-agreed': 1,
    });
  });

  it('when stages are counted (4.2.4), then they follow the procedure\u2019s order and a stage since renamed still counts', () => {
    expect(m.challenges.byStage.map((s) => [s.key, s.count])).toEqual([
      ...hsscp.resolutionStages.map((s) => [s, s === S1 ? 1 : s === S2 ? 2 : 0]),
      ['Stage 0: a stage since renamed', 1],
    ]);
  });

  it('when the agencies are listed, then every configured agency appears, even with nothing to count', () => {
    expect(m.byAgency.map((a) => a.agency)).toEqual(agencyNames(hsscp));
  });

  it('when records were stored under an agency’s former name, then they count under its current name', () => {
    const old = datasetMeasures(hsscp, period, {
      cases: [
        seriousCase(
          'o1',
          'Hartlepool and Stockton-on-Tees Clinical Commissioning Group',
          '2026-04-10T09:00:00Z',
        ),
        seriousCase(
          'o2',
          'North East and North Cumbria Integrated Care Board',
          '2026-04-11T09:00:00Z',
        ),
      ],
      challenges: [
        challenge('o3', 'Cleveland Fire and Rescue Service', CP, '2026-05-01', S1!, 'resolved'),
        challenge('o4', 'Cleveland Fire Brigade', CP, '2026-05-02', S1!, 'resolved'),
      ],
    });
    const row = (agency: string) => old.byAgency.find((a) => a.agency === agency);
    expect(row('North East and North Cumbria Integrated Care Board')?.referrals.total).toBe(2);
    expect(row('Cleveland Fire Brigade')?.challengesRaised.total).toBe(2);
    expect(old.byAgency.map((a) => a.agency)).toEqual(agencyNames(hsscp));
    expect(old.challenges.byPair).toEqual([
      { raising: 'Cleveland Fire Brigade', receiving: CP, count: 2 },
    ]);
  });

  it('when the period ends before it starts, then it is refused', () => {
    expect(() =>
      datasetMeasures(hsscp, { from: '2026-06-30', to: '2026-04-01' }, { cases, challenges }),
    ).toThrow('The end of the period cannot be before its start.');
  });
});
