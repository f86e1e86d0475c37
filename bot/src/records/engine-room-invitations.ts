import type { EngineRoomInvitation, RecordType } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

const STATUS_TEXT: Record<string, string> = {
  invited: 'Invited: no answer yet',
  accepted: 'Will attend',
  declined: 'Cannot attend',
};

/** A record's invitations to attend the Engine Room, oldest first, with their answers. */
export async function engineRoomInvitationsOf(
  db: Kysely<Tables>,
  partnershipId: string,
  type: RecordType,
  id: string,
): Promise<EngineRoomInvitation[]> {
  const rows = await db
    .selectFrom('engine_room_invitations')
    .selectAll()
    .where('partnership_id', '=', partnershipId)
    .where('record_type', '=', type)
    .where('record_id', '=', id)
    .orderBy('invited_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    agency: r.agency,
    personName: r.person_name,
    meetingDate: r.meeting_date,
    note: r.note,
    status: r.status as EngineRoomInvitation['status'],
    statusText: STATUS_TEXT[r.status] ?? r.status,
    answerNote: r.answer_note,
    invitedBy: r.invited_by_name,
    invitedAt: r.invited_at.toISOString(),
    answeredAt: r.answered_at?.toISOString() ?? null,
  }));
}
