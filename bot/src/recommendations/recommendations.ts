import { recommendationChanges } from './recommendation-changes';
import type { RecommendationsDeps } from './recommendation-records';
import { recommendationRecording } from './recommendation-recording';
import { recommendationTracking } from './recommendation-tracking';
import { recommendationViews } from './recommendation-views';

export {
  addEvent,
  createTaskKey,
  PATHWAYS_ACTOR,
  PLANNER_ACTOR,
  type NewRecommendation,
  type RecommendationRow,
  type RecommendationsDeps,
} from './recommendation-records';

/**
 * Recommendations, whatever raised them: the use cases other modules call
 * (`add`, inside their own transaction), the Development Manager's list and
 * changes, and the Engine Room's impact result. One part per responsibility; the
 * rules are core's (recommendation.ts, recommendation-tracking.ts), the parts keep the SQL.
 */
export function recommendations(deps: RecommendationsDeps) {
  const now = deps.now ?? (() => new Date());
  const views = recommendationViews(deps, now);
  const tracking = recommendationTracking(deps, now);
  return {
    ...recommendationRecording(deps),
    // Planner's sync applies the values it takes in as the Development Manager's are.
    applyValues: tracking.applyValues,
    ...views,
    ...recommendationChanges(deps, now, tracking, views),
  };
}

export type Recommendations = ReturnType<typeof recommendations>;
