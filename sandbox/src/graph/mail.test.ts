import { BUSINESS_UNIT_MAILBOX, SANDBOX_PERSONAS, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient, userGraphToken } from '../test/graphClient';
import { withSandbox } from '../test/helpers';
import { PS_INTERNET_HEADERS } from './mailRouter';

const billie = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;
const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;
const pat = SANDBOX_PERSONAS.find((p) => p.roles.includes('Practitioner'))!;

const byKey = (key: string) =>
  `singleValueExtendedProperties/any(ep: ep/id eq 'String ${PS_INTERNET_HEADERS} Name x-pathways-key' and ep/value eq '${key}')`;

function briefing(key: string, to: string[] = [ash.mail]) {
  return {
    subject: 'Briefing note: Active Learning Set',
    body: { contentType: 'html', content: '<p>Please cascade this briefing.</p>' },
    toRecipients: to.map((address) => ({ emailAddress: { address } })),
    internetMessageHeaders: [{ name: 'x-pathways-key', value: key }],
  };
}

describe('Microsoft Graph mail', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it('when mail is sent with an x- header, then Sent Items holds it, findable by that header, and the recipient receives it', async () => {
    const client = sandboxGraphClient(sandbox, app);
    await client
      .api(`/users/${billie.id}/sendMail`)
      .post({ message: briefing('k-1'), saveToSentItems: true });

    const sent = await client
      .api(`/users/${billie.id}/mailFolders/SentItems/messages`)
      .filter(byKey('k-1'))
      .get();
    expect(sent.value).toHaveLength(1);
    expect(sent.value[0]).toMatchObject({
      subject: 'Briefing note: Active Learning Set',
      isDraft: false,
    });
    expect(sent.value[0]['@odata.etag']).toMatch(/^W\/"/);
    expect(
      (
        await client
          .api(`/users/${billie.id}/mailFolders/SentItems/messages`)
          .filter(byKey('k-2'))
          .get()
      ).value,
    ).toEqual([]);

    const inbox = await client
      .api(`/users/${ash.id}/mailFolders/Inbox/messages`)
      .filter(byKey('k-1'))
      .select('subject,internetMessageHeaders,isRead')
      .get();
    expect(inbox.value).toHaveLength(1);
    expect(inbox.value[0].isRead).toBe(false);
    expect(inbox.value[0].internetMessageHeaders).toEqual(
      expect.arrayContaining([{ name: 'x-pathways-key', value: 'k-1' }]),
    );
  });

  it('when a draft carrying our key is sent, then it leaves Drafts, Sent Items has it once, and sending it again is 404', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const draft = await client.api(`/users/${billie.id}/messages`).post(briefing('k-draft'));
    expect(draft).toMatchObject({ isDraft: true, subject: 'Briefing note: Active Learning Set' });
    expect(draft.internetMessageHeaders).toBeUndefined(); // returned only with $select

    await client.api(`/users/${billie.id}/messages/${draft.id}/send`).post(null);
    await expect(
      client.api(`/users/${billie.id}/messages/${draft.id}/send`).post(null),
    ).rejects.toMatchObject({
      statusCode: 404,
      code: 'ErrorItemNotFound',
    });
    const sent = await client
      .api(`/users/${billie.id}/mailFolders/sentitems/messages`)
      .filter(byKey('k-draft'))
      .expand(
        `singleValueExtendedProperties($filter=id eq 'String ${PS_INTERNET_HEADERS} Name x-pathways-key')`,
      )
      .get();
    expect(sent.value).toHaveLength(1);
    expect(sent.value[0].id).not.toBe(draft.id);
    expect(sent.value[0].singleValueExtendedProperties).toEqual([
      { id: `String ${PS_INTERNET_HEADERS} Name x-pathways-key`, value: 'k-draft' },
    ]);
    const drafts = await client.api(`/users/${billie.id}/mailFolders/Drafts/messages`).get();
    expect(drafts.value.map((m: { id: string }) => m.id)).not.toContain(draft.id);
  });

  it('when a header does not start with x- or there are more than five, then Graph answers 400', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const bad = {
      ...briefing('k'),
      internetMessageHeaders: [{ name: 'Pathways-Key', value: 'k' }],
    };
    await expect(
      client.api(`/users/${billie.id}/sendMail`).post({ message: bad }),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidInternetMessageHeader',
    });
    const many = {
      ...briefing('k'),
      internetMessageHeaders: [1, 2, 3, 4, 5, 6].map((n) => ({ name: `x-h${n}`, value: 'v' })),
    };
    await expect(client.api(`/users/${billie.id}/messages`).post(many)).rejects.toMatchObject({
      statusCode: 400,
      code: 'InvalidInternetMessageHeaderCollection',
    });
  });

  it('when a message has no recipients or more than 500, then it is refused and nothing is sent', async () => {
    const client = sandboxGraphClient(sandbox, app);
    await expect(
      client
        .api(`/users/${pat.id}/sendMail`)
        .post({ message: { ...briefing('none'), toRecipients: [] } }),
    ).rejects.toMatchObject({ statusCode: 400, code: 'ErrorInvalidRecipients' });
    const many = Array.from({ length: 501 }, (_, i) => `person${i}@partner.example`);
    await expect(
      client.api(`/users/${pat.id}/sendMail`).post({ message: briefing('too-many', many) }),
    ).rejects.toMatchObject({ statusCode: 400 });
    const sent = await client.api(`/users/${pat.id}/mailFolders/SentItems/messages`).get();
    expect(sent.value).toEqual([]);
  });

  it('when a mailbox sends a 31st message within a minute, then it gets 429 with Retry-After', async () => {
    const client = sandboxGraphClient(sandbox, app, { retry: false });
    const sender = SANDBOX_PERSONAS.find((p) => p.roles.includes('Executive'))!;
    for (let i = 0; i < 30; i++) {
      await client.api(`/users/${sender.id}/sendMail`).post({ message: briefing(`rate-${i}`) });
    }
    const res = await fetch(`${sandbox.url}/v1.0/users/${sender.id}/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message: briefing('rate-30') }),
    });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await res.json()).toMatchObject({ error: { code: 'ApplicationThrottled' } });
  });

  it("when a signed-in user opens someone else's mailbox, then it is 403; Business Unit staff may use the shared mailbox", async () => {
    const patClient = sandboxGraphClient(sandbox, await userGraphToken(sandbox, pat.id));
    await expect(patClient.api(`/users/${billie.id}/messages`).get()).rejects.toMatchObject({
      statusCode: 403,
      code: 'ErrorAccessDenied',
    });
    await expect(
      patClient.api(`/users/${BUSINESS_UNIT_MAILBOX.id}/messages`).get(),
    ).rejects.toMatchObject({
      statusCode: 403,
    });
    const billieClient = sandboxGraphClient(sandbox, await userGraphToken(sandbox, billie.id));
    await billieClient
      .api(`/users/${BUSINESS_UNIT_MAILBOX.id}/sendMail`)
      .post({ message: briefing('shared') });
    const sent = await billieClient
      .api(`/users/${BUSINESS_UNIT_MAILBOX.address}/mailFolders/SentItems/messages`)
      .filter(byKey('shared'))
      .get();
    expect(sent.value[0].from.emailAddress.address).toBe(BUSINESS_UNIT_MAILBOX.address);
  });

  it('when messages are listed with $top, then @odata.nextLink pages through them with $skip', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const sender = SANDBOX_PERSONAS.find((p) => p.roles.includes('Administrator'))!;
    for (let i = 0; i < 5; i++) {
      await client.api(`/users/${sender.id}/sendMail`).post({ message: briefing(`page-${i}`) });
    }
    const first = await client
      .api(`/users/${sender.id}/mailFolders/SentItems/messages`)
      .top(2)
      .get();
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toContain('%24skip=2');
    const all = await client
      .api(`/users/${sender.id}/mailFolders/SentItems/messages`)
      .top(10)
      .get();
    expect(all.value).toHaveLength(5);
  });

  it('when a filter Graph cannot run is asked for, such as on internetMessageHeaders, then it is 400', async () => {
    const client = sandboxGraphClient(sandbox, app);
    await expect(
      client
        .api(`/users/${billie.id}/messages`)
        .filter("internetMessageHeaders/any(h: h/name eq 'x-pathways-key')")
        .get(),
    ).rejects.toMatchObject({ statusCode: 400 });
  });
});
