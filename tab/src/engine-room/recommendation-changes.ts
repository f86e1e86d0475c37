import type { RecommendationStatus, RecommendationView } from '@pathways/core';
import { ApiError, type Me } from '@pathways/ui-shell';
import type { RecommendationChanges } from './api';
import { formatDate } from './format';

/**
 * What the recommendations list offers each person on each recommendation. The service
 * decides (PATCH is the Development Manager's, the impact result the Engine Room's); this
 * spares people buttons that would be refused.
 */
export function offeredOn(
  me: Me,
  r: Pick<RecommendationView, 'status'>,
): { changeProgress: boolean; recordImpact: boolean } {
  const holds = (role: string) => me.roles.includes(role);
  const awaitingImpact: readonly RecommendationStatus[] = ['completed', 'impact-testing'];
  return {
    // Closed once the impact test is recorded: the service answers 409 after that.
    changeProgress: holds('DevelopmentManager') && r.status !== 'closed',
    // Impact is tested once the action is done, and recorded once.
    recordImpact: holds('EngineRoom') && awaitingImpact.includes(r.status),
  };
}

/** The progress form's answers, as typed. */
export interface ProgressAnswers {
  progress: string;
  dueDate: string;
}

type Tracked = Pick<RecommendationView, 'percentComplete' | 'dueDate' | 'version'>;

export const answersOf = (r: Tracked): ProgressAnswers => ({
  progress: String(r.percentComplete),
  dueDate: r.dueDate,
});

/**
 * The PATCH body for what changed, against the version the form was opened on; `undefined`
 * when nothing did. Progress that is not a number goes as typed, so the service's one rule
 * ("a whole number from 0 to 100") says what is wrong beside the field.
 */
export function progressChanges(
  current: Tracked,
  answers: ProgressAnswers,
): RecommendationChanges | undefined {
  const typed = answers.progress.trim();
  const asNumber = typed === '' ? Number.NaN : Number(typed);
  const progress = Number.isFinite(asNumber) ? asNumber : typed;
  const dueDate = answers.dueDate.trim();
  const changes: RecommendationChanges = { expectedVersion: current.version };
  if (progress !== current.percentComplete) changes.percentComplete = progress;
  if (dueDate !== current.dueDate) changes.dueDate = dueDate;
  return Object.keys(changes).length > 1 ? changes : undefined;
}

/** The service's words when someone else changed it first (409), or undefined for any other failure. */
export function conflictOf(error: unknown): string | undefined {
  return error instanceof ApiError && error.status === 409 ? error.message : undefined;
}

/**
 * Said once the recommendation is reloaded after a conflict: what it holds now, and what
 * the person had typed, so they can decide whether their change still stands.
 */
export function afterReload(now: RecommendationView, typed: ProgressAnswers): string {
  const progress = typed.progress.trim();
  const was = `You had entered ${progress ? `${progress}%` : 'no progress'} and ${
    typed.dueDate ? formatDate(typed.dueDate) : 'no due date'
  }.`;
  if (now.status === 'closed')
    return `Reloaded. ${now.reference} is now closed: its impact test has been recorded, so its progress and due date stay as they are. ${was}`;
  return `Reloaded. ${now.reference} is now ${now.percentComplete}% done, due ${formatDate(
    now.dueDate,
  )}. ${was} Change the answers below and save again if your change still applies.`;
}

/** Said once a change is saved. */
export const savedProgress = (r: RecommendationView): string =>
  `Saved ${r.reference}: ${r.percentComplete}% done, due ${formatDate(r.dueDate)}. ${
    r.status === 'completed'
      ? `Marked completed: the Engine Room’s impact test is scheduled${
          r.impactTestDue ? ` from ${formatDate(r.impactTestDue)}` : ''
        }.`
      : r.statusText + '.'
  }`;

/**
 * A 409 to the impact result once the list has been reloaded: the service's words, without
 * asking the person to reload what the page has just reloaded for them.
 */
export const reloadedConflict = (message: string): string =>
  `${message.replace(/\s*Reload to see it\.?$/, '')} The list now shows it as it is.`;
