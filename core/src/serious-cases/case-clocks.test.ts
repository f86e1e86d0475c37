import { caseClocks, reminderDue } from './case-clocks';
import type { SeriousCase } from './serious-case';

const received = { status: 'received' as const, dates: { laAware: '2026-12-21' } };

describe('a serious case\u2019s clocks', () => {
  it('when a case is received, then only the Panel notification clock runs, due in 5 working days', () => {
    // Mon 21 Dec 2026: 22, 23, 24 (1-3), [25, 28 bank holidays], 29 (4), 30 (5).
    expect(caseClocks(received)).toEqual([
      {
        name: 'panel-notification',
        started: '2026-12-21',
        clock: { state: 'running', due: '2026-12-30', remindFrom: '2026-12-23' },
      },
    ]);
  });

  it('when the notification is sent, then that clock is met and the Rapid Review clock runs 15 working days', () => {
    const clocks = caseClocks({
      status: 'notification-recorded',
      dates: { laAware: '2026-12-21', notificationSent: '2026-12-31' },
    });
    expect(clocks[0]?.clock).toEqual({
      state: 'met',
      due: '2026-12-30',
      metOn: '2026-12-31',
      late: true,
    });
    // Thu 31 Dec: [1 Jan], 4-8 Jan (1-5), 11-15 (6-10), 18-22 (11-15).
    expect(clocks[1]).toMatchObject({ name: 'rapid-review', clock: { due: '2027-01-22' } });
  });

  it('when an LCSPR starts, then it is due six calendar months later', () => {
    const clocks = caseClocks({
      status: 'lcspr-in-progress',
      dates: {
        laAware: '2026-03-02',
        notificationSent: '2026-03-05',
        rapidReviewSent: '2026-03-24',
        lcsprInitiated: '2026-04-20',
      },
    } as Pick<SeriousCase, 'dates' | 'status'>);
    expect(clocks[2]).toMatchObject({
      name: 'lcspr',
      clock: { state: 'running', due: '2026-10-20' },
    });
  });

  it('when a case is closed before notification, then its clock stops rather than going overdue', () => {
    const [clock] = caseClocks({
      status: 'closed',
      dates: { laAware: '2026-12-21', closed: '2026-12-22' },
    });
    expect(clock?.clock.state).toBe('stopped');
    expect(reminderDue(clock!, '2027-02-01')).toBeUndefined();
  });

  it('when a deadline falls in a year the calendar does not know, then the clock says so', () => {
    const [clock] = caseClocks({ status: 'received', dates: { laAware: '2027-12-24' } });
    expect(clock?.clock).toMatchObject({ state: 'unknown' });
    expect(clock?.clock.state === 'unknown' && clock.clock.problem).toMatch(/2028/);
  });

  it.each([
    ['2026-12-22', undefined],
    ['2026-12-23', 'due-soon'], // three working days before Wed 30 Dec
    ['2026-12-30', 'due-soon'], // the due date itself
    ['2026-12-31', 'overdue'],
  ])('when today is %s, then the reminder due is %s', (today, kind) => {
    expect(reminderDue(caseClocks(received)[0]!, today)).toBe(kind);
  });
});
