// Assembles the sandbox: sign-in, Bot Connector, Graph and the web page on one HTTP server.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import express, { type NextFunction, type Request, type Response } from 'express';
import { entraRouter } from './auth/entraRoutes';
import { createSigningKey, loadSigningKey } from './auth/signingKey';
import { TokenService } from './auth/tokens';
import { BotRateLimits } from './connector/botRateLimits';
import { connectorRouter } from './connector/connectorRoutes';
import { originsOf, pageCors } from './cors';
import { playgroundMirror, type PlaygroundTarget } from './connector/playgroundMirror';
import { FaultInjector, type SandboxFaults } from './graph/faults';
import { GraphLimits, type LimitBreach } from './graph/graphLimits';
import { BATCH_LISTENER_HEADER } from './graph/batchRouter';
import { graphRouter } from './graph/graphRouter';
import { Planner } from './graph/plannerRouter';
import { ConversationStore } from './state/conversationStore';
import { GraphStore } from './state/graphStore';
import { StateFile } from './state/stateFile';
import { partnershipIds } from '@pathways/core';
import { businessUnitMailboxOf, Directory } from './tenant/directory';
import {
  Groups,
  agencyLeadGroups,
  partnershipMemberGroups,
  roleGroups,
  teamGroups,
} from './tenant/groups';
import {
  type Persona,
  SANDBOX_DOMAIN,
  SANDBOX_PERSONAS,
  SANDBOX_TENANT_ID,
} from './tenant/personas';
import { seedPlanner } from './tenant/plannerSeed';
import { type SandboxTeam, defaultTeams } from './tenant/topology';
import { createSandboxCertificate } from './tls/selfSignedCertificate';
import { buildStateView } from './view/stateView';
import { viewRouter } from './view/viewRoutes';

export interface SandboxOptions {
  port: number;
  /** Default 127.0.0.1: the sandbox is for this machine only. */
  host?: string;
  tenantId?: string;
  /** When set, state and the signing key live in <dataDir>/sandbox.json across restarts. */
  dataDir?: string;
  /** 'enforce' (default) applies the Teams, Exchange and Graph limits marked (S) in LIMITS.md. */
  limits?: 'enforce' | 'off';
  /** Graph fault mode: a share of requests answered 429, 503, slowly, or lost (504). Default none. */
  faults?: SandboxFaults;
  teams?: SandboxTeam[];
  personas?: Persona[];
  /** Synthetic safeguarding leads per agency leads group (default 2; a benchmark seeds more). */
  leadsPerAgency?: number;
  /** About this many synthetic leads in each partnership, shared among its groups (benchmarks). */
  leadsPerPartnership?: number;
  /**
   * Also listen on https (port 0: any free port) with a self-signed certificate made at
   * start. MSAL refuses an http authority and the Graph SDK sends tokens only over https,
   * so the service reaches the sandbox the way it reaches Microsoft 365, trusting this
   * certificate (and only in sandbox mode).
   */
  httpsPort?: number;
  /**
   * Addresses of the pages that call the sandbox from a browser (the service's
   * tab and add-in): only they and the sandbox itself get CORS answers.
   */
  pageUrls?: string[];
  /**
   * Local runs: Microsoft 365 Agents Playgrounds (one per persona) whose
   * channel views show the channels' posts and their updates too.
   */
  playgrounds?: PlaygroundTarget[];
}

export interface SandboxServer {
  url: string;
  tenantId: string;
  /** The same sandbox over https, when `httpsPort` was given. */
  https?: { url: string; certificate: string };
  /** Changes the Graph fault mode while running (undefined turns it off); restarts a seed. */
  setFaults(faults: SandboxFaults | undefined): void;
  /** How many faults of each kind were injected so far. */
  faultsInjected(): Readonly<Record<'429' | '503' | 'slow' | 'lost', number>>;
  /** Requests refused because the caller went over an enforced limit (injected faults excluded). */
  limitBreaches(): readonly LimitBreach[];
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
  const directory = new Directory(personas, {
    leadsPerAgency: options.leadsPerAgency,
    leadsPerPartnership: options.leadsPerPartnership,
  });
  const graphStore = new GraphStore(saved?.graph);
  const planner = new Planner(graphStore, directory);
  seedPlanner(planner);
  const save = () =>
    stateFile?.save({
      version: 1,
      tenantId,
      signingKey: key.privateJwk,
      ...store.snapshot(),
      graph: graphStore.snapshot(),
    });
  store.onChange = save;
  graphStore.onChange = save;
  save();
  const faults = new FaultInjector(options.faults);
  const graphLimits = new GraphLimits(options.limits !== 'off');
  const botLimits = new BotRateLimits(options.limits !== 'off');

  // Listen first: the issuer and links need the real port when port 0 was asked for.
  // Idle connections outlive the clients' own keep-alive (a few seconds), so a busy client
  // never sends on a socket the server is closing at that moment (ECONNRESET).
  const server = createServer({ keepAliveTimeout: 65_000, headersTimeout: 66_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  const url = `http://${hostInUrl}:${port}`;
  // Links (discovery documents, @odata.nextLink) name the listener the request came in on.
  const listenerUrl = new AsyncLocalStorage<string>();
  const baseUrl = () => listenerUrl.getStore() ?? url;

  let httpsUrl: string | undefined;
  let httpsEndpoint: { url: string; certificate: string } | undefined;
  const issuerAt = (base: string) => `${base}/${tenantId}/v2.0`;
  const tokens = new TokenService(
    key,
    () => issuerAt(baseUrl()),
    tenantId,
    () => [url, httpsUrl].filter((u): u is string => u !== undefined).map(issuerAt),
  );
  const groups = new Groups([
    ...roleGroups(directory),
    ...agencyLeadGroups(directory),
    ...partnershipMemberGroups(directory),
    ...teamGroups(teams, personas, SANDBOX_DOMAIN),
  ]);
  const mailboxIds = new Set(partnershipIds().map((id) => businessUnitMailboxOf(id).id));
  // Everyone else in the directory (seeded leads, partnership people), as the bot sees them.
  const otherUsers: Persona[] = directory.users
    .filter((u) => !directory.isPersona(u.id))
    .map((u) => ({
      id: u.id,
      displayName: u.displayName,
      userPrincipalName: u.userPrincipalName,
      mail: u.mail,
      jobTitle: u.jobTitle,
      agency: u.companyName,
      roles: directory.rolesOf(u.id),
    }));
  const app = express();
  app.disable('x-powered-by');
  app.use(
    pageCors(() =>
      [url, httpsUrl, ...(options.pageUrls ?? [])]
        .filter((u): u is string => u !== undefined)
        .flatMap(originsOf),
    ),
  );
  app.use(
    entraRouter({
      baseUrl,
      tenantId,
      key,
      tokens,
      personas,
      // They sign in too; the Business Unit's shared mailbox has no person behind it.
      otherUsers: otherUsers.filter((u) => !mailboxIds.has(u.id)),
    }),
  );
  app.use(
    connectorRouter({
      tenantId,
      tokens,
      store,
      teams,
      personas,
      otherUsers,
      limits: botLimits,
      ...(options.playgrounds && options.playgrounds.length > 0
        ? { mirror: playgroundMirror(options.playgrounds) }
        : {}),
    }),
  );
  app.use(
    graphRouter({
      tokens,
      directory,
      groups,
      store: graphStore,
      planner,
      conversations: store,
      teams,
      tenantId,
      limits: graphLimits,
      faults,
      baseUrl,
      internalUrl: url,
    }),
  );
  app.use(
    viewRouter(
      () => buildStateView({ tenantId, url, store, graph: graphStore, teams, personas, directory }),
      () => store.version + graphStore.version,
    ),
  );
  // Further service instances on this machine use this sandbox rather than start their own:
  // they need its https address and the certificate to trust there (public, made at start).
  app.get('/_sandbox/endpoint', (_req: Request, res: Response) => {
    res.json({ tenantId, https: httpsEndpoint });
  });
  // What the enforced limits refused, for a benchmark that runs the service apart from it:
  // Exchange and Graph (`breaches`), and the Teams bot limits (`teams`).
  app.get('/_sandbox/limit-breaches', (_req: Request, res: Response) => {
    res.json({ breaches: graphLimits.breaches, teams: botLimits.breaches });
  });
  app.use((_req: Request, res: Response) => {
    res.status(404).json({ error: { code: 'NotFound', message: 'No such sandbox endpoint.' } });
  });
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (err as { status?: number }).status ?? 500;
    res.status(status).json({ error: { code: 'SandboxError', message: String(err) } });
  });
  // $batch sends its inner requests to this http listener, naming the listener the batch
  // came in on, so that links in the inner responses name that one.
  server.on('request', (req, res) => {
    const listener = req.headers[BATCH_LISTENER_HEADER];
    if (typeof listener === 'string' && listener !== url && listener === httpsUrl) {
      return listenerUrl.run(listener, () => app(req, res));
    }
    app(req, res);
  });

  let secure: { url: string; certificate: string; close(): Promise<void> } | undefined;
  if (options.httpsPort !== undefined) {
    const tls = createSandboxCertificate([...new Set([host, '127.0.0.1', 'localhost'])]);
    const httpsServer = createHttpsServer({
      key: tls.privateKey,
      cert: tls.certificate,
      keepAliveTimeout: 65_000,
      headersTimeout: 66_000,
    });
    await new Promise<void>((resolve, reject) => {
      httpsServer.once('error', reject);
      httpsServer.listen(options.httpsPort, host, () => resolve());
    });
    const secureUrl = `https://${hostInUrl}:${(httpsServer.address() as AddressInfo).port}`;
    httpsUrl = secureUrl;
    httpsEndpoint = { url: secureUrl, certificate: tls.certificate };
    httpsServer.on('request', (req, res) => listenerUrl.run(secureUrl, () => app(req, res)));
    secure = {
      url: secureUrl,
      certificate: tls.certificate,
      close: () =>
        new Promise<void>((resolve, reject) => {
          httpsServer.close((err) => (err ? reject(err) : resolve()));
          httpsServer.closeAllConnections();
        }),
    };
  }

  return {
    url,
    tenantId,
    ...(secure ? { https: { url: secure.url, certificate: secure.certificate } } : {}),
    setFaults: (next) => faults.set(next),
    faultsInjected: () => ({ ...faults.injected }),
    limitBreaches: () => [...graphLimits.breaches],
    close: async () => {
      await secure?.close();
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
