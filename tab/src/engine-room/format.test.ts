import { describeDeadline, financialQuarter, formatDate, todayInEngland } from './format';

describe('dates in words', () => {
  const now = new Date('2026-03-10T09:00:00Z');

  it('when a deadline has passed, then it says overdue and by how long, in words', () => {
    expect(describeDeadline('2026-03-08', now)).toEqual({
      text: 'overdue: was due 8 March 2026 (2 days ago)',
      overdue: true,
    });
  });

  it('when a deadline is today, tomorrow or later, then it says so', () => {
    expect(describeDeadline('2026-03-10', now).text).toBe('due today, 10 March 2026');
    expect(describeDeadline('2026-03-11', now).text).toBe('due tomorrow, 11 March 2026');
    expect(describeDeadline('2026-03-14', now)).toEqual({
      text: 'due 14 March 2026 (in 4 days)',
      overdue: false,
    });
  });

  it('when it is after 11pm in summer, then today in England is already the next day', () => {
    expect(todayInEngland(new Date('2026-06-30T23:30:00Z'))).toBe('2026-07-01');
  });

  it('when a calendar date is shown, then it keeps its day whatever the clock', () => {
    expect(formatDate('2026-10-25')).toBe('25 October 2026');
  });

  it('when the report opens, then it offers the financial quarter of today', () => {
    expect(financialQuarter(new Date('2026-02-14T12:00:00Z'))).toEqual({ year: 2025, quarter: 4 });
    expect(financialQuarter(new Date('2026-04-01T12:00:00Z'))).toEqual({ year: 2026, quarter: 1 });
    expect(financialQuarter(new Date('2026-12-31T12:00:00Z'))).toEqual({ year: 2026, quarter: 3 });
    // Midnight on 1 April in England is still 31 March in UTC.
    expect(financialQuarter(new Date('2026-03-31T23:30:00Z'))).toEqual({ year: 2026, quarter: 1 });
  });
});
