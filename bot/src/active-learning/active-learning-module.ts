import {
  type Partnership,
  type PeopleDirectory,
  type RecordDetail,
  type RecordType,
} from '@pathways/core';
import type { Router } from 'express';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Tables } from '../platform/db/schema';
import { partnershipOrganisations, type Calendar, type UsersAndGroups } from '../platform/graph';
import { authenticate } from '../platform/http/access';
import type { JobQueue } from '../platform/jobs/job-queue';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import { activeLearningChat, type ActiveLearningDependencies } from './active-learning-handlers';
import { sendActiveLearningCards, type CardTarget } from './active-learning-jobs';
import { ACTIVE_LEARNING_CARDS_QUEUE, activeLearningStore } from './active-learning-store';
import { activeLearningRoutes } from './routes';

/** The job queues this module uses, for the service to create at start. */
export const activeLearningQueues = { [ACTIVE_LEARNING_CARDS_QUEUE]: {} };

export interface ActiveLearningSettings {
  /** Mailbox invitations are sent from and meetings organised in; none: cards only. */
  mailbox: string | undefined;
  chaseHours: number;
  /** The tab's address, for links in email. */
  tabUrl: string;
  /** The Outlook add-in's task pane for one set's request to nominate, for links in email. */
  nominationLink?: (setId: string) => string;
}

/**
 * Everything Active Learning (and the Engine Room's invitations) adds to the
 * service: chat handlers, the REST API, the card-sending worker.
 */
export function activeLearningModule(deps: {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue' | 'work'>;
  partnership: Partnership;
  people: PeopleDirectory;
  users: Pick<UsersAndGroups, 'usersInOrganisation' | 'groupMembers'>;
  calendar: Pick<Calendar, 'getSchedule'>;
  /** The Engine Room's view of a record, which a set is planned from. */
  recordDetail: (type: RecordType, id: string) => Promise<RecordDetail | undefined>;
  settings: ActiveLearningSettings;
  now?: () => Date;
}) {
  const core: ActiveLearningDependencies = {
    partnership: deps.partnership,
    store: activeLearningStore(deps.db, deps.jobs, deps.partnership),
    organisations: partnershipOrganisations(deps.users, deps.people, deps.partnership),
    people: deps.people,
    ...(deps.now ? { now: deps.now } : {}),
  };
  return {
    store: core.store,
    chat: activeLearningChat(core),
    api: (verifier: TokenVerifier): Router =>
      activeLearningRoutes({
        ...core,
        signedIn: authenticate(verifier),
        calendar: deps.calendar,
        mailer: {
          mailbox: deps.settings.mailbox,
          partnership: deps.partnership,
          tabUrl: deps.settings.tabUrl,
          ...(deps.settings.nominationLink ? { nominationLink: deps.settings.nominationLink } : {}),
        },
        chaseHours: deps.settings.chaseHours,
        recordDetail: deps.recordDetail,
      }),
    async startWorkers(teams: TeamsGateway, target: CardTarget) {
      await deps.jobs.work(
        ACTIVE_LEARNING_CARDS_QUEUE,
        sendActiveLearningCards({ ...core, db: deps.db, teams, target }),
      );
    },
  };
}
