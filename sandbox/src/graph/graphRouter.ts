// Microsoft Graph v1.0 subset under /v1.0. Every request needs a Graph token; then the
// Outlook mailbox guard (access and per-mailbox limits), the fault mode (which may answer
// instead), JSON batching and one router per resource.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { TokenService } from '../auth/tokens';
import type { ConversationStore } from '../state/conversationStore';
import type { GraphStore } from '../state/graphStore';
import type { Directory } from '../tenant/directory';
import type { Groups } from '../tenant/groups';
import type { SandboxTeam } from '../tenant/topology';
import { batchHandler } from './batchRouter';
import { calendarRouter } from './calendarRouter';
import type { FaultInjector } from './faults';
import { requireGraphToken } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { type GraphLimits, retryAfterSeconds } from './graphLimits';
import { groupsRouter } from './groupsRouter';
import { mailRouter } from './mailRouter';
import { appIdOf, mailboxGuard } from './mailbox';
import { type Planner, plannerRouter } from './plannerRouter';
import { teamsRouter } from './teamsRouter';
import { usersRouter } from './usersRouter';

export interface GraphDeps {
  tokens: TokenService;
  directory: Directory;
  groups: Groups;
  store: GraphStore;
  planner: Planner;
  conversations: ConversationStore;
  teams: SandboxTeam[];
  tenantId: string;
  limits: GraphLimits;
  faults: FaultInjector;
  /** Links name the listener a request came in on (http or https). */
  baseUrl: () => string;
  /** The plain http listener, for $batch's inner requests. */
  internalUrl: string;
}

/** Graph's 4 MB request limit. */
const MAX_BODY = '4mb';

export function graphRouter(deps: GraphDeps): Router {
  const router = Router();
  const { directory, baseUrl } = deps;
  router.use('/v1.0', requireGraphToken(deps.tokens));
  router.use('/v1.0', express.json({ limit: MAX_BODY, strict: false }));
  // A message in MIME format: base64 of the MIME, posted as text/plain.
  router.use('/v1.0', express.text({ type: 'text/plain', limit: MAX_BODY }));
  router.use('/v1.0/users/:userId', mailboxGuard(directory, deps.limits));
  // After the guard, so a slow response holds its mailbox's concurrency slot as a slow
  // Exchange would.
  router.use('/v1.0', deps.faults.middleware());
  // Teams activity feed: 5 notifications a second per app per tenant.
  router.use('/v1.0', (req, res, next) => {
    if (req.method !== 'POST' || !/\/sendActivityNotification(ToRecipients)?$/i.test(req.path))
      return next();
    const admission = deps.limits.admitActivity(appIdOf(res));
    if (admission.allowed) return next();
    res.setHeader('Retry-After', String(retryAfterSeconds(admission.retryAfterMs)));
    sendGraphError(
      res,
      429,
      'TooManyRequests',
      'Too many activity notifications: 5 a second per app.',
    );
  });
  router.use('/v1.0', batchHandler(baseUrl, deps.internalUrl));
  router.use('/v1.0', usersRouter(directory, baseUrl));
  router.use('/v1.0', groupsRouter(directory, deps.groups, baseUrl));
  router.use('/v1.0', mailRouter({ store: deps.store, directory, limits: deps.limits, baseUrl }));
  router.use('/v1.0', calendarRouter({ store: deps.store, directory, baseUrl }));
  router.use(
    '/v1.0',
    plannerRouter({ store: deps.store, planner: deps.planner, groups: deps.groups, baseUrl }),
  );
  router.use(
    '/v1.0',
    teamsRouter({
      store: deps.store,
      conversations: deps.conversations,
      directory,
      groups: deps.groups,
      teams: deps.teams,
      tenantId: deps.tenantId,
      baseUrl,
    }),
  );
  router.use('/v1.0', (req, res) => {
    sendGraphError(res, 400, 'BadRequest', `Resource not found for the segment '${req.path}'.`);
  });
  router.use('/v1.0', (err: unknown, _req: Request, res: Response, next: NextFunction) => {
    const type = (err as { type?: string }).type;
    if (type === 'entity.parse.failed') {
      return sendGraphError(
        res,
        400,
        'BadRequest',
        'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
      );
    }
    if (type === 'entity.too.large') {
      return sendGraphError(
        res,
        413,
        'RequestEntityTooLarge',
        'The request body is larger than 4 MB.',
      );
    }
    next(err);
  });

  // Where an online meeting's joinUrl leads: the sandbox holds no meetings.
  router.get('/l/meetup-join/*rest', (_req, res) => {
    res
      .type('html')
      .send(
        '<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><title>Sandbox meeting link</title></head><body><main><h1>Sandbox meeting link</h1><p>This link stands in for a Teams meeting in the local sandbox. There is no meeting to join.</p></main></body></html>',
      );
  });
  return router;
}
