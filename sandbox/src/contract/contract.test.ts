// Every Graph operation the sandbox serves, driven through the real Graph SDK; every
// request body sent and every response returned must keep to Microsoft's slice.
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import {
  SANDBOX_CHANNELS,
  SANDBOX_PERSONAS,
  SANDBOX_PLANNER,
  SANDBOX_ROLE_GROUPS,
  SANDBOX_TEAM_ID,
  SandboxGraphMiddleware,
  type SandboxServer,
} from '../index';
import { appToken, userGraphToken } from '../test/graphClient';
import { withSandbox } from '../test/helpers';
import { GraphContract, GraphContractRecorder } from './graphContract';

const dana = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;
const billie = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;
const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;

function recordingClient(
  sandbox: SandboxServer,
  token: string,
  recorder: GraphContractRecorder,
): Client {
  return Client.initWithMiddleware({
    baseUrl: `${sandbox.url}/`,
    middleware: [new SandboxGraphMiddleware(async () => token), recorder, new HTTPMessageHandler()],
  });
}

/** Runs a call that is meant to fail, so its error body is recorded too. */
async function failing(call: Promise<unknown>): Promise<void> {
  await expect(call).rejects.toBeDefined();
}

describe('the sandbox keeps to the Microsoft Graph contract', () => {
  const contract = GraphContract.load();
  const recorder = new GraphContractRecorder();
  let sandbox: SandboxServer;

  beforeAll(async () => {
    sandbox = await withSandbox();
    const app = recordingClient(sandbox, await appToken(sandbox), recorder);
    const asDana = recordingClient(sandbox, await userGraphToken(sandbox, dana.id), recorder);
    const asBillie = recordingClient(sandbox, await userGraphToken(sandbox, billie.id), recorder);
    const day = '2031-09-09';
    const header = { name: 'x-pathways-key', value: 'contract-1' };
    const message = {
      subject: 'Briefing note',
      body: { contentType: 'html', content: '<p>Please cascade.</p>' },
      toRecipients: [{ emailAddress: { address: ash.mail, name: ash.displayName } }],
      internetMessageHeaders: [header],
    };

    // Users and groups
    await app.api('/users').top(3).select('id,displayName,companyName').get();
    await app.api('/users').filter(`mail eq '${ash.mail}'`).get();
    await app.api(`/users/${ash.id}`).get();
    await failing(app.api('/users/nobody@partner.example').get());
    await app.api(`/groups/${SANDBOX_ROLE_GROUPS.AgencyLead}/members`).top(5).get();
    await failing(app.api('/groups/00000000-0000-4000-c000-0000000000ff/members').get());

    // Mail
    await app.api(`/users/${billie.id}/sendMail`).post({ message, saveToSentItems: true });
    await failing(
      app.api(`/users/${billie.id}/sendMail`).post({ message: { ...message, toRecipients: [] } }),
    );
    const draft = await app
      .api(`/users/${billie.id}/messages`)
      .post({ ...message, internetMessageHeaders: [{ ...header, value: 'contract-2' }] });
    await app.api(`/users/${billie.id}/messages/${draft.id}`).get();
    await app.api(`/users/${billie.id}/messages/${draft.id}/send`).post({});
    await failing(app.api(`/users/${billie.id}/messages/${draft.id}/send`).post({}));
    await app
      .api(`/users/${billie.id}/mailFolders/SentItems/messages`)
      .filter(
        `singleValueExtendedProperties/any(ep: ep/id eq 'String {00020386-0000-0000-C000-000000000046} Name x-pathways-key' and ep/value eq 'contract-2')`,
      )
      .get();
    await app
      .api(`/users/${ash.id}/messages`)
      .select('subject,internetMessageHeaders')
      .top(5)
      .get();

    // Calendar
    const event = await app.api(`/users/${dana.id}/events`).post({
      subject: 'Rapid Review meeting',
      body: { contentType: 'text', content: 'Agency summaries due.' },
      start: { dateTime: `${day}T10:00:00`, timeZone: 'GMT Standard Time' },
      end: { dateTime: `${day}T11:00:00`, timeZone: 'GMT Standard Time' },
      location: { displayName: 'Online' },
      attendees: [{ emailAddress: { address: billie.mail }, type: 'required' }],
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      transactionId: 'contract-tx-1',
    });
    await app.api(`/users/${dana.id}/events/${event.id}`).get();
    await app
      .api(`/users/${dana.id}/events/${event.id}`)
      .patch({ subject: 'Rapid Review meeting (moved)' });
    await failing(
      app
        .api(`/users/${dana.id}/events/${event.id}`)
        .header('If-Match', event['@odata.etag'])
        .patch({ subject: 'Stale' }),
    );
    await app.api(`/users/${dana.id}/calendar/getSchedule`).post({
      schedules: [dana.mail, billie.mail],
      startTime: { dateTime: `${day}T08:00:00`, timeZone: 'GMT Standard Time' },
      endTime: { dateTime: `${day}T17:00:00`, timeZone: 'GMT Standard Time' },
      availabilityViewInterval: 30,
    });
    await asDana.api(`/users/${dana.id}/findMeetingTimes`).post({
      attendees: [
        { type: 'required', emailAddress: { address: billie.mail, name: billie.displayName } },
      ],
      timeConstraint: {
        activityDomain: 'work',
        timeSlots: [
          {
            start: { dateTime: `${day}T09:00:00`, timeZone: 'GMT Standard Time' },
            end: { dateTime: `${day}T13:00:00`, timeZone: 'GMT Standard Time' },
          },
        ],
      },
      meetingDuration: 'PT1H',
      maxCandidates: 5,
      isOrganizerOptional: false,
      returnSuggestionReasons: true,
      minimumAttendeePercentage: 100,
    });
    await failing(app.api(`/users/${dana.id}/findMeetingTimes`).post({ attendees: [] }));
    await app.api(`/users/${dana.id}/events/${event.id}`).delete();

    // Planner
    const bucket = await app
      .api('/planner/buckets')
      .post({ name: 'Contract bucket', planId: SANDBOX_PLANNER.planId, orderHint: ' !' });
    await app.api(`/planner/plans/${SANDBOX_PLANNER.planId}/buckets`).get();
    const task = await app.api('/planner/tasks').post({
      planId: SANDBOX_PLANNER.planId,
      bucketId: bucket.id,
      title: 'Recommendation: agree the escalation route',
      dueDateTime: `${day}T17:00:00Z`,
      assignments: {
        [dana.id]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
      },
    });
    const read = await app.api(`/planner/tasks/${task.id}`).get();
    await app
      .api(`/planner/tasks/${task.id}`)
      .header('If-Match', read['@odata.etag'])
      .header('Prefer', 'return=representation')
      .patch({ percentComplete: 50 });
    await failing(
      app
        .api(`/planner/tasks/${task.id}`)
        .header('If-Match', read['@odata.etag'])
        .patch({ percentComplete: 100 }),
    );
    const details = await app.api(`/planner/tasks/${task.id}/details`).get();
    await app
      .api(`/planner/tasks/${task.id}/details`)
      .header('If-Match', details['@odata.etag'])
      .header('Prefer', 'return=representation')
      .patch({
        description: 'Created by Pathways.',
        references: {
          'https%3A//pathways%2Eexample/r/1': {
            '@odata.type': 'microsoft.graph.plannerExternalReference',
            alias: 'Pathways',
            type: 'Other',
          },
        },
        checklist: {
          'c0ffee00-0000-4000-8000-000000000001': {
            '@odata.type': 'microsoft.graph.plannerChecklistItem',
            title: 'Tell the agency',
            isChecked: false,
          },
        },
      });
    await app.api(`/planner/plans/${SANDBOX_PLANNER.planId}/tasks`).top(2).get();

    // Teams
    await asBillie
      .api(
        `/teams/${SANDBOX_TEAM_ID}/channels/${encodeURIComponent(SANDBOX_CHANNELS.businessUnit)}/messages`,
      )
      .post({
        body: { contentType: 'html', content: '<p>Briefing note sent to all agency leads.</p>' },
      });
    await failing(
      app
        .api(
          `/teams/${SANDBOX_TEAM_ID}/channels/${encodeURIComponent(SANDBOX_CHANNELS.businessUnit)}/messages`,
        )
        .post({ body: { content: 'x' } }),
    );
    const topic = {
      source: 'entityUrl',
      value: `https://graph.microsoft.com/v1.0/teams/${SANDBOX_TEAM_ID}`,
    };
    await app.api(`/users/${ash.id}/teamwork/sendActivityNotification`).post({
      topic,
      activityType: 'briefingToCascade',
      previewText: { content: 'A briefing note is waiting for you.' },
      templateParameters: [{ name: 'briefingTitle', value: 'Active Learning Set' }],
    });
    await app.api(`/teams/${SANDBOX_TEAM_ID}/sendActivityNotification`).post({
      topic,
      activityType: 'recommendationAssigned',
      previewText: { content: 'A recommendation for your agency.' },
      templateParameters: [{ name: 'reference', value: 'REC-2026-0001' }],
      recipient: {
        '@odata.type': 'microsoft.graph.aadUserNotificationRecipient',
        userId: billie.id,
      },
    });

    // Batch: each inner exchange is checked against its own operation
    await app.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: `/users/${ash.id}` },
        { id: '2', method: 'GET', url: `/planner/tasks/${task.id}` },
        {
          id: '3',
          method: 'POST',
          url: `/users/${billie.id}/sendMail`,
          headers: { 'Content-Type': 'application/json' },
          body: { message },
        },
        { id: '4', method: 'GET', url: '/users/nobody@partner.example' },
      ],
    });
  });
  afterAll(() => sandbox.close());

  it('when the SDK calls every operation, then each request and response validates against its operation', () => {
    expect(recorder.exchanges.length).toBeGreaterThan(30);
    const problems = recorder.exchanges.flatMap((e) => contract.check(e));
    expect(problems).toEqual([]);
  });

  it('when the calls are counted, then every operation in the slice was exercised, with successes and errors', () => {
    const covered = new Set(recorder.exchanges.map((e) => contract.key(e.method, e.url)));
    expect(contract.sliceOperations.filter((op) => !covered.has(op))).toEqual([]);
    expect(recorder.exchanges.some((e) => e.status >= 400)).toBe(true);
  });

  it('when a body breaks the schema, then the check reports it, so the checks above can fail', () => {
    expect(
      contract.check({
        method: 'POST',
        url: `/users/${billie.id}/sendMail`,
        requestBody: { message: { toRecipients: 'everyone' } },
        status: 202,
      }),
    ).not.toEqual([]);
    expect(
      contract.check({
        method: 'GET',
        url: `/users/${ash.id}`,
        status: 404,
        responseBody: { error: { message: 'no code' } },
      }),
    ).not.toEqual([]);
    expect(
      contract.check({
        method: 'POST',
        url: '/planner/tasks',
        status: 201,
        responseBody: { id: 'x', percentComplete: 'half' },
      }),
    ).not.toEqual([]);
  });
});
