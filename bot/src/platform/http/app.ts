import type { KeyObject } from 'node:crypto';
import { existsSync } from 'node:fs';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Partnership } from '@pathways/core';
import type { Config } from '../config/config';
import type { Database } from '../db/database';
import {
  SignInCheckUnavailableError,
  UnauthenticatedError,
  type TokenVerifier,
} from '../auth/token-verifier';
import type { TeamsGateway } from '../teams/teams-contract';
import type { Logger } from '../logging';
import { privacyNotice, termsOfUse } from './notices';
import { authenticate, callerOf, ForbiddenError, requireRole } from './access';
import { verifyAuditChain } from '../audit/audit-chain';
import { verifyAuditSignatures } from '../audit/audit-signing';
import { apiRateLimit, botRateLimit } from './rate-limits';
import { securityHeaders } from './security-headers';
import { clientProblem, problem, readableJsonBody } from './problems';
import { staticSite } from './static-site';
import type { Memberships } from '../partnerships/memberships';
import { partnershipRouting, partnershipsOfCaller } from '../partnerships/http-routing';

export interface AppDependencies {
  config: Config;
  database: Database;
  teams: TeamsGateway;
  verifier: TokenVerifier;
  /** The default partnership (the first served): the pages before sign-in are its. */
  partnership: Partnership;
  /** Every served partnership, the default first, with its features' APIs (mounted under /api in order). */
  served: readonly { partnership: Partnership; apiRouters: readonly Router[] }[];
  /** Which served partnerships a person belongs to. */
  memberships: Memberships;
  /** Client id the tab and add-in ask tokens for. */
  clientId: string;
  apiScope: string;
  sandboxUrl: string | undefined;
  tenantId: string;
  /** Built tab and add-in. */
  assets: { tab: string; outlook: string };
  logger: Logger;
  /** The public half of the key that signs the audit chain's heads. */
  auditPublicKey: KeyObject;
}

export function createApp(deps: AppDependencies) {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.config.TRUST_PROXY);
  app.use(
    securityHeaders({
      sandboxUrl: deps.sandboxUrl,
      https: deps.config.publicUrl.startsWith('https:'),
    }),
  );
  app.use(express.json({ limit: '256kb' }));
  app.use(readableJsonBody());
  const botLimit = botRateLimit(deps.database.db, deps.config.RATE_LIMIT_BOT_PER_MINUTE);
  const apiLimit = apiRateLimit(deps.database.db, deps.config.RATE_LIMIT_API_PER_MINUTE);
  app.use('/api', (req, res, next) =>
    (req.path === '/messages' ? botLimit : apiLimit)(req, res, next),
  );

  app.get('/healthz', async (_req, res) => {
    try {
      await deps.database.executeSql('SELECT 1');
      res.json({
        status: 'ok',
        store: deps.config.store,
        m365: deps.config.m365,
        ...(deps.sandboxUrl ? { sandboxUrl: deps.sandboxUrl } : {}),
      });
    } catch {
      res
        .status(503)
        .json({ status: 'unavailable', store: deps.config.store, m365: deps.config.m365 });
    }
  });

  app.post('/api/messages', async (req, res, next) => {
    try {
      await deps.teams.handle(req, res);
    } catch (error) {
      next(error);
    }
  });

  app.get('/api/config', (_req, res) => {
    res.json({
      m365: deps.config.m365,
      ...(deps.sandboxUrl ? { sandboxUrl: deps.sandboxUrl } : {}),
      tenantId: deps.tenantId,
      clientId: deps.clientId,
      apiScope: deps.apiScope,
      partnership: { id: deps.partnership.id, name: deps.partnership.name },
      partnerships: deps.served.map(({ partnership: p }) => ({
        id: p.id,
        name: p.name,
        shortName: p.shortName,
      })),
    });
  });

  // Every route below needs a person's token unless the route matrix
  // (test-support/route-matrix.ts) says otherwise; roles via requireRole(...).
  const signedIn = authenticate(deps.verifier);

  app.get('/api/me', signedIn, async (_req, res, next) => {
    try {
      const caller = callerOf(res);
      res.json({
        id: caller.id,
        displayName: caller.displayName,
        email: caller.email,
        roles: caller.roles,
        // The partnerships the person may work in: the tab asks which, when there are several.
        partnerships: await partnershipsOfCaller(
          deps.served.map((s) => s.partnership),
          deps.memberships,
          caller.id,
        ),
      });
    } catch (error) {
      next(error);
    }
  });

  // Every other API request runs in one partnership (partnerships/http-routing.ts).
  app.use(
    '/api',
    partnershipRouting({
      verifier: deps.verifier,
      memberships: deps.memberships,
      served: deps.served.map(({ partnership, apiRouters }) => {
        const router = express.Router();
        // The same checks as `npm run audit:verify`, for the partnership's administrators: the
        // chain's links, and the signed heads (a history rewritten hashes and all fails these).
        router.get(
          '/audit/verification',
          signedIn,
          requireRole('Administrator'),
          async (_req, res) => {
            const partnershipId = partnership.id;
            const { db } = deps.database.forPartnership({ partnershipId });
            const only = { partnershipId };
            const chain = await verifyAuditChain(db, only);
            const signatures = await verifyAuditSignatures(db, deps.auditPublicKey, only);
            res.json({ ok: chain.ok && signatures.ok, chain, signatures });
          },
        );
        for (const api of apiRouters) router.use(api);
        return { partnership, router };
      }),
    }),
  );

  app.use('/api', (_req, res) =>
    problem(res, 404, 'NotFound', 'There is nothing at this address.'),
  );

  for (const [path, dir] of [
    ['/tab', deps.assets.tab],
    ['/outlook', deps.assets.outlook],
  ] as const) {
    if (existsSync(dir)) app.use(path, staticSite(dir));
  }
  // Browsers ask for /favicon.ico whatever the page says.
  app.get('/favicon.ico', (_req, res) => res.redirect(301, '/tab/favicon.svg'));
  app.get('/', (_req, res) => res.redirect('/tab/'));
  app.get('/privacy', (_req, res) => res.type('html').send(privacyNotice(deps.partnership)));
  app.get('/terms', (_req, res) => res.type('html').send(termsOfUse(deps.partnership)));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (error instanceof SignInCheckUnavailableError) {
      // Not the caller's mistake, and not a fault here: the sign-in service's keys could not be read.
      deps.logger.warn(
        { status: 503, method: req.method, route: routeOf(req) },
        'sign-in could not be checked',
      );
      if (!res.headersSent) {
        res.setHeader('Retry-After', '30');
        problem(res, 503, 'SignInCheckUnavailable', error.message);
      }
      return;
    }
    const refused =
      error instanceof UnauthenticatedError
        ? { status: 401, code: 'Unauthenticated', message: error.message }
        : error instanceof ForbiddenError
          ? { status: 403, code: 'Forbidden', message: error.message }
          : clientProblem(error);
    if (refused) {
      // The client's mistake, not ours: one line, no stack, no body.
      deps.logger.warn(
        { status: refused.status, code: refused.code, method: req.method, route: routeOf(req) },
        'request refused',
      );
      if (!res.headersSent) problem(res, refused.status, refused.code, refused.message);
      return;
    }
    deps.logger.error(
      { err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown' },
      'request failed',
    );
    if (!res.headersSent) {
      problem(
        res,
        500,
        'ServerError',
        'Something went wrong on our side. Nothing was saved; please try again.',
      );
    }
  });
  return app;
}

/** The route a request matched (its pattern, not its ids), or its path's first two parts. */
function routeOf(req: Request): string {
  const pattern = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof pattern === 'string') return `${req.baseUrl}${pattern}`;
  return req.path.split('/').slice(0, 3).join('/');
}
