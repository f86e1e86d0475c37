import type { Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema';
import type { JobQueue } from '../jobs/job-queue';
import type { Logger } from '../logging';
import type { TeamsGateway, TeamsHandlers } from '../teams/teams-adapter';
import { withSeriousCases } from './serious-case-handlers';
import {
  POST_CONSIDERATION_QUEUE,
  postConsiderationToBusinessUnit,
  seriousCaseStore,
  type ChannelTarget,
} from './serious-case-store';

/** The job queues this module uses, for the service to create at start. */
export const seriousCaseQueues = { [POST_CONSIDERATION_QUEUE]: {} };

/**
 * Everything the serious-case pathways add to the service, so the composition
 * root wires them in a few lines: chat handlers, job workers.
 */
export function seriousCasesModule(deps: {
  db: Kysely<Tables>;
  jobs: JobQueue;
  partnership: Partnership;
  logger: Logger;
  now?: () => Date;
}) {
  const cases = seriousCaseStore(deps.db, deps.jobs);
  return {
    cases,
    handlers: (inner: TeamsHandlers) =>
      withSeriousCases(inner, {
        db: deps.db,
        partnership: deps.partnership,
        cases,
        ...(deps.now ? { now: deps.now } : {}),
      }),
    async startWorkers(teams: TeamsGateway, businessUnit: ChannelTarget) {
      await deps.jobs.work(
        POST_CONSIDERATION_QUEUE,
        postConsiderationToBusinessUnit(deps.db, teams, businessUnit),
      );
    },
  };
}
