import { isUuid, type Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';

export interface Actor {
  id: string;
  displayName: string;
}

export interface BriefingStoreDeps {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue'> & Partial<Pick<JobQueue, 'wake' | 'ensure'>>;
  partnership: Partnership;
  /** Seconds after a send is requested before the cascade starts, during which it can be cancelled. */
  undoSeconds: number;
}

export const toIso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : new Date(d).toISOString();

/** What each part of the briefing store works with: one partnership's briefings. */
export function briefingStoreContext(deps: BriefingStoreDeps) {
  const { db, partnership } = deps;
  const pid = partnership.id;

  /** One of this partnership's briefings; undefined for another's, or an id that is no id. */
  async function briefingRow(id: string) {
    if (!isUuid(id)) return undefined;
    return db
      .selectFrom('briefings')
      .selectAll()
      .where('partnership_id', '=', pid)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  return { ...deps, pid, briefingRow };
}

export type BriefingStoreContext = ReturnType<typeof briefingStoreContext>;
export type BriefingRow = NonNullable<Awaited<ReturnType<BriefingStoreContext['briefingRow']>>>;
