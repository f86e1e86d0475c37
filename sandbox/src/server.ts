// Assembles the sandbox: sign-in, Bot Connector, Graph and the web page on one HTTP server.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { entraRouter } from './auth/entraRoutes';
import { createSigningKey, loadSigningKey } from './auth/signingKey';
import { TokenService } from './auth/tokens';
import { BotRateLimits } from './connector/botRateLimits';
import { connectorRouter } from './connector/connectorRoutes';
import { openCors } from './cors';
import { graphRouter } from './graph/graphRouter';
import { ConversationStore } from './state/conversationStore';
import { StateFile } from './state/stateFile';
import { Directory } from './tenant/directory';
import { Groups, roleGroups, teamGroups } from './tenant/groups';
import {
  type Persona,
  SANDBOX_DOMAIN,
  SANDBOX_PERSONAS,
  SANDBOX_TENANT_ID,
} from './tenant/personas';
import { type SandboxTeam, defaultTeams } from './tenant/topology';
import { buildStateView } from './view/stateView';
import { viewRouter } from './view/viewRoutes';

export interface SandboxOptions {
  port: number;
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  tenantId?: string;
  /** When set, state and the signing key live in <dataDir>/sandbox.json across restarts. */
  dataDir?: string;
  /** 'enforce' (default) applies the Teams limits marked (S) in LIMITS.md. */
  limits?: 'enforce' | 'off';
  teams?: SandboxTeam[];
  personas?: Persona[];
}

export interface SandboxServer {
  url: string;
  tenantId: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions): Promise<SandboxServer> {
  const host = options.host ?? '127.0.0.1';
  const tenantId = options.tenantId ?? SANDBOX_TENANT_ID;
  const personas = options.personas ?? SANDBOX_PERSONAS;
  const teams = options.teams ?? defaultTeams();

  const stateFile = options.dataDir ? new StateFile(options.dataDir) : undefined;
  const saved = stateFile?.load();
  const key = saved ? await loadSigningKey(saved.signingKey) : await createSigningKey();
  const store = new ConversationStore(saved);
  for (const team of teams) {
    for (const channel of team.channels) {
      store.ensure({ id: channel.id, kind: 'channel', teamId: team.id, memberIds: [] });
    }
  }
  const save = () =>
    stateFile?.save({ version: 1, tenantId, signingKey: key.privateJwk, ...store.snapshot() });
  store.onChange = save;
  save();

  // Listen first: the issuer and links need the real port when port 0 was asked for.
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const baseUrl = () => url;

  const tokens = new TokenService(key, `${url}/${tenantId}/v2.0`, tenantId);
  const directory = new Directory(personas);
  const groups = new Groups([
    ...roleGroups(directory),
    ...teamGroups(teams, personas, SANDBOX_DOMAIN),
  ]);
  const app = express();
  app.disable('x-powered-by');
  app.use(openCors);
  app.use(entraRouter({ baseUrl, tenantId, key, tokens, personas }));
  app.use(
    connectorRouter({
      tenantId,
      tokens,
      store,
      teams,
      personas,
      limits: new BotRateLimits(options.limits !== 'off'),
    }),
  );
  app.use(graphRouter({ tokens, directory, groups, baseUrl }));
  app.use(
    viewRouter(
      () => buildStateView({ tenantId, url, store, teams, personas, directory }),
      () => store.version,
    ),
  );
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'NotFound', message: 'No such sandbox endpoint.' } });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    res.status(status).json({ error: { code: 'SandboxError', message: String(err) } });
  });
  server.on('request', app);

  return {
    url,
    tenantId,
    close: async () => {
      await new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      });
      // Let clients in this process see their keep-alive sockets close before anything
      // (a restarted sandbox on the same port) could be handed a dead socket.
      await new Promise((resolve) => setTimeout(resolve, 10));
    },
  };
}
