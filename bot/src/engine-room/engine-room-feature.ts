import { resolve } from 'node:path';
import type { FeatureDefinition, Platform } from '../platform/feature';
import { recommendationsFor } from '../recommendations';
import { engineRoomStore } from './engine-room-store';
import { engineRoomApi } from './routes';

/** The Engine Room's view of every record (the queue, a record's detail and its work). */
export const engineRoomRecords = (p: Platform) =>
  engineRoomStore(p.db, p.partnership, recommendationsFor(p));

/** The Engine Room: the queue, records, evidence, activities, outcomes and the quarterly report. */
export const engineRoomFeature: FeatureDefinition = {
  name: 'engine-room',
  queues: {},
  create: (p) => ({
    api: [
      engineRoomApi({
        db: p.db,
        partnership: p.partnership,
        recommendations: recommendationsFor(p),
        verifier: p.verifier,
        partnershipAssets: resolve(p.rootDir, 'core/src/partnerships/assets'),
      }),
    ],
  }),
};
