import type { Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import type { Recommendations } from '../recommendations';
import { queueStore } from './queue-store';
import { recordDetailStore } from './record-detail-store';
import { recordWorkStore } from './record-work-store';

export { BadCursorError } from './queue-cursor';
export type { QueueQuery } from './queue-store';

/** What the Engine Room reads and writes: its queue, a record's detail, and its work on one. */
export function engineRoomStore(
  db: Kysely<Tables>,
  partnership: Partnership,
  /** The one recommendations use case; needed only to record recommendations. */
  recs?: Pick<Recommendations, 'add'>,
) {
  return {
    ...queueStore(db, partnership),
    ...recordDetailStore(db, partnership),
    ...recordWorkStore(db, partnership, recs),
  };
}

export type EngineRoomStore = ReturnType<typeof engineRoomStore>;
