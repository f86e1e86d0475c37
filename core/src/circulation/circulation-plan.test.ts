import {
  circulationDue,
  circulationPlanSchema,
  loadCirculationPlan,
  type CirculationPlan,
  type RecordedEvent,
} from './circulation-plan';
import { partnershipIds } from '../partnerships/partnership';

const stockport = loadCirculationPlan('stockport');
const boardMeeting: RecordedEvent = {
  id: 'ev-board',
  kind: 'board-meeting',
  title: 'SSCB meeting',
  on: '2026-03-12',
  recordedOn: '2026-02-20',
};
const due = (over: Partial<Parameters<typeof circulationDue>[0]>) =>
  circulationDue({
    plan: stockport,
    events: [boardMeeting],
    done: [],
    today: '2026-03-10',
    from: '2026-03-01',
    to: '2026-03-31',
    ...over,
  }).map((d) => ({ item: d.itemId, dueBy: d.dueBy, status: d.status }));

describe("Stockport's circulation plan", () => {
  it('when loaded, then it holds the strategy table as data: what, to whom, how, by whom and when', () => {
    expect(stockport.items).toHaveLength(17);
    const papers = stockport.items.find((i) => i.id === 'meeting-papers')!;
    expect(papers).toMatchObject({
      toWhom: ['All on circulation lists'],
      how: ['Email'],
      byWhom: ['SSCB admin'],
      when: 'One week in advance of scheduled meeting',
      timing: { kind: 'relative', direction: 'before', amount: 1, unit: 'weeks' },
    });
    expect(stockport.items.find((i) => i.id === 'essential-information')!.timing).toMatchObject({
      kind: 'relative',
      direction: 'after',
      amount: 1,
      unit: 'weeks',
    });
  });

  it('when an SSCB meeting is on Thursday 12 March 2026, then its papers are due a week before and its essential information and identified papers within a week after', () => {
    expect(due({ today: '2026-03-10' })).toEqual([
      { item: 'meeting-papers', dueBy: '2026-03-05', status: 'overdue' },
      { item: 'essential-information', dueBy: '2026-03-19', status: 'upcoming' },
      { item: 'identified-papers', dueBy: '2026-03-19', status: 'upcoming' },
    ]);
  });

  it('when the papers went out and the meeting has happened, then the items after it are due and the papers done', () => {
    expect(
      due({
        today: '2026-03-16',
        done: [{ itemId: 'meeting-papers', occurrence: 'ev-board', doneOn: '2026-03-04' }],
      }),
    ).toEqual([
      { item: 'essential-information', dueBy: '2026-03-19', status: 'due' },
      { item: 'identified-papers', dueBy: '2026-03-19', status: 'due' },
      { item: 'meeting-papers', dueBy: '2026-03-05', status: 'done' },
    ]);
  });

  it('when a week has passed since the meeting with nothing sent, then all three are overdue', () => {
    expect(due({ today: '2026-03-20' }).filter((d) => d.status === 'overdue')).toEqual([
      { item: 'meeting-papers', dueBy: '2026-03-05', status: 'overdue' },
      { item: 'essential-information', dueBy: '2026-03-19', status: 'overdue' },
      { item: 'identified-papers', dueBy: '2026-03-19', status: 'overdue' },
    ]);
  });

  it('when a sub group meets, then its papers are due a week before and policy and procedures within a week after', () => {
    expect(
      due({
        events: [
          {
            id: 'ev-sub',
            kind: 'sub-group-meeting',
            title: 'Policy sub group',
            on: '2026-03-24',
            recordedOn: '2026-03-01',
          },
        ],
        today: '2026-03-10',
        to: '2026-04-30',
      }),
    ).toEqual([
      { item: 'meeting-papers', dueBy: '2026-03-17', status: 'due' },
      { item: 'policy-and-procedures', dueBy: '2026-03-31', status: 'upcoming' },
    ]);
  });

  it('when the window takes in June, then the training programme is due by the end of June', () => {
    expect(due({ events: [], today: '2026-06-10', from: '2026-06-01', to: '2026-06-30' })).toEqual([
      { item: 'training-programme', dueBy: '2026-06-30', status: 'due' },
    ]);
  });

  it('when a review is published, then learning from it is due with no deadline: never overdue', () => {
    const items = due({
      events: [
        {
          id: 'ev-r',
          kind: 'review-published',
          title: '',
          on: '2026-01-05',
          recordedOn: '2026-01-05',
        },
      ],
      today: '2026-03-10',
      from: '2026-01-01',
    });
    expect(items).toEqual([{ item: 'learning-from-reviews', dueBy: null, status: 'due' }]);
  });
});

describe('timing rules', () => {
  it('when each known partnership is loaded, then it has a circulation plan that is valid', () => {
    for (const id of partnershipIds()) expect(loadCirculationPlan(id).partnershipId).toBe(id);
  });

  const plan = (unit: 'days' | 'working-days'): CirculationPlan =>
    circulationPlanSchema.parse({
      partnershipId: 'test',
      source: 'test',
      events: [{ id: 'meeting', title: 'Meeting' }],
      items: [
        {
          id: 'minutes',
          what: 'Minutes',
          toWhom: ['Members'],
          how: ['Email'],
          byWhom: ['Admin'],
          when: 'Within 3 working days',
          timing: { kind: 'relative', events: ['meeting'], direction: 'after', amount: 3, unit },
        },
      ],
    });
  const event = {
    id: 'e',
    kind: 'meeting',
    title: 'Meeting',
    on: '2026-04-02',
    recordedOn: '2026-03-01',
  };
  const dueBy = (p: CirculationPlan) =>
    circulationDue({
      plan: p,
      events: [event],
      done: [],
      today: '2026-04-01',
      from: '2026-04-01',
      to: '2026-04-30',
    })[0]!.dueBy;

  it('when the plan says working days, then bank holidays are skipped (Easter 2026)', () => {
    expect(dueBy(plan('working-days'))).toBe('2026-04-09');
    expect(dueBy(plan('days'))).toBe('2026-04-05');
  });

  it('when an item names an event the plan does not declare, then the plan is refused with the reason', () => {
    const result = circulationPlanSchema.safeParse({
      ...plan('days'),
      items: [{ ...plan('days').items[0], timing: { kind: 'on-event', events: ['board'] } }],
    });
    expect(result.success).toBe(false);
    expect(result.error!.issues[0]!.message).toBe('"board" is not one of the plan\'s events');
  });

  it("when HSSCP's plan is loaded, then its quarterly newsletter falls due after the quarter it covers", () => {
    const items = circulationDue({
      plan: loadCirculationPlan('hsscp'),
      events: [],
      done: [],
      today: '2026-01-15',
      from: '2026-01-01',
      to: '2026-01-31',
    });
    expect(items.find((i) => i.itemId === 'newsletter')).toMatchObject({
      occurrence: '2025-Q3',
      occurrenceTitle: 'October to December 2025',
      dueBy: '2026-01-31',
      status: 'due',
    });
    expect(items.find((i) => i.itemId === 'e-bulletin')).toMatchObject({
      occurrence: '2026-01',
      dueBy: '2026-01-31',
    });
  });
});
