import type { PartnershipRun, SandboxStateForCounting } from './national-counts.mjs';

const counts = () => import('./national-counts.mjs');

const mail = (briefingId: string) => ({
  customHeaders: [{ name: 'X-Pathways-Briefing', value: briefingId }],
  receivedDateTime: '2026-12-05T10:00:00Z',
});
const inbox = (address: string, ...briefingIds: string[]) => ({
  address,
  folders: [{ name: 'Inbox', messages: briefingIds.map(mail) }],
});
const channel = (id: string, ...subjects: string[]) => ({
  id,
  threads: subjects.map((s) => ({
    root: {
      summary: 'New KLOE KLOE-2026-0001',
      attachments: [{ content: { body: [s] } }],
      timestamp: '2026-12-05T10:00:05Z',
    },
  })),
});

async function twoPartnerships(
  state: SandboxStateForCounting,
  kloes: { a: PartnershipRun['kloes']; b: PartnershipRun['kloes'] },
) {
  const { countNational } = await counts();
  return countNational({
    partnerships: [
      {
        id: 'a',
        leads: ['a1@x.example', 'A2@x.example'],
        briefingId: 'brief-a',
        businessUnitChannel: '19:a-bu',
        kloes: kloes.a,
      },
      {
        id: 'b',
        leads: ['b1@x.example'],
        briefingId: 'brief-b',
        businessUnitChannel: '19:b-bu',
        kloes: kloes.b,
      },
    ],
    state,
  });
}

describe('counting the national benchmark', () => {
  it('when every lead has one copy and every KLOE one card in its own channel, then nothing is lost, doubled or leaked', async () => {
    const { kloeSubject } = await counts();
    const [ka, kb] = [kloeSubject('a', 1, 7), kloeSubject('b', 1, 7)];
    const result = await twoPartnerships(
      {
        teams: [{ channels: [channel('19:a-bu', ka), channel('19:b-bu', kb)] }],
        mailboxes: [
          inbox('a1@x.example', 'brief-a'),
          inbox('a2@x.example', 'brief-a'),
          inbox('b1@x.example', 'brief-b'),
        ],
      },
      { a: [{ subject: ka, acknowledged: true }], b: [{ subject: kb, acknowledged: true }] },
    );
    expect(result).toMatchObject({
      recipientsReached: 3,
      lost: 0,
      duplicates: 0,
      crossPartnershipLeaks: 0,
    });
    expect(result.byPartnership.a).toMatchObject({ leads: 2, reached: 2, kloesPosted: 1 });
    expect(result.lastArrival).toBe(Date.parse('2026-12-05T10:00:05Z'));
  });

  it('when a lead is missed, another mailed twice and a KLOE never posted or posted twice, then each is counted once', async () => {
    const { kloeSubject } = await counts();
    const [k1, k2, k3] = [1, 2, 3].map((n) => kloeSubject('a', n, 7));
    const result = await twoPartnerships(
      {
        teams: [{ channels: [channel('19:a-bu', k1!, k1!), channel('19:b-bu')] }],
        mailboxes: [inbox('a1@x.example', 'brief-a', 'brief-a'), inbox('b1@x.example', 'brief-b')],
      },
      {
        a: [
          { subject: k1!, acknowledged: true },
          { subject: k2!, acknowledged: true },
          { subject: k3!, acknowledged: false },
        ],
        b: [],
      },
    );
    expect(result.byPartnership.a).toMatchObject({
      reached: 1,
      leadsLost: 1,
      leadsMailedTwice: 1,
      kloesPosted: 1,
      kloesLost: 2,
      kloesPostedTwice: 1,
    });
    expect(result).toMatchObject({ recipientsReached: 2, lost: 3, duplicates: 2 });
    expect(result.postedTwice).toEqual([
      {
        partnership: 'a',
        subject: k1,
        at: [Date.parse('2026-12-05T10:00:05Z'), Date.parse('2026-12-05T10:00:05Z')],
      },
    ]);
  });

  it('when a briefing reaches another partnership’s lead or a KLOE lands in another partnership’s channel, then it is a leak', async () => {
    const { kloeSubject } = await counts();
    const ka = kloeSubject('a', 1, 7);
    const result = await twoPartnerships(
      {
        teams: [{ channels: [channel('19:a-bu', ka), channel('19:b-bu', ka)] }],
        mailboxes: [
          inbox('a1@x.example', 'brief-a'),
          inbox('a2@x.example', 'brief-a'),
          inbox('b1@x.example', 'brief-b', 'brief-a'),
        ],
      },
      { a: [{ subject: ka, acknowledged: true }], b: [] },
    );
    expect(result.byPartnership.a).toMatchObject({
      mailedOutsideCirculation: 1,
      kloesPostedElsewhere: 1,
    });
    expect(result).toMatchObject({ crossPartnershipLeaks: 2, lost: 0, duplicates: 0 });
  });

  it('when a KLOE numbered 1 is looked for, then KLOE 10’s card is not taken for it', async () => {
    const { kloeSubject } = await counts();
    const result = await twoPartnerships(
      {
        teams: [{ channels: [channel('19:a-bu', kloeSubject('a', 10, 7))] }],
        mailboxes: [],
      },
      { a: [{ subject: kloeSubject('a', 1, 7), acknowledged: true }], b: [] },
    );
    expect(result.byPartnership.a).toMatchObject({ kloesLost: 1, kloesPosted: 0 });
  });

  it('when an API answer to someone acting for one partnership shows another’s records, then each record seen is a leak', async () => {
    const { countNational, sightingsIn } = await counts();
    const answer = { items: [{ id: 'kloe-a-1', subject: 'mine' }, { id: 'kloe-b-1' }] };
    expect(sightingsIn(answer, ['kloe-a-1', 'kloe-a-2'])).toBe(1);
    expect(sightingsIn('{"items":[]}', ['kloe-a-1'])).toBe(0);
    const result = countNational({
      partnerships: [
        { id: 'a', leads: [], briefingId: undefined, businessUnitChannel: '19:a', kloes: [] },
      ],
      state: { teams: [], mailboxes: [] },
      sightings: [
        { viewer: 'b', owner: 'a', count: 1 },
        { viewer: 'a', owner: 'a', count: 5 },
      ],
    });
    expect(result.crossPartnershipLeaks).toBe(1);
  });
});
