import {
  kloeChannelCard,
  formatReference,
  type Kloe,
  type KloeStatus,
  type KloeStore,
} from '@pathways/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import { executorFor } from '../db/database';
import { auditLog } from '../db/repositories';
import type { Tables } from '../db/schema';
import type { JobQueue } from '../jobs/job-queue';
import type { TeamsGateway } from '../teams/teams-adapter';

export const POST_KLOE_QUEUE = 'kloe-post-to-business-unit';

type KloeRow = Selectable<Tables['kloes']>;

function toKloe(row: KloeRow): Kloe {
  return {
    id: row.id,
    partnershipId: row.partnership_id,
    reference: row.reference,
    status: row.status as KloeStatus,
    version: row.version,
    values: row.values,
    submittedBy: { aadObjectId: row.submitted_by_id, name: row.submitted_by_name },
    submittedAt: row.submitted_at,
  };
}

/** The year in England, which is what a partnership's references count by. */
function londonYear(at: Date): number {
  return Number(
    new Intl.DateTimeFormat('en-GB', { year: 'numeric', timeZone: 'Europe/London' }).format(at),
  );
}

class AlreadySubmitted extends Error {}

export function kloeStore(db: Kysely<Tables>, jobs: Pick<JobQueue, 'enqueue'>): KloeStore {
  const findByKey = (partnershipId: string, key: string) =>
    db
      .selectFrom('kloes')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('submission_key', '=', key)
      .executeTakeFirst();

  return {
    async submit(command) {
      const existing = await findByKey(command.partnershipId, command.submissionKey);
      if (existing) return { kloe: toKloe(existing), created: false };
      try {
        const row = await db.transaction().execute(async (trx) => {
          const year = londonYear(command.at);
          await trx
            .insertInto('reference_counters')
            .values({ partnership_id: command.partnershipId, prefix: 'KLOE', year, last_value: 0 })
            .onConflict((oc) => oc.columns(['partnership_id', 'prefix', 'year']).doNothing())
            .execute();
          // The row lock serialises numbering; a rollback gives the number back, so no gaps.
          const { last_value } = await trx
            .updateTable('reference_counters')
            .set({ last_value: sql`last_value + 1` })
            .where('partnership_id', '=', command.partnershipId)
            .where('prefix', '=', 'KLOE')
            .where('year', '=', year)
            .returning('last_value')
            .executeTakeFirstOrThrow();
          const inserted = await trx
            .insertInto('kloes')
            .values({
              partnership_id: command.partnershipId,
              reference: formatReference('KLOE', year, last_value),
              submission_key: command.submissionKey,
              status: 'submitted',
              values: JSON.stringify(command.values),
              submitted_by_id: command.submittedBy.aadObjectId,
              submitted_by_name: command.submittedBy.name,
              submitted_at: command.at,
              receipt_reference: JSON.stringify(command.receipt.conversationReference),
              receipt_activity_id: command.receipt.activityId ?? null,
            })
            .onConflict((oc) => oc.columns(['partnership_id', 'submission_key']).doNothing())
            .returningAll()
            .executeTakeFirst();
          // A concurrent redelivery won the race: undo our number and return theirs.
          if (!inserted) throw new AlreadySubmitted();
          await jobs.enqueue(executorFor(trx), POST_KLOE_QUEUE, { kloeId: inserted.id });
          await auditLog(trx).record({
            partnershipId: command.partnershipId,
            actorId: command.submittedBy.aadObjectId,
            action: 'kloe.submitted',
            subjectType: 'kloe',
            subjectId: inserted.id,
          });
          return inserted;
        });
        return { kloe: toKloe(row), created: true };
      } catch (error) {
        if (!(error instanceof AlreadySubmitted)) throw error;
        const winner = await findByKey(command.partnershipId, command.submissionKey);
        if (!winner) throw error;
        return { kloe: toKloe(winner), created: false };
      }
    },
    async get(partnershipId, id) {
      const row = await db
        .selectFrom('kloes')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toKloe(row) : undefined;
    },
  };
}

export interface ChannelTarget {
  serviceUrl: string;
  channelId: string;
}

/**
 * Posts (or re-posts in place) a KLOE's card in the Business Unit channel.
 * Channel posts have no idempotency key, so the activity id is stored and a
 * rerun updates that message instead of posting again.
 */
export function postKloeToBusinessUnit(
  db: Kysely<Tables>,
  teams: TeamsGateway,
  target: ChannelTarget,
) {
  return async ({ kloeId }: { kloeId: string }) => {
    const row = await db
      .selectFrom('kloes')
      .selectAll()
      .where('id', '=', kloeId)
      .executeTakeFirst();
    if (!row) return;
    const message = { card: kloeChannelCard(toKloe(row)) };
    if (row.channel_conversation_id && row.channel_activity_id) {
      await teams.updateMessage(
        target.serviceUrl,
        { conversationId: row.channel_conversation_id, activityId: row.channel_activity_id },
        message,
      );
      return;
    }
    const posted = await teams.postToChannel(target.serviceUrl, target.channelId, message);
    await db
      .updateTable('kloes')
      .set({
        channel_conversation_id: posted.conversationId,
        channel_activity_id: posted.activityId,
      })
      .where('id', '=', kloeId)
      .where('channel_activity_id', 'is', null)
      .execute();
  };
}
