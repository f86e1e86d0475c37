import { decisionTitle, describeKloeEvent, describeWork, historyInOrder } from './record-history';

describe('how a record history reads', () => {
  it('reads a KLOE event code as English, naming the other KLOE when there is one', () => {
    expect(describeKloeEvent('accept', null)).toBe('accepted it onto the Engine Room agenda');
    expect(describeKloeEvent('linked-duplicate', { otherReference: 'HSSCP-KLOE-0004' })).toBe(
      'closed it as a duplicate (HSSCP-KLOE-0004)',
    );
  });

  it('shows an event code it does not know as it is', () => {
    expect(describeKloeEvent('reopened', {})).toBe('reopened');
  });

  it('puts lines from every source oldest first', () => {
    const lines = historyInOrder([
      { at: new Date('2026-03-02T10:00:00Z'), by: 'Sam', action: 'declined it' },
      { at: new Date('2026-03-01T09:00:00Z'), by: 'Ann', action: 'raised it' },
    ]);
    expect(lines).toEqual([
      { at: '2026-03-01T09:00:00.000Z', by: 'Ann', action: 'raised it' },
      { at: '2026-03-02T10:00:00.000Z', by: 'Sam', action: 'declined it' },
    ]);
  });

  it('describes Engine Room work the way its history line reads', () => {
    expect(
      describeWork({ kind: 'evidence', summary: 's', source: 'Police', sourceDate: '2026-01-01' }),
    ).toBe('added evidence from Police');
    expect(
      describeWork({ kind: 'recommendation', text: 't', owningAgency: 'Health', dueDate: 'x' }),
    ).toBe('recorded a recommendation for Health');
    expect(
      describeWork({
        kind: 'activity',
        activity: 'audit',
        description: 'd',
        owner: 'o',
        startDate: '2026-01-01',
        endDate: '2026-02-01',
      }),
    ).toBe('planned an audit');
    expect(describeWork({ kind: 'outcome', learning: 'l', decision: 'd' })).toBe(
      'recorded the outcome',
    );
  });

  it('names a decision by its title, or by its value when no longer listed', () => {
    expect(decisionTitle('escalated')).toBe('Escalated to the Executive');
    expect(decisionTitle('retired-decision')).toBe('retired-decision');
  });
});
