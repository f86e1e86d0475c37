import {
  SANDBOX_PERSONAS,
  SANDBOX_ROLE_GROUPS,
  startSandbox,
  type SandboxServer,
} from '@pathways/sandbox';
import { loadConfig } from '../config/config';
import { SANDBOX_CLIENT_ID } from '../service';
import { createGraphGateway, graphResources, graphSettings } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { PATHWAYS_KEY_PROPERTY } from './mail';
import { defaultRetryPolicy } from './retry';
import { GraphContract } from './test-support/graph-contract';
import { startScriptedGraph, type RecordedRequest } from './test-support/scripted-graph-server';

interface Sent {
  method: string;
  url: string;
  body: unknown;
}

/** Records every request at the wire, as the gateway sends it. */
class RecordingTransport extends HttpsTransport {
  readonly sent: Sent[] = [];
  override send(url: string, init: Parameters<HttpsTransport['send']>[1] = {}) {
    if (new URL(url).pathname.startsWith('/v1.0/')) {
      this.sent.push({
        method: init.method ?? 'GET',
        url,
        body: init.body ? (JSON.parse(init.body) as unknown) : undefined,
      });
    }
    return super.send(url, init);
  }
}

/** Plausible Graph answers, enough for every gateway operation to run to its end. */
function plausibleGraph(r: RecordedRequest) {
  const path = decodeURIComponent(r.path.split('?')[0] ?? '');
  const body = (r.body ?? {}) as Record<string, unknown>;
  const event = { id: 'e1', changeKey: 'ck1', subject: 's', start: body.start, end: body.end };
  if (path === '/v1.0/$batch') {
    const requests = (body.requests ?? []) as { id: string }[];
    return {
      status: 200,
      body: { responses: requests.map((q) => ({ id: q.id, status: 200, body: {} })) },
    };
  }
  if (path.endsWith('/mailFolders/sentitems/messages')) {
    return { status: 200, body: { value: sentKeys.has(path) ? [{ id: 'sent-1' }] : [] } };
  }
  if (path.endsWith('/mailFolders/drafts/messages')) return { status: 200, body: { value: [] } };
  if (r.method === 'POST' && path.endsWith('/messages'))
    return { status: 201, body: { id: 'draft-1' } };
  if (path.endsWith('/send')) {
    sentKeys.add(path.replace(/\/messages\/draft-1\/send$/, '/mailFolders/sentitems/messages'));
    return { status: 202 };
  }
  if (path.includes('/events')) {
    return r.method === 'DELETE'
      ? { status: 204 }
      : { status: r.method === 'POST' ? 201 : 200, body: event };
  }
  if (path.endsWith('/getSchedule')) return { status: 200, body: { value: [] } };
  if (path.endsWith('/findMeetingTimes'))
    return { status: 200, body: { meetingTimeSuggestions: [] } };
  if (path.endsWith('/tasks') && r.method === 'GET') return { status: 200, body: { value: [] } };
  if (path.endsWith('/details')) {
    return r.method === 'GET'
      ? { status: 200, body: { '@odata.etag': 'W/"d1"', description: '' } }
      : { status: 204 };
  }
  if (path.startsWith('/v1.0/planner/tasks')) {
    return {
      status: r.method === 'POST' ? 201 : 200,
      body: { id: 't1', planId: 'p1', title: 'x', '@odata.etag': 'W/"2"' },
    };
  }
  if (path.endsWith('/sendActivityNotification')) return { status: 204 };
  return { status: 404, body: { error: { code: 'NotFound' } } };
}
const sentKeys = new Set<string>();

const contract = new GraphContract();
const violations = (sent: Sent[]) => sent.flatMap((s) => contract.check(s.method, s.url, s.body));
const london = (dateTime: string) => ({ dateTime, timeZone: 'Europe/London' });

describe('Graph contract: every request the gateway sends validates against the slice', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, httpsPort: 0 });
  });
  afterAll(() => sandbox.close());

  it('when users, groups and people are read from the sandbox, then each request is a slice operation', async () => {
    const gateway = createGraphGateway(
      graphSettings(loadConfig({}), {
        tenantId: sandbox.tenantId,
        https: sandbox.https!,
        clientId: SANDBOX_CLIENT_ID,
        roleGroups: SANDBOX_ROLE_GROUPS,
      }),
    );
    // The gateway's own transport is internal: record by reading through a twin client.
    const transport = new RecordingTransport({ trustedCertificate: sandbox.https!.certificate });
    const token = await (async () => {
      const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: SANDBOX_CLIENT_ID,
          client_secret: 'local',
          scope: 'https://graph.microsoft.com/.default',
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    })();
    const graph = graphResources(
      graphClient({
        graphUrl: sandbox.https!.url,
        token: async () => token,
        transport,
        retry: defaultRetryPolicy,
      }),
      defaultRetryPolicy,
    );
    const persona = SANDBOX_PERSONAS[0]!;
    expect(await graph.users.getUser(persona.id)).toBeDefined();
    expect(
      (await graph.users.groupMemberIds(SANDBOX_ROLE_GROUPS.Practitioner)).length,
    ).toBeGreaterThan(0);
    expect(await gateway.people.profile(persona.id)).toBeDefined();
    expect(transport.sent.map((s) => s.method)).toEqual(['GET', 'GET']);
    expect(violations(transport.sent)).toEqual([]);
    transport.close();
    gateway.close();
  });

  it('when mail, calendar, Planner, activity and batch operations run, then every request body validates', async () => {
    const server = await startScriptedGraph(plausibleGraph);
    const transport = new RecordingTransport({ trustedCertificate: server.certificate });
    const graph = graphResources(
      graphClient({
        graphUrl: server.url,
        token: async () => 't',
        transport,
        retry: defaultRetryPolicy,
      }),
      defaultRetryPolicy,
    );
    await graph.mail.send({
      from: 'business-unit@hsscp.example',
      key: 'briefing-1:agency-7',
      subject: 'Briefing note: learning from a rapid review',
      body: { contentType: 'html', content: '<p>What we learnt.</p>' },
      to: [{ address: 'lead@agency.example', name: 'Agency lead' }],
      cc: [{ address: 'bu@hsscp.example' }],
    });
    const meeting = {
      subject: 'Active Learning Set',
      body: { contentType: 'text' as const, content: 'Agenda to follow.' },
      start: london('2026-03-02T10:00:00'),
      end: london('2026-03-02T12:00:00'),
      location: 'Civic Centre',
      attendees: [{ address: 'lead@agency.example', name: 'Agency lead' }],
      isOnlineMeeting: true,
    };
    await graph.calendar.createEvent('business-unit@hsscp.example', meeting, 'effect-1');
    await graph.calendar.getEvent('business-unit@hsscp.example', 'e1');
    await graph.calendar.updateEvent(
      'business-unit@hsscp.example',
      'e1',
      { location: 'Town Hall' },
      'ck1',
    );
    await graph.calendar.deleteEvent('business-unit@hsscp.example', 'e1');
    await graph.calendar.getSchedule('business-unit@hsscp.example', ['lead@agency.example'], {
      start: london('2026-03-02T09:00:00'),
      end: london('2026-03-02T17:00:00'),
    });
    await graph.calendar.findMeetingTimes('business-unit@hsscp.example', {
      attendees: [{ emailAddress: { address: 'lead@agency.example' }, type: 'required' }],
      meetingDuration: 'PT1H',
      maxCandidates: 5,
    });
    await graph.planner.createTask({
      planId: 'p1',
      bucketId: 'b1',
      title: 'Cascade the briefing note',
      marker: 'BRF-2026-0001',
      assigneeIds: ['00000000-0000-4000-8000-000000000005'],
      dueDateTime: '2026-03-16T17:00:00Z',
      description: 'Report back what changed.',
    });
    await graph.planner.updateTask('t1', 'W/"2"', { percentComplete: 50 });
    await graph.activity.notifyUser('00000000-0000-4000-8000-000000000005', {
      activityType: 'briefingToCascade',
      previewText: 'A briefing note is ready to cascade.',
      topic: {
        source: 'text',
        value: 'Briefing note',
        webUrl: 'https://teams.microsoft.com/l/entity/x',
      },
      templateParameters: [{ name: 'reference', value: 'BRF-2026-0001' }],
    });
    await graph.batch([
      { id: '1', method: 'GET', url: '/users/00000000-0000-4000-8000-000000000005' },
      {
        id: '2',
        method: 'PATCH',
        url: '/planner/tasks/t1',
        body: { percentComplete: 100 },
        headers: { 'If-Match': 'W/"3"' },
      },
    ]);

    expect(transport.sent.length).toBeGreaterThan(15);
    expect(violations(transport.sent)).toEqual([]);
    // Allowed beyond the lean slice: the message's extended properties (a navigation property).
    const unlisted = transport.sent.flatMap((s) => contract.unlisted(s.method, s.url, s.body));
    expect([...new Set(unlisted)]).toEqual(['singleValueExtendedProperties']);
    const draft = transport.sent.find((s) => s.method === 'POST' && s.url.endsWith('/messages'));
    expect(JSON.stringify(draft?.body)).toContain(PATHWAYS_KEY_PROPERTY);
    transport.close();
    await server.close();
  });

  it('when a body breaks the schema, then the contract check says where (the check can fail)', () => {
    expect(
      contract.check('POST', 'https://graph.microsoft.com/v1.0/users/u/events', {
        subject: 'x',
        start: '2026-03-02T10:00:00',
      }),
    ).toContainEqual(expect.objectContaining({ problem: '/start must be object' }));
    expect(contract.check('POST', 'https://graph.microsoft.com/v1.0/users/u/sendMail', {})).toEqual(
      [],
    );
    expect(contract.check('PUT', 'https://graph.microsoft.com/v1.0/users/u', {})).toEqual([
      expect.objectContaining({ problem: 'no such operation in the Graph slice' }),
    ]);
  });
});
