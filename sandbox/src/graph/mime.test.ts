import {
  BUSINESS_UNIT_MAILBOX,
  SANDBOX_AGENCY_LEAD_GROUPS,
  SANDBOX_PERSONAS,
  type SandboxServer,
} from '../index';
import {
  agencyLeadGroups,
  agencyOfOrganisation,
  loadPartnership,
  partnershipIds,
} from '@pathways/core';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { withSandbox } from '../test/helpers';

const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;
const pat = SANDBOX_PERSONAS.find((p) => p.roles.includes('Practitioner'))!;
const OWN_KEY = 'String {7d3b8f52-54a4-4c43-9d1e-6a1a4f0c2b91} Name PathwaysKey';
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

function mimeMessage(key: string): string {
  return [
    'MIME-Version: 1.0',
    `From: HSSCP Business Unit <${BUSINESS_UNIT_MAILBOX.address}>`,
    `To: HSSCP Business Unit <${BUSINESS_UNIT_MAILBOX.address}>`,
    `Bcc: =?UTF-8?B?${b64('Ash Agency Lead')}?= <${ash.mail}>,`,
    ` ${pat.mail}`,
    `Subject: =?UTF-8?B?${b64('Briefing note: what we learnt')}?=`,
    `x-pathways-key: ${key}`,
    'x-pathways-briefing: 7f1c',
    'Content-Type: multipart/mixed; boundary="m1"',
    '',
    '--m1',
    'Content-Type: multipart/alternative; boundary="a1"',
    '',
    '--a1',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64('Plain words for every reader.'),
    '--a1',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: base64',
    '',
    b64('<p>Plain words for every reader.</p>'),
    '--a1--',
    '--m1',
    'Content-Type: text/html; charset=utf-8; name="large-print.html"',
    'Content-Disposition: attachment; filename="large-print.html"',
    'Content-Transfer-Encoding: base64',
    '',
    b64('<p style="font-size:18pt">Plain words.</p>'),
    '--m1--',
    '',
  ].join('\r\n');
}

describe('Mail drafted in MIME format', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  async function mimeDraft(key: string): Promise<string> {
    const res = await fetch(`${sandbox.url}/v1.0/users/${BUSINESS_UNIT_MAILBOX.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app}`, 'content-type': 'text/plain' },
      body: b64(mimeMessage(key)),
    });
    expect(res.status).toBe(201);
    return ((await res.json()) as { id: string }).id;
  }

  it('when a MIME draft with Bcc and x- headers is marked and sent, then each Bcc recipient gets both parts and the header, never the Bcc list', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const id = await mimeDraft('mime-1');
    const draft = await client.api(`/users/${BUSINESS_UNIT_MAILBOX.id}/messages/${id}`).get();
    expect(draft).toMatchObject({
      subject: 'Briefing note: what we learnt',
      body: { contentType: 'html', content: '<p>Plain words for every reader.</p>' },
      hasAttachments: true,
      isDraft: true,
    });
    expect(
      draft.bccRecipients.map((r: { emailAddress: { address: string } }) => r.emailAddress.address),
    ).toEqual([ash.mail, pat.mail]);
    await client
      .api(`/users/${BUSINESS_UNIT_MAILBOX.id}/messages/${id}`)
      .patch({ singleValueExtendedProperties: [{ id: OWN_KEY, value: 'mime-1' }] });
    await client.api(`/users/${BUSINESS_UNIT_MAILBOX.id}/messages/${id}/send`).post(null);

    const sent = await client
      .api(`/users/${BUSINESS_UNIT_MAILBOX.id}/mailFolders/sentitems/messages`)
      .filter(
        `singleValueExtendedProperties/any(ep: ep/id eq '${OWN_KEY}' and ep/value eq 'mime-1')`,
      )
      .get();
    expect(sent.value).toHaveLength(1);

    const inbox = await client
      .api(`/users/${pat.id}/mailFolders/inbox/messages`)
      .select('id,subject,internetMessageHeaders,bccRecipients')
      .get();
    const received = inbox.value.find(
      (m: { subject: string }) => m.subject === 'Briefing note: what we learnt',
    );
    expect(received.internetMessageHeaders).toEqual(
      expect.arrayContaining([{ name: 'x-pathways-briefing', value: '7f1c' }]),
    );
    expect(received.bccRecipients).toEqual([]);
    const res = await fetch(`${sandbox.url}/v1.0/users/${pat.id}/messages/${received.id}/$value`, {
      headers: { authorization: `Bearer ${app}` },
    });
    const mime = await res.text();
    expect(mime).toContain('Content-Type: text/plain; charset=utf-8');
    expect(mime).toContain('Content-Type: text/html; charset=utf-8');
    expect(mime).toContain('x-pathways-briefing: 7f1c');
    expect(mime).not.toMatch(/^Bcc:/im);
    expect(mime).not.toContain(ash.mail);
  });

  it('when MIME content cannot be read, then the draft is refused with 400', async () => {
    const res = await fetch(`${sandbox.url}/v1.0/users/${BUSINESS_UNIT_MAILBOX.id}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app}`, 'content-type': 'text/plain' },
      body: b64('no headers here at all'),
    });
    expect(res.status).toBe(400);
  });
});

describe('Limits the sandbox records against its caller', () => {
  it('when a caller sends a 31st message in a minute from one mailbox, then it is refused and the breach is recorded for that caller', async () => {
    const sandbox = await withSandbox();
    const app = await appToken(sandbox);
    const client = sandboxGraphClient(sandbox, app);
    expect(sandbox.limitBreaches()).toEqual([]);
    const message = {
      subject: 'x',
      body: { contentType: 'text', content: 'x' },
      toRecipients: [{ emailAddress: { address: ash.mail } }],
    };
    for (let i = 0; i < 30; i += 1) {
      await client.api(`/users/${BUSINESS_UNIT_MAILBOX.id}/sendMail`).post({ message });
    }
    expect(sandbox.limitBreaches()).toEqual([]);
    const res = await fetch(`${sandbox.url}/v1.0/users/${BUSINESS_UNIT_MAILBOX.id}/sendMail`, {
      method: 'POST',
      headers: { authorization: `Bearer ${app}`, 'content-type': 'application/json' },
      body: JSON.stringify({ message }),
    });
    expect(res.status).toBe(429);
    expect(sandbox.limitBreaches()).toEqual([
      expect.objectContaining({ limit: 'messages-per-minute', scope: BUSINESS_UNIT_MAILBOX.id }),
    ]);
    await sandbox.close();
  });
});

describe('Circulation lists', () => {
  it('when the tenant starts, then every configured partnership’s agency leads groups hold leads of that agency', async () => {
    const sandbox = await withSandbox({ leadsPerAgency: 3 });
    const client = sandboxGraphClient(sandbox, await appToken(sandbox));
    expect(new Set(SANDBOX_AGENCY_LEAD_GROUPS.map((g) => g.partnershipId))).toEqual(
      new Set(partnershipIds()),
    );
    for (const { partnershipId, agency, groupId } of SANDBOX_AGENCY_LEAD_GROUPS) {
      const partnership = loadPartnership(partnershipId);
      const members = await client
        .api(`/groups/${groupId}/members`)
        .select('id,companyName,mail')
        .get();
      expect(members.value.length).toBeGreaterThanOrEqual(3);
      // Each member's organisation, as the directory has it, is the agency or a former name.
      for (const m of members.value)
        expect({ groupId, agency: agencyOfOrganisation(partnership, m.companyName)?.name }).toEqual(
          { groupId, agency },
        );
    }
    await sandbox.close();
  });

  it('when each partnership is configured, then its circulation list names the tenant’s groups', () => {
    const configured = partnershipIds().flatMap((id) =>
      agencyLeadGroups(loadPartnership(id)).map((g) => ({ partnershipId: id, ...g })),
    );
    const byId = (a: { groupId: string }, b: { groupId: string }) =>
      a.groupId.localeCompare(b.groupId);
    expect([...configured].sort(byId)).toEqual([...SANDBOX_AGENCY_LEAD_GROUPS].sort(byId));
  });
});
