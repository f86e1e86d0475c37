import type { RecommendationView } from '@pathways/core';
import { ApiError } from '@pathways/ui-shell';
import {
  afterReload,
  answersOf,
  conflictOf,
  offeredOn,
  progressChanges,
  reloadedConflict,
  savedProgress,
} from './recommendation-changes';

const person = (...roles: string[]) => ({ id: 'p', displayName: 'P', email: 'p@x', roles });

const recommendation = (over: Partial<RecommendationView> = {}): RecommendationView => ({
  id: '5b0f3c2e-7a53-4a43-9d51-1f2a3b4c5d6e',
  reference: 'REC-2026-0007',
  text: 'Revise the escalation guidance',
  source: 'kloe',
  sourceTitle: 'KLOE outcome',
  sourceRecord: { type: 'kloe', id: 'k1', reference: 'KLOE-2026-0001' },
  owningAgency: 'Cleveland Police',
  owner: null,
  theme: 'Neglect',
  dueDate: '2027-03-31',
  status: 'in-progress',
  statusText: 'In progress',
  percentComplete: 40,
  overdue: false,
  version: 3,
  impactTestDue: null,
  impact: null,
  history: [],
  ...over,
});

describe('what the recommendations list offers', () => {
  it('when the Development Manager looks at a recommendation not yet closed, then they may change its progress, and not record impact', () => {
    for (const status of ['open', 'in-progress', 'completed', 'impact-testing'] as const) {
      expect(offeredOn(person('DevelopmentManager'), { status })).toEqual({
        changeProgress: true,
        recordImpact: false,
      });
    }
  });

  it('when a recommendation is closed, then nobody is offered a change or a second impact test', () => {
    for (const me of [person('DevelopmentManager', 'EngineRoom'), person('EngineRoom')]) {
      expect(offeredOn(me, { status: 'closed' })).toEqual({
        changeProgress: false,
        recordImpact: false,
      });
    }
  });

  it('when the Engine Room looks, then it may record impact on a completed recommendation only', () => {
    const eli = person('EngineRoom');
    expect(offeredOn(eli, { status: 'completed' }).recordImpact).toBe(true);
    expect(offeredOn(eli, { status: 'impact-testing' }).recordImpact).toBe(true);
    expect(offeredOn(eli, { status: 'open' }).recordImpact).toBe(false);
    expect(offeredOn(eli, { status: 'in-progress' }).recordImpact).toBe(false);
    expect(offeredOn(eli, { status: 'in-progress' }).changeProgress).toBe(false);
  });

  it('when the person is in the Business Unit or the Executive, then they are offered neither', () => {
    for (const role of ['BusinessUnit', 'Executive', 'AgencyLead']) {
      expect(offeredOn(person(role), { status: 'completed' })).toEqual({
        changeProgress: false,
        recordImpact: false,
      });
    }
  });
});

describe('the change the Development Manager sends', () => {
  const current = recommendation();

  it('when only the progress changes, then only it is sent, as a number, with the version it was opened on', () => {
    expect(progressChanges(current, { progress: ' 75 ', dueDate: '2027-03-31' })).toEqual({
      percentComplete: 75,
      expectedVersion: 3,
    });
  });

  it('when only the due date changes, then only it is sent', () => {
    expect(progressChanges(current, { progress: '40', dueDate: '2027-06-30' })).toEqual({
      dueDate: '2027-06-30',
      expectedVersion: 3,
    });
  });

  it('when nothing changes, then nothing is sent', () => {
    expect(progressChanges(current, answersOf(current))).toBeUndefined();
  });

  it('when the progress is not a number or is left empty, then it goes as typed for the service to refuse beside the field', () => {
    expect(progressChanges(current, { progress: 'forty', dueDate: '2027-03-31' })).toEqual({
      percentComplete: 'forty',
      expectedVersion: 3,
    });
    expect(progressChanges(current, { progress: '', dueDate: '' })).toEqual({
      percentComplete: '',
      dueDate: '',
      expectedVersion: 3,
    });
  });
});

describe('a change someone else made first', () => {
  it('when the service answers 409, then its words are the conflict; other failures are not', () => {
    const message = 'Someone changed this recommendation since you opened it. Reload to see it.';
    expect(conflictOf(new ApiError(message, 409, 'Conflict'))).toBe(message);
    expect(conflictOf(new ApiError('Some answers need changing.', 422))).toBeUndefined();
    expect(conflictOf(new Error('network'))).toBeUndefined();
  });

  it('when reloaded, then the person is told what it holds now and what they had typed', () => {
    const now = recommendation({ percentComplete: 60, dueDate: '2027-04-30', version: 4 });
    expect(afterReload(now, { progress: '75', dueDate: '2027-03-31' })).toBe(
      'Reloaded. REC-2026-0007 is now 60% done, due 30 April 2027. You had entered 75% and 31 March 2027. Change the answers below and save again if your change still applies.',
    );
  });

  it('when the impact test was recorded by someone else first, then the person is not asked to reload what the page reloaded', () => {
    expect(reloadedConflict('The impact test has already been recorded. Reload to see it.')).toBe(
      'The impact test has already been recorded. The list now shows it as it is.',
    );
  });

  it('when it was closed meanwhile, then the person is told it can no longer change', () => {
    const now = recommendation({ status: 'closed', statusText: 'Closed: impact tested' });
    expect(afterReload(now, { progress: '90', dueDate: '2027-03-31' })).toMatch(
      /^Reloaded\. REC-2026-0007 is now closed: its impact test has been recorded/,
    );
  });
});

describe('what is said once saved', () => {
  it('when the change completes the action, then the person is told impact testing is scheduled and from when', () => {
    const done = recommendation({
      percentComplete: 100,
      status: 'completed',
      statusText: 'Completed, impact testing scheduled',
      impactTestDue: '2027-06-29',
    });
    expect(savedProgress(done)).toBe(
      'Saved REC-2026-0007: 100% done, due 31 March 2027. Marked completed: the Engine Room’s impact test is scheduled from 29 June 2027.',
    );
  });

  it('when the action is still under way, then its status is said', () => {
    expect(savedProgress(recommendation())).toBe(
      'Saved REC-2026-0007: 40% done, due 31 March 2027. In progress.',
    );
  });
});
