import { applyCaseEvent, type CaseEventType } from './case-transitions';
import type { CaseEvent } from './serious-case';
import type { CaseStatus, SeriousCase } from './serious-case';

const today = '2026-11-20';
const base: SeriousCase = {
  id: 'c1',
  partnershipId: 'hsscp',
  reference: 'CSPR-2026-0001',
  status: 'received',
  version: 1,
  referringAgency: 'Cleveland Police',
  criteria: ['died-or-seriously-harmed'],
  values: {},
  submittedBy: { aadObjectId: 'pat', name: 'Pat' },
  receivedAt: new Date('2026-03-02T10:00:00Z'),
  dates: { laAware: '2026-03-02' },
};

/** A case in each state, with the dates that state implies. */
const inState: Record<string, SeriousCase> = {
  received: base,
  'notification-recorded': {
    ...base,
    status: 'notification-recorded',
    dates: { laAware: '2026-03-02', notificationSent: '2026-03-05' },
  },
  'rapid-review-in-progress': {
    ...base,
    status: 'rapid-review-in-progress',
    dates: {
      laAware: '2026-03-02',
      notificationSent: '2026-03-05',
      rapidReviewStarted: '2026-03-06',
    },
  },
  'rapid-review-sent': {
    ...base,
    status: 'rapid-review-sent',
    dates: {
      laAware: '2026-03-02',
      notificationSent: '2026-03-05',
      rapidReviewStarted: '2026-03-06',
      rapidReviewSent: '2026-03-24',
    },
  },
};
inState['decided (LCSPR)'] = {
  ...inState['rapid-review-sent']!,
  status: 'decided',
  decision: 'lcspr',
  dates: { ...inState['rapid-review-sent']!.dates, decided: '2026-04-10' },
};
inState['decided (no LCSPR)'] = {
  ...inState['decided (LCSPR)']!,
  decision: 'no-lcspr',
  decisionReasons: 'Learning already identified in the Rapid Review.',
};
inState['decided (other learning review)'] = {
  ...inState['decided (LCSPR)']!,
  decision: 'other-learning-review',
};
inState['lcspr-in-progress'] = {
  ...inState['decided (LCSPR)']!,
  status: 'lcspr-in-progress',
  dates: { ...inState['decided (LCSPR)']!.dates, lcsprInitiated: '2026-04-20' },
};
inState.published = {
  ...inState['lcspr-in-progress']!,
  status: 'published',
  dates: { ...inState['lcspr-in-progress']!.dates, published: '2026-10-01' },
};
inState.closed = {
  ...inState.published!,
  status: 'closed',
  dates: { ...inState.published!.dates, closed: '2026-10-10' },
};

const on = '2026-11-02';
const events: Record<CaseEventType, CaseEvent> = {
  'record-notification': { type: 'record-notification', on },
  'start-rapid-review': { type: 'start-rapid-review', on },
  'send-rapid-review': { type: 'send-rapid-review', on },
  decide: { type: 'decide', on, decision: 'no-lcspr', reasons: 'Learning already known.' },
  'start-lcspr': { type: 'start-lcspr', on },
  publish: { type: 'publish', on },
  close: { type: 'close', on, reason: 'Did not meet the criteria for notification.' },
};

const allowed: Record<string, [CaseEventType, CaseStatus][]> = {
  received: [
    ['record-notification', 'notification-recorded'],
    ['close', 'closed'],
  ],
  'notification-recorded': [['start-rapid-review', 'rapid-review-in-progress']],
  'rapid-review-in-progress': [['send-rapid-review', 'rapid-review-sent']],
  'rapid-review-sent': [['decide', 'decided']],
  'decided (LCSPR)': [['start-lcspr', 'lcspr-in-progress']],
  'decided (no LCSPR)': [['close', 'closed']],
  'decided (other learning review)': [['close', 'closed']],
  'lcspr-in-progress': [['publish', 'published']],
  published: [['close', 'closed']],
  closed: [],
};

const combinations = Object.keys(inState).flatMap((state) =>
  (Object.keys(events) as CaseEventType[]).map((event) => [state, event] as const),
);

describe('the serious case state machine', () => {
  it.each(combinations)(
    'when the case is %s and someone tries to %s, then it is allowed only if the procedure allows it',
    (state, event) => {
      const result = applyCaseEvent(inState[state]!, events[event], today);
      const to = allowed[state]!.find(([e]) => e === event)?.[1];
      if (to) {
        expect(result).toMatchObject({ ok: true, seriousCase: { status: to, version: 2 } });
      } else {
        expect(result.ok).toBe(false);
        // Every refusal says why, in a sentence, and names where the case is or what was decided.
        expect(!result.ok && result.message).toMatch(
          /(is not possible|already recorded|not an LCSPR).*\./,
        );
      }
    },
  );

  it('when the Rapid Review is recorded as sent before it started, then it is refused saying what is missing', () => {
    const result = applyCaseEvent(
      inState['notification-recorded']!,
      events['send-rapid-review'],
      today,
    );
    expect(result).toEqual({
      ok: false,
      message:
        'Record the Rapid Review as sent to the Panel is not possible now: the case is "Notification to the Panel recorded". Start the Rapid Review first.',
    });
  });

  it('when the notification is recorded twice, then the second says when it was recorded', () => {
    const result = applyCaseEvent(
      inState['rapid-review-in-progress']!,
      events['record-notification'],
      today,
    );
    expect(!result.ok && result.message).toContain('already recorded on Thursday 5 March 2026');
  });

  it('when the decision is "no LCSPR" without reasons, then it is refused', () => {
    const result = applyCaseEvent(
      inState['rapid-review-sent']!,
      { type: 'decide', on, decision: 'no-lcspr', reasons: '  ' },
      today,
    );
    expect(!result.ok && result.message).toBe(
      'Record the decision: give the reasons for deciding that there will be no LCSPR.',
    );
  });

  it('when the decision is an LCSPR, then no reasons are needed and the decision is kept', () => {
    const result = applyCaseEvent(
      inState['rapid-review-sent']!,
      { type: 'decide', on, decision: 'lcspr' },
      today,
    );
    expect(result.ok && result.seriousCase).toMatchObject({
      decision: 'lcspr',
      dates: { decided: on },
    });
  });

  it('when an LCSPR is started after a decision of no LCSPR, then it is refused naming the decision', () => {
    const result = applyCaseEvent(inState['decided (no LCSPR)']!, events['start-lcspr'], today);
    expect(!result.ok && result.message).toBe(
      'Start the LCSPR is not possible: the decision for this case was "no LCSPR", not an LCSPR.',
    );
  });

  it('when a case decided for an LCSPR is closed, then it is refused until the LCSPR is published', () => {
    const result = applyCaseEvent(inState['decided (LCSPR)']!, events.close, today);
    expect(!result.ok && result.message).toContain(
      'Start the LCSPR; the case can be closed once it is published.',
    );
  });

  it('when a received case is closed without a reason, then the reason is asked for', () => {
    const result = applyCaseEvent(base, { type: 'close', on }, today);
    expect(!result.ok && result.message).toContain('give the reason');
  });

  it('when a date is in the future, then it is refused', () => {
    const result = applyCaseEvent(base, { type: 'record-notification', on: '2026-11-21' }, today);
    expect(!result.ok && result.message).toBe(
      'Record the notification to the Panel: the date cannot be in the future.',
    );
  });

  it('when the notification date is before the local authority became aware, then it is refused', () => {
    const result = applyCaseEvent(base, { type: 'record-notification', on: '2026-03-01' }, today);
    expect(!result.ok && result.message).toContain(
      'cannot be sent before the local authority became aware',
    );
  });

  it('when the notification corrects the date the local authority became aware, then the clock follows it', () => {
    const result = applyCaseEvent(
      base,
      { type: 'record-notification', on: '2026-03-05', laAware: '2026-02-27' },
      today,
    );
    expect(result.ok && result.seriousCase.dates).toEqual({
      laAware: '2026-02-27',
      notificationSent: '2026-03-05',
    });
  });

  it('when a step is dated before the one it follows, then it is refused', () => {
    const result = applyCaseEvent(
      inState['rapid-review-in-progress']!,
      { type: 'send-rapid-review', on: '2026-03-05' },
      today,
    );
    expect(!result.ok && result.message).toContain('cannot be before the Rapid Review started');
  });
});
