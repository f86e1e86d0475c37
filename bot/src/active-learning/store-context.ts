import type { Partnership, Person } from '@pathways/core';
import type { Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';

/** What a change tells the audit log (the partnership is the store's). */
export interface AuditLine {
  by: Person;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, string | number>;
}

/**
 * One use-case's change, all or nothing. `lock` reads the row the change is about (locking
 * it, so two people pressing at once change it once); with no row the answer is `missing`.
 * `write` applies the rule to the row's state and writes; `audit` adds its audit line to the
 * same transaction.
 */
export type Change = <Row, Missing, Result>(
  lock: (trx: Kysely<Tables>) => Promise<Row | undefined>,
  missing: Missing,
  write: (
    row: Row,
    trx: Kysely<Tables>,
    audit: (line: AuditLine) => Promise<void>,
  ) => Promise<Result>,
) => Promise<Missing | Result>;

/** What each part of the Active Learning store works with: one partnership's data. */
export interface StoreContext {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue'>;
  partnership: Partnership;
  change: Change;
}

export function storeContext(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
  partnership: Partnership,
): StoreContext {
  const change: Change = (lock, missing, write) =>
    db.transaction().execute(async (trx) => {
      const row = await lock(trx);
      if (!row) return missing;
      return write(row, trx, ({ by, ...line }) =>
        auditLog(trx).record({ partnershipId: partnership.id, actorId: by.aadObjectId, ...line }),
      );
    });
  return { db, jobs, partnership, change };
}
