import { formatLongDate, isIsoDate, type IsoDate } from '../calendar/working-days';
import type { LifecycleEvent } from '../records/record-lifecycle';
import {
  caseStatusText,
  type CaseDecision,
  type CaseDates,
  type CaseEvent,
  type CaseStatus,
  type SeriousCase,
} from './serious-case';

export type CaseEventType = CaseEvent['type'];

export const caseEventText: Record<CaseEventType, string> = {
  'record-notification': 'Record the notification to the Panel',
  'start-rapid-review': 'Start the Rapid Review',
  'send-rapid-review': 'Record the Rapid Review as sent to the Panel',
  decide: 'Record the decision',
  'start-lcspr': 'Start the LCSPR',
  publish: 'Record the LCSPR as published',
  close: 'Close the case',
};

/** The state each event may be recorded from, and the state it leads to. */
const moves: Record<CaseEventType, { from: CaseStatus[]; to: CaseStatus }> = {
  'record-notification': { from: ['received'], to: 'notification-recorded' },
  'start-rapid-review': { from: ['notification-recorded'], to: 'rapid-review-in-progress' },
  'send-rapid-review': { from: ['rapid-review-in-progress'], to: 'rapid-review-sent' },
  decide: { from: ['rapid-review-sent'], to: 'decided' },
  'start-lcspr': { from: ['decided'], to: 'lcspr-in-progress' },
  publish: { from: ['lcspr-in-progress'], to: 'published' },
  // Received: the case did not meet the criteria for notification. Decided: no
  // LCSPR, or another kind of review done elsewhere. Published: the review is done.
  close: { from: ['received', 'decided', 'published'], to: 'closed' },
};

/** The date each event records, for "already recorded" answers. */
const recordedDate: Partial<Record<CaseEventType, keyof CaseDates>> = {
  'record-notification': 'notificationSent',
  'start-rapid-review': 'rapidReviewStarted',
  'send-rapid-review': 'rapidReviewSent',
  decide: 'decided',
  'start-lcspr': 'lcsprInitiated',
  publish: 'published',
};

function nextStep(c: SeriousCase): string {
  switch (c.status) {
    case 'received':
      return 'Record the notification to the Panel first, or close the case if it is not to be notified.';
    case 'notification-recorded':
      return 'Start the Rapid Review first.';
    case 'rapid-review-in-progress':
      return 'Record the Rapid Review as sent to the Panel first.';
    case 'rapid-review-sent':
      return 'Record the Executive\u2019s decision first.';
    case 'decided':
      return c.decision === 'lcspr'
        ? 'The next step is to start the LCSPR.'
        : 'The next step is to close the case.';
    case 'lcspr-in-progress':
      return 'Record the LCSPR as published first.';
    case 'published':
      return 'The next step is to close the case.';
    case 'closed':
      return 'Nothing more can be recorded on a closed case.';
  }
}

export type TransitionResult =
  { ok: true; seriousCase: SeriousCase; from: CaseStatus } | { ok: false; message: string };

const refuse = (message: string): TransitionResult => ({ ok: false, message });

/**
 * Records an event on a case, or refuses it with a message saying why and what
 * comes next. Pure: the store saves what this returns.
 */
export function applyCaseEvent(c: SeriousCase, event: CaseEvent, today: IsoDate): TransitionResult {
  const what = caseEventText[event.type];
  if (!isIsoDate(event.on)) return refuse(`${what}: enter the date as YYYY-MM-DD.`);
  if (event.on > today) return refuse(`${what}: the date cannot be in the future.`);

  const move = moves[event.type];
  if (!move.from.includes(c.status)) {
    const field = recordedDate[event.type];
    const already = field ? c.dates[field] : undefined;
    if (already)
      return refuse(
        `${what}: this was already recorded on ${formatLongDate(already)}. The case is now "${caseStatusText[c.status]}".`,
      );
    return refuse(
      `${what} is not possible now: the case is "${caseStatusText[c.status]}". ${nextStep(c)}`,
    );
  }

  const dates: CaseDates = { ...c.dates };
  const next: SeriousCase = { ...c, status: move.to, version: c.version + 1, dates };
  const notBefore = (earlier: IsoDate | undefined, label: string): TransitionResult | undefined =>
    earlier && event.on < earlier
      ? refuse(`${what}: the date cannot be before ${label} (${formatLongDate(earlier)}).`)
      : undefined;

  switch (event.type) {
    case 'record-notification': {
      const laAware = event.laAware ?? c.dates.laAware;
      if (!isIsoDate(laAware) || laAware > today)
        return refuse(`${what}: the date the local authority became aware must be a past date.`);
      if (event.on < laAware)
        return refuse(
          `${what}: the notification cannot be sent before the local authority became aware (${formatLongDate(laAware)}).`,
        );
      dates.laAware = laAware;
      dates.notificationSent = event.on;
      break;
    }
    case 'start-rapid-review':
      dates.rapidReviewStarted = event.on;
      return notBefore(c.dates.notificationSent, 'the notification') ?? ok(next, c);
    case 'send-rapid-review':
      dates.rapidReviewSent = event.on;
      return notBefore(c.dates.rapidReviewStarted, 'the Rapid Review started') ?? ok(next, c);
    case 'decide': {
      const reasons = event.reasons?.trim() ?? '';
      if (event.decision === 'no-lcspr' && reasons === '')
        return refuse(`${what}: give the reasons for deciding that there will be no LCSPR.`);
      if (reasons.length > 4000)
        return refuse(`${what}: keep the reasons to 4,000 characters or fewer.`);
      const early = notBefore(c.dates.rapidReviewSent, 'the Rapid Review was sent to the Panel');
      if (early) return early;
      dates.decided = event.on;
      next.decision = event.decision;
      if (reasons) next.decisionReasons = reasons;
      break;
    }
    case 'start-lcspr':
      if (c.decision !== 'lcspr')
        return refuse(
          `${what} is not possible: the decision for this case was "${c.decision ? decisionLabel(c.decision) : 'not recorded'}", not an LCSPR.`,
        );
      dates.lcsprInitiated = event.on;
      return notBefore(c.dates.decided, 'the decision') ?? ok(next, c);
    case 'publish':
      dates.published = event.on;
      return notBefore(c.dates.lcsprInitiated, 'the LCSPR started') ?? ok(next, c);
    case 'close': {
      const reason = event.reason?.trim() ?? '';
      if (c.status === 'decided' && c.decision === 'lcspr')
        return refuse(
          `${what} is not possible yet: the decision was to hold an LCSPR. Start the LCSPR; the case can be closed once it is published.`,
        );
      if (c.status === 'received' && reason === '')
        return refuse(
          `${what}: give the reason for closing it without a notification to the Panel.`,
        );
      if (reason.length > 4000)
        return refuse(`${what}: keep the reason to 4,000 characters or fewer.`);
      const early = notBefore(latestDate(c.dates), 'the last date recorded on the case');
      if (early) return early;
      dates.closed = event.on;
      if (reason) next.closedReason = reason;
      break;
    }
  }
  return ok(next, c);
}

function ok(next: SeriousCase, c: SeriousCase): TransitionResult {
  return { ok: true, seriousCase: next, from: c.status };
}

function decisionLabel(d: CaseDecision): string {
  return {
    lcspr: 'LCSPR',
    'no-lcspr': 'no LCSPR',
    'other-learning-review': 'another learning review',
  }[d];
}

function latestDate(dates: CaseDates): IsoDate | undefined {
  return Object.values(dates)
    .filter((d): d is string => typeof d === 'string')
    .sort()
    .at(-1);
}

/**
 * Where a step of the serious-case pathway leaves the request in the lifecycle every record
 * kind shares: notified is triaged (accepted), the Rapid Review is its exploring, the
 * Executive's decision its outcome. Undefined: the step does not move it.
 */
export function caseLifecycleEvent(type: CaseEventType): LifecycleEvent | undefined {
  switch (type) {
    case 'record-notification':
      return { kind: 'triage', result: 'accepted' };
    case 'start-rapid-review':
      return { kind: 'explore' };
    case 'decide':
      return { kind: 'record-outcome' };
    case 'close':
      return { kind: 'close' };
    default:
      return undefined;
  }
}
