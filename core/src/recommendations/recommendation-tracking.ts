import { addDays } from 'date-fns/addDays';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { londonDate } from '../calendar/working-days';
import {
  IMPACT_RATINGS,
  isActionCompleted,
  statusForProgress,
  type RecommendationStatus,
  type TrackedValues,
} from './recommendation';

/**
 * The rules of tracking a recommendation once it is recorded: what a change of progress
 * does to its status, when its impact is tested, and who may change it when. The store
 * keeps the SQL.
 */

/** What new progress does to a recommendation. */
export type ProgressChange = {
  status: RecommendationStatus;
  /**
   * `completed`: it is dated and its impact test scheduled; `reopened`: both are cleared;
   * `none`: they stay as they were.
   */
  change: 'completed' | 'reopened' | 'none';
};

export function progressChange(
  current: RecommendationStatus,
  percentComplete: number,
): ProgressChange {
  const status = statusForProgress(current, percentComplete);
  if (status === 'completed' && current !== 'completed') return { status, change: 'completed' };
  if (!isActionCompleted(status) && isActionCompleted(current))
    return { status, change: 'reopened' };
  return { status, change: 'none' };
}

/** The impact test's date: the configured days after the day (in London) it was completed. */
export function impactTestDueOn(completedAt: Date, afterDays: number): string {
  return format(addDays(parseISO(londonDate(completedAt)), afterDays), 'yyyy-MM-dd');
}

/** How long to wait before raising the impact test's task: none if it is due already. */
export function secondsUntilImpactTest(completedAt: Date, afterDays: number, now: Date): number {
  return Math.max(
    0,
    Math.round((addDays(completedAt, afterDays).getTime() - now.getTime()) / 1000),
  );
}

/** A Development Manager's change, checked against the recommendation as it now is. */
export type UpdateDecision = { ok: true } | { ok: false; outcome: 'stale' | 'closed' };

export function decideUpdate(
  current: { version: number; status: string },
  expectedVersion: number,
): UpdateDecision {
  // Someone else changed it since it was shown: their change is not overwritten.
  if (current.version !== expectedVersion) return { ok: false, outcome: 'stale' };
  if (current.status === 'closed') return { ok: false, outcome: 'closed' };
  return { ok: true };
}

/** The Engine Room's impact result: once, and only after the action is done. */
export type ImpactDecision =
  { ok: true } | { ok: false; outcome: 'already-recorded' | 'not-completed' };

export function decideImpactResult(status: RecommendationStatus): ImpactDecision {
  if (status === 'closed') return { ok: false, outcome: 'already-recorded' };
  if (!isActionCompleted(status)) return { ok: false, outcome: 'not-completed' };
  return { ok: true };
}

/** The history's line for a Development Manager's change. */
export function describeChange(before: TrackedValues, after: TrackedValues): string {
  const said: string[] = [];
  if (after.percentComplete !== before.percentComplete)
    said.push(`progress ${before.percentComplete}% to ${after.percentComplete}%`);
  if (after.dueDate !== before.dueDate) said.push(`due date ${before.dueDate} to ${after.dueDate}`);
  return `changed ${said.join(' and ') || 'nothing'}`;
}

/** Overdue: past its due date (in London) with the action not done. */
export const isOverdue = (status: RecommendationStatus, dueDate: string, today: string): boolean =>
  !isActionCompleted(status) && dueDate < today;

/** A rating's title, or the stored value if the rating is no longer offered. */
export const impactRatingTitle = (rating: string): string =>
  IMPACT_RATINGS.find((r) => r.value === rating)?.title ?? rating;
