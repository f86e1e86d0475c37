import type { Partnership, Person, RecommendationSource } from '@pathways/core';
import type { Kysely, Selectable } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';

export type RecommendationRow = Selectable<Tables['record_recommendations']>;

/** Who Pathways itself is in a recommendation's history (its own sync with Planner). */
export const PATHWAYS_ACTOR: Person = { aadObjectId: 'pathways', name: 'Pathways' };
/** Changes seen in Planner are recorded as Planner's. */
export const PLANNER_ACTOR: Person = { aadObjectId: 'planner', name: 'Planner' };

export interface NewRecommendation {
  source: RecommendationSource;
  /** The record it came from: a KLOE, a serious case, a briefing... */
  record: { type: string; id: string; reference?: string | null };
  text: string;
  owningAgency: string;
  /** YYYY-MM-DD. */
  dueDate: string;
  theme?: string | null;
  by: Person;
  at: Date;
}

export interface RecommendationsDeps {
  db: Kysely<Tables>;
  partnership: Partnership;
  jobs: Pick<JobQueue, 'enqueue'>;
  /** The Planner plan tasks go in; undefined: tracked in Pathways only. */
  planId: string | undefined;
  /** Days from completion to the Engine Room's impact test. */
  impactTestAfterDays: number;
  now?: () => Date;
}

// Side-effect keys: one Planner call per recommendation, version and completion, however
// often the job runs.
export const createTaskKey = (id: string) => `recommendation:${id}:task`;
export const pushKey = (id: string, version: number) => `recommendation:${id}:push:${version}`;
export const impactKey = (id: string, completedAt: Date) =>
  `recommendation:${id}:impact:${completedAt.toISOString()}`;

/** One line of a recommendation's history, written in the caller's transaction. */
export async function addEvent(
  trx: Kysely<Tables>,
  id: string,
  by: Person,
  at: Date,
  action: string,
  detail?: Record<string, unknown>,
): Promise<void> {
  await trx
    .insertInto('recommendation_events')
    .values({
      recommendation_id: id,
      at,
      actor_id: by.aadObjectId,
      actor_name: by.name,
      action,
      detail: detail ? JSON.stringify(detail) : null,
    })
    .execute();
}

/** One of this partnership's recommendations, locked for a change in `trx`. */
export function lockedRecommendation(trx: Kysely<Tables>, partnershipId: string, id: string) {
  return trx
    .selectFrom('record_recommendations')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}
