import { createRemoteJWKSet, jwtVerify, errors } from 'jose';

/** A signed-in person, from a verified token. */
export interface Caller {
  id: string;
  displayName: string;
  email: string | undefined;
  tenantId: string;
  roles: string[];
}

export interface TokenVerifier {
  verify(authorization: string | undefined): Promise<Caller>;
}

export class UnauthenticatedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UnauthenticatedError';
  }
}

/**
 * Verifies Entra ID v2 access tokens (the tab's and add-in's SSO tokens). The
 * sandbox tenant publishes its key the same way, so one code path serves both:
 * only the authority URL differs.
 */
export function createTokenVerifier(options: {
  authority: string; // e.g. https://login.microsoftonline.com/<tenant>
  tenantId: string;
  audiences: string[];
}): TokenVerifier {
  const jwks = createRemoteJWKSet(new URL(`${options.authority}/discovery/v2.0/keys`));
  const issuer = `${options.authority}/v2.0`;
  return {
    async verify(authorization) {
      const token = /^Bearer (.+)$/i.exec(authorization ?? '')?.[1];
      if (!token) throw new UnauthenticatedError('Sign in first: the request had no access token.');
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer,
          audience: options.audiences,
          algorithms: ['RS256'],
        });
        if (payload.tid !== options.tenantId) {
          throw new UnauthenticatedError('That sign-in belongs to another organisation.');
        }
        return {
          id: String(payload.oid ?? payload.sub),
          displayName: String(payload.name ?? ''),
          email:
            typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined,
          tenantId: String(payload.tid),
          roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [],
        };
      } catch (error) {
        if (error instanceof UnauthenticatedError) throw error;
        if (error instanceof errors.JWTExpired) {
          throw new UnauthenticatedError('Your sign-in has expired. Please sign in again.');
        }
        throw new UnauthenticatedError('Your sign-in could not be checked. Please sign in again.');
      }
    },
  };
}
