import { londonDate } from '../calendar/working-days';
import {
  RECOMMENDATION_SOURCES,
  recommendationSourceTitle,
  type SyncConflict,
  type TrackedValues,
} from './recommendation';

// How a recommendation is tracked as a Planner task: what the tasks say, which tracked values
// differ, and the history lines a sync writes. Pure: the service does the Graph calls.

/** Planner's limit on a task's title. */
export const PLANNER_TITLE_MAX = 200;
/** Planner takes at most 20 assignees on a task. */
export const PLANNER_ASSIGNEES_MAX = 20;
export const IMPACT_TESTING_BUCKET = 'Impact testing';

export const clipTitle = (text: string, max = PLANNER_TITLE_MAX) =>
  text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}\u2026`;

const fieldWords: Record<keyof TrackedValues, string> = {
  percentComplete: 'progress',
  dueDate: 'due date',
};
const shown = (field: keyof TrackedValues, value: string | number) =>
  field === 'percentComplete' ? `${value}%` : String(value);

/** What a task holds of the tracked values. A due date removed in Planner is not taken in. */
export const trackedOfTask = (
  task: { percentComplete: number; dueDateTime: string | null },
  fallbackDue: string,
): TrackedValues => ({
  percentComplete: task.percentComplete,
  // A recommendation always has a due date.
  dueDate: task.dueDateTime ? londonDate(new Date(task.dueDateTime)) : fallbackDue,
});

/** The values of `a` that differ from `b`. */
export const trackedChanges = (a: TrackedValues, b: TrackedValues): Partial<TrackedValues> => ({
  ...(a.percentComplete !== b.percentComplete ? { percentComplete: a.percentComplete } : {}),
  ...(a.dueDate !== b.dueDate ? { dueDate: a.dueDate } : {}),
});

export const noChanges = (changes: object) => Object.keys(changes).length === 0;

/** The history line for a change made in Planner. */
export const plannerChangeLine = (field: keyof TrackedValues, value: string | number) =>
  `changed the ${fieldWords[field]} to ${shown(field, value)} in Planner`;

/** The history line for a conflict settled by the later edit. */
export const conflictLine = (c: SyncConflict) =>
  `kept the later edit of the ${fieldWords[c.field]} (${shown(c.field, c.keptValue)}, from ${
    c.kept === 'pathways' ? 'Pathways' : 'Planner'
  }); the earlier ${c.kept === 'pathways' ? 'Planner' : 'Pathways'} value was ${shown(
    c.field,
    c.otherValue,
  )}`;

export interface TrackedRecommendation {
  reference: string;
  text: string;
  source: string;
  sourceReference: string | null;
  owningAgency: string;
}

/** The bucket a recommendation's task goes in, by its source. */
export const bucketOf = (source: string) =>
  RECOMMENDATION_SOURCES.find((s) => s.value === source)?.bucket ?? 'Recommendations';

/** The task tracking a recommendation: its title, marker (our reference) and description. */
export function recommendationTask(r: TrackedRecommendation) {
  const from = `${recommendationSourceTitle(r.source)}${r.sourceReference ? ` ${r.sourceReference}` : ''}`;
  return {
    title: clipTitle(r.text),
    marker: r.reference,
    description: `${r.text}\n\nFrom: ${from}\nOwning agency: ${r.owningAgency}\nTracked in Pathways as ${r.reference}.`,
  };
}

/** The history line once the task exists. */
export const trackedLine = (owner: { name: string } | undefined, owningAgency: string) =>
  owner
    ? `tracked it in Planner, assigned to ${owner.name}`
    : `tracked it in Planner (no lead for ${owningAgency} is in the tenant to assign it to)`;

/** The Engine Room's task to test a completed recommendation's impact. */
export function impactTask(r: Pick<TrackedRecommendation, 'reference' | 'text'>) {
  return {
    title: clipTitle(`Impact test: ${r.text}`),
    marker: `${r.reference}-IMPACT`,
    description: `The Engine Room tests whether this change made a difference, and records the evidence and an impact rating in Pathways (${r.reference}).\n\n${r.text}`,
  };
}

/** The history line once impact testing is scheduled. */
export const impactScheduledLine = (testers: { name: string }[]) =>
  testers.length > 0
    ? `scheduled impact testing: a task for the Engine Room in Planner, assigned to ${testers
        .map((p) => p.name)
        .join(', ')} (Development Manager)`
    : 'scheduled impact testing: a task for the Engine Room in Planner (no Development Manager is in the tenant to assign it to)';
