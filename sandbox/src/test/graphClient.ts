// A Graph JS client pointed at a sandbox, set up as the service does for the sandbox.
import { Client, HTTPMessageHandler, RetryHandler } from '@microsoft/microsoft-graph-client';
import { type SandboxServer, SandboxGraphMiddleware } from '../index';
import { personaToken, requestToken } from './helpers';

export const GRAPH_USER_SCOPE = 'https://graph.microsoft.com/User.Read';

export function sandboxGraphClient(
  sandbox: SandboxServer,
  token: string,
  options: { retry?: boolean } = {},
): Client {
  return Client.initWithMiddleware({
    baseUrl: `${sandbox.url}/`,
    middleware: [
      new SandboxGraphMiddleware(async () => token),
      ...(options.retry === false ? [] : [new RetryHandler()]),
      new HTTPMessageHandler(),
    ],
  });
}

export async function appToken(sandbox: SandboxServer, clientId = 'pathways-bot'): Promise<string> {
  const { body } = await requestToken(sandbox, {
    grant_type: 'client_credentials',
    client_id: clientId,
    client_secret: 'local',
    scope: 'https://graph.microsoft.com/.default',
  });
  return body.access_token as string;
}

export async function userGraphToken(sandbox: SandboxServer, personaId: string): Promise<string> {
  return personaToken(sandbox, personaId, GRAPH_USER_SCOPE);
}
