import {
  BUSINESS_UNIT_MAILBOX,
  SANDBOX_PERSONAS,
  startSandbox,
  type SandboxServer,
} from '@pathways/sandbox';
import { graphResources } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { buildMime } from './mime';
import { defaultRetryPolicy } from './retry';

const lead = SANDBOX_PERSONAS[0]!;
const subject =
  'Briefing: learning from “Child Q” — what every practitioner in Stockport’s early help needs to know this quarter';
const name = 'Zoë Ní Bhriain-Ó Súilleabháin, Children’s Services Lead';

describe('Outgoing mail in MIME', () => {
  it('when a subject and a name are long and not ASCII, then every header line stays within 78 characters and plain ASCII', async () => {
    const mime = await buildMime({
      from: { address: BUSINESS_UNIT_MAILBOX.address, name: 'Business Unit' },
      to: [{ address: lead.mail, name }],
      subject,
      text: 'Briefing',
    });
    const head = mime.slice(0, mime.indexOf('\r\n\r\n'));
    for (const line of head.split('\r\n')) {
      expect(line.length).toBeLessThanOrEqual(78);
      expect(line).toMatch(/^[\x20-\x7e]*$/);
    }
  });

  it('when a header is not an x- header or an address is not plain, then nothing is built', async () => {
    const base = { from: { address: BUSINESS_UNIT_MAILBOX.address }, subject, text: 'Briefing' };
    await expect(
      buildMime({ ...base, to: [{ address: lead.mail }], headers: [{ name: 'Bcc', value: 'x' }] }),
    ).rejects.toThrow('Header Bcc must be an x- header with a printable value.');
    await expect(
      buildMime({ ...base, to: [{ address: 'Someone <a@b.example>' }] }),
    ).rejects.toThrow('A recipient address is not a plain address.');
  });

  describe('sent through Graph (the sandbox reads MIME as Exchange does)', () => {
    let sandbox: SandboxServer;
    let token: string;
    beforeAll(async () => {
      sandbox = await startSandbox({ port: 0, httpsPort: 0 });
      const res = await fetch(`${sandbox.url}/${sandbox.tenantId}/oauth2/v2.0/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'pathways-service',
          client_secret: 'local',
          scope: 'https://graph.microsoft.com/.default',
        }),
      });
      token = ((await res.json()) as { access_token: string }).access_token;
    });
    afterAll(() => sandbox.close());

    it('when a briefing with a non-ASCII subject, names and attachment name is sent, then the recipient reads them as written', async () => {
      const transport = new HttpsTransport({ trustedCertificate: sandbox.https!.certificate });
      const client = graphClient({
        graphUrl: sandbox.https!.url,
        token: async () => token,
        transport,
        retry: defaultRetryPolicy,
      });
      try {
        const graph = graphResources(client, defaultRetryPolicy, undefined);
        await graph.mail.send({
          from: BUSINESS_UNIT_MAILBOX.id,
          key: 'mime-non-ascii',
          subject,
          body: { contentType: 'html', content: '<p>Café checks — done</p>' },
          alternativeText: 'Café checks — done',
          to: [{ address: BUSINESS_UNIT_MAILBOX.address, name: 'Business Unit' }],
          bcc: [{ address: lead.mail, name }],
          headers: [{ name: 'x-pathways-briefing', value: 'b-1' }],
          attachments: [
            {
              contentType: 'text/plain',
              filename: 'Réport summary.txt',
              contentBase64: Buffer.from('Résumé').toString('base64'),
            },
          ],
        });
        const inbox = (await client
          .api(`/users/${lead.id}/mailFolders/inbox/messages`)
          .select('subject,body,hasAttachments')
          .get()) as {
          value: { subject: string; body: { content: string }; hasAttachments: boolean }[];
        };
        const copy = inbox.value.find((m) => m.subject === subject);
        expect(copy?.body.content).toContain('Café checks — done');
        expect(copy?.hasAttachments).toBe(true);
        const sent = (await client
          .api(`/users/${BUSINESS_UNIT_MAILBOX.id}/mailFolders/sentitems/messages`)
          .select('subject,bccRecipients')
          .get()) as {
          value: {
            subject: string;
            bccRecipients: { emailAddress: { name?: string; address: string } }[];
          }[];
        };
        expect(sent.value.find((m) => m.subject === subject)?.bccRecipients).toEqual([
          { emailAddress: { name, address: lead.mail } },
        ]);
      } finally {
        transport.close();
      }
    });
  });
});
