import { SANDBOX_CHANNELS, SANDBOX_PERSONAS, SANDBOX_TEAM_ID, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient, userGraphToken } from '../test/graphClient';
import { withSandbox } from '../test/helpers';
import type { SandboxStateView } from '../view/stateView';

const billie = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;
const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;

async function state(sandbox: SandboxServer): Promise<SandboxStateView> {
  return (await (await fetch(`${sandbox.url}/api/state`)).json()) as SandboxStateView;
}

describe('Microsoft Graph Teams: channel messages and activity feed', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it('when a signed-in member posts to a channel, then the message is in that channel; app-only posting is refused', async () => {
    const client = sandboxGraphClient(sandbox, await userGraphToken(sandbox, billie.id));
    const path = `/teams/${SANDBOX_TEAM_ID}/channels/${encodeURIComponent(SANDBOX_CHANNELS.businessUnit)}/messages`;
    const message = await client.api(path).post({
      subject: 'Briefing note sent',
      body: {
        contentType: 'html',
        content: '<p>The briefing note went to <b>all agency leads</b>.</p>',
      },
    });
    expect(message).toMatchObject({
      messageType: 'message',
      channelIdentity: { teamId: SANDBOX_TEAM_ID, channelId: SANDBOX_CHANNELS.businessUnit },
      from: { user: { id: billie.id } },
    });
    const channel = (await state(sandbox)).teams[0]!.channels.find(
      (c) => c.id === SANDBOX_CHANNELS.businessUnit,
    )!;
    expect(channel.threads.map((t) => t.root.text)).toContain(
      'The briefing note went to all agency leads .',
    );

    await expect(
      sandboxGraphClient(sandbox, app)
        .api(path)
        .post({ body: { content: 'hello' } }),
    ).rejects.toMatchObject({
      statusCode: 401,
    });
  });

  it('when activity notifications go to a user and to the team, then each recipient has them in their feed', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const topic = {
      source: 'entityUrl',
      value: `https://graph.microsoft.com/v1.0/users/${ash.id}/teamwork/installedApps/x`,
    };
    await client.api(`/users/${ash.id}/teamwork/sendActivityNotification`).post({
      topic,
      activityType: 'briefingToCascade',
      previewText: { content: 'A briefing note is waiting for you to cascade.' },
      templateParameters: [{ name: 'briefingTitle', value: 'Active Learning Set' }],
    });
    await client.api(`/teams/${SANDBOX_TEAM_ID}/sendActivityNotification`).post({
      topic: {
        source: 'entityUrl',
        value: `https://graph.microsoft.com/v1.0/teams/${SANDBOX_TEAM_ID}`,
      },
      activityType: 'recommendationAssigned',
      previewText: { content: 'A recommendation for your agency.' },
      templateParameters: [{ name: 'reference', value: 'REC-2026-0001' }],
      recipient: {
        '@odata.type': 'microsoft.graph.teamMembersNotificationRecipient',
        teamId: SANDBOX_TEAM_ID,
      },
    });
    const feeds = (await state(sandbox)).activityFeeds;
    expect(
      feeds.find((f) => f.userId === ash.id)!.notifications.map((n) => n.activityType),
    ).toEqual(['briefingToCascade', 'recommendationAssigned']);
    expect(
      feeds.find((f) => f.userId === billie.id)!.notifications.map((n) => n.activityType),
    ).toEqual(['recommendationAssigned']);
  });

  it('when a notification has no valid topic or too long a preview, then Graph answers 400', async () => {
    const client = sandboxGraphClient(sandbox, app);
    await expect(
      client
        .api(`/users/${ash.id}/teamwork/sendActivityNotification`)
        .post({ activityType: 'x', topic: { source: 'nowhere' } }),
    ).rejects.toMatchObject({ statusCode: 400 });
    await expect(
      client.api(`/users/${ash.id}/teamwork/sendActivityNotification`).post({
        activityType: 'briefingToCascade',
        topic: {
          source: 'text',
          value: 'Briefing',
          webUrl: 'https://teams.microsoft.com/l/entity/x',
        },
        previewText: { content: 'x'.repeat(151) },
        templateParameters: [{ name: 'briefingTitle', value: 'Neglect' }],
      }),
    ).rejects.toMatchObject({ statusCode: 400, message: expect.stringContaining('previewText') });
  });

  it('when the activity type is not in the app manifest or a template parameter is missing, then Graph answers 400 and nothing reaches the feed', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const before = (await state(sandbox)).activityFeeds.flatMap((f) => f.notifications).length;
    const topic = {
      source: 'text',
      value: 'Briefing',
      webUrl: 'https://teams.microsoft.com/l/entity/x',
    };
    await expect(
      client.api(`/users/${ash.id}/teamwork/sendActivityNotification`).post({
        activityType: 'kloeRaised',
        topic,
        templateParameters: [{ name: 'briefingTitle', value: 'Neglect' }],
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining("'kloeRaised' is not declared in the app manifest"),
    });
    await expect(
      client.api(`/users/${ash.id}/teamwork/sendActivityNotification`).post({
        activityType: 'briefingReminder',
        topic,
        templateParameters: [{ name: 'title', value: 'Neglect' }],
      }),
    ).rejects.toMatchObject({
      statusCode: 400,
      message: expect.stringContaining('must supply briefingTitle'),
    });
    const after = (await state(sandbox)).activityFeeds.flatMap((f) => f.notifications).length;
    expect(after).toBe(before);
  });
});
