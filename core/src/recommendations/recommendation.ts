import type { FormDecl } from '../forms/form';

/**
 * Recommendations: one record type, whatever raised it. The Development
 * Manager monitors each to completion (tracked as a task in the partnership's
 * Planner plan); the Engine Room then tests the impact of the change, and
 * its result closes the loop (DOMAIN.md, pathway 6).
 */

/** Where a recommendation came from. */
export const RECOMMENDATION_SOURCES = [
  { value: 'kloe', title: 'KLOE outcome', bucket: 'Recommendations: KLOEs' },
  {
    value: 'consideration',
    title: 'Consideration request',
    bucket: 'Recommendations: consideration requests',
  },
  {
    value: 'challenge',
    title: 'Professional challenge',
    bucket: 'Recommendations: professional challenges',
  },
  { value: 'briefing', title: 'Briefing', bucket: 'Recommendations: briefings' },
  { value: 'rapid-review', title: 'Rapid Review', bucket: 'Recommendations: Rapid Reviews' },
  { value: 'lcspr', title: 'LCSPR', bucket: 'Recommendations: LCSPRs' },
] as const;

export type RecommendationSource = (typeof RECOMMENDATION_SOURCES)[number]['value'];

export const isRecommendationSource = (value: unknown): value is RecommendationSource =>
  RECOMMENDATION_SOURCES.some((s) => s.value === value);

export const recommendationSourceTitle = (source: string): string =>
  RECOMMENDATION_SOURCES.find((s) => s.value === source)?.title ?? source;

/**
 * The life of a recommendation, stored in `record_recommendations.status`.
 * Reports count on these names:
 * - `open`: recorded, no progress yet (0% in Planner);
 * - `in-progress`: under way (1-99%);
 * - `completed`: the action is done (100%); impact testing is scheduled;
 * - `impact-testing`: the Engine Room's impact-testing task is open;
 * - `closed`: impact tested; the result closed the loop.
 * `completed_at` is set from `completed` onwards (and cleared if Planner reopens it).
 */
export const RECOMMENDATION_STATUSES = [
  'open',
  'in-progress',
  'completed',
  'impact-testing',
  'closed',
] as const;

export type RecommendationStatus = (typeof RECOMMENDATION_STATUSES)[number];

export const recommendationStatusText: Record<RecommendationStatus, string> = {
  open: 'Not started',
  'in-progress': 'In progress',
  completed: 'Completed, impact testing scheduled',
  'impact-testing': 'Impact testing',
  closed: 'Closed: impact tested',
};

export const isRecommendationStatus = (value: unknown): value is RecommendationStatus =>
  (RECOMMENDATION_STATUSES as readonly unknown[]).includes(value);

/** The action itself is done (whatever stage impact testing is at). */
export const isActionCompleted = (status: RecommendationStatus): boolean =>
  status === 'completed' || status === 'impact-testing' || status === 'closed';

/** Status from a task's percent complete, until impact testing takes over. */
export function statusForProgress(
  current: RecommendationStatus,
  percentComplete: number,
): RecommendationStatus {
  if (current === 'impact-testing' || current === 'closed') return current;
  if (percentComplete >= 100) return 'completed';
  return percentComplete > 0 ? 'in-progress' : 'open';
}

export const IMPACT_RATINGS = [
  { value: 'strong', title: 'Strong impact: practice has changed as intended' },
  { value: 'some', title: 'Some impact: partly changed, more to do' },
  { value: 'none', title: 'No impact found' },
] as const;

export type ImpactRating = (typeof IMPACT_RATINGS)[number]['value'];

/** The Engine Room's impact-testing result, declared once (card, tab and validation). */
export const impactResultForm: FormDecl = {
  id: 'recommendation.impact',
  title: 'Record the impact test',
  intro:
    'What the Engine Room found when it tested whether the change made a difference. This closes the recommendation.',
  submitTitle: 'Record impact',
  fields: [
    {
      id: 'evidence',
      label: 'Evidence of impact',
      hint: 'What was looked at (an audit, practitioners\u2019 feedback, data) and what it showed.',
      missingMessage: 'Say what evidence the impact test found',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'rating',
      label: 'Impact rating',
      kind: 'options',
      options: IMPACT_RATINGS,
      required: true,
      sensitivity: 'none',
    },
  ],
};

/** What Pathways and Planner both hold for a recommendation's task. */
export interface TrackedValues {
  percentComplete: number;
  /** YYYY-MM-DD, in England. */
  dueDate: string;
}

export type TrackedField = keyof TrackedValues;

export interface SyncConflict {
  field: TrackedField;
  /** Whose edit was later, and so kept. */
  kept: 'pathways' | 'planner';
  keptValue: string | number;
  /** The other side's value, recorded in the history. */
  otherValue: string | number;
}

/**
 * Two-way sync of one task, decided without I/O. `synced` is what both sides
 * last agreed; `pathways` what Pathways holds now (edited at `pathwaysEditedAt`
 * when it differs from `synced`); `planner` what the task holds now.
 *
 * Planner gives no time for an edit (a task has no lastModifiedDateTime in
 * Graph v1.0) except completion (`completedDateTime`), so another Planner
 * change is dated from `plannerUnchangedAt`, the last time Pathways saw the
 * task without it. When both sides changed the same field, the later edit is
 * kept and the other is reported as a conflict to record.
 */
export function mergeTracked(input: {
  synced: TrackedValues;
  pathways: TrackedValues;
  pathwaysEditedAt: Date | null;
  planner: TrackedValues;
  plannerUnchangedAt: Date | null;
  plannerCompletedAt: Date | null;
}): {
  /** The values both sides should now hold. */
  values: TrackedValues;
  /** Changes to send to Planner. */
  toPlanner: Partial<TrackedValues>;
  /** Planner's changes Pathways takes in. */
  fromPlanner: Partial<TrackedValues>;
  conflicts: SyncConflict[];
} {
  const values = { ...input.pathways };
  const toPlanner: Partial<TrackedValues> = {};
  const fromPlanner: Partial<TrackedValues> = {};
  const conflicts: SyncConflict[] = [];
  for (const field of ['percentComplete', 'dueDate'] as const) {
    const ours = input.pathways[field];
    const theirs = input.planner[field];
    const base = input.synced[field];
    const weChanged = ours !== base;
    const theyChanged = theirs !== base;
    if (ours === theirs) continue;
    if (weChanged && !theyChanged) {
      Object.assign(toPlanner, { [field]: ours });
      continue;
    }
    if (theyChanged && !weChanged) {
      Object.assign(values, { [field]: theirs });
      Object.assign(fromPlanner, { [field]: theirs });
      continue;
    }
    // Both changed it, differently: the later edit wins.
    const plannerAt =
      field === 'percentComplete' && theirs === 100 && input.plannerCompletedAt
        ? input.plannerCompletedAt
        : input.plannerUnchangedAt;
    const pathwaysLater =
      !!input.pathwaysEditedAt &&
      (!plannerAt || input.pathwaysEditedAt.getTime() > plannerAt.getTime());
    if (pathwaysLater) {
      Object.assign(toPlanner, { [field]: ours });
      conflicts.push({ field, kept: 'pathways', keptValue: ours, otherValue: theirs });
    } else {
      Object.assign(values, { [field]: theirs });
      Object.assign(fromPlanner, { [field]: theirs });
      conflicts.push({ field, kept: 'planner', keptValue: theirs, otherValue: ours });
    }
  }
  return { values, toPlanner, fromPlanner, conflicts };
}

/**
 * The REST API for recommendations (types shared with the tab).
 *
 * GET  /api/recommendations?source=&theme=&status= -> RecommendationList
 *        (Development Manager, Engine Room, Business Unit, Executive): overdue first,
 *        then by due date.
 * GET  /api/recommendations.csv?source=&theme=&status= -> the same as CSV
 * PATCH /api/recommendations/:id  body { percentComplete?, dueDate?, expectedVersion }
 *        (Development Manager): changes go out to Planner.
 * POST /api/recommendations/:id/impact  body: impact form values (Engine Room)
 * POST /api/serious-cases/:id/recommendations  body { source: 'rapid-review' | 'lcspr',
 *        text, owningAgency, dueDate } (Business Unit, Engine Room)
 */
export interface RecommendationView {
  id: string;
  reference: string;
  text: string;
  source: RecommendationSource;
  sourceTitle: string;
  /** The record it came from (a KLOE, a case, a briefing), when there is one to link to. */
  sourceRecord: { type: string; id: string; reference: string | null };
  owningAgency: string;
  /** The agency lead the Planner task is assigned to, once known. */
  owner: string | null;
  theme: string | null;
  dueDate: string;
  status: RecommendationStatus;
  statusText: string;
  percentComplete: number;
  overdue: boolean;
  version: number;
  /** When impact testing is due (from completion plus the configured interval). */
  impactTestDue: string | null;
  impact: {
    rating: ImpactRating;
    ratingTitle: string;
    evidence: string;
    recordedAt: string;
  } | null;
  history: { at: string; by: string; action: string }[];
}

export interface RecommendationList {
  items: RecommendationView[];
  sources: { value: RecommendationSource; title: string }[];
  themes: string[];
  statuses: { value: RecommendationStatus; title: string }[];
}

/** A Planner dueDateTime for a date in England (read back with londonDate). */
export const plannerDueDateTime = (date: string): string => `${date}T12:00:00Z`;
