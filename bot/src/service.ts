import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { loadPartnership } from '@pathways/core';
import { createTokenVerifier } from './platform/auth/token-verifier';
import type { Config } from './platform/config/config';
import { openDatabase, type Database, type PartnershipContext } from './platform/db/database';
import { migrateDatabase } from './platform/db/migrate';
import {
  createGraphGateway,
  GRAPH_SIDE_EFFECTS_QUEUE,
  graphSettings,
  graphSideEffectHandler,
  type GraphGateway,
} from './platform/graph';
import { createApp } from './platform/http/app';
import { startJobQueue, type JobQueue } from './platform/jobs/job-queue';
import { createLogger, type Logger } from './platform/logging';
import { createTeamsGateway } from './platform/teams/teams-adapter';
import {
  placesOf,
  type PartnershipPlaces,
  type SandboxPlaces,
} from './platform/partnerships/places';
import { partnershipJobs } from './platform/partnerships/partnership-jobs';
import { partnershipMemberships } from './platform/partnerships/memberships';
import { conversationChoices } from './platform/partnerships/conversation-choices';
import { partnershipChatRouter } from './platform/partnerships/teams-router';
import { stampingTeamsGateway } from './platform/partnerships/card-stamp';
import { briefingsFor } from './briefings';
import { FEATURES } from './features';
import type { Feature, Platform } from './platform/feature';
import type { TeamsHandlers } from './platform/teams/teams-contract';
import { chatHandlers } from './platform/teams/chat-registry';
import { plannerSyncFor, type PlannerSync } from './recommendations';
import { adoptingTeamsGateway } from './platform/teams/channel-posts';
import { pacedTeamsGateway } from './platform/teams/teams-pacing';
import { sharedPacing } from './platform/db/shared-pacing';
import {
  AUDIT_SIGN_CRON,
  AUDIT_SIGN_QUEUE,
  configuredAuditSigner,
  signAuditHeads,
} from './platform/audit/audit-signing';

/** A sandbox tenant another instance started: where its https side is and what to trust. */
async function runningSandbox(
  url: string,
): Promise<{ url: string; tenantId: string; https: { url: string; certificate: string } }> {
  const base = url.replace(/\/$/, '');
  let answer: Response;
  try {
    answer = await fetch(`${base}/_sandbox/endpoint`);
  } catch {
    throw new Error(
      `SANDBOX_URL: no sandbox tenant answers at ${base}; start the first instance (which starts it) before the others.`,
    );
  }
  const endpoint = (await answer.json().catch(() => ({}))) as {
    tenantId?: string;
    https?: { url: string; certificate: string };
  };
  if (!answer.ok || !endpoint.tenantId || !endpoint.https)
    throw new Error(`SANDBOX_URL: ${base} is not a sandbox tenant with an https listener.`);
  return { url: base, tenantId: endpoint.tenantId, https: endpoint.https };
}

/** The sandbox tenant's client id for the tab and add-in (not a secret; local only). */
export const SANDBOX_CLIENT_ID = '5a4db0c1-0000-4000-8000-000000000001';

/** What the service runs for one served partnership (tests and benchmarks reach it here). */
export interface ServedPartnership {
  /** The database acting for the partnership. */
  database: Database;
  /** The job queue acting for the partnership. */
  jobs: JobQueue;
  briefings: ReturnType<typeof briefingsFor>;
  planner: PlannerSync | undefined;
  places: PartnershipPlaces;
}

export interface RunningService {
  url: string;
  sandboxUrl: string | undefined;
  /** The database acting for the default partnership (`forPartnership` for another). */
  database: Database;
  /** The job queue acting for the default partnership. */
  jobs: JobQueue;
  graph: GraphGateway;
  briefings: ReturnType<typeof briefingsFor>;
  /** Every served partnership by id, the default first (PARTNERSHIPS). */
  partnerships: ReadonlyMap<string, ServedPartnership>;
  /** The sandbox tenant's controls, when it runs (tests and benchmarks). */
  sandbox: SandboxControls | undefined;
  /** The Adaptive Card verbs the bot acts on (the card-action matrix checks each). */
  cardVerbs: readonly string[];
  /** The default partnership's Planner sync (undefined when no plan is configured): tests run a poll with it. */
  planner: PlannerSync | undefined;
  close(): Promise<void>;
}

export interface SandboxControls {
  limitBreaches(): readonly { limit: string; appId: string; scope: string; at: string }[];
  setFaults(faults: Parameters<import('@pathways/sandbox').SandboxServer['setFaults']>[0]): void;
  faultsInjected(): Readonly<Record<'429' | '503' | 'slow' | 'lost', number>>;
}

interface SandboxHandle {
  url: string;
  /** Only where this process started the sandbox itself. */
  controls?: SandboxControls;
  tenantId: string;
  https: { url: string; certificate: string };
  roleGroups: Record<string, string>;
  /** Each partnership's team, channels, mailbox, plan and members group in the sandbox tenant. */
  places: SandboxPlaces;
  close(): Promise<void>;
}

/**
 * The composition root: config in, a running stateless service out. The
 * sandbox tenant is started (in this process) only when no tenant is configured.
 */
export async function startService(
  config: Config,
  options: {
    rootDir: string;
    logger?: Logger;
    inMemoryDatabase?: boolean;
    /** PGlite in memory, or in a new data folder, starts from this archive (made by dumpDataDir). */
    pgliteArchive?: Blob;
    jobPollingIntervalSeconds?: number;
    /** False for an instance that serves HTTP only and leaves jobs to others. */
    workers?: boolean;
    /** Synthetic leads per agency in the sandbox tenant (benchmarks seed many). */
    sandboxLeadsPerAgency?: number;
  },
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const partnerships = config.partnerships.map(loadPartnership);
  const partnership = partnerships[0]!;
  const dataDir = resolve(options.rootDir, config.DATA_DIR);

  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir,
    inMemory: options.inMemoryDatabase ?? false,
    ...(options.pgliteArchive ? { loadDataDir: options.pgliteArchive } : {}),
    onIdleConnectionError: (error) =>
      logger.warn(
        { err: { name: error.name, message: error.message } },
        'database connection ended',
      ),
  });
  const applied = await migrateDatabase(
    database,
    config.DATABASE_MIGRATION_URL,
    config.DATABASE_URL,
  );
  if (applied.length > 0) logger.info({ applied }, 'database migrated');
  // Every request, turn and job acts for one served partnership, and row-level security
  // (migration 0023) holds each query to it.
  const contexts: PartnershipContext[] = partnerships.map((p) => ({ partnershipId: p.id }));
  const dataOf = new Map(contexts.map((c) => [c.partnershipId, database.forPartnership(c)]));
  const auditSigner = configuredAuditSigner(config, dataDir, options.inMemoryDatabase ?? false);
  const signHeadsOf = async (data: Database) => {
    try {
      await signAuditHeads(data.db, auditSigner);
    } catch (error) {
      logger.warn(
        { err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown' },
        'audit head not signed',
      );
    }
  };
  const signHeads = async () => {
    for (const data of dataOf.values()) await signHeadsOf(data);
  };
  await signHeads();

  let sandbox: SandboxHandle | undefined;
  const sandboxPageUrls = [config.publicUrl, 'http://localhost:5173', 'http://localhost:5174'];
  if (config.m365 === 'sandbox') {
    // Loaded lazily: production (a real tenant) never loads the sandbox at all.
    const {
      startSandbox,
      parseSandboxFaults,
      SANDBOX_ROLE_GROUPS,
      sandboxPlacesOf,
      parsePlaygroundTargets,
    } = await import('@pathways/sandbox');
    const shared = { roleGroups: SANDBOX_ROLE_GROUPS, places: sandboxPlacesOf };
    if (config.SANDBOX_URL) {
      // Another instance's sandbox (several instances on one machine): one tenant for all.
      sandbox = { ...shared, ...(await runningSandbox(config.SANDBOX_URL)), close: async () => {} };
    } else {
      const started = await startSandbox({
        port: config.SANDBOX_PORT,
        host: config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST,
        dataDir: options.inMemoryDatabase ? undefined : dataDir,
        limits: config.SANDBOX_LIMITS,
        // Graph and sign-in over https, as with Microsoft 365 (any free port).
        httpsPort: 0,
        faults: parseSandboxFaults(config.SANDBOX_FAULTS),
        leadsPerAgency: options.sandboxLeadsPerAgency ?? config.SANDBOX_LEADS_PER_AGENCY,
        leadsPerPartnership: config.SANDBOX_LEADS_PER_PARTNERSHIP,
        // The tab and add-in (served here) sign in there; so do their dev servers. The
        // address this service actually listens on is added once it does (any free port).
        pageUrls: sandboxPageUrls,
        playgrounds: parsePlaygroundTargets(config.SANDBOX_PLAYGROUNDS),
      });
      if (!started.https) throw new Error('The sandbox tenant did not start its https listener.');
      sandbox = {
        ...shared,
        url: started.url,
        tenantId: started.tenantId,
        https: started.https,
        close: () => started.close(),
        controls: {
          limitBreaches: () => started.limitBreaches(),
          setFaults: (faults) => started.setFaults(faults),
          faultsInjected: () => started.faultsInjected(),
        },
      };
    }
  }
  const tenantId = sandbox?.tenantId ?? config.TEAMS_APP_TENANT_ID ?? '';
  const clientId = sandbox ? SANDBOX_CLIENT_ID : (config.AAD_APP_CLIENT_ID ?? '');
  const apiHost = new URL(config.publicUrl).host;
  const appIdUri = `api://${apiHost}/${clientId}`;
  const verifier = createTokenVerifier({
    authorityHost: sandbox ? sandbox.url : 'https://login.microsoftonline.com',
    allowedTenants: [tenantId, ...config.ALLOWED_TENANT_IDS],
    audiences: [clientId, appIdUri],
    roleGroups: config.ROLE_GROUPS,
  });

  // Microsoft 365's limits are per mailbox, conversation and app: every instance paces
  // through the one database, so together they keep to them. Its short locked transactions
  // use the partnerships' connections (its tables are global), not the platform's few:
  // pg-boss's heartbeats there must never wait behind a burst of sends, or a live job
  // starved of its heartbeat is run again on another instance.
  const pacing = sharedPacing(dataOf.get(partnerships[0]!.id)!.db);
  const graph = createGraphGateway(
    graphSettings(
      config,
      sandbox && {
        tenantId: sandbox.tenantId,
        https: sandbox.https,
        clientId: SANDBOX_CLIENT_ID,
        roleGroups: sandbox.roleGroups,
      },
    ),
    { sharedPacing: pacing },
  );

  const queue = await startJobQueue(
    database,
    {
      // Mail waits on Exchange's 30 a minute per mailbox: up to minutes. Several side by side:
      // each outbox row is claimed for a lease first, so no two perform one effect at once.
      [GRAPH_SIDE_EFFECTS_QUEUE]: { concurrency: 4, expireInSeconds: 900 },
      // A missed signing is made up by the next, a minute later.
      [AUDIT_SIGN_QUEUE]: { retryLimit: 0 },
      ...Object.assign({}, ...FEATURES.map((f) => f.queues)),
    },
    {
      pollingIntervalSeconds: options.jobPollingIntervalSeconds ?? 1,
      migrationUrl: config.DATABASE_MIGRATION_URL,
      onError: (error) =>
        logger.error({ err: { name: error.name, message: error.message } }, 'job queue error'),
    },
  );

  // One worker a queue, running each job for the partnership its payload names.
  const routedJobs = partnershipJobs(queue, config.partnerships);
  const places = placesOf(config, partnerships, sandbox?.places);
  const serviceUrl = sandbox ? `${sandbox.url}/` : config.TEAMS_SERVICE_URL;
  // One Platform and one set of features per served partnership, each acting only for it.
  const served = partnerships.map((p) => {
    const context = { partnershipId: p.id };
    const data = dataOf.get(p.id)!;
    const place = places.get(p.id)!;
    const jobs = routedJobs.actingFor(context);
    const platform: Platform = {
      config,
      db: data.db,
      jobs,
      partnership: p,
      logger,
      graph,
      verifier,
      rootDir: options.rootDir,
      businessUnit: { serviceUrl, channelId: place.businessUnitChannelId, tenantId },
      businessUnitMailbox: place.businessUnitMailbox,
      planId: place.plannerPlanId,
    };
    const features = FEATURES.map((definition) => definition.create(platform));
    return {
      partnership: p,
      data,
      place,
      jobs,
      platform,
      features,
      handlers: composeHandlers(features),
    };
  });
  const memberships = partnershipMemberships(
    served.map((s) => ({ partnership: s.partnership, memberGroups: s.place.memberGroups })),
    graph.users,
  );
  const handlers = partnershipChatRouter({
    served: served.map((s) => ({
      partnership: s.partnership,
      places: s.place,
      handlers: s.handlers,
    })),
    memberships,
    // Global: which partnership each person chose for a chat.
    choices: conversationChoices(database.db),
  });
  const teams = createTeamsGateway(
    {
      botId: config.BOT_ID,
      botPassword: config.BOT_PASSWORD,
      botType: config.BOT_TYPE,
      tenantId: config.TEAMS_APP_TENANT_ID,
    },
    handlers,
    (error) =>
      logger.error(
        { err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown' },
        'bot turn failed',
      ),
  );

  // Jobs post through this: paced at Teams' limits, and a post a crash interrupted is
  // found in the channel by its marker and adopted rather than made again. Serving several
  // partnerships, each card a partnership posts names it (a press acts in it).
  const paced = pacedTeamsGateway(teams, { shared: pacing });
  const running = served.map((s) => {
    if (!s.place.businessUnitTeamId)
      logger.warn(
        { partnership: s.partnership.id },
        'no Business Unit team id (BUSINESS_UNIT_TEAM_ID): a channel post interrupted by a crash may be posted twice',
      );
    const posting = adoptingTeamsGateway(
      served.length > 1 ? stampingTeamsGateway(paced, s.partnership.id) : paced,
      s.data.db,
      {
        teamOf: (channelId) =>
          channelId === s.place.businessUnitChannelId ? s.place.businessUnitTeamId : undefined,
        messages: graph.channelMessages,
      },
    );
    return { ...s, posting, planner: plannerSyncFor(s.platform) };
  });
  if (options.workers ?? true) {
    for (const s of running) {
      await s.jobs.work(
        GRAPH_SIDE_EFFECTS_QUEUE,
        graphSideEffectHandler(s.data.db, graph, s.jobs, s.planner?.effects),
      );
      for (const feature of s.features) await feature.startWorkers?.(s.posting);
      await s.jobs.work(AUDIT_SIGN_QUEUE, () => signHeadsOf(s.data));
      await s.jobs.schedule(AUDIT_SIGN_QUEUE, AUDIT_SIGN_CRON);
    }
    await routedJobs.startWorkers();
  }
  const first = running[0]!;

  const app = createApp({
    config,
    // Its own use (rate limit counters, health) is the platform's, in no partnership.
    database,
    teams,
    verifier,
    partnership,
    clientId,
    apiScope: `${appIdUri}/access_as_user`,
    sandboxUrl: sandbox?.url,
    tenantId,
    auditPublicKey: auditSigner.publicKey,
    served: served.map((s) => ({
      partnership: s.partnership,
      apiRouters: s.features.flatMap((f) => f.api ?? []),
    })),
    memberships,
    assets: {
      tab: resolve(options.rootDir, 'tab/dist'),
      outlook: resolve(options.rootDir, 'outlook-addin/dist'),
    },
    logger,
  });

  const server = await new Promise<Server>((resolveServer, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolveServer(s));
    // Longer than any proxy's or client's idle keep-alive, so none sends on a socket we are
    // closing at that moment (an ECONNRESET to a request that never arrived).
    s.keepAliveTimeout = 65_000;
    s.headersTimeout = 66_000;
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;
  sandboxPageUrls.push(url);
  logger.info(
    { url, store: config.store, m365: config.m365, sandboxUrl: sandbox?.url },
    'Pathways is running',
  );

  return {
    url,
    sandboxUrl: sandbox?.url,
    database: first.data,
    jobs: first.jobs,
    graph,
    briefings: briefingsFor(first.platform),
    partnerships: new Map(
      running.map((s) => [
        s.partnership.id,
        {
          database: s.data,
          jobs: s.jobs,
          briefings: briefingsFor(s.platform),
          planner: s.planner,
          places: s.place,
        },
      ]),
    ),
    sandbox: sandbox?.controls,
    cardVerbs: handlers.cardVerbs,
    planner: first.planner,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      // Graph first: a job waiting out a Retry-After or pacing gives up now (and is retried
      // by a running instance) instead of outliving the queue's graceful stop.
      graph.close();
      await queue.stop();
      // The last events written here are signed before it goes.
      await signHeads();
      await sandbox?.close();
      await database.close();
    },
  };
}
/** The bot's chat handlers: the one feature that holds the conversation, and every feature's card verbs. */
function composeHandlers(features: readonly Feature[]): TeamsHandlers {
  const conversations = features.flatMap((f) => (f.conversation ? [f.conversation] : []));
  if (conversations.length !== 1)
    throw new Error(`Exactly one feature holds the conversation; ${conversations.length} do.`);
  return chatHandlers(conversations[0]!, features);
}
