import { rolesFromClaims, type Role, type RoleGroup } from '@pathways/core';
import { createRemoteJWKSet, decodeJwt, jwtVerify, errors } from 'jose';

/** A signed-in person, from a verified token. */
export interface Caller {
  id: string;
  displayName: string;
  email: string | undefined;
  tenantId: string;
  /** From the token's app roles and configured groups (ROLE_GROUPS). */
  roles: Role[];
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
 * The token could not be checked because the keys it is signed with could not be read (the
 * sign-in service did not answer, or answered with something other than its keys): nothing is
 * wrong with the person's sign-in, so they are told to try again, not to sign in again.
 */
export class SignInCheckUnavailableError extends Error {
  constructor() {
    super(
      'Pathways could not check your sign-in just now, as Microsoft’s sign-in service did not answer. Nothing was saved: please try again in a minute.',
    );
    this.name = 'SignInCheckUnavailableError';
  }
}

/** The delegated permission the tab and add-in ask for (`api://.../access_as_user`). */
export const API_SCOPE = 'access_as_user';

export interface TokenVerifierOptions {
  /** Entra v2 authority host and path prefix, e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /**
   * Tenants whose people may call the API: their token's `tid` and issuer must
   * match one. The first is the home tenant (the partnership's own); the others
   * are partner agencies' tenants (ALLOWED_TENANT_IDS).
   */
  allowedTenants: string[];
  audiences: string[];
  /** Where the keys are published; default: the first allowed tenant's JWKS. */
  jwksUrl?: string;
  /** Entra groups that confer roles (ROLE_GROUPS). */
  roleGroups?: readonly RoleGroup[];
}

/**
 * The most a partner tenant's own `roles` claim can grant: its administrators
 * assign app roles in their copy of the app, which the partnership does not
 * control. Elevated roles come from the home tenant, or from ROLE_GROUPS (the
 * partnership's own mapping of named groups, partner groups included).
 */
export const PARTNER_CLAIMABLE_ROLES: readonly Role[] = ['Practitioner', 'AgencyLead'];

/**
 * Verifies Entra ID v2 access tokens (the tab's and add-in's SSO tokens) with
 * jose: RS256 only (so `alg: none` and HMAC tricks fail), signature against the
 * published JWKS (an unknown `kid` refetches once, then fails), issuer and
 * audience exact, `exp`/`nbf` with a minute's clock skew, tenant allow-list.
 * The sandbox tenant publishes its key the same way, so one code path serves
 * both: only the authority differs.
 */
export function createTokenVerifier(options: TokenVerifierOptions): TokenVerifier {
  const authority = options.authorityHost.replace(/\/$/, '');
  const allowed = new Set(options.allowedTenants.map((t) => t.toLowerCase()));
  const homeTenant = options.allowedTenants[0]?.toLowerCase();
  if (allowed.size === 0) throw new Error('A token verifier needs at least one allowed tenant');
  const issuerOf = (tenantId: string) => `${authority}/${tenantId}/v2.0`;
  const jwks = createRemoteJWKSet(
    new URL(options.jwksUrl ?? `${authority}/${options.allowedTenants[0]}/discovery/v2.0/keys`),
  );
  return {
    async verify(authorization) {
      const token = /^Bearer (\S+)$/i.exec(authorization ?? '')?.[1];
      if (!token) throw new UnauthenticatedError('Sign in first: the request had no access token.');
      // The tenant decides which issuer to expect; the signature check below
      // then proves the claim, so reading it unverified here is safe.
      let claimedTenant: string;
      try {
        claimedTenant = String(decodeJwt(token).tid ?? '').toLowerCase();
      } catch {
        throw new UnauthenticatedError('Your sign-in could not be checked. Please sign in again.');
      }
      if (!allowed.has(claimedTenant)) {
        throw new UnauthenticatedError(
          'That sign-in belongs to an organisation this service does not serve.',
        );
      }
      try {
        const { payload } = await jwtVerify(token, jwks, {
          issuer: issuerOf(claimedTenant),
          audience: options.audiences,
          algorithms: ['RS256'],
          clockTolerance: 60,
          requiredClaims: ['exp', 'tid', 'oid'],
        });
        // App-only tokens have no delegated scope: the API serves people, not daemons.
        const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
        if (!scopes.includes(API_SCOPE)) {
          throw new UnauthenticatedError(
            'Your sign-in does not let this app act for you. Please sign in again.',
          );
        }
        return {
          id: String(payload.oid),
          displayName: String(payload.name ?? ''),
          email:
            typeof payload.preferred_username === 'string' ? payload.preferred_username : undefined,
          tenantId: String(payload.tid),
          roles: rolesFromClaims(
            {
              roles:
                claimedTenant === homeTenant || !Array.isArray(payload.roles)
                  ? payload.roles
                  : payload.roles.filter((r) => PARTNER_CLAIMABLE_ROLES.includes(r as Role)),
              groups: payload.groups,
            },
            options.roleGroups,
          ),
        };
      } catch (error) {
        if (error instanceof UnauthenticatedError) throw error;
        if (keysUnreadable(error)) throw new SignInCheckUnavailableError();
        if (error instanceof errors.JWTExpired) {
          throw new UnauthenticatedError('Your sign-in has expired. Please sign in again.');
        }
        throw new UnauthenticatedError('Your sign-in could not be checked. Please sign in again.');
      }
    },
  };
}

/**
 * Whether jose failed to read the published keys rather than finding the token wanting: a
 * timeout, a key set that is not one, an answer other than 200 OK or not JSON (jose's generic
 * error), or no answer at all (fetch's own error, not jose's).
 */
function keysUnreadable(error: unknown): boolean {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) return true;
  if (error instanceof errors.JOSEError) return error.code === errors.JOSEError.code;
  return true;
}
