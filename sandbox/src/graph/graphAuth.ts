// Graph refuses any request without a valid token whose audience is Graph.
import type { NextFunction, Request, Response } from 'express';
import {
  type AccessTokenClaims,
  GRAPH_AUDIENCE,
  type TokenService,
  bearerToken,
} from '../auth/tokens';
import { sendGraphError } from './graphErrors';

export function requireGraphToken(tokens: TokenService) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      return sendGraphError(res, 401, 'InvalidAuthenticationToken', 'Access token is empty.');
    }
    try {
      res.locals.claims = await tokens.verify(token, [
        GRAPH_AUDIENCE,
        '00000003-0000-0000-c000-000000000000',
      ]);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      return sendGraphError(
        res,
        401,
        'InvalidAuthenticationToken',
        `Access token validation failure: ${reason}`,
      );
    }
    next();
  };
}

export function graphClaims(res: Response): AccessTokenClaims {
  return res.locals.claims as AccessTokenClaims;
}

/** Delegated tokens carry scp; app-only tokens do not. */
export function isDelegated(claims: AccessTokenClaims): boolean {
  return typeof claims.scp === 'string' && claims.scp.length > 0;
}
