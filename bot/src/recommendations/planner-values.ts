import { plannerDueDateTime, type PeopleDirectory, type TrackedValues } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { OrganisationDirectory } from '../platform/graph';
import type { Tables } from '../platform/db/schema';
import type { Planner, TaskChanges } from '../platform/graph/planner';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { RecommendationRow, Recommendations } from './recommendations';

export interface PlannerSyncDeps {
  db: Kysely<Tables>;
  planner: Planner;
  directory: PeopleDirectory;
  /** The partnership's agencies' leads: who a recommendation's task is assigned to. */
  organisations: Pick<OrganisationDirectory, 'leadsOf'>;
  jobs: Pick<JobQueue, 'enqueue'>;
  recommendations: Recommendations;
  partnershipId: string;
  planId: string;
  /** Where a task's link back to Pathways points (the tab's recommendation view). */
  publicUrl: string;
  now?: () => Date;
}

/** The tracked values as Pathways holds them. */
export const trackedOfRow = (row: RecommendationRow): TrackedValues => ({
  percentComplete: row.percent_complete,
  dueDate: row.due_date,
});

/** The values last agreed with Planner (none yet: Pathways' own). */
export const syncedOf = (row: RecommendationRow): TrackedValues =>
  (row.planner_synced as TrackedValues | null) ?? trackedOfRow(row);

/** Tracked values as Graph's task fields. */
export const toGraph = (changes: Partial<TrackedValues>): TaskChanges => ({
  ...(changes.percentComplete !== undefined ? { percentComplete: changes.percentComplete } : {}),
  ...(changes.dueDate !== undefined ? { dueDateTime: plannerDueDateTime(changes.dueDate) } : {}),
});

/** One recommendation of the partnership. */
export const loadRecommendation = (deps: PlannerSyncDeps, id: string) =>
  deps.db
    .selectFrom('record_recommendations')
    .selectAll()
    .where('id', '=', id)
    .where('partnership_id', '=', deps.partnershipId)
    .executeTakeFirst();
