// Issues and checks access tokens shaped like Entra ID v2 ones, signed by the sandbox key.
import { randomUUID } from 'node:crypto';
import { type JWTPayload, SignJWT, createLocalJWKSet, jwtVerify } from 'jose';
import type { SigningKey } from './signingKey';

export const GRAPH_AUDIENCE = 'https://graph.microsoft.com';
export const BOT_FRAMEWORK_AUDIENCE = 'https://api.botframework.com';
const TOKEN_LIFETIME_SECONDS = 3600;

export interface AccessTokenClaims extends JWTPayload {
  tid: string;
  ver: '2.0';
  azp: string;
  oid?: string;
  preferred_username?: string;
  name?: string;
  scp?: string;
  roles?: string[];
  appid?: string;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  scope: string;
}

export class TokenService {
  /**
   * `issuer`: a string, or a function when the issuer depends on the listener a request
   * came in on (http or https: MSAL checks the discovery document's issuer against the
   * authority's scheme and host). `acceptedIssuers`: every issuer this sandbox signs as.
   */
  constructor(
    private readonly key: SigningKey,
    private readonly currentIssuer: string | (() => string),
    readonly tenantId: string,
    private readonly acceptedIssuers: () => string[] = () => [this.issuer],
  ) {}

  get issuer(): string {
    return typeof this.currentIssuer === 'string' ? this.currentIssuer : this.currentIssuer();
  }

  async issue(
    claims: Omit<AccessTokenClaims, 'tid' | 'ver' | 'iss'>,
    scope: string,
  ): Promise<IssuedToken> {
    const now = Math.floor(Date.now() / 1000);
    const jwt = await new SignJWT({
      ...claims,
      tid: this.tenantId,
      ver: '2.0',
      uti: randomUUID(),
    })
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.key.kid })
      .setIssuer(this.issuer)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + TOKEN_LIFETIME_SECONDS)
      .sign(this.key.privateKey);
    return {
      access_token: jwt,
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS,
      ext_expires_in: TOKEN_LIFETIME_SECONDS,
      scope,
    };
  }

  /** Throws (a jose error) unless the token is ours, unexpired and from this issuer. */
  async verify(token: string, audience?: string | string[]): Promise<AccessTokenClaims> {
    const jwks = createLocalJWKSet({ keys: [this.key.publicJwk] });
    const { payload } = await jwtVerify(token, jwks, {
      issuer: this.acceptedIssuers(),
      ...(audience ? { audience } : {}),
    });
    return payload as AccessTokenClaims;
  }
}

/** Reads `Authorization: Bearer x`; undefined when absent or another scheme. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}
