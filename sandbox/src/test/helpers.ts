// Shared test helpers: start a sandbox on a free port and get tokens the way a client would.
import { type SandboxOptions, type SandboxServer, startSandbox } from '../index';

export async function withSandbox(options: Partial<SandboxOptions> = {}): Promise<SandboxServer> {
  return startSandbox({ port: 0, ...options });
}

export async function openIdConfiguration(sandbox: SandboxServer): Promise<{
  issuer: string;
  jwks_uri: string;
  token_endpoint: string;
}> {
  const res = await fetch(
    `${sandbox.url}/${sandbox.tenantId}/v2.0/.well-known/openid-configuration`,
  );
  return (await res.json()) as { issuer: string; jwks_uri: string; token_endpoint: string };
}

export async function requestToken(
  sandbox: SandboxServer,
  form: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const { token_endpoint } = await openIdConfiguration(sandbox);
  const res = await fetch(token_endpoint, { method: 'POST', body: new URLSearchParams(form) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function personaToken(
  sandbox: SandboxServer,
  personaId: string,
  scope = 'api://localhost/pathways-tab/access_as_user',
): Promise<string> {
  const { status, body } = await requestToken(sandbox, {
    grant_type: 'urn:pathways:sandbox:persona',
    persona: personaId,
    client_id: 'pathways-tab',
    scope,
  });
  if (status !== 200) throw new Error(`token request failed: ${JSON.stringify(body)}`);
  return body.access_token as string;
}

export function decodeClaims(jwt: string): Record<string, unknown> {
  const payload = jwt.split('.')[1] ?? '';
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
}
