import type { ActiveLearningCommands, Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import { activeLearningSets } from './active-learning-sets';
import { engineRoomInvitations } from './engine-room-invitations';
import { meetings } from './meetings';
import { nominations } from './nominations';
import { storeContext } from './store-context';

export type { Mailer, NewSet } from '@pathways/core';
export { ACTIVE_LEARNING_CARDS_QUEUE, type CardJob } from './nomination-requests';

/**
 * Active Learning's storage for one partnership, one part per aggregate: sets, nominations,
 * meetings (and attendance), and invitations to attend the Engine Room. Its rules are core's
 * (active-learning-rules.ts); each part keeps only the SQL.
 */
export function activeLearningStore(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
  partnership: Partnership,
) {
  const ctx = storeContext(db, jobs, partnership);
  return {
    ...activeLearningSets(ctx),
    ...nominations(ctx),
    ...meetings(ctx),
    ...engineRoomInvitations(ctx),
  } satisfies ActiveLearningCommands;
}

export type ActiveLearningStore = ReturnType<typeof activeLearningStore>;
