import type { Partnership } from '@pathways/core';
import { Router, type RequestHandler, type Response } from 'express';
import type { TokenVerifier } from '../auth/token-verifier';
import { problem } from '../http/problems';
import type { Memberships } from './memberships';

/** The header a request names its partnership in (the tab's picker sets it). */
export const PARTNERSHIP_HEADER = 'X-Pathways-Partnership';

/** The partnership the request runs in, once partnershipRouting has chosen it. */
export function requestPartnership(res: Response): Partnership {
  const partnership = res.locals.partnership as Partnership | undefined;
  if (!partnership) throw new Error('The request reached a partnership route without one.');
  return partnership;
}

const summary = (p: Partnership) => ({ id: p.id, name: p.name, shortName: p.shortName });

/**
 * Runs each API request through its partnership's routers. The partnership is the one the
 * X-Pathways-Partnership header names, which must be one of the caller's (403 otherwise);
 * without the header, the caller's only partnership, or 409 `ChoosePartnership` listing
 * theirs. A request without a token goes to the default partnership, whose routes refuse it
 * (or answer it, if public). Serving one partnership, every request is its (no lookup).
 */
export function partnershipRouting(deps: {
  served: readonly { partnership: Partnership; router: Router }[];
  verifier: TokenVerifier;
  memberships: Memberships;
}): Router {
  const byId = new Map(deps.served.map((s) => [s.partnership.id, s]));
  const first = deps.served[0]!;
  const choose: RequestHandler = (req, res, next) => {
    const run = (s: (typeof deps.served)[number]) => {
      res.locals.partnership = s.partnership;
      next();
    };
    const asked = req.get(PARTNERSHIP_HEADER)?.trim();
    const askedFor = asked ? byId.get(asked) : undefined;
    if (asked && !askedFor)
      return problem(
        res,
        403,
        'Forbidden',
        `Pathways here does not serve a partnership "${asked}". It serves ${deps.served.map((s) => s.partnership.name).join(', ')}.`,
      );
    if (deps.served.length === 1 || !req.headers.authorization) return run(askedFor ?? first);
    deps.verifier
      .verify(req.headers.authorization)
      .then(async (caller) => {
        res.locals.caller = caller;
        const mine = (await deps.memberships.partnershipsOf(caller.id)).flatMap(
          (id) => byId.get(id) ?? [],
        );
        if (askedFor) {
          if (!mine.includes(askedFor))
            return problem(
              res,
              403,
              'Forbidden',
              `You are not in ${askedFor.partnership.name}, so Pathways cannot show or change anything of it for you. If you should be, ask its Business Unit.`,
            );
          return run(askedFor);
        }
        if (mine.length === 1) return run(mine[0]!);
        if (mine.length === 0)
          return problem(
            res,
            403,
            'Forbidden',
            'You are not in any of the partnerships Pathways serves. If you should be, ask your partnership’s Business Unit.',
          );
        return problem(
          res,
          409,
          'ChoosePartnership',
          `You belong to more than one partnership: choose one (send its id in the ${PARTNERSHIP_HEADER} header).`,
          { partnerships: mine.map((s) => summary(s.partnership)) },
        );
      })
      .catch(next);
  };
  const routing = Router();
  routing.use(choose);
  // Each partnership's routers behind a gate that lets through only its requests.
  for (const s of deps.served) {
    const gate = Router();
    gate.use((_req, res, next) =>
      next(res.locals.partnership === s.partnership ? undefined : 'router'),
    );
    gate.use(s.router);
    routing.use(gate);
  }
  return routing;
}

/** The caller's partnerships, for /api/me (as id, name and short name). */
export async function partnershipsOfCaller(
  served: readonly Partnership[],
  memberships: Memberships,
  callerId: string,
): Promise<{ id: string; name: string; shortName: string }[]> {
  const mine = new Set(await memberships.partnershipsOf(callerId));
  return served.filter((p) => mine.has(p.id)).map(summary);
}
