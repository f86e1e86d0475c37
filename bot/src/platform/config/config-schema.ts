import { ROLES, type RoleGroup } from '@pathways/core';
import { z } from 'zod';

/**
 * Every setting the service reads, in one schema. Each `describe` is the
 * documentation: the README's configuration table is checked against it.
 * Names follow the Teams Toolkit env files (env/.env.<env>, secrets in *.user).
 */
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');

const optionalGuid = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .pipe(guid.optional())
  .optional();

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a whole number between 1 and 65535' })
    .int('must be a whole number between 1 and 65535')
    .min(0, 'must be a whole number between 1 and 65535')
    .max(65535, 'must be a whole number between 1 and 65535')
    .default(fallback);

export const configSchema = z.object({
  PORT: port(3978).describe(
    'Port the service listens on (`/api/messages`, REST API, tab and add-in assets).',
  ),
  HOST: z
    .string()
    .trim()
    .min(1)
    .default('127.0.0.1')
    .describe('Interface to listen on. `0.0.0.0` in Azure App Service; loopback locally.'),
  TRUST_PROXY: z.coerce
    .number({ error: 'must be a whole number of proxies (0 or more)' })
    .int('must be a whole number of proxies (0 or more)')
    .min(0, 'must be a whole number of proxies (0 or more)')
    .default(0)
    .describe(
      'How many reverse proxies stand in front of the service (App Service: 1), so client addresses for rate limits come from X-Forwarded-For.',
    ),
  RATE_LIMIT_API_PER_MINUTE: z.coerce
    .number({ error: 'must be a whole number above 0' })
    .int('must be a whole number above 0')
    .min(1, 'must be a whole number above 0')
    .default(300)
    .describe('Requests a minute one client address may make to /api/* (shared by all instances).'),
  RATE_LIMIT_BOT_PER_MINUTE: z.coerce
    .number({ error: 'must be a whole number above 0' })
    .int('must be a whole number above 0')
    .min(1, 'must be a whole number above 0')
    .default(120)
    .describe('Requests a minute /api/messages accepts for one conversation.'),
  PUBLIC_URL: z
    .url({ error: 'must be an absolute URL such as https://pathways.example.org' })
    .optional()
    .describe(
      'Public base URL of the service (tab and add-in links). Defaults to http://HOST:PORT.',
    ),
  DATABASE_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    )
    .optional()
    .describe('PostgreSQL connection string. Unset: embedded PGlite in DATA_DIR.'),
  DATABASE_MIGRATION_URL: z
    .string()
    .trim()
    .transform((v) => (v === '' ? undefined : v))
    .pipe(
      z
        .string()
        .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
        .optional(),
    )
    .optional()
    .describe(
      'PostgreSQL connection string of the schema owner, used only to apply migrations at start, so DATABASE_URL can be a pathways_app login (README: Trust). Unset: DATABASE_URL migrates.',
    ),
  AUDIT_SIGNING_KEY: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'Ed25519 private key (PKCS#8 PEM) that signs the audit chain’s head, kept where the database is not: a Key Vault reference in production (infra/azure.bicep; make one with `openssl genpkey -algorithm ed25519`). Unset: AUDIT_SIGNING_KEY_FILE (README: Trust).',
    ),
  AUDIT_SIGNING_KEY_FILE: z
    .string()
    .trim()
    .min(1)
    .optional()
    .describe(
      'File holding the audit signing key (PKCS#8 PEM), when AUDIT_SIGNING_KEY is unset. Unset: DATA_DIR/audit-signing-key.pem, made at first start outside production.',
    ),
  DATA_DIR: z
    .string()
    .trim()
    .min(1)
    .default('.data')
    .describe('Folder for local data (PGlite database, sandbox tenant state). Git-ignored.'),
  PARTNERSHIP: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]+$/, 'must be a partnership id such as hsscp or stockport')
    .default('hsscp')
    .describe(
      'Which partnership this deployment serves first, its default (`hsscp`, `stockport`, `leeds`); see PARTNERSHIPS for serving several.',
    ),
  PARTNERSHIPS: optionalText
    .transform((v) =>
      v === undefined
        ? undefined
        : v
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().regex(/^[a-z0-9-]+$/, 'each must be a partnership id such as stockport'))
        .min(1, 'name at least one partnership')
        .optional(),
    )
    .describe(
      "The partnerships this deployment serves, comma-separated (`hsscp,stockport`). Unset: PARTNERSHIP alone. PARTNERSHIP, when also set, must be one of them and is the default (the environment's BUSINESS_UNIT_* and PLANNER_PLAN_ID settings are its); otherwise the first is. Each further partnership's Microsoft 365 places are in its configuration (core/src/partnerships/<id>.json, `microsoft365`); with the sandbox they are the sandbox tenant's for it.",
    ),
  NODE_ENV: z
    .string()
    .trim()
    .default('development')
    .describe(
      '`production` (set by infra/azure.bicep): the service refuses to start without a Microsoft 365 tenant, so `/api/messages` always checks Bot Framework tokens and the sandbox never runs.',
    ),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level. Logs never hold names, messages or children\u2019s details.'),
  TEAMS_APP_TENANT_ID: optionalGuid.describe(
    'Microsoft Entra tenant id. Unset (with BOT_ID unset): the local sandbox tenant is used.',
  ),
  ALLOWED_TENANT_IDS: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .pipe(z.array(guid))
    .describe(
      'Further Entra tenants (comma-separated ids) whose people may call the REST API, e.g. partner agencies signing in from their own tenant. The home tenant is always allowed. A partner tenant’s own roles claim grants at most Practitioner or AgencyLead; elevated roles come only from the home tenant or ROLE_GROUPS.',
    ),
  ROLE_GROUPS: z
    .string()
    .trim()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((pair) => pair.trim())
        .filter(Boolean),
    )
    .pipe(
      z.array(
        z
          .string()
          .regex(
            new RegExp(
              `^(${ROLES.join('|')})=[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`,
              'i',
            ),
            `each entry must be Role=<group id>, with Role one of ${ROLES.join(', ')}`,
          )
          .transform((pair): RoleGroup => {
            const [role, groupId] = pair.split('=') as [RoleGroup['role'], string];
            return { role: ROLES.find((r) => r.toLowerCase() === role.toLowerCase())!, groupId };
          }),
      ),
    )
    .describe(
      'Entra groups whose members hold a Pathways role, as Role=<group id> pairs separated by commas (a role may appear more than once). Adds to the app roles in the token.',
    ),
  BOT_ID: optionalGuid.describe('Azure Bot (Entra app) client id. Unset locally.'),
  BOT_PASSWORD: optionalText.describe(
    'Azure Bot client secret (secret: Key Vault or *.user only).',
  ),
  BOT_TYPE: z
    .enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI'])
    .default('SingleTenant')
    .describe('How the bot authenticates to the Bot Connector.'),
  AAD_APP_CLIENT_ID: optionalGuid.describe(
    'Entra app for SSO from the tab and add-in, and Microsoft Graph (client id).',
  ),
  AAD_APP_CLIENT_SECRET: optionalText.describe(
    'Secret of that Entra app (secret: Key Vault or *.user only).',
  ),
  BUSINESS_UNIT_CHANNEL_ID: optionalText
    .pipe(
      z
        .string()
        .regex(
          /^19:.+@thread\.(tacv2|skype)$/,
          'must be a Teams channel id such as 19:abc@thread.tacv2',
        )
        .optional(),
    )
    .describe(
      'Teams channel where the Business Unit receives and triages submissions. Sandbox: its Business Unit channel.',
    ),
  BUSINESS_UNIT_TEAM_ID: optionalGuid.describe(
    "The Entra group id of the team holding the Business Unit's channel. With it, a post interrupted by a crash is found in the channel (Graph, ChannelMessage.Read.Group) and adopted rather than posted again. Sandbox: its team.",
  ),
  BUSINESS_UNIT_MAILBOX: optionalText
    .pipe(
      z.email({ error: 'must be a mailbox address such as business.unit@hsscp.org.uk' }).optional(),
    )
    .describe(
      'Mailbox the Business Unit sends briefing notes and Active Learning invitations from and organises its meetings in. Sandbox: its Business Unit mailbox.',
    ),
  ACTIVE_LEARNING_CHASE_HOURS: z.coerce
    .number({ error: 'must be a number of hours' })
    .int('must be a whole number of hours')
    .min(1, 'must be at least 1')
    .max(24 * 30, 'must be 720 or fewer')
    .default(72)
    .describe(
      'Least time between two chases of an agency that has not nominated for Active Learning.',
    ),
  BRIEFING_REMINDER_INTERVAL_DAYS: z.coerce
    .number({ error: 'must be a whole number of days between 1 and 90' })
    .int('must be a whole number of days between 1 and 90')
    .min(1, 'must be a whole number of days between 1 and 90')
    .max(90, 'must be a whole number of days between 1 and 90')
    .default(7)
    .describe(
      'Days between reminders to an agency lead who has not acknowledged, cascaded or reported on a briefing note: the first comes this long after sending, then at most one per lead per interval.',
    ),
  BRIEFING_UNDO_SECONDS: z.coerce
    .number({ error: 'must be a whole number of seconds between 0 and 300' })
    .int('must be a whole number of seconds between 0 and 300')
    .min(0, 'must be a whole number of seconds between 0 and 300')
    .max(300, 'must be a whole number of seconds between 0 and 300')
    .default(30)
    .describe(
      'Seconds after a briefing or newsletter is sent to every lead during which it can be cancelled: the first message leaves only after them (like undo send).',
    ),
  TEAMS_SERVICE_URL: z
    .url({
      error:
        'must be the Bot Connector URL for your region, e.g. https://smba.trafficmanager.net/uk/',
    })
    .default('https://smba.trafficmanager.net/uk/')
    .describe(
      'Bot Connector service URL used for proactive posts to a real tenant. Sandbox: the sandbox URL.',
    ),
  SANDBOX_URL: optionalText
    .pipe(
      z
        .url({
          error: 'must be the address of a running sandbox tenant, such as http://127.0.0.1:3979',
        })
        .optional(),
    )
    .describe(
      'A sandbox tenant another instance on this machine started, to share rather than start one (`INSTANCES=3 npm start` sets it). Unset: each instance without a tenant starts its own.',
    ),
  SANDBOX_PORT: port(3979).describe(
    'Port of the local sandbox tenant (only when no tenant is configured).',
  ),
  SANDBOX_LIMITS: z
    .enum(['enforce', 'off'])
    .default('enforce')
    .describe(
      'Whether the sandbox tenant enforces Microsoft 365 service limits (429 with Retry-After).',
    ),
  SANDBOX_LEADS_PER_AGENCY: z.coerce
    .number({ error: 'must be a whole number between 1 and 1000' })
    .int('must be a whole number between 1 and 1000')
    .min(1, 'must be a whole number between 1 and 1000')
    .max(1000, 'must be a whole number between 1 and 1000')
    .default(2)
    .describe(
      'Synthetic safeguarding leads the sandbox tenant seeds per HSSCP agency (npm run bench:cascade seeds 50: 1,600 leads).',
    ),
  SANDBOX_LEADS_PER_PARTNERSHIP: z.coerce
    .number({ error: 'must be a whole number between 1 and 20000' })
    .int('must be a whole number between 1 and 20000')
    .min(1, 'must be a whole number between 1 and 20000')
    .max(20_000, 'must be a whole number between 1 and 20000')
    .optional()
    .describe(
      "Synthetic safeguarding leads the sandbox tenant seeds in each partnership, shared among its agencies' leads groups, rounded up (npm run bench:national seeds 1,600). Unset: SANDBOX_LEADS_PER_AGENCY in every group.",
    ),
  SANDBOX_FAULTS: z
    .string()
    .regex(/^(off|\w+=[^,=]+(,\w+=[^,=]+)*)$/, {
      error: 'must be off, or settings such as rate=0.3,seed=42,kinds=429+503+slow',
    })
    .default('off')
    .describe(
      'Sandbox Graph fault mode: a share of Graph calls answered 429, 503, slowly or lost (504).',
    ),
  SANDBOX_PLAYGROUNDS: z
    .string()
    .regex(/^([\w-]+=https?:\/\/[^,=\s]+(,[\w-]+=https?:\/\/[^,=\s]+)*)?$/, {
      error:
        'must be persona-id=connector-url pairs separated by commas, such as 00000000-0000-4000-8000-000000000002=http://127.0.0.1:56151/_connector',
    })
    .default('')
    .describe(
      "Local runs: Agents Playgrounds (one per persona) whose channel views show the sandbox channels' posts too. npm start sets it.",
    ),
  PLANNER_PLAN_ID: optionalText.describe(
    'Planner plan (id) where each recommendation becomes a task. Sandbox: its partnership plan. Unset with a tenant: recommendations are tracked in Pathways only.',
  ),
  PLANNER_SYNC_MINUTES: z.coerce
    .number({ error: 'must be a whole number of minutes from 1 to 59' })
    .int('must be a whole number of minutes from 1 to 59')
    .min(1, 'must be a whole number of minutes from 1 to 59')
    .max(59, 'must be a whole number of minutes from 1 to 59')
    .default(5)
    .describe(
      'How often (minutes) Pathways reads the plan, page by page, to bring back status, progress and due dates changed in Planner.',
    ),
  IMPACT_TEST_AFTER_DAYS: z.coerce
    .number({ error: 'must be a whole number of days from 0 to 730' })
    .int('must be a whole number of days from 0 to 730')
    .min(0, 'must be a whole number of days from 0 to 730')
    .max(730, 'must be a whole number of days from 0 to 730')
    .default(90)
    .describe(
      'Days after a recommendation is completed before its impact-testing task for the Engine Room is created.',
    ),
});
