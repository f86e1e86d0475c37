// The sandbox's own token-signing key: RS256 like Entra ID, generated on first start.
// The private JWK is handed to the state file so a restart keeps old tokens valid.
import { randomUUID } from 'node:crypto';
import { type CryptoKey, type JWK, exportJWK, generateKeyPair, importJWK } from 'jose';

export interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  /** For persistence only; never served. */
  privateJwk: JWK;
}

export async function createSigningKey(): Promise<SigningKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const privateJwk = { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: 'RS256' };
  return loadSigningKey(privateJwk);
}

export async function loadSigningKey(privateJwk: JWK): Promise<SigningKey> {
  if (!privateJwk.kid) throw new Error('Saved signing key has no kid');
  const privateKey = await importJWK(privateJwk, 'RS256');
  if (privateKey instanceof Uint8Array) throw new Error('Saved signing key is not an RSA key');
  const { kty, n, e, kid } = privateJwk;
  return {
    kid,
    privateKey,
    privateJwk,
    publicJwk: { kty, n, e, kid, alg: 'RS256', use: 'sig' },
  };
}
