import { loadCirculationPlan, loadPartnership } from '@pathways/core';
import { createTokenVerifier } from '../platform/auth/token-verifier';
import { loadConfig } from '../platform/config/config';
import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
import { createApp } from '../platform/http/app';
import { configuredAuditSigner, type AuditSigner } from '../platform/audit/audit-signing';
import { createLogger } from '../platform/logging';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import { startTestIssuer, type TestIssuer } from './token-issuer';
import { seriousCasesRouters } from '../serious-cases/serious-cases-module';
import { kloeApi } from '../kloe/kloe-api';
import { briefingRoutes } from '../briefings/briefing-routes';
import { briefingStore } from '../briefings/briefing-store';
import { activeLearningModule } from '../active-learning/active-learning-module';
import { reportsRouters } from '../reports/reports-api';
import { reportsStore } from '../reports/reports-store';
import { caseRecommendationsApi } from '../serious-cases/case-recommendations-api';
import { recommendations } from '../recommendations/recommendations';
import { engineRoomApi } from '../engine-room/routes';
import { engineRoomStore } from '../engine-room/engine-room-store';
import { recommendationRoutes } from '../recommendations/routes';
import { personExportApi } from '../retention/person-export-route';
import { authenticate } from '../platform/http/access';

/**
 * The service's HTTP app over a real (migrated) database, with the production
 * token verifier trusting a local test issuer instead of Entra ID. For tests
 * of the REST API's trust rules; the whole service is in service.test.ts.
 */
export interface ApiUnderTest {
  app: ReturnType<typeof createApp>;
  issuer: TestIssuer;
  database: Database;
  /** The key the service's audit verification checks signed heads with. */
  auditSigner: AuditSigner;
  /** Row counts of every table (bar rate-limit counters), to show a refused request stored nothing. */
  rowCounts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

const noTeams: TeamsGateway = {
  handle: () => Promise.reject(new Error('Teams is not part of this test')),
  postToChannel: () => Promise.reject(new Error('Teams is not part of this test')),
  updateMessage: () => Promise.reject(new Error('Teams is not part of this test')),
  sendToConversation: () => Promise.reject(new Error('Teams is not part of this test')),
  sendToPerson: () => Promise.reject(new Error('Teams is not part of this test')),
};

export async function startApiUnderTest(
  env: Record<string, string> = {},
  options: {
    teams?: TeamsGateway;
    database?: Database;
    now?: () => Date;
    /** Built tab and add-in folders to serve (default: none). */
    assets?: { tab?: string; outlook?: string };
    /** Collects every log line (at trace level), to check what the API logs. */
    logLines?: string[];
  } = {},
): Promise<ApiUnderTest> {
  const issuer = await startTestIssuer();
  // Acting for the partnership under test, as the service does (row-level security).
  const database = (options.database ?? (await openTestDatabase())).forPartnership({
    partnershipId: 'hsscp',
  });
  // Rate limits are tested on their own; elsewhere tests make many calls at once.
  const config = loadConfig({ PORT: '0', RATE_LIMIT_API_PER_MINUTE: '100000', ...env });
  const verifier = createTokenVerifier({
    authorityHost: issuer.url,
    allowedTenants: [issuer.tenantId, ...config.ALLOWED_TENANT_IDS],
    audiences: [issuer.audience],
    roleGroups: config.ROLE_GROUPS,
  });
  const partnership = loadPartnership('hsscp');
  // Jobs run elsewhere: enqueued side effects are not part of these tests.
  const jobs = { enqueue: () => Promise.resolve(null) };
  const recs = recommendations({
    db: database.db,
    partnership,
    jobs,
    planId: 'api-under-test-plan',
    impactTestAfterDays: config.IMPACT_TEST_AFTER_DAYS,
  });
  const auditSigner = configuredAuditSigner({ production: false }, '/nonexistent', true);
  const app = createApp({
    config,
    auditPublicKey: auditSigner.publicKey,
    database,
    teams: options.teams ?? noTeams,
    verifier,
    partnership: loadPartnership('hsscp'),
    clientId: issuer.audience,
    apiScope: `api://localhost/${issuer.audience}/access_as_user`,
    sandboxUrl: undefined,
    tenantId: issuer.tenantId,
    assets: {
      tab: options.assets?.tab ?? '/nonexistent/tab',
      outlook: options.assets?.outlook ?? '/nonexistent/outlook',
    },
    logger: options.logLines
      ? createLogger('trace', { write: (line: string) => void options.logLines?.push(line) })
      : createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
    memberships: { partnershipsOf: async () => [partnership.id] },
    served: [
      {
        partnership,
        apiRouters: apiRoutersOf(),
      },
    ],
  });
  function apiRoutersOf() {
    return [
      engineRoomApi({
        db: database.db,
        partnership,
        recommendations: recs,
        verifier,
        partnershipAssets: `${__dirname}/../../../core/src/partnerships/assets`,
      }),
      recommendationRoutes({
        recommendations: recs,
        partnership,
        signedIn: authenticate(verifier),
      }),
      ...seriousCasesRouters({
        db: database.db,
        // Jobs run elsewhere: enqueued side effects are not part of these tests.
        jobs: { enqueue: () => Promise.resolve(null) },
        partnership: loadPartnership('hsscp'),
        verifier,
      }),
      kloeApi({
        db: database.db,
        jobs: { enqueue: () => Promise.resolve(null), wake: () => undefined },
        partnership: loadPartnership('hsscp'),
        verifier,
        // No directory here: the pre-fill leaves the organisation for the person.
        directory: { profile: () => Promise.resolve(undefined) },
      }),
      briefingRoutes({
        verifier,
        store: briefingStore({
          db: database.db,
          jobs: { enqueue: () => Promise.resolve(null) },
          partnership: loadPartnership('hsscp'),
          undoSeconds: 30,
        }),
        partnership: loadPartnership('hsscp'),
        // No directory here: the cascade's audience is in briefing-cascade.test.ts.
        audience: () => Promise.resolve({ leads: 0, agencies: 0 }),
        undoSeconds: 30,
        now: () => new Date(),
        logo: () => Promise.resolve(undefined),
        canSend: true,
        newsletters: reportsStore(database.db, partnership, loadCirculationPlan(partnership.id)),
      }),
      activeLearningModule({
        db: database.db,
        jobs: { enqueue: () => Promise.resolve(null), work: () => Promise.resolve() },
        partnership: loadPartnership('hsscp'),
        // No directory or calendars here: the whole pathway is in active-learning.test.ts.
        people: { profile: async () => undefined, membersOf: async () => [] },
        users: { usersInOrganisation: async () => [], groupMembers: async () => [] },
        calendar: { getSchedule: () => Promise.reject(new Error('no calendars in this test')) },
        recordDetail: (type, id) =>
          engineRoomStore(database.db, partnership, recs).detail(type, id),
        settings: { mailbox: undefined, chaseHours: 72, tabUrl: 'http://localhost/tab' },
      }).api(verifier),
      ...reportsRouters({
        db: database.db,
        partnership: loadPartnership('hsscp'),
        verifier,
        ...(options.now ? { now: options.now } : {}),
      }),
      caseRecommendationsApi({
        db: database.db,
        verifier,
        partnership,
        recommendations: recs,
        now: () => new Date(),
      }),
      personExportApi({ db: database.db, partnershipId: partnership.id, verifier }),
    ];
  }
  return {
    app,
    issuer,
    database,
    auditSigner,
    async rowCounts() {
      const { rows } = await database.executeSql(
        `SELECT table_schema || '.' || table_name AS name FROM information_schema.tables
         WHERE table_schema NOT IN ('pg_catalog', 'information_schema') AND table_type = 'BASE TABLE'
           AND table_name <> 'rate_limit_hits'
         ORDER BY 1`,
      );
      const counts: Record<string, number> = {};
      for (const { name } of rows as { name: string }[]) {
        const [schema, table] = name.split('.');
        const result = await database.executeSql(
          `SELECT count(*)::int AS n FROM "${schema}"."${table}"`,
        );
        counts[name] = (result.rows[0] as { n: number }).n;
      }
      return counts;
    },
    async close() {
      await issuer.close();
      if (!options.database) await database.close();
    },
  };
}
