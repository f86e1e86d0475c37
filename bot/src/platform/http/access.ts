import type { Role } from '@pathways/core';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { UnauthenticatedError, type Caller, type TokenVerifier } from '../auth/token-verifier';

/** Refused: signed in, but no role that this route needs. */
export class ForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * Checks the bearer token; the caller is then in `res.locals.caller`. Refuses with 401. A
 * request whose token was checked already (choosing its partnership) is not checked again.
 */
export function authenticate(verifier: TokenVerifier): RequestHandler {
  return (req, res, next) => {
    if (res.locals.caller) return next();
    verifier.verify(req.headers.authorization).then((caller) => {
      res.locals.caller = caller;
      next();
    }, next);
  };
}

/** The caller `authenticate` put on the response. */
export function callerOf(res: Response): Caller {
  const caller = res.locals.caller as Caller | undefined;
  // Fails closed: a route that forgot authenticate() refuses everyone.
  if (!caller) throw new UnauthenticatedError('Sign in first: the request had no access token.');
  return caller;
}

/** After authenticate: lets through callers holding at least one of the roles; 403 otherwise. */
export function requireRole(...roles: [Role, ...Role[]]): RequestHandler {
  return (_req: Request, res: Response, next: NextFunction) => {
    try {
      const caller = callerOf(res);
      if (!caller.roles.some((r) => roles.includes(r))) {
        throw new ForbiddenError(
          'Your Pathways role does not include this. If you need it, ask your partnership’s Business Unit.',
        );
      }
      next();
    } catch (error) {
      next(error);
    }
  };
}
