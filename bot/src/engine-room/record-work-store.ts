import {
  describeWork,
  type EngineRoomWork,
  type Partnership,
  type Person,
  type RecordType,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import { lockQueueItem } from '../records/queue-items';
import { addHistoryLine } from '../records/record-history';
import { advanceLifecycle } from '../records/record-lifecycle';
import type { Recommendations } from '../recommendations';

/** The Engine Room's work on a record: evidence, planned activities, recommendations, outcome. */
export function recordWorkStore(
  db: Kysely<Tables>,
  partnership: Partnership,
  /** The one recommendations use case; needed only to record recommendations. */
  recs?: Pick<Recommendations, 'add'>,
) {
  /** Stores the work itself; 'already-recorded' when only one may exist and it does. */
  async function store(
    trx: Kysely<Tables>,
    type: RecordType,
    id: string,
    by: Person,
    at: Date,
    work: EngineRoomWork,
  ): Promise<'stored' | 'already-recorded'> {
    switch (work.kind) {
      case 'evidence':
        await trx
          .insertInto('record_evidence')
          .values({
            record_type: type,
            record_id: id,
            summary: work.summary,
            source: work.source,
            source_date: work.sourceDate,
            added_by_id: by.aadObjectId,
            added_by_name: by.name,
            added_at: at,
          })
          .execute();
        return 'stored';
      case 'activity':
        await trx
          .insertInto('record_activities')
          .values({
            record_type: type,
            record_id: id,
            kind: work.activity,
            description: work.description,
            owner: work.owner,
            start_date: work.startDate,
            end_date: work.endDate,
            added_by_id: by.aadObjectId,
            added_at: at,
          })
          .execute();
        return 'stored';
      case 'recommendation': {
        const source = await trx
          .selectFrom('queue_items')
          .select(['reference', 'theme'])
          .where('record_type', '=', type)
          .where('record_id', '=', id)
          .executeTakeFirstOrThrow();
        // One recommendations model: the same use case a briefing or a review calls.
        if (!recs)
          throw new Error('Recording a recommendation needs the recommendations use case.');
        await recs.add(
          trx,
          {
            source: type,
            record: { type, id, reference: source.reference },
            theme: source.theme,
            text: work.text,
            owningAgency: work.owningAgency,
            dueDate: work.dueDate,
            by,
            at,
          },
          { audit: false },
        );
        return 'stored';
      }
      case 'outcome': {
        const inserted = await trx
          .insertInto('record_outcomes')
          .values({
            record_type: type,
            record_id: id,
            partnership_id: partnership.id,
            learning: work.learning,
            decision: work.decision,
            recorded_by_id: by.aadObjectId,
            recorded_at: at,
          })
          .onConflict((oc) => oc.columns(['record_type', 'record_id']).doNothing())
          .returning('record_id')
          .executeTakeFirst();
        return inserted ? 'stored' : 'already-recorded';
      }
    }
  }

  return {
    /** Adds Engine Room work to a record: one transaction with its history line and audit. */
    async addWork(
      type: RecordType,
      id: string,
      by: Person,
      at: Date,
      work: EngineRoomWork,
    ): Promise<'done' | 'not-found' | 'already-recorded' | { refused: string }> {
      return db.transaction().execute(async (trx) => {
        if (!(await lockQueueItem(trx, partnership.id, type, id))) return 'not-found' as const;
        // Work takes the record up (an outcome ends its exploring), by the lifecycle's rules.
        const move = await advanceLifecycle(trx, {
          partnershipId: partnership.id,
          type,
          id,
          event: { kind: work.kind === 'outcome' ? 'record-outcome' : 'explore' },
          by,
          at,
        });
        if (move.outcome === 'refused') return { refused: move.message };
        // (An outcome already there left the lifecycle where it was: nothing to undo.)
        if ((await store(trx, type, id, by, at, work)) === 'already-recorded')
          return 'already-recorded' as const;
        await addHistoryLine(trx, { type, id, by, at, action: describeWork(work) });
        await auditLog(trx).record({
          partnershipId: partnership.id,
          actorId: by.aadObjectId,
          action: `${type}.engine-room.${work.kind}`,
          subjectType: type,
          subjectId: id,
        });
        return 'done' as const;
      });
    },
  };
}
