import { OfficeMockObject } from 'office-addin-mock';
// The service the pane talks to, started as in the service's own component tests.
import { startHarness, type Harness } from '../../../bot/src/test-support/harness';
import { kloePrefillRequest, readOpenedEmail, type OfficeApi } from './mailbox';

let h: Harness;
const logLines: string[] = [];

beforeAll(async () => {
  h = await startHarness({}, { logLines });
}, 240_000);
afterAll(async () => {
  await h.close();
});

/** Outlook with an ordinary email open (no Pathways header), as office-addin-mock builds it. */
function outlookWith(subject: string, body: string): OfficeApi {
  return new OfficeMockObject({
    host: 'outlook',
    AsyncResultStatus: { Succeeded: 'succeeded', Failed: 'failed' },
    CoercionType: { Text: 'text', Html: 'html' },
    context: {
      requirements: { isSetSupported: (name: string) => name === 'Mailbox' },
      mailbox: {
        item: {
          subject,
          from: { displayName: 'Sam Sender', emailAddress: 'sam.sender@example.org' },
          getAllInternetHeadersAsync: (callback: (r: object) => void) =>
            callback({ status: 'succeeded', value: 'Subject: x\r\n' }),
          body: {
            getAsync: (_coercion: string, callback: (r: object) => void) =>
              callback({ status: 'succeeded', value: body }),
          },
        },
      },
    },
  }) as unknown as OfficeApi;
}

async function prefillFrom(subject: string, body: string) {
  const opened = await readOpenedEmail(outlookWith(subject, body));
  if (opened.kind !== 'email') throw new Error(`expected an email, got ${opened.kind}`);
  const res = await h.api(
    h.persona('AgencyLead'),
    'POST',
    '/api/kloes/from-email',
    kloePrefillRequest(opened),
  );
  expect(res.status).toBe(200);
  return res.body as { values: Record<string, string>; removed: string[]; notices: string[] };
}

describe('raising a KLOE from an email in Outlook: the pre-fill', () => {
  it('when the email names a child with a school year, date of birth and address, then the pre-fill keeps no part of the name, and the log holds none of it', async () => {
    const prefill = await prefillFrom(
      'RE: Tom Brown',
      'Tom Brown (Year 9, DOB 02/03/2012) of 4 Park Road was not seen by school for a month.\r\n\r\nKind regards,\r\nSam Sender',
    );
    expect(prefill.values.subject).toBe('[name removed]');
    expect(prefill.values.details).toBe(
      '[name removed] (Year 9, [date of birth removed]) of [address removed] was not seen by school for a month.',
    );
    expect(prefill.removed).toEqual(['name', 'date-of-birth', 'address']);
    expect(JSON.stringify(prefill)).not.toMatch(/Tom|Brown|Park Road|2012|Sam/);
    const log = logLines.join('\n');
    expect(logLines.length).toBeGreaterThan(0); // the service's log is captured
    expect(log).not.toMatch(/Tom|Park Road|02\/03\/2012/);
  });

  it.each([
    ['Jordan Price, aged 6, was left with a neighbour overnight.', '[name removed], aged 6,'],
    ['Nobody told us his sister Chloe, 10, stopped attending.', 'his sister [name removed], 10,'],
    ['Maisie was seen by the health visitor but not referred.', '[name removed] was seen by'],
  ])(
    'when the email names a child by first name with an age or context ("%s"), then the name is taken out and marked',
    async (body, kept) => {
      const prefill = await prefillFrom('Concern', body);
      expect(prefill.values.details).toContain(kept);
      expect(prefill.removed).toEqual(['name']);
      expect(prefill.notices[0]).toMatch(/^Pathways took out a person\u2019s name/);
    },
  );

  it('when the email is about a system, then it is copied as written', async () => {
    const body = 'Core Group Meeting of 14/05/2025 was cancelled; Alice House was not told.';
    const prefill = await prefillFrom('Core groups', body);
    expect(prefill.values.details).toBe(body);
    expect(prefill.removed).toEqual([]);
  });
});
