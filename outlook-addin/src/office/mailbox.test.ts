import { OfficeMockObject } from 'office-addin-mock';
import {
  briefingIdFrom,
  briefingIdFromAddress,
  nominationIdFrom,
  nominationIdFromAddress,
  onItemChanged,
  parseInternetHeaders,
  readOpenedEmail,
  type OfficeApi,
} from './mailbox';

const briefingId = '3f2b6c1e-8d4a-4f7e-9b2c-1a2b3c4d5e6f';
const setId = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

const succeeded = 'succeeded';

/** Outlook's mailbox as office-addin-mock builds it, with an email open. */
function outlook(options: {
  headers?: string;
  body?: string;
  subject?: string;
  from?: { displayName: string; emailAddress: string } | null;
  sets?: string[];
  noItem?: boolean;
  headersFail?: boolean;
}) {
  const supported = new Set(options.sets ?? ['1.1', '1.3', '1.5', '1.8']);
  const calls: string[] = [];
  const handlers: { type: string; handler: () => void }[] = [];
  const data = {
    host: 'outlook',
    AsyncResultStatus: { Succeeded: succeeded, Failed: 'failed' },
    CoercionType: { Text: 'text', Html: 'html' },
    EventType: { ItemChanged: 'olkItemSelectedChanged' },
    context: {
      requirements: {
        isSetSupported: (name: string, version: string) =>
          name === 'Mailbox' && supported.has(version),
      },
      mailbox: {
        addHandlerAsync: (type: string, handler: () => void) => handlers.push({ type, handler }),
        item: {
          subject: options.subject ?? 'A subject',
          from: options.from ?? { displayName: 'Sam Sender', emailAddress: 'sam@example.org' },
          getAllInternetHeadersAsync: (callback: (r: object) => void) => {
            calls.push('headers');
            callback(
              options.headersFail
                ? { status: 'failed', error: { message: 'The item is not available.' } }
                : { status: succeeded, value: options.headers ?? '' },
            );
          },
          body: {
            getAsync: (coercion: string, callback: (r: object) => void) => {
              calls.push(`body:${coercion}`);
              callback({ status: succeeded, value: options.body ?? '' });
            },
          },
        },
      },
    },
  };
  const built = new OfficeMockObject(data);
  // The mock's data cannot hold null: set it afterwards, as Outlook gives it.
  type Settable = { setValue(name: string, value: unknown): void };
  const mailbox = (built as unknown as { context: { mailbox: Settable & { item: Settable } } })
    .context.mailbox;
  if (options.from === null) mailbox.item.setValue('from', null);
  if (options.noItem) mailbox.setValue('item', null);
  const mock = built as unknown as OfficeApi & Pick<typeof Office, 'EventType'>;
  return { office: mock, calls, handlers };
}

const headerBlock = (extra: string) =>
  [
    'Received: from mail.example.org by outlook.office365.com;',
    '\tSun, 22 Nov 2026 09:00:00 +0000',
    'Subject: Learning from a rapid review',
    extra,
    'Content-Type: multipart/alternative;',
    ' boundary="b1"',
  ].join('\r\n');

describe('reading the email open in Outlook', () => {
  it('when the email carries the briefing header, then the pane knows it is that briefing and does not read the body', async () => {
    const { office, calls } = outlook({
      headers: headerBlock(`X-Pathways-Briefing: ${briefingId}`),
      subject: 'Learning from a rapid review',
    });
    expect(await readOpenedEmail(office)).toEqual({
      kind: 'briefing',
      briefingId,
      subject: 'Learning from a rapid review',
    });
    expect(calls).toEqual(['headers']);
  });

  it('when the email carries the nomination header, then the pane knows it is the request to nominate for that set and does not read the body', async () => {
    const { office, calls } = outlook({
      headers: headerBlock(`X-Pathways-Nomination: ${setId}`),
      subject: 'Active Learning: please nominate representatives (Neglect)',
    });
    expect(await readOpenedEmail(office)).toEqual({
      kind: 'nomination',
      setId,
      subject: 'Active Learning: please nominate representatives (Neglect)',
    });
    expect(calls).toEqual(['headers']);
  });

  it('when a nomination header holds something that is not a set id, then the email is treated as any other, for a KLOE', async () => {
    const { office, calls } = outlook({
      headers: headerBlock('X-Pathways-Nomination: ../../api/people'),
      body: 'Text',
    });
    expect(await readOpenedEmail(office)).toMatchObject({ kind: 'email', body: 'Text' });
    expect(calls).toEqual(['headers', 'body:text']);
  });

  it('when the email has no briefing header, then its subject, plain-text body and sender are read for a KLOE', async () => {
    const { office, calls } = outlook({
      headers: headerBlock('X-Mailer: Something'),
      subject: 'Strategy meetings',
      body: 'Health were not invited.',
    });
    expect(await readOpenedEmail(office)).toEqual({
      kind: 'email',
      subject: 'Strategy meetings',
      body: 'Health were not invited.',
      sender: { name: 'Sam Sender', email: 'sam@example.org' },
    });
    expect(calls).toEqual(['headers', 'body:text']);
  });

  it('when no email is selected (a pinned pane), then the pane says so', async () => {
    expect(await readOpenedEmail(outlook({ noItem: true }).office)).toEqual({
      kind: 'none',
      reason: 'no-item',
    });
  });

  it('when Outlook cannot read headers (before Mailbox 1.8), then the pane says it is too old rather than guessing', async () => {
    const { office, calls } = outlook({ sets: ['1.1', '1.3', '1.5'] });
    expect(await readOpenedEmail(office)).toEqual({ kind: 'none', reason: 'unsupported' });
    expect(calls).toEqual([]);
  });

  it('when Outlook fails to give the headers, then the failure comes back with Outlook’s words', async () => {
    await expect(readOpenedEmail(outlook({ headersFail: true }).office)).rejects.toThrow(
      'The item is not available.',
    );
  });

  it('when the email has no sender details, then none are sent on', async () => {
    const email = await readOpenedEmail(outlook({ from: null, body: 'x' }).office);
    expect(email).toEqual({ kind: 'email', subject: 'A subject', body: 'x' });
  });

  it('when the person moves to another email with the pane pinned, then the pane hears of it', () => {
    const { office, handlers } = outlook({});
    const changed = jest.fn();
    expect(onItemChanged(office, changed)).toBe(true);
    handlers[0]!.handler();
    expect(handlers[0]!.type).toBe('olkItemSelectedChanged');
    expect(changed).toHaveBeenCalledTimes(1);
  });

  it('when Outlook is older than Mailbox 1.5, then no handler is added and the pane reads the email once', () => {
    const { office, handlers } = outlook({ sets: ['1.1', '1.3'] });
    expect(onItemChanged(office, () => undefined)).toBe(false);
    expect(handlers).toEqual([]);
  });
});

describe('the briefing header', () => {
  it('when a header is folded over lines, then it is read whole, by name in any case', () => {
    const headers = parseInternetHeaders('X-PATHWAYS-BRIEFING:\r\n  abc-123\r\nSubject: Hi');
    expect(headers.get('x-pathways-briefing')).toEqual(['abc-123']);
    expect(briefingIdFrom(headers)).toBe('abc-123');
  });

  it('when the header is missing, then the email is not a briefing', () => {
    expect(briefingIdFrom(parseInternetHeaders('Subject: Hi'))).toBeUndefined();
  });

  it('when two different briefing headers are present (a forward of a forward), then neither is trusted', () => {
    const headers = parseInternetHeaders(
      'X-Pathways-Briefing: one-id\r\nX-Pathways-Briefing: other-id',
    );
    expect(briefingIdFrom(headers)).toBeUndefined();
  });

  it('when the header holds something that is not an id (a path, markup), then it is ignored', () => {
    for (const value of ['../../api/me', '<script>alert(1)</script>', 'a b', '']) {
      expect(briefingIdFrom(parseInternetHeaders(`X-Pathways-Briefing: ${value}`))).toBeUndefined();
    }
  });
});

describe('the nomination header', () => {
  it('when the header is folded and in capitals, then the set id is read whole', () => {
    const headers = parseInternetHeaders(`X-PATHWAYS-NOMINATION:\r\n  <${setId}>\r\nSubject: Hi`);
    expect(nominationIdFrom(headers)).toBe(setId);
  });

  it('when the same id comes twice, then it is still that set; when two differ, neither is trusted', () => {
    const twice = `X-Pathways-Nomination: ${setId}\r\nX-Pathways-Nomination: ${setId}`;
    expect(nominationIdFrom(parseInternetHeaders(twice))).toBe(setId);
    const two = `X-Pathways-Nomination: ${setId}\r\nX-Pathways-Nomination: ${briefingId}`;
    expect(nominationIdFrom(parseInternetHeaders(two))).toBeUndefined();
  });

  it('when the header holds something that is not a set id, then it is ignored', () => {
    for (const value of ['abc-123', '<script>alert(1)</script>', `${setId}/x`, '']) {
      expect(
        nominationIdFrom(parseInternetHeaders(`X-Pathways-Nomination: ${value}`)),
      ).toBeUndefined();
    }
  });

  it('when an email carries only a briefing header, then it is not a request to nominate', () => {
    expect(nominationIdFrom(parseInternetHeaders(`X-Pathways-Briefing: ${setId}`))).toBeUndefined();
  });
});

describe('a request to nominate named in the address (the invitation’s link, outside Outlook)', () => {
  it('when the address names one set, then that is the request', () => {
    expect(nominationIdFromAddress(`?nomination=${setId}`)).toBe(setId);
  });

  it('when the address names none, two, or something that is not a set id, then none is taken', () => {
    for (const search of [
      '',
      `?briefing=${setId}`,
      `?nomination=${setId}&nomination=${briefingId}`,
      '?nomination=..%2F..%2Fpeople',
    ]) {
      expect(nominationIdFromAddress(search)).toBeUndefined();
    }
  });
});

describe('a briefing named in the address (a reminder’s link, outside Outlook)', () => {
  it('when the address names one briefing, then that is the briefing', () => {
    expect(briefingIdFromAddress('?briefing=3f2b6c1e-8d4a-4f7e-9b2c-1a2b3c4d5e6f')).toBe(
      '3f2b6c1e-8d4a-4f7e-9b2c-1a2b3c4d5e6f',
    );
  });

  it('when the address names none, two, or something that is not an id, then none is taken', () => {
    for (const search of ['', '?x=1', '?briefing=a&briefing=b', '?briefing=..%2F..%2Fme']) {
      expect(briefingIdFromAddress(search)).toBeUndefined();
    }
  });
});
