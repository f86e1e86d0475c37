import { loadCirculationPlan, type Partnership, ENGLAND_TIME_ZONE } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Tables } from '../platform/db/schema';
import type { UsersAndGroups } from '../platform/graph/users';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { Logger } from '../platform/logging';
import { reportsStore } from '../reports';
import type { Recommendations } from '../recommendations';
import { briefingRoutes } from './briefing-routes';
import { briefingStore, PREPARE_CASCADE_QUEUE } from './briefing-store';
import { prepareCascade, resolveCirculation } from './cascade';
import {
  CHECK_BRIEFING_REMINDERS_CRON,
  CHECK_BRIEFING_REMINDERS_QUEUE,
  checkBriefingReminders,
} from './reminders';

/** The job queues this module uses, for the service to create at start. */
export const briefingQueues = {
  // Reads every circulation list from Graph (1,600 leads: a minute or two when throttled).
  [PREPARE_CASCADE_QUEUE]: { expireInSeconds: 900 },
  // A failed check needs no retries: the next hourly run does the same work.
  [CHECK_BRIEFING_REMINDERS_QUEUE]: { retryLimit: 0 },
};

export interface BriefingsModuleDeps {
  db: Kysely<Tables>;
  jobs: JobQueue;
  partnership: Partnership;
  logger: Logger;
  /** The Business Unit's mailbox briefings are sent from (unset: sending is refused). */
  mailbox: string | undefined;
  logo: () => Promise<Buffer | undefined>;
  reminderIntervalDays: number;
  /** Seconds after sending during which it can be cancelled before anything leaves. */
  undoSeconds: number;
  /** The directory the circulation lists are read from (the audience shown before sending). */
  users: Pick<UsersAndGroups, 'groupMembers'>;
  /** Where a sent briefing's recommendations are tracked (the Recommendations view, Planner). */
  recommendations?: Pick<Recommendations, 'add'>;
  /** Where a reminder notification leads. */
  link: (briefingId: string) => string;
  now?: () => Date;
}

/** Briefing notes: the REST API, the cascade job and the hourly reminder check. */
export function briefingsModule(deps: BriefingsModuleDeps) {
  const now = deps.now ?? (() => new Date());
  const store = briefingStore({
    db: deps.db,
    jobs: deps.jobs,
    partnership: deps.partnership,
    undoSeconds: deps.undoSeconds,
  });
  const intervalMs = deps.reminderIntervalDays * 86_400_000;
  return {
    store,
    api: (verifier: TokenVerifier) =>
      briefingRoutes({
        verifier,
        store,
        partnership: deps.partnership,
        now,
        undoSeconds: deps.undoSeconds,
        audience: async () => {
          const recipients = await resolveCirculation(deps.partnership, deps.users);
          return {
            leads: recipients.length,
            agencies: new Set(recipients.map((r) => r.agency)).size,
          };
        },
        logo: deps.logo,
        canSend: deps.mailbox !== undefined,
        newsletters: reportsStore(
          deps.db,
          deps.partnership,
          loadCirculationPlan(deps.partnership.id),
        ),
      }),
    checkReminders: (at: Date = now()) =>
      checkBriefingReminders({
        db: deps.db,
        jobs: deps.jobs,
        partnership: deps.partnership,
        now: at,
        intervalMs,
        link: deps.link,
      }),
    async startWorkers(users: Pick<UsersAndGroups, 'groupMembers'>) {
      const mailbox = deps.mailbox;
      if (mailbox)
        await deps.jobs.work(
          PREPARE_CASCADE_QUEUE,
          prepareCascade({
            db: deps.db,
            jobs: deps.jobs,
            partnership: deps.partnership,
            users,
            mailbox,
            logo: deps.logo,
            logger: deps.logger,
            ...(deps.recommendations ? { recommendations: deps.recommendations } : {}),
          }),
        );
      await deps.jobs.work(CHECK_BRIEFING_REMINDERS_QUEUE, async () => {
        const decided = await checkBriefingReminders({
          db: deps.db,
          jobs: deps.jobs,
          partnership: deps.partnership,
          now: now(),
          intervalMs,
          link: deps.link,
        });
        if (decided.length > 0)
          deps.logger.info({ reminders: decided.length }, 'briefing reminders queued');
      });
      await deps.jobs.schedule(CHECK_BRIEFING_REMINDERS_QUEUE, CHECK_BRIEFING_REMINDERS_CRON, {
        tz: ENGLAND_TIME_ZONE,
      });
    },
  };
}
