import {
  BUSINESS_UNIT_MAILBOX,
  SANDBOX_PERSONAS,
  SANDBOX_PLANNER,
  SANDBOX_ROLE_GROUPS,
  startSandbox,
  type SandboxServer,
} from '@pathways/sandbox';
// The sandbox's copy of the Graph slice and its checker (sandbox/src/contract).
import { GraphContract, type GraphExchange } from '@pathways/sandbox/src/contract/graphContract';
import { graphResources, type GraphResources } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { PATHWAYS_KEY_PROPERTY } from './mail';
import { defaultRetryPolicy, type RetryPolicy } from './retry';
import { ClientLimits } from './client-limits';

/** Records every Graph exchange at the wire, as the gateway sent it and Graph answered. */
class RecordingTransport extends HttpsTransport {
  readonly exchanges: GraphExchange[] = [];
  override async send(url: string, init: Parameters<HttpsTransport['send']>[1] = {}) {
    const response = await super.send(url, init);
    const { pathname, search } = new URL(url);
    if (!pathname.startsWith('/v1.0/')) return response;
    const text = await response.clone().text();
    const requestBody = init.body ? (JSON.parse(init.body) as unknown) : undefined;
    const responseBody = text ? (JSON.parse(text) as unknown) : undefined;
    const path = pathname.replace(/^\/v1\.0/, '');
    if (path === '/$batch') {
      const sent = (
        requestBody as { requests: { id: string; method: string; url: string; body?: unknown }[] }
      ).requests;
      for (const inner of (
        responseBody as { responses?: { id: string; status: number; body?: unknown }[] }
      )?.responses ?? []) {
        const request = sent.find((r) => r.id === inner.id);
        if (request) {
          this.exchanges.push({
            method: request.method,
            url: request.url,
            requestBody: request.body,
            status: inner.status,
            responseBody: inner.body,
          });
        }
      }
    } else {
      this.exchanges.push({
        method: init.method ?? 'GET',
        url: path + search,
        requestBody,
        status: response.status,
        responseBody,
      });
    }
    return response;
  }
}

async function appToken(sandbox: SandboxServer): Promise<string> {
  const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'pathways-service',
      client_secret: 'local',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const london = (dateTime: string) => ({ dateTime, timeZone: 'Europe/London' });
const lead = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;
const mailbox = BUSINESS_UNIT_MAILBOX.id;
const businessUnitOfficer = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;

async function userGraphToken(sandbox: SandboxServer, personaId: string): Promise<string> {
  const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'urn:pathways:sandbox:persona',
      persona: personaId,
      client_id: 'pathways-tab',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** Every gateway operation once, for one run (keys unique per run). */
async function everyOperation(graph: GraphResources, asUser: GraphResources, run: string) {
  await graph.users.getUser(lead.id);
  await graph.users.groupMemberIds(SANDBOX_ROLE_GROUPS.AgencyLead);
  await graph.mail.send({
    from: mailbox,
    key: `briefing-${run}`,
    subject: 'Briefing note: learning from a rapid review',
    body: { contentType: 'html', content: '<p>What we learnt, and what to cascade.</p>' },
    to: [{ address: lead.mail, name: lead.displayName }],
  });
  const event = await graph.calendar.createEvent(
    mailbox,
    {
      subject: 'Active Learning Set',
      body: { contentType: 'text', content: 'Agenda to follow.' },
      start: london('2026-03-02T10:00:00'),
      end: london('2026-03-02T12:00:00'),
      location: 'Civic Centre',
      attendees: [{ address: lead.mail, name: lead.displayName }],
      isOnlineMeeting: true,
    },
    `event-${run}`,
  );
  const fetched = await graph.calendar.getEvent(mailbox, event.id);
  await graph.calendar.updateEvent(
    mailbox,
    event.id,
    { location: 'Town Hall' },
    fetched?.changeKey,
  );
  await graph.calendar.getSchedule(mailbox, [lead.mail], {
    start: london('2026-03-02T09:00:00'),
    end: london('2026-03-02T17:00:00'),
  });
  // findMeetingTimes has no application permission: on behalf of a signed-in user.
  await asUser.calendar.findMeetingTimes(businessUnitOfficer.id, {
    attendees: [{ emailAddress: { address: lead.mail }, type: 'required' }],
    meetingDuration: 'PT1H',
    maxCandidates: 3,
  });
  const bucketId = await graph.planner.ensureBucket(SANDBOX_PLANNER.planId, `Contract ${run}`);
  const { task } = await graph.planner.createTask({
    planId: SANDBOX_PLANNER.planId,
    bucketId,
    title: 'Cascade the briefing note',
    marker: `BRF-${run}`,
    assigneeIds: [lead.id],
    dueDateTime: '2026-03-16T17:00:00Z',
    description: 'Report back what changed and its impact.',
    references: [
      {
        url: `https://pathways.example/tab/index.html#/recommendations?ref=BRF-${run}`,
        alias: 'Pathways',
      },
    ],
  });
  await graph.planner.taskPages(SANDBOX_PLANNER.planId).next();
  await graph.planner.updateTask(task.id, task.etag, { percentComplete: 50 }, (current) =>
    current.percentComplete < 50 ? { percentComplete: 50 } : undefined,
  );
  await graph.activity.notifyUser(lead.id, {
    activityType: 'briefingToCascade',
    previewText: 'A briefing note is ready to cascade.',
    templateParameters: [{ name: 'briefingTitle', value: 'Neglect: early help' }],
    topic: {
      source: 'text',
      value: 'Briefing note',
      webUrl: 'https://teams.microsoft.com/l/entity/x',
    },
  });
  await graph.batch([
    { id: 'u', method: 'GET', url: `/users/${lead.id}` },
    { id: 'm', method: 'GET', url: `/groups/${SANDBOX_ROLE_GROUPS.EngineRoom}/members?$select=id` },
  ]);
  return { eventId: event.id, taskId: task.id };
}

describe('Graph contract: the gateway against the sandbox tenant', () => {
  let sandbox: SandboxServer;
  let token: string;
  let userToken: string;
  beforeAll(async () => {
    // Limits enforced: the gateway must keep to them on its own (no breach recorded).
    sandbox = await startSandbox({ port: 0, httpsPort: 0, limits: 'enforce' });
    token = await appToken(sandbox);
    userToken = await userGraphToken(sandbox, businessUnitOfficer.id);
  });
  afterAll(() => sandbox.close());

  const limits = new ClientLimits();
  function gatewayOver(
    transport: HttpsTransport,
    retry: RetryPolicy = defaultRetryPolicy,
    bearer = () => token,
  ) {
    const client = graphClient({
      graphUrl: sandbox.https!.url,
      token: async () => bearer(),
      transport,
      retry,
      limits,
    });
    return graphResources(client, retry, limits);
  }

  it('when every operation runs, then every request and every response keeps to the Graph slice', async () => {
    const transport = new RecordingTransport({ trustedCertificate: sandbox.https!.certificate });
    const graph = gatewayOver(transport);
    const asUser = gatewayOver(transport, defaultRetryPolicy, () => userToken);
    const { eventId } = await everyOperation(graph, asUser, 'contract');
    await graph.calendar.deleteEvent(mailbox, eventId);
    const contract = GraphContract.load();
    const kinds = new Set(transport.exchanges.map((e) => contract.key(e.method, e.url)));
    expect(kinds.size).toBeGreaterThanOrEqual(14);
    expect(transport.exchanges.flatMap((e) => contract.check(e))).toEqual([]);
    transport.close();
  });

  it('when 30% of calls meet 429, 503 or a lost answer, then every operation completes, never sooner than Retry-After, with no duplicate mail, event or task', async () => {
    sandbox.setFaults({ rate: 0.3, seed: 7, kinds: ['429', '503', 'lost'], retryAfterSeconds: 1 });
    const waits: number[] = [];
    const retry: RetryPolicy = {
      ...defaultRetryPolicy,
      maxAttempts: 8,
      baseDelayMs: 100,
      sleep: (ms) => {
        waits.push(ms);
        return new Promise((r) => setTimeout(r, ms));
      },
    };
    const transport = new RecordingTransport({ trustedCertificate: sandbox.https!.certificate });
    const graph = gatewayOver(transport, retry);
    const asUser = gatewayOver(transport, retry, () => userToken);
    // As a job would: a failed attempt is run again from the start (each step is idempotent).
    let result: Awaited<ReturnType<typeof everyOperation>> | undefined;
    for (let attempt = 1; !result; attempt += 1) {
      try {
        result = await everyOperation(graph, asUser, 'faults');
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
    sandbox.setFaults(undefined);
    const injected = sandbox.faultsInjected();
    expect(injected['429'] + injected['503'] + injected.lost).toBeGreaterThan(3);

    // Never sooner than Retry-After: the sandbox sends Retry-After: 1 with every 429 and
    // 503; only a lost answer (504, no Retry-After) may be followed by a shorter backoff.
    const throttled = transport.exchanges.filter((e) => e.status === 429 || e.status === 503);
    const lost = transport.exchanges.filter((e) => e.status === 504);
    expect(throttled.length).toBeGreaterThan(0);
    expect(waits.filter((w) => w >= 1_000).length).toBeGreaterThan(0);
    expect(waits.filter((w) => w < 1_000).length).toBeLessThanOrEqual(lost.length);

    // Exactly one of each, asked of Graph itself.
    const reader = graphClient({
      graphUrl: sandbox.https!.url,
      token: async () => token,
      transport: new HttpsTransport({ trustedCertificate: sandbox.https!.certificate }),
      retry: defaultRetryPolicy,
    });
    const sentCopies = await reader
      .api(`/users/${mailbox}/mailFolders/sentitems/messages`)
      .filter(
        `singleValueExtendedProperties/any(ep: ep/id eq '${PATHWAYS_KEY_PROPERTY}' and ep/value eq 'briefing-faults')`,
      )
      .top(50)
      .get();
    expect(sentCopies.value).toHaveLength(1);
    // Graph has no event listing in the slice: the sandbox's own view of the calendar.
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      calendars: { userId: string; events: { transactionId: string | null }[] }[];
    };
    const calendar = state.calendars.find((c) => c.userId === mailbox);
    expect(calendar?.events.filter((e) => e.transactionId === 'event-faults')).toHaveLength(1);
    const tasks = await reader.api(`/planner/plans/${SANDBOX_PLANNER.planId}/tasks`).get();
    expect(
      tasks.value.filter((t: { title: string }) => t.title.includes('[BRF-faults]')),
    ).toHaveLength(1);
    // No caller went over a limit the sandbox enforces: every 429 was an injected fault.
    expect(sandbox.limitBreaches()).toEqual([]);
  }, 180_000);
});
