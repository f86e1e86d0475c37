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
import { adoptingTeamsGateway } from './teams/channel-posts';
import { pacedTeamsGateway } from './teams/teams-pacing';
import { ASK_SUBMITTER_QUEUE, kloeStore, POST_KLOE_QUEUE } from './kloe/kloe-store';
import { askSubmitter, syncKloeCards } from './kloe/kloe-jobs';
import { kloeApi } from './kloe/kloe-api';
import { seriousCaseQueues, seriousCasesModule } from './serious-cases/serious-cases-module';
import { briefingQueues, briefingsModule } from './briefings/briefings-module';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import {
  applyRetention,
  RETENTION_CRON,
  RETENTION_QUEUE,
  type RetentionAction,
} from './retention/retention';
import {
  activeLearningModule,
  activeLearningQueues,
} from './active-learning/active-learning-module';
import { reportsRouters } from './reports/reports-api';
import { caseRecommendationsApi } from './serious-cases/case-recommendations-api';
import { recommendations as recommendationsOf } from './recommendations/recommendations';
import { plannerSync, POLL_PLANNER_QUEUE, type PlannerSync } from './recommendations/planner-sync';

/** The sandbox tenant's client id for the tab and add-in (not a secret; local only). */
export const SANDBOX_CLIENT_ID = '5a4db0c1-0000-4000-8000-000000000001';

export interface RunningService {
  url: string;
  sandboxUrl: string | undefined;
  database: Database;
  jobs: JobQueue;
  graph: GraphGateway;
  briefings: ReturnType<typeof briefingsModule>;
  /** The sandbox tenant's controls, when it runs (tests and benchmarks). */
  sandbox: SandboxControls | undefined;
  /** The Adaptive Card verbs the bot acts on (the card-action matrix checks each). */
  cardVerbs: readonly string[];
  /** The Planner sync (undefined when no plan is configured): tests run a poll with it. */
  planner: PlannerSync | undefined;
  close(): Promise<void>;
}

export interface SandboxControls {
  limitBreaches(): readonly { limit: string; appId: string; scope: string; at: string }[];
  setFaults(faults: Parameters<import('@pathways/sandbox').SandboxServer['setFaults']>[0]): void;
  faultsInjected(): Readonly<Record<'429' | '503' | 'slow' | 'lost', number>>;
}

interface SandboxHandle extends SandboxControls {
  url: string;
  tenantId: string;
  businessUnitChannelId: string;
  businessUnitTeamId: string;
  businessUnitMailbox: string;
  https: { url: string; certificate: string };
  roleGroups: Record<string, string>;
  planId: string;
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
    /** Synthetic leads per agency in the sandbox tenant (benchmarks seed many). */
    sandboxLeadsPerAgency?: number;
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
  const applied = await migrateDatabase(
    database,
    config.DATABASE_MIGRATION_URL,
    config.DATABASE_URL,
  );
  if (applied.length > 0) logger.info({ applied }, 'database migrated');

  let sandbox: SandboxHandle | undefined;
  if (config.m365 === 'sandbox') {
    // Loaded lazily: production (a real tenant) never loads the sandbox at all.
    const {
      startSandbox,
      parseSandboxFaults,
      SANDBOX_CHANNELS,
      SANDBOX_TEAM_ID,
      SANDBOX_ROLE_GROUPS,
      BUSINESS_UNIT_MAILBOX,
      SANDBOX_PLANNER,
    } = await import('@pathways/sandbox');
    const started = await startSandbox({
      port: config.SANDBOX_PORT,
      host: config.HOST === '0.0.0.0' ? '127.0.0.1' : config.HOST,
      dataDir: options.inMemoryDatabase ? undefined : dataDir,
      limits: config.SANDBOX_LIMITS,
      // Graph and sign-in over https, as with Microsoft 365 (any free port).
      httpsPort: 0,
      faults: parseSandboxFaults(config.SANDBOX_FAULTS),
      leadsPerAgency: options.sandboxLeadsPerAgency ?? config.SANDBOX_LEADS_PER_AGENCY,
    });
    if (!started.https) throw new Error('The sandbox tenant did not start its https listener.');
    sandbox = {
      ...started,
      https: started.https,
      close: () => started.close(),
      limitBreaches: () => started.limitBreaches(),
      setFaults: (faults) => started.setFaults(faults),
      faultsInjected: () => started.faultsInjected(),
      businessUnitChannelId: SANDBOX_CHANNELS.businessUnit,
      businessUnitTeamId: SANDBOX_TEAM_ID,
      businessUnitMailbox: BUSINESS_UNIT_MAILBOX.address,
      roleGroups: SANDBOX_ROLE_GROUPS,
      planId: SANDBOX_PLANNER.planId,
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
      // Posts wait their turn behind Teams' limit (2 a second per channel) in the
      // pacer, not the queue: enough workers to keep a channel busy while each
      // job's wait stays well inside its expiry.
      [POST_KLOE_QUEUE]: { concurrency: 16, expireInSeconds: 120 },
      [ASK_SUBMITTER_QUEUE]: { concurrency: 8, expireInSeconds: 120 },
      // Mail waits on Exchange's 30 a minute per mailbox (4 at once): up to minutes.
      [GRAPH_SIDE_EFFECTS_QUEUE]: { concurrency: 4, expireInSeconds: 900 },
      // A failed poll needs no retries: the next scheduled one does the same work.
      [POLL_PLANNER_QUEUE]: { retryLimit: 0 },
      ...seriousCaseQueues,
      ...briefingQueues,
      // A failed run needs no retries: tomorrow's run does the same work.
      [RETENTION_QUEUE]: { retryLimit: 0 },
      ...activeLearningQueues,
    },
    {
      pollingIntervalSeconds: options.jobPollingIntervalSeconds ?? 1,
      onError: (error) =>
        logger.error({ err: { name: error.name, message: error.message } }, 'job queue error'),
    },
  );

  const planId = config.PLANNER_PLAN_ID ?? sandbox?.planId;
  if (!planId)
    logger.warn('PLANNER_PLAN_ID is not set: recommendations are tracked in Pathways only');
  const recommendations = recommendationsOf({
    db: database.db,
    partnership,
    jobs,
    planId,
    impactTestAfterDays: config.IMPACT_TEST_AFTER_DAYS,
  });
  const planner = planId
    ? plannerSync({
        db: database.db,
        planner: graph.planner,
        directory: graph.people,
        jobs,
        recommendations,
        partnershipId: partnership.id,
        planId,
        publicUrl: config.publicUrl,
      })
    : undefined;

  const seriousCases = seriousCasesModule({
    db: database.db,
    jobs,
    partnership,
    logger,
    directory: graph.people,
  });
  const logoPath = resolve(
    options.rootDir,
    'core/src/partnerships/assets',
    partnership.brand.logo.file,
  );
  const briefings = briefingsModule({
    db: database.db,
    jobs,
    partnership,
    logger,
    mailbox: config.BUSINESS_UNIT_MAILBOX ?? sandbox?.businessUnitMailbox,
    logo: async () => (existsSync(logoPath) ? readFile(logoPath) : undefined),
    reminderIntervalDays: config.BRIEFING_REMINDER_INTERVAL_DAYS,
    // The Outlook add-in's task pane for the briefing (a Teams deep link in a tenant).
    link: (id) => `${config.publicUrl}/outlook/taskpane.html?briefing=${encodeURIComponent(id)}`,
  });
  const activeLearning = activeLearningModule({
    db: database.db,
    jobs,
    partnership,
    people: graph.people,
    users: graph.users,
    calendar: graph.calendar,
    settings: {
      mailbox: config.BUSINESS_UNIT_MAILBOX ?? sandbox?.businessUnitMailbox,
      chaseHours: config.ACTIVE_LEARNING_CHASE_HOURS,
      tabUrl: `${config.publicUrl}/tab/index.html#/active-learning`,
      nominationLink: (id) =>
        `${config.publicUrl}/outlook/taskpane.html?nomination=${encodeURIComponent(id)}`,
    },
  });
  const handlers = activeLearning.handlers(
    seriousCases.handlers(
      conversationHandlers(database.db, partnership, kloeStore(database.db, jobs), graph.people),
    ),
  );
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

  const businessUnit = {
    serviceUrl: sandbox ? `${sandbox.url}/` : config.TEAMS_SERVICE_URL,
    channelId: config.BUSINESS_UNIT_CHANNEL_ID ?? sandbox?.businessUnitChannelId ?? '',
    tenantId,
  };
  const businessUnitTeamId = config.BUSINESS_UNIT_TEAM_ID ?? sandbox?.businessUnitTeamId;
  if (!businessUnitTeamId)
    logger.warn(
      'BUSINESS_UNIT_TEAM_ID is not set: a channel post interrupted by a crash may be posted twice',
    );
  // Jobs post through this: paced at Teams' limits, and a post a crash interrupted is
  // found in the channel by its marker and adopted rather than made again.
  const posting = adoptingTeamsGateway(pacedTeamsGateway(teams), database.db, {
    teamOf: (channelId) => (channelId === businessUnit.channelId ? businessUnitTeamId : undefined),
    messages: graph.channelMessages,
  });
  if (options.workers ?? true) {
    const deps = {
      db: database.db,
      teams: posting,
      target: businessUnit,
      partnership,
      directory: graph.people,
    };
    await jobs.work(POST_KLOE_QUEUE, syncKloeCards(deps));
    await jobs.work(ASK_SUBMITTER_QUEUE, askSubmitter(deps));
    await jobs.work(
      GRAPH_SIDE_EFFECTS_QUEUE,
      graphSideEffectHandler(database.db, graph, jobs, planner?.effects),
    );
    if (planner) {
      await jobs.work(POLL_PLANNER_QUEUE, async () => {
        const polled = await planner.poll();
        if (polled.changed > 0) logger.info(polled, 'changes taken in from Planner');
      });
      await jobs.schedule(POLL_PLANNER_QUEUE, `*/${config.PLANNER_SYNC_MINUTES} * * * *`, {
        tz: 'Europe/London',
      });
    }
    await seriousCases.startWorkers(posting, businessUnit);
    await briefings.startWorkers(graph.users);
    await activeLearning.startWorkers(posting, businessUnit);
    await jobs.work(RETENTION_QUEUE, async () => {
      const done = await applyRetention(database.db, partnership, new Date());
      // Counts only: what was removed is in the audit trail, by record id.
      if (done.length > 0) logger.info({ retention: countByRule(done) }, 'retention applied');
    });
    await jobs.schedule(RETENTION_QUEUE, RETENTION_CRON, { tz: 'Europe/London' });
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
    recommendations,
    apiRouters: [
      ...seriousCases.api(verifier),
      activeLearning.api(verifier),
      ...reportsRouters({ db: database.db, partnership, verifier }),
      briefings.api(verifier),
      kloeApi({ db: database.db, jobs, partnership, verifier }),
      caseRecommendationsApi({
        db: database.db,
        verifier,
        partnership,
        recommendations,
        now: () => new Date(),
      }),
    ],
    assets: {
      tab: resolve(options.rootDir, 'tab/dist'),
      outlook: resolve(options.rootDir, 'outlook-addin/dist'),
      partnershipAssets: resolve(options.rootDir, 'core/src/partnerships/assets'),
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

  return {
    url,
    sandboxUrl: sandbox?.url,
    database,
    jobs,
    graph,
    briefings,
    sandbox: sandbox && {
      limitBreaches: () => sandbox.limitBreaches(),
      setFaults: (faults) => sandbox.setFaults(faults),
      faultsInjected: () => sandbox.faultsInjected(),
    },
    cardVerbs: handlers.cardVerbs,
    planner,
    async close() {
      await new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections?.();
      // Graph first: a job waiting out a Retry-After or pacing gives up now (and is retried
      // by a running instance) instead of outliving the queue's graceful stop.
      graph.close();
      await jobs.stop();
      await sandbox?.close();
      await database.close();
    },
  };
}

function countByRule(done: RetentionAction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of done)
    counts[`${d.rule}.${d.action}`] = (counts[`${d.rule}.${d.action}`] ?? 0) + 1;
  return counts;
}
