import {
  bankHolidayCoverage,
  londonDate,
  type Partnership,
  type PeopleDirectory,
  ENGLAND_TIME_ZONE,
} from '@pathways/core';
import type { Router } from 'express';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { Logger } from '../platform/logging';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import {
  CHECK_DEADLINES_CRON,
  CHECK_DEADLINES_QUEUE,
  checkDeadlines,
  POST_REMINDER_QUEUE,
  postReminder,
} from './case-reminders';
import { challengeStore } from './challenge-store';
import { seriousCaseCardVerbs } from './serious-case-handlers';
import { seriousCasesApi } from './serious-cases-api';
import { measuresApi } from './measures-api';
import {
  POST_CONSIDERATION_QUEUE,
  postConsiderationToBusinessUnit,
  seriousCaseStore,
  type ChannelTarget,
} from './serious-case-store';

/** The job queues this module uses, for the service to create at start. */
export const seriousCaseQueues = {
  [POST_CONSIDERATION_QUEUE]: {},
  [POST_REMINDER_QUEUE]: {},
  // A failed check needs no retries: the next hourly run does the same work.
  [CHECK_DEADLINES_QUEUE]: { retryLimit: 0 },
};

/** The REST API under /api: cases and their progress, and the dataset measures. */
export function seriousCasesRouters(deps: {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue'>;
  partnership: Partnership;
  verifier: TokenVerifier;
  now?: () => Date;
}): Router[] {
  const cases = seriousCaseStore(deps.db, deps.jobs);
  const challenges = challengeStore(deps.db);
  const now = deps.now ?? (() => new Date());
  return [
    seriousCasesApi({ verifier: deps.verifier, cases, partnershipId: deps.partnership.id, now }),
    measuresApi({ verifier: deps.verifier, partnership: deps.partnership, cases, challenges }),
  ];
}

/**
 * Everything the serious-case pathways add to the service, so the composition
 * root wires them in a few lines: chat handlers, job workers.
 */
export function seriousCasesModule(deps: {
  db: Kysely<Tables>;
  jobs: JobQueue;
  partnership: Partnership;
  logger: Logger;
  directory?: PeopleDirectory;
  now?: () => Date;
  /** The Engine Room tab, where channel cards open the case. */
  tabUrl?: string;
}) {
  const cases = seriousCaseStore(deps.db, deps.jobs);
  const challenges = challengeStore(deps.db);
  const now = deps.now ?? (() => new Date());
  // Clocks stop with a clear error past the calendar's last year: say so a year ahead.
  const coverage = bankHolidayCoverage();
  if (coverage.lastYear <= Number(londonDate(now()).slice(0, 4)))
    deps.logger.warn(
      { lastYear: coverage.lastYear },
      'bank holiday calendar ends this year: run npm run refresh:bank-holidays',
    );
  return {
    cases,
    challenges,
    cardVerbs: seriousCaseCardVerbs({
      db: deps.db,
      partnership: deps.partnership,
      cases,
      challenges,
      ...(deps.directory ? { directory: deps.directory } : {}),
      now,
    }),
    /** The REST API under /api (the tab and reports use it). */
    api: (verifier: TokenVerifier) =>
      seriousCasesRouters({
        db: deps.db,
        jobs: deps.jobs,
        partnership: deps.partnership,
        verifier,
        now,
      }),
    async startWorkers(teams: TeamsGateway, businessUnit: ChannelTarget) {
      await deps.jobs.work(
        POST_CONSIDERATION_QUEUE,
        postConsiderationToBusinessUnit(deps.db, teams, businessUnit, deps.tabUrl),
      );
      await deps.jobs.work(POST_REMINDER_QUEUE, postReminder(deps.db, teams, businessUnit));
      await deps.jobs.work(CHECK_DEADLINES_QUEUE, async () => {
        const queued = await checkDeadlines(deps.db, deps.jobs, deps.partnership.id, now());
        if (queued.length > 0)
          deps.logger.info({ reminders: queued.length }, 'deadline reminders queued');
      });
      await deps.jobs.schedule(CHECK_DEADLINES_QUEUE, CHECK_DEADLINES_CRON, {
        tz: ENGLAND_TIME_ZONE,
      });
    },
  };
}
