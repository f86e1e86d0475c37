import { activityKindTitle, checkAttendance, meetingAttendees, type Person } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { enqueueGraphSideEffect } from '../platform/graph/side-effects';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { StoreContext } from './store-context';

/** A set's meeting: who it is for, asking Graph for it once, and who attended. */
export function meetings({ db, jobs, partnership, change }: StoreContext) {
  /** The set, locked. */
  const theSet = (setId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('active_learning_sets')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', setId)
      .forUpdate()
      .executeTakeFirst();

  return {
    /** Who the meeting is for: every nominee with a mailbox. */
    async nominees(setId: string) {
      return db
        .selectFrom('active_learning_nominations')
        .select(['id', 'person_id', 'person_name', 'person_mail'])
        .where('set_id', '=', setId)
        .orderBy('person_name')
        .execute();
    },

    /** Asks for the Teams meeting once (the calendar side effect has its own transactionId). */
    async requestMeeting(
      setId: string,
      slot: { start: Date; end: Date },
      by: Person & { mail?: string | undefined },
      at: Date,
      mailbox: string,
    ): Promise<'done' | 'not-found' | 'already-arranged' | 'no-nominees'> {
      return change(theSet(setId), 'not-found' as const, async (set, trx, audit) => {
        if (set.status !== 'inviting') return 'already-arranged' as const;
        const people = await trx
          .selectFrom('active_learning_nominations')
          .select(['person_name', 'person_mail'])
          .where('set_id', '=', setId)
          .execute();
        const attendees = meetingAttendees(people, by);
        if (attendees.length === 0) return 'no-nominees' as const;
        const utc = (d: Date) => ({
          dateTime: d.toISOString().replace(/\.\d+Z$/, ''),
          timeZone: 'UTC',
        });
        const { effectId } = await enqueueGraphSideEffect(trx, jobs as JobQueue, {
          partnershipId: partnership.id,
          key: `active-learning:${setId}:meeting`,
          kind: 'calendar.createEvent',
          mailbox,
          event: {
            subject: `Active Learning: ${activityKindTitle(set.kind)} on ${set.theme}`,
            body: {
              contentType: 'text',
              content: `${set.description}\n\nFace to face is preferred; join online with the Teams link if you cannot be there.`,
            },
            start: utc(slot.start),
            end: utc(slot.end),
            attendees,
            isOnlineMeeting: true,
          },
        });
        await trx
          .updateTable('active_learning_sets')
          .set({
            status: 'meeting-requested',
            meeting_start: slot.start,
            meeting_end: slot.end,
            meeting_effect_id: effectId,
          })
          .where('id', '=', setId)
          .execute();
        await audit({
          by,
          action: 'active-learning.meeting-requested',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { attendees: attendees.length },
        });
        return 'done' as const;
      });
    },

    /** Attendance, once, after the meeting: every nominee is recorded as there or not. */
    async recordAttendance(
      setId: string,
      attendedIds: string[],
      by: Person,
      at: Date,
    ): Promise<'done' | 'not-found' | 'no-meeting' | 'already-recorded' | 'unknown-nominee'> {
      return change(theSet(setId), 'not-found' as const, async (set, trx, audit) => {
        const nominations = await trx
          .selectFrom('active_learning_nominations')
          .select('id')
          .where('set_id', '=', setId)
          .execute();
        const allowed = checkAttendance(
          {
            meetingArranged: set.meeting_start !== null,
            attendanceRecorded: set.attendance_recorded_at !== null,
          },
          nominations.map((n) => n.id),
          attendedIds,
        );
        if (!allowed.ok) return allowed.reason;
        for (const n of nominations) {
          await trx
            .insertInto('active_learning_attendance')
            .values({
              nomination_id: n.id,
              set_id: setId,
              attended: attendedIds.includes(n.id),
              recorded_by_id: by.aadObjectId,
              recorded_at: at,
            })
            .execute();
        }
        await trx
          .updateTable('active_learning_sets')
          .set({ status: 'held', attendance_recorded_at: at })
          .where('id', '=', setId)
          .execute();
        await audit({
          by,
          action: 'active-learning.attendance-recorded',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { attended: attendedIds.length, nominated: nominations.length },
        });
        return 'done' as const;
      });
    },
  };
}
