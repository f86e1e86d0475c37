// Microsoft Graph v1.0 subset under /v1.0. Each resource (users now; mail, calendar,
// planner, channel messages later) is its own router, mounted here behind Graph auth.
import { Router } from 'express';
import type { TokenService } from '../auth/tokens';
import type { Directory } from '../tenant/directory';
import type { Groups } from '../tenant/groups';
import { requireGraphToken } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { groupsRouter } from './groupsRouter';
import { usersRouter } from './usersRouter';

export interface GraphDeps {
  tokens: TokenService;
  directory: Directory;
  groups: Groups;
  baseUrl: () => string;
}

export function graphRouter(deps: GraphDeps): Router {
  const router = Router();
  router.use('/v1.0', requireGraphToken(deps.tokens));
  router.use('/v1.0', usersRouter(deps.directory, deps.baseUrl));
  router.use('/v1.0', groupsRouter(deps.directory, deps.groups, deps.baseUrl));
  router.use('/v1.0', (req, res) => {
    sendGraphError(res, 400, 'BadRequest', `Resource not found for the segment '${req.path}'.`);
  });
  return router;
}
