import { answerInvitation, invitedLine, type Person, type RecordType } from '@pathways/core';
import type { Kysely } from 'kysely';
import { executorFor } from '../platform/db/database';
import type { Tables } from '../platform/db/schema';
import { engineRoomInvitationsOf } from '../records/engine-room-invitations';
import { lockQueueItem } from '../records/queue-items';
import { addHistoryLine } from '../records/record-history';
import { ACTIVE_LEARNING_CARDS_QUEUE, type CardJob } from './nomination-requests';
import type { OrganisationPerson } from '../platform/graph';
import type { StoreContext } from './store-context';

/** Invitations to attend the Engine Room: sent to one person as a card, answered once. */
export function engineRoomInvitations({ db, jobs, partnership, change }: StoreContext) {
  /** The invitation, locked. */
  const theInvitation = (invitationId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('engine_room_invitations')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', invitationId)
      .forUpdate()
      .executeTakeFirst();

  return {
    async invite(
      type: RecordType,
      id: string,
      invitation: {
        agency: string;
        person: OrganisationPerson;
        meetingDate: string;
        note: string | undefined;
      },
      by: Person,
      at: Date,
    ): Promise<'done' | 'not-found'> {
      const record = (trx: Kysely<Tables>) => lockQueueItem(trx, partnership.id, type, id);
      return change(record, 'not-found' as const, async (_, trx, audit) => {
        const row = await trx
          .insertInto('engine_room_invitations')
          .values({
            partnership_id: partnership.id,
            record_type: type,
            record_id: id,
            agency: invitation.agency,
            person_id: invitation.person.id,
            person_name: invitation.person.name,
            meeting_date: invitation.meetingDate,
            note: invitation.note ?? null,
            invited_by_id: by.aadObjectId,
            invited_by_name: by.name,
            invited_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const job: CardJob = { kind: 'invitation', invitationId: row.id };
        await jobs.enqueue(executorFor(trx), ACTIVE_LEARNING_CARDS_QUEUE, job);
        await addHistoryLine(trx, {
          type,
          id,
          by,
          at,
          action: invitedLine(invitation.person.name, invitation.agency, invitation.meetingDate),
        });
        await audit({
          by,
          action: `${type}.engine-room.invitation`,
          subjectType: type,
          subjectId: id,
        });
        return 'done' as const;
      });
    },

    async invitationRow(invitationId: string) {
      if (!/^[0-9a-f-]{36}$/i.test(invitationId)) return undefined;
      return db
        .selectFrom('engine_room_invitations as i')
        .innerJoin('queue_items as q', (j) =>
          j.onRef('q.record_type', '=', 'i.record_type').onRef('q.record_id', '=', 'i.record_id'),
        )
        .selectAll('i')
        .select(['q.reference', 'q.title'])
        .where('i.partnership_id', '=', partnership.id)
        .where('i.id', '=', invitationId)
        .executeTakeFirst();
    },

    async markInvitationSent(
      invitationId: string,
      posted: { conversationId: string; activityId: string },
    ) {
      await db
        .updateTable('engine_room_invitations')
        .set({ card_conversation_id: posted.conversationId, card_activity_id: posted.activityId })
        .where('id', '=', invitationId)
        .where('card_activity_id', 'is', null)
        .execute();
    },

    /** The invited person's answer, once; it joins the record's history. */
    async answer(
      invitationId: string,
      person: Person,
      answer: { response: string; note: string | undefined },
      at: Date,
    ): Promise<'done' | 'not-found' | 'not-theirs' | 'already-answered'> {
      return change(theInvitation(invitationId), 'not-found' as const, async (row, trx, audit) => {
        const answered = answerInvitation(
          { personId: row.person_id, status: row.status, meetingDate: row.meeting_date },
          person.aadObjectId,
          answer,
        );
        if (!answered.ok) return answered.reason;
        await trx
          .updateTable('engine_room_invitations')
          .set({ status: answered.status, answer_note: answer.note ?? null, answered_at: at })
          .where('id', '=', invitationId)
          .execute();
        await addHistoryLine(trx, {
          type: row.record_type,
          id: row.record_id,
          by: person,
          at,
          action: answered.historyLine,
        });
        await audit({
          by: person,
          action: `${row.record_type}.engine-room.invitation-${answered.status}`,
          subjectType: row.record_type,
          subjectId: row.record_id,
        });
        return 'done' as const;
      });
    },

    invitationsOf: (type: RecordType, id: string) =>
      engineRoomInvitationsOf(db, partnership.id, type, id),
  };
}
