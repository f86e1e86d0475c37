import {
  caseClocks,
  caseReminderCard,
  londonDate,
  reminderDue,
  type ClockName,
  type ReminderKind,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { executorFor } from '../platform/db/database';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import { postOrUpdateInChannel } from '../platform/teams/channel-posts';
import { caseColumns, toSeriousCase } from './serious-case-rows';
import type { ChannelTarget } from './serious-case-store';

export const CHECK_DEADLINES_QUEUE = 'serious-case-check-deadlines';
export const POST_REMINDER_QUEUE = 'serious-case-post-reminder';
/** Every hour at 7 minutes past, in England's time: deadlines are whole days. */
export const CHECK_DEADLINES_CRON = '7 * * * *';

/**
 * Looks at every open case's clocks and, for each reminder now due that has
 * not been sent, stores the "sent" marker and enqueues the post in the same
 * transaction. The marker's primary key (case, clock, kind) is what keeps each
 * reminder to once, however often this runs and across restarts.
 */
export async function checkDeadlines(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
  partnershipId: string,
  now: Date,
): Promise<{ caseId: string; clock: ClockName; kind: ReminderKind }[]> {
  const today = londonDate(now);
  const rows = await db
    .selectFrom('serious_cases')
    .select(caseColumns)
    .where('partnership_id', '=', partnershipId)
    .where('status', '!=', 'closed')
    .execute();
  const queued: { caseId: string; clock: ClockName; kind: ReminderKind }[] = [];
  for (const row of rows) {
    const seriousCase = toSeriousCase({ ...row, child_details: {} });
    for (const clock of caseClocks(seriousCase)) {
      const kind = reminderDue(clock, today);
      if (!kind || clock.clock.state !== 'running') continue;
      const due = clock.clock.due;
      const marked = await db.transaction().execute(async (trx) => {
        const inserted = await trx
          .insertInto('serious_case_reminders')
          .values({ case_id: row.id, clock: clock.name, kind, due_date: due })
          .onConflict((oc) => oc.columns(['case_id', 'clock', 'kind']).doNothing())
          .returning('case_id')
          .executeTakeFirst();
        if (inserted)
          await jobs.enqueue(executorFor(trx), POST_REMINDER_QUEUE, {
            caseId: row.id,
            clock: clock.name,
            kind,
          });
        return inserted !== undefined;
      });
      if (marked) queued.push({ caseId: row.id, clock: clock.name, kind });
    }
  }
  return queued;
}

/**
 * Posts one reminder card to the Business Unit channel. A rerun (a crash after
 * the post) updates the stored message instead of posting again.
 */
export function postReminder(db: Kysely<Tables>, teams: TeamsGateway, target: ChannelTarget) {
  return async (job: { caseId: string; clock: ClockName; kind: ReminderKind }) => {
    const marker = await db
      .selectFrom('serious_case_reminders')
      .selectAll()
      .where('case_id', '=', job.caseId)
      .where('clock', '=', job.clock)
      .where('kind', '=', job.kind)
      .executeTakeFirst();
    const row = await db
      .selectFrom('serious_cases')
      .select(caseColumns)
      .where('id', '=', job.caseId)
      .executeTakeFirst();
    if (!marker || !row) return;
    const seriousCase = toSeriousCase({ ...row, child_details: {} });
    const clock = caseClocks(seriousCase).find((c) => c.name === job.clock);
    // Done (or the case closed) since the check: a reminder now would be wrong, so none goes.
    if (!clock || clock.clock.state !== 'running' || seriousCase.status === 'closed') return;
    const message = {
      card: caseReminderCard(seriousCase, clock, job.kind),
      marker: `serious-case:${job.caseId}:reminder:${job.clock}:${job.kind}`,
    };
    await postOrUpdateInChannel(
      teams,
      target,
      { conversationId: marker.channel_conversation_id, activityId: marker.channel_activity_id },
      message,
      (posted) =>
        db
          .updateTable('serious_case_reminders')
          .set({
            channel_conversation_id: posted.conversationId,
            channel_activity_id: posted.activityId,
          })
          .where('case_id', '=', job.caseId)
          .where('clock', '=', job.clock)
          .where('kind', '=', job.kind)
          .where('channel_activity_id', 'is', null)
          .execute(),
    );
  };
}
