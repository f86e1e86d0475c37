import { recommendationsOf, type BriefingContent, type Partnership } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import { enqueueGraphSideEffect, GRAPH_SIDE_EFFECTS_QUEUE } from '../platform/graph/side-effects';

export const CHECK_BRIEFING_REMINDERS_QUEUE = 'briefing-check-reminders';
/** Every hour at 23 minutes past: reminders are counted in days. */
export const CHECK_BRIEFING_REMINDERS_CRON = '23 * * * *';

export type ReminderStep = 'acknowledge' | 'cascade' | 'report';

const STEP_TEXT: Record<ReminderStep, string> = {
  acknowledge: 'acknowledge it',
  cascade: 'record how your agency cascaded it',
  report: 'report the change and its impact against each recommendation',
};

export const reminderKey = (briefingId: string, userId: string, n: number) =>
  `briefing:${briefingId}:reminder:${userId}:${n}`;

/**
 * Reminds each lead whose part is not done (their own acknowledgement, then their agency's
 * cascade, then its impact report on every recommendation) by Teams activity notification:
 * the first once `intervalMs` has passed since sending, then at most one per interval.
 * The reminder's number is part of its key and of the marker's primary key, so however
 * often this runs (restarts, several instances at once) each reminder is decided once.
 */
export async function checkBriefingReminders(deps: {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>;
  partnership: Partnership;
  now: Date;
  intervalMs: number;
  /** Where the notification leads (a Teams deep link in a tenant). */
  link: (briefingId: string) => string;
}): Promise<{ briefingId: string; userId: string; step: ReminderStep }[]> {
  const { db, partnership, now, intervalMs } = deps;
  const dueBefore = new Date(now.getTime() - intervalMs);
  const briefings = await db
    .selectFrom('briefings')
    .select(['id', 'title', 'note'])
    .where('partnership_id', '=', partnership.id)
    .where('prepared_at', 'is not', null)
    .where('prepared_at', '<=', dueBefore)
    // Its leads were removed under the retention rules: there is no one left to remind.
    .where('people_removed_at', 'is', null)
    .execute();
  const decided: { briefingId: string; userId: string; step: ReminderStep }[] = [];
  for (const b of briefings) {
    // A newsletter has none: once it is acknowledged and cascaded, nothing is left to remind of.
    const recommendations = recommendationsOf(b.note as BriefingContent).length;
    const [recipients, acks, cascaded, reported, reminders] = await Promise.all([
      db
        .selectFrom('briefing_recipients')
        .select(['user_id', 'agency'])
        .where('briefing_id', '=', b.id)
        .execute(),
      db
        .selectFrom('briefing_acknowledgements')
        .select('user_id')
        .where('briefing_id', '=', b.id)
        .execute(),
      db
        .selectFrom('briefing_cascades')
        .select('agency')
        .distinct()
        .where('briefing_id', '=', b.id)
        .execute(),
      db
        .selectFrom('briefing_impact_reports')
        .select(['agency', sql<number>`count(distinct recommendation)::int`.as('n')])
        .where('briefing_id', '=', b.id)
        .groupBy('agency')
        .execute(),
      db
        .selectFrom('briefing_reminders')
        .select(['user_id', sql<number>`max(number)::int`.as('n'), sql<Date>`max(at)`.as('last')])
        .where('briefing_id', '=', b.id)
        .groupBy('user_id')
        .execute(),
    ]);
    const acknowledged = new Set(acks.map((a) => a.user_id));
    const cascadedAgencies = new Set(cascaded.map((c) => c.agency));
    const reportedOn = new Map(reported.map((r) => [r.agency, r.n]));
    const lastReminder = new Map(reminders.map((r) => [r.user_id, r]));
    for (const r of recipients) {
      const step: ReminderStep | undefined = !acknowledged.has(r.user_id)
        ? 'acknowledge'
        : !cascadedAgencies.has(r.agency)
          ? 'cascade'
          : (reportedOn.get(r.agency) ?? 0) < recommendations
            ? 'report'
            : undefined;
      if (!step) continue;
      const last = lastReminder.get(r.user_id);
      if (last && new Date(last.last).getTime() > dueBefore.getTime()) continue;
      const n = (last?.n ?? 0) + 1;
      const inserted = await db.transaction().execute(async (trx) => {
        const { effectId, enqueued } = await enqueueGraphSideEffect(trx, deps.jobs, {
          partnershipId: partnership.id,
          key: reminderKey(b.id, r.user_id, n),
          kind: 'activity.notifyUser',
          userId: r.user_id,
          notification: {
            activityType: 'briefingReminder',
            // The briefing's title only: it never identifies anyone (checked when written).
            previewText: `Reminder: please ${STEP_TEXT[step]}.`,
            topic: { source: 'text', value: b.title, webUrl: deps.link(b.id) },
            templateParameters: [{ name: 'briefingTitle', value: b.title }],
          },
        });
        if (!enqueued) return false;
        await trx
          .insertInto('briefing_reminders')
          .values({
            briefing_id: b.id,
            user_id: r.user_id,
            number: n,
            step,
            effect_id: effectId,
            at: now,
          })
          .execute();
        return true;
      });
      if (inserted) decided.push({ briefingId: b.id, userId: r.user_id, step });
    }
  }
  if (decided.length > 0) deps.jobs.wake(GRAPH_SIDE_EFFECTS_QUEUE);
  return decided;
}
