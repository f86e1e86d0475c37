// The recommendations feature's contract: what the service and other features may use.
export { plannerSync, POLL_PLANNER_QUEUE, type PlannerSync } from './planner-sync';
export { recommendations, type Recommendations } from './recommendations';
export { recommendationRoutes, validateCaseRecommendation } from './routes';
export {
  plannerSyncFor,
  recommendationsFeature,
  recommendationsFor,
} from './recommendations-feature';
