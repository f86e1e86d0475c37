import {
  decideImpactResult,
  decideUpdate,
  describeChange,
  impactRatingTitle,
  impactTestDueOn,
  isOverdue,
  progressChange,
  secondsUntilImpactTest,
} from './recommendation-tracking';

describe('new progress on a recommendation', () => {
  it('completes it at 100%, once', () => {
    expect(progressChange('in-progress', 100)).toEqual({
      status: 'completed',
      change: 'completed',
    });
    expect(progressChange('completed', 100)).toEqual({ status: 'completed', change: 'none' });
  });

  it('reopens a completed one taken back below 100%', () => {
    expect(progressChange('completed', 50)).toEqual({ status: 'in-progress', change: 'reopened' });
    expect(progressChange('completed', 0)).toEqual({ status: 'open', change: 'reopened' });
  });

  it('leaves one being impact tested, or closed, as it is', () => {
    expect(progressChange('impact-testing', 10)).toEqual({
      status: 'impact-testing',
      change: 'none',
    });
    expect(progressChange('closed', 0)).toEqual({ status: 'closed', change: 'none' });
  });
});

describe('the impact test', () => {
  it('is due the configured days after the day it was completed, in London', () => {
    // 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    expect(impactTestDueOn(new Date('2026-06-30T23:30:00Z'), 90)).toBe('2026-09-29');
  });

  it('waits until then to raise its task, and not at all once due', () => {
    const completed = new Date('2026-06-01T12:00:00Z');
    expect(secondsUntilImpactTest(completed, 1, completed)).toBe(86_400);
    expect(secondsUntilImpactTest(completed, 1, new Date('2026-06-03T12:00:00Z'))).toBe(0);
  });

  it('is recorded once, and only after the action is done', () => {
    expect(decideImpactResult('completed')).toEqual({ ok: true });
    expect(decideImpactResult('impact-testing')).toEqual({ ok: true });
    expect(decideImpactResult('in-progress')).toEqual({ ok: false, outcome: 'not-completed' });
    expect(decideImpactResult('closed')).toEqual({ ok: false, outcome: 'already-recorded' });
  });

  it('shows its rating’s title, or the stored value if that rating is gone', () => {
    expect(impactRatingTitle('no-longer-offered')).toBe('no-longer-offered');
  });
});

describe('a Development Manager’s change', () => {
  it('is refused if someone changed it since it was shown, or it is closed', () => {
    expect(decideUpdate({ version: 3, status: 'open' }, 3)).toEqual({ ok: true });
    expect(decideUpdate({ version: 4, status: 'open' }, 3)).toEqual({
      ok: false,
      outcome: 'stale',
    });
    expect(decideUpdate({ version: 3, status: 'closed' }, 3)).toEqual({
      ok: false,
      outcome: 'closed',
    });
  });

  it('says in the history what changed', () => {
    const before = { percentComplete: 0, dueDate: '2026-12-01' };
    expect(describeChange(before, { percentComplete: 50, dueDate: '2027-01-15' })).toBe(
      'changed progress 0% to 50% and due date 2026-12-01 to 2027-01-15',
    );
    expect(describeChange(before, before)).toBe('changed nothing');
  });
});

describe('an overdue recommendation', () => {
  it('is past its due date with the action not done', () => {
    expect(isOverdue('in-progress', '2026-11-21', '2026-11-22')).toBe(true);
    expect(isOverdue('open', '2026-11-22', '2026-11-22')).toBe(false);
    expect(isOverdue('completed', '2026-11-21', '2026-11-22')).toBe(false);
  });
});
