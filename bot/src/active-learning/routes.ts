import express from 'express';
import { invitationRoutes } from './invitation-routes';
import { meetingRoutes } from './meeting-routes';
import { nominationRoutes } from './nomination-routes';
import type { ActiveLearningRouteDependencies } from './route-kit';
import { setRoutes } from './set-routes';

export type { ActiveLearningRouteDependencies } from './route-kit';

/**
 * Active Learning's REST API (contract: core/src/active-learning/api.ts), and
 * invitations to attend the Engine Room. Every route is behind `signedIn`.
 * Leads' routes first: `/active-learning/nominations/mine` before `/active-learning/:id`.
 */
export function activeLearningRoutes(deps: ActiveLearningRouteDependencies) {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  for (const add of [nominationRoutes, setRoutes, meetingRoutes, invitationRoutes])
    add(router, deps, now);
  return router;
}
