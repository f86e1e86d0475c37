import { setTimeout as setTimeoutPromise } from 'node:timers/promises';
import type { Client } from '@microsoft/microsoft-graph-client';
import { isRole, type PeopleDirectory, type Role } from '@pathways/core';
import type { Config } from '../config/config';
import type { SharedPacing } from '../db/shared-pacing';
import { graphActivityFeed, type ActivityFeed } from './activity';
import { graphCalendar, type Calendar } from './calendar';
import { graphChannelMessages, type ChannelMessages } from './channel-messages';
import { graphMail, type Mail } from './mail';
import { graphPlanner, type Planner } from './planner';
import { sendBatch, type BatchItem, type BatchResult } from './batch';
import { ClientLimits } from './client-limits';
import { graphClient } from './graph-client';
import { GRAPH_RESOURCE, msalTokenSource, type GraphTokenSource } from './graph-tokens';
import { HttpsTransport } from './https-transport';
import { graphPeopleDirectory, type RoleGroup } from './people-directory';
import { defaultRetryPolicy, type RetryEvent, type RetryPolicy } from './retry';
import { graphUsersAndGroups, type UsersAndGroups } from './users';

/** Where Graph and its authority are, and who the app is. Secrets stay in here. */
export interface GraphSettings {
  /** https://graph.microsoft.com, or the sandbox's https URL. */
  graphUrl: string;
  /** https://login.microsoftonline.com/{tenant}, or the sandbox's https authority. */
  authority: string;
  clientId: string;
  clientSecret: string;
  roleGroups: readonly RoleGroup[];
  /** PEM of the sandbox's self-signed certificate: trusted in sandbox mode only. */
  trustedCertificate?: string;
}

/** The sandbox tenant as the service sees it (from startSandbox). */
export interface SandboxGraphEndpoint {
  tenantId: string;
  https: { url: string; certificate: string };
  clientId: string;
  /** The sandbox's role groups (SANDBOX_ROLE_GROUPS), used when ROLE_GROUPS is unset. */
  roleGroups?: Partial<Record<Role, string>>;
}

function roleGroupList(groups: Partial<Record<Role, string>> | undefined): RoleGroup[] {
  return Object.entries(groups ?? {}).flatMap(([role, groupId]) =>
    isRole(role) && groupId ? [{ role, groupId }] : [],
  );
}

export class GraphConfigurationError extends Error {}

/** Graph settings from configuration: a real tenant, or the sandbox started in this process. */
export function graphSettings(config: Config, sandbox?: SandboxGraphEndpoint): GraphSettings {
  if (sandbox) {
    return {
      graphUrl: sandbox.https.url,
      authority: `${sandbox.https.url}/${sandbox.tenantId}`,
      clientId: sandbox.clientId,
      // The sandbox accepts any secret; this one is not a secret anywhere.
      clientSecret: 'sandbox-local',
      roleGroups:
        config.ROLE_GROUPS.length > 0 ? config.ROLE_GROUPS : roleGroupList(sandbox.roleGroups),
      trustedCertificate: sandbox.https.certificate,
    };
  }
  if (!config.TEAMS_APP_TENANT_ID || !config.AAD_APP_CLIENT_ID || !config.AAD_APP_CLIENT_SECRET) {
    throw new GraphConfigurationError(
      'Microsoft Graph needs TEAMS_APP_TENANT_ID, AAD_APP_CLIENT_ID and AAD_APP_CLIENT_SECRET.',
    );
  }
  return {
    graphUrl: GRAPH_RESOURCE,
    authority: `https://login.microsoftonline.com/${config.TEAMS_APP_TENANT_ID}`,
    clientId: config.AAD_APP_CLIENT_ID,
    clientSecret: config.AAD_APP_CLIENT_SECRET,
    roleGroups: config.ROLE_GROUPS,
  };
}

/** Graph for one principal: the app itself, or a signed-in user (on behalf of). */
export interface GraphResources {
  users: UsersAndGroups;
  mail: Mail;
  calendar: Calendar;
  planner: Planner;
  activity: ActivityFeed;
  /** JSON batching (20 per batch) with per-request retry inside the batch. */
  batch(items: readonly BatchItem[]): Promise<Map<string, BatchResult>>;
}

/**
 * The one way the service reaches Microsoft Graph. The domain sees only the small
 * interfaces (PeopleDirectory and the resources); the SDK and MSAL stay in here.
 */
export interface GraphGateway extends GraphResources {
  /** Who someone is and their Pathways roles, from Entra groups (cached a minute). */
  people: PeopleDirectory;
  /** Channel posts as Graph lists them (app permission): to find our own after a crash. */
  channelMessages: ChannelMessages;
  /** The same resources called on behalf of a signed-in tab or add-in user. */
  forUser(userToken: string): GraphResources;
  close(): void;
}

export interface GatewayOptions {
  retry?: Partial<RetryPolicy>;
  onRetry?: (event: RetryEvent) => void;
  /** Clock for the directory cache. */
  now?: () => number;
  cacheTtlMs?: number;
  /** Our side of Microsoft 365's limits (default: Exchange's and the activity feed's). */
  limits?: ClientLimits;
  /** Those limits kept by every instance together (the service's database). */
  sharedPacing?: SharedPacing;
}

/**
 * The resources over one Graph SDK client (app-only or on behalf of a user). Pass the
 * same ClientLimits as the client's (graphClient's `limits`) so sends and notifications
 * are paced too.
 */
export function graphResources(
  client: Client,
  retry: RetryPolicy,
  limits?: ClientLimits,
): GraphResources {
  return {
    users: graphUsersAndGroups(client),
    mail: graphMail(client, retry, limits),
    calendar: graphCalendar(client),
    planner: graphPlanner(client),
    activity: graphActivityFeed(client, limits),
    batch: (items) => sendBatch(client, items, retry),
  };
}

export function createGraphGateway(
  settings: GraphSettings,
  options: GatewayOptions = {},
): GraphGateway {
  const transport = new HttpsTransport({ trustedCertificate: settings.trustedCertificate });
  const tokens: GraphTokenSource = msalTokenSource(
    {
      authority: settings.authority,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      resource: GRAPH_RESOURCE,
    },
    transport,
  );
  // Closing ends every wait (Retry-After, pacing) at once: a job caught waiting fails and is
  // retried by a running instance, instead of outliving the queue's graceful stop.
  const closing = new AbortController();
  const sleep = (given?: (ms: number) => Promise<void>) =>
    abortableSleep(given ?? ((ms) => timerSleep(ms, closing.signal)), closing.signal);
  const retry = { ...defaultRetryPolicy, ...options.retry, sleep: sleep(options.retry?.sleep) };
  // One set of limits for the app, whoever it calls for: Graph counts per app and mailbox.
  const limits =
    options.limits ??
    new ClientLimits({
      sleep: sleep(),
      ...(options.sharedPacing ? { shared: options.sharedPacing } : {}),
    });
  const clientFor = (token: () => Promise<string>): Client =>
    graphClient({
      graphUrl: settings.graphUrl,
      token,
      transport,
      retry,
      onRetry: options.onRetry,
      limits,
    });
  const resources = (client: Client) => graphResources(client, retry, limits);

  const app = resources(clientFor(() => tokens.appOnly()));
  return {
    ...app,
    people: graphPeopleDirectory(app.users, settings.roleGroups, {
      ttlMs: options.cacheTtlMs,
      now: options.now,
    }),
    channelMessages: graphChannelMessages(clientFor(() => tokens.appOnly())),
    forUser: (userToken) => resources(clientFor(() => tokens.onBehalfOf(userToken))),
    close: () => {
      closing.abort();
      transport.close();
    },
  };
}

/** The service is stopping: what was waiting gives up (its job is retried elsewhere). */
export class GatewayClosedError extends Error {
  constructor() {
    super('The Graph gateway is closing; the request will be retried.');
    this.name = 'GatewayClosedError';
  }
}

/** A timer that is cleared, not left running, when `signal` aborts. */
function timerSleep(ms: number, signal: AbortSignal): Promise<void> {
  return setTimeoutPromise(ms, undefined, { signal }).then(() => undefined);
}

/** `sleep`, except that it rejects as soon as `signal` aborts (and at once if it has). */
export function abortableSleep(
  sleep: (ms: number) => Promise<void>,
  signal: AbortSignal,
): (ms: number) => Promise<void> {
  return (ms) =>
    new Promise<void>((resolve, reject) => {
      if (signal.aborted) return reject(new GatewayClosedError());
      const onAbort = () => reject(new GatewayClosedError());
      signal.addEventListener('abort', onAbort, { once: true });
      sleep(ms).then(
        () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
        (error: unknown) => {
          signal.removeEventListener('abort', onAbort);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
}
