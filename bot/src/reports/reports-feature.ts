import type { FeatureDefinition } from '../platform/feature';
import { reportsRouters } from './reports-api';

/** The quarterly report's figures, the newsletter and the circulation plan. */
export const reportsFeature: FeatureDefinition = {
  name: 'reports',
  queues: {},
  create: (p) => ({
    api: reportsRouters({ db: p.db, partnership: p.partnership, verifier: p.verifier }),
  }),
};
