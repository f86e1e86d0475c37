import type { Server } from 'node:http';
import { resolve } from 'node:path';
import { loadPartnership } from '@pathways/core';
import { createTokenVerifier } from './auth/token-verifier';
import type { Config } from './config/config';
import { openDatabase, type Database } from './db/database';
import { migrateDatabase } from './db/migrate';
import {
  createGraphGateway,
  GRAPH_SIDE_EFFECTS_QUEUE,
  graphSettings,
  graphSideEffectHandler,
  type GraphGateway,
} from './graph';
import { createApp } from './http/app';
import { startJobQueue, type JobQueue } from './jobs/job-queue';
import { createLogger, type Logger } from './logging';
import { conversationHandlers } from './teams/conversation-handlers';
import { createTeamsGateway } from './teams/teams-adapter';
import { ASK_SUBMITTER_QUEUE, kloeStore, POST_KLOE_QUEUE } from './kloe/kloe-store';
import { askSubmitter, syncKloeCards } from './kloe/kloe-jobs';
import { seriousCaseQueues, seriousCasesModule } from './serious-cases/serious-cases-module';

/** The sandbox tenant's client id for the tab and add-in (not a secret; local only). */
export const SANDBOX_CLIENT_ID = '5a4db0c1-0000-4000-8000-000000000001';

export interface RunningService {
  url: string;
  sandboxUrl: string | undefined;
  database: Database;
  jobs: JobQueue;
  graph: GraphGateway;
  close(): Promise<void>;
}

interface SandboxHandle {
  url: string;
  tenantId: string;
  businessUnitChannelId: string;
  https: { url: string; certificate: string };
  roleGroups: Record<string, string>;
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
    jobPollingIntervalSeconds?: number;
    /** False for an instance that serves HTTP only and leaves jobs to others. */
    workers?: boolean;
  },
): Promise<RunningService> {
  const logger = options.logger ?? createLogger(config.LOG_LEVEL);
  const partnership = loadPartnership(config.PARTNERSHIP);
  const dataDir = resolve(options.rootDir, config.DATA_DIR);

  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir,
    inMemory: options.inMemoryDatabase ?? false,
    onIdleConnectionError: (error) =>
      logger.warn(
        { err: { name: error.name, message: error.message } },
        'database connection ended',
      ),
  });
  const applied = await migrateDatabase(database, config.DATABASE_MIGRATION_URL);
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  let sandbox: SandboxHandle | undefined;
  if (config.m365 === 'sandbox') {
    // Loaded lazily: production (a real tenant) never loads the sandbox at all.
    const { startSandbox, parseSandboxFaults, SANDBOX_CHANNELS, SANDBOX_ROLE_GROUPS } =
      await import('@pathways/sandbox');
    const started = await startSandbox({
      port: config.SANDBOX_PORT,
      host: config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST,
      dataDir: options.inMemoryDatabase ? undefined : dataDir,
      limits: config.SANDBOX_LIMITS,
      // Graph and sign-in over https, as with Microsoft 365 (any free port).
      httpsPort: 0,
      faults: parseSandboxFaults(config.SANDBOX_FAULTS),
    });
    if (!started.https) throw new Error('The sandbox tenant did not start its https listener.');
    sandbox = {
      ...started,
      https: started.https,
      close: () => started.close(),
      businessUnitChannelId: SANDBOX_CHANNELS.businessUnit,
      roleGroups: SANDBOX_ROLE_GROUPS,
    };
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
  );

  const jobs = await startJobQueue(
    database,
    {
      [POST_KLOE_QUEUE]: {},
      [ASK_SUBMITTER_QUEUE]: {},
      [GRAPH_SIDE_EFFECTS_QUEUE]: {},
      ...seriousCaseQueues,
    },
    {
      pollingIntervalSeconds: options.jobPollingIntervalSeconds ?? 1,
      onError: (error) =>
        logger.error({ err: { name: error.name, message: error.message } }, 'job queue error'),
    },
  );

  const seriousCases = seriousCasesModule({
    db: database.db,
    jobs,
    partnership,
    logger,
    directory: graph.people,
  });
  const teams = createTeamsGateway(
    {
      botId: config.BOT_ID,
      botPassword: config.BOT_PASSWORD,
      botType: config.BOT_TYPE,
      tenantId: config.TEAMS_APP_TENANT_ID,
    },
    seriousCases.handlers(
      conversationHandlers(database.db, partnership, kloeStore(database.db, jobs), graph.people),
    ),
    (error) =>
      logger.error(
        { err: error instanceof Error ? { name: error.name, message: error.message } : 'unknown' },
        'bot turn failed',
      ),
  );

  const businessUnit = {
    serviceUrl: sandbox ? `${sandbox.url}/` : config.TEAMS_SERVICE_URL,
    channelId: config.BUSINESS_UNIT_CHANNEL_ID ?? sandbox?.businessUnitChannelId ?? '',
    tenantId,
  };
  if (options.workers ?? true) {
    const deps = {
      db: database.db,
      teams,
      target: businessUnit,
      partnership,
      directory: graph.people,
    };
    await jobs.work(POST_KLOE_QUEUE, syncKloeCards(deps));
    await jobs.work(ASK_SUBMITTER_QUEUE, askSubmitter(deps));
    await jobs.work(GRAPH_SIDE_EFFECTS_QUEUE, graphSideEffectHandler(database.db, graph));
    await seriousCases.startWorkers(teams, businessUnit);
  }

  const app = createApp({
    config,
    database,
    teams,
    verifier,
    partnership,
    clientId,
    apiScope: `${appIdUri}/access_as_user`,
    sandboxUrl: sandbox?.url,
    tenantId,
    apiRouters: seriousCases.api(verifier),
    assets: {
      tab: resolve(options.rootDir, 'tab/dist'),
      outlook: resolve(options.rootDir, 'outlook-addin/dist'),
      partnershipAssets: resolve(options.rootDir, 'core/src/partnerships/assets'),
    },
    logger,
  });

  const server = await new Promise<Server>((resolveServer, reject) => {
    const s = app.listen(config.PORT, config.HOST, () => resolveServer(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const url = `http://${config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST}:${port}`;

  return {
    url,
    sandboxUrl: sandbox?.url,
    database,
    jobs,
    graph,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      await jobs.stop();
      graph.close();
      await sandbox?.close();
      await database.close();
    },
  };
}
