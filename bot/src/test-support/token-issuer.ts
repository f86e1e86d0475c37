import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';

type PrivateKey = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

/**
 * A local stand-in for an Entra ID authority that tests control completely:
 * it publishes one trusted key at `/{tenant}/discovery/v2.0/keys` (over real
 * HTTP, so the verifier takes its production JWKS path) and signs any claims,
 * with the trusted key, a key it never published, or no key at all.
 */
export interface TestIssuer {
  /** Authority host, e.g. http://127.0.0.1:1234 (issuer is `${url}/${tenant}/v2.0`). */
  url: string;
  tenantId: string;
  audience: string;
  issuerFor(tenantId: string): string;
  /** A token the verifier accepts, with the given claims changed. */
  sign(
    claims?: JWTPayload & Record<string, unknown>,
    options?: { key?: 'trusted' | 'rogue'; kid?: string; alg?: 'RS256' | 'none' },
  ): Promise<string>;
  /**
   * How the keys endpoint answers from now on: with the keys (the default), with 500, or with
   * something that is not JSON (a sign-in service that is down or misconfigured).
   */
  answerKeysWith(answer: KeysAnswer): void;
  close(): Promise<void>;
}

export type KeysAnswer = 'keys' | 'server error' | 'not JSON';

export async function startTestIssuer(
  options: { tenantId?: string; audience?: string } = {},
): Promise<TestIssuer> {
  const tenantId = options.tenantId ?? '7e570000-0000-4000-8000-00000000a11d';
  const audience = options.audience ?? '7e570000-0000-4000-8000-0000000c11e7';
  const trusted = await generateKeyPair('RS256', { extractable: true });
  const rogue = await generateKeyPair('RS256');
  const kid = randomUUID();
  const publicJwk = { ...(await exportJWK(trusted.publicKey)), kid, alg: 'RS256', use: 'sig' };

  let keysAnswer: KeysAnswer = 'keys';
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && /^\/[^/]+\/discovery\/v2\.0\/keys$/.test(req.url ?? '')) {
      if (keysAnswer === 'server error') return void res.writeHead(500).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        keysAnswer === 'not JSON'
          ? '<html>Service unavailable</html>'
          : JSON.stringify({ keys: [publicJwk] }),
      );
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const issuerFor = (tid: string) => `${url}/${tid}/v2.0`;

  return {
    url,
    tenantId,
    audience,
    issuerFor,
    async sign(claims = {}, signOptions = {}) {
      const now = Math.floor(Date.now() / 1000);
      const tid = typeof claims.tid === 'string' ? claims.tid : tenantId;
      const payload: JWTPayload = {
        iss: issuerFor(tid),
        aud: audience,
        iat: now,
        nbf: now,
        exp: now + 3600,
        tid,
        ver: '2.0',
        oid: '7e570000-0000-4000-8000-0000000000b0',
        sub: '7e570000-0000-4000-8000-0000000000b0',
        name: 'Test Person',
        preferred_username: 'test.person@example.org',
        scp: 'access_as_user',
        ...claims,
      };
      if (signOptions.alg === 'none') return new UnsecuredJWT(payload).encode();
      const key: PrivateKey = signOptions.key === 'rogue' ? rogue.privateKey : trusted.privateKey;
      return new SignJWT(payload)
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: signOptions.kid ?? kid })
        .sign(key);
    },
    answerKeysWith(answer) {
      keysAnswer = answer;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
