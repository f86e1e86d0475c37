import { SANDBOX_CHANNELS, SANDBOX_PERSONAS, SANDBOX_PLANNER, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { withSandbox } from '../test/helpers';
import type { SandboxStateView } from './stateView';

describe('sandbox web page', () => {
  let sandbox: SandboxServer;
  beforeAll(async () => {
    sandbox = await withSandbox();
    await fetch(`${sandbox.url}/v3/conversations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        isGroup: true,
        channelData: { channel: { id: SANDBOX_CHANNELS.engineRoom } },
        activity: {
          type: 'message',
          text: 'Plain <b>text</b> & more',
          from: { id: '28:bot', name: 'Pathways' },
          attachments: [
            {
              contentType: 'application/vnd.microsoft.card.adaptive',
              content: {
                type: 'AdaptiveCard',
                version: '1.5',
                body: [{ type: 'TextBlock', text: 'KLOE "triage"' }],
              },
            },
          ],
        },
      }),
    });
  });
  afterAll(() => sandbox.close());

  it('when the page is opened, then it says it is the local sandbox, with landmarks, headings and lang', async () => {
    const res = await fetch(`${sandbox.url}/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="en-GB">/);
    expect(html).toMatch(/<h1>Pathways sandbox tenant<\/h1>/);
    expect(html).toContain('It is not Microsoft 365');
    for (const landmark of ['<header>', '<nav aria-label=', '<main id="main"', '<footer>']) {
      expect(html).toContain(landmark);
    }
    for (const heading of [
      'HSSCP Partnership',
      'Business Unit channel',
      'Engine Room channel',
      'Mailboxes',
      'Calendars',
      'Planner boards',
    ]) {
      expect(html).toContain(heading);
    }
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('forced-colors: active');
  });

  it('when a post holds text and a card, then the text is escaped and the card is handed to the renderer', async () => {
    const html = await (await fetch(`${sandbox.url}/`)).text();
    expect(html).toContain('Plain &lt;b&gt;text&lt;/b&gt; &amp; more');
    expect(html).not.toContain('<b>text</b>');
    expect(html).toMatch(/data-card="\{&quot;type&quot;:&quot;AdaptiveCard&quot;/);
    expect(html).toContain('<script src="/assets/adaptivecards.min.js"></script>');
  });

  it('when the page asks for the Adaptive Cards renderer, then the server serves it from node_modules', async () => {
    const res = await fetch(`${sandbox.url}/assets/adaptivecards.min.js`);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('AdaptiveCards');
    const script = await fetch(`${sandbox.url}/assets/page.js`);
    expect(script.headers.get('content-type')).toMatch(/javascript/);
  });

  it('when something is posted, then /api/version changes so the page refreshes', async () => {
    const before = (
      (await (await fetch(`${sandbox.url}/api/version`)).json()) as { version: number }
    ).version;
    await fetch(
      `${sandbox.url}/v3/conversations/${encodeURIComponent(SANDBOX_CHANNELS.team)}/activities`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'message', text: 'hello' }),
      },
    );
    const after = (
      (await (await fetch(`${sandbox.url}/api/version`)).json()) as { version: number }
    ).version;
    expect(after).toBeGreaterThan(before);
  });

  it('when /api/state is read, then it lists teams, channels, users, the seeded plan and empty mailboxes and calendars', async () => {
    const view = (await (await fetch(`${sandbox.url}/api/state`)).json()) as SandboxStateView;
    expect(view.teams[0]!.channels.map((c) => c.name)).toEqual([
      'General',
      'Business Unit',
      'Engine Room',
    ]);
    expect(view.users.length).toBeGreaterThan(5);
    expect(view).toMatchObject({ mailboxes: [], calendars: [], activityFeeds: [] });
    // Each partnership's plan (its own board).
    expect(view.plannerBoards.map((b) => b.title)).toEqual([
      'HSSCP Partnership',
      'SSCP Partnership',
      'LSCP Partnership',
    ]);
  });

  it('when mail, a meeting and a Planner task are made through Graph, then the page shows the mailbox, calendars and board', async () => {
    const client = sandboxGraphClient(sandbox, await appToken(sandbox));
    const [sender, recipient] = SANDBOX_PERSONAS;
    await client.api(`/users/${sender!.id}/sendMail`).post({
      message: {
        subject: 'Briefing <note>',
        toRecipients: [{ emailAddress: { address: recipient!.mail } }],
        internetMessageHeaders: [{ name: 'x-pathways-key', value: 'page-1' }],
      },
    });
    await client.api(`/users/${sender!.id}/events`).post({
      subject: 'Active Learning Set',
      isOnlineMeeting: true,
      start: { dateTime: '2031-05-06T10:00:00', timeZone: 'GMT Standard Time' },
      end: { dateTime: '2031-05-06T11:00:00', timeZone: 'GMT Standard Time' },
      attendees: [{ emailAddress: { address: recipient!.mail }, type: 'required' }],
    });
    await client.api('/planner/tasks').post({
      planId: SANDBOX_PLANNER.planId,
      bucketId: SANDBOX_PLANNER.buckets.recommendations,
      title: 'Recommendation for the page',
    });
    const html = await (await fetch(`${sandbox.url}/`)).text();
    const main = html.slice(html.indexOf('<main'), html.indexOf('</main>'));
    const mailboxes = main.slice(main.indexOf('id="mailboxes"'), main.indexOf('id="calendars"'));
    expect(mailboxes).toContain(`${sender!.displayName} (${sender!.mail})`);
    expect(mailboxes).toContain('Sent Items (1)');
    expect(mailboxes).toContain('Inbox (1)');
    expect(mailboxes).toContain('Briefing &lt;note&gt;');
    expect(mailboxes).toContain('<code>x-pathways-key: page-1</code>');
    const calendars = main.slice(main.indexOf('id="calendars"'), main.indexOf('id="planner"'));
    expect(calendars).toContain('Active Learning Set');
    expect(calendars).toContain(`Invited by ${sender!.mail}`);
    expect(calendars).toContain('Join link');
    const planner = main.slice(main.indexOf('id="planner"'), main.indexOf('id="activity"'));
    expect(planner).toContain('HSSCP Partnership');
    expect(planner).toContain('Recommendations (1)');
    expect(planner).toContain('Recommendation for the page');
  });
});
