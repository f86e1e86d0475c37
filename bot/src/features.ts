import { activeLearningFeature } from './active-learning';
import { briefingsFeature } from './briefings';
import { engineRoomFeature } from './engine-room';
import { kloeFeature } from './kloe';
import type { FeatureDefinition } from './platform/feature';
import { recommendationsFeature } from './recommendations';
import { reportsFeature } from './reports';
import { retentionFeature } from './retention';
import { seriousCasesFeature } from './serious-cases';

/**
 * Every feature of the service, wired one way (platform/feature.ts). Chat handlers wrap in
 * this order, so the KLOE feature (help, welcome, KLOEs) comes first; APIs mount in it too.
 */
export const FEATURES: readonly FeatureDefinition[] = [
  kloeFeature,
  seriousCasesFeature,
  activeLearningFeature,
  engineRoomFeature,
  recommendationsFeature,
  reportsFeature,
  briefingsFeature,
  retentionFeature,
];
