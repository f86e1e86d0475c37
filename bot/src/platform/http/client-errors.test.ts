import request from 'supertest';
import { startApiUnderTest, type ApiUnderTest } from '../../test-support/api-under-test';

let api: ApiUnderTest;
const logLines: string[] = [];
beforeAll(async () => {
  api = await startApiUnderTest({}, { logLines });
});
afterAll(async () => {
  await api.close();
});

const kloe = {
  organisation: 'Cleveland Police',
  contactOfficer: 'Ash AgencyLead',
  subject: 'Strategy discussions held without health',
  theme: 'Multi-agency working',
  details: 'Strategy discussions are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

/** Sends a raw body, so tests can send what JSON.stringify never makes. */
async function send(path: string, body: string, signedIn: boolean) {
  const req = request(api.app)
    .post(path)
    .set('content-type', 'application/json')
    .set('idempotency-key', `client-error-${Math.random().toString(36).slice(2)}`);
  if (signedIn) req.set('authorization', `Bearer ${await api.issuer.sign()}`);
  logLines.length = 0;
  const res = await req.send(body);
  const logged = logLines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: res.status, body: res.body as unknown, logged };
}

function nested(depth: number): string {
  return `{"type":"message","value":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
}

const cases: [string, string, string, boolean, number, string][] = [
  [
    'malformed JSON before sign-in',
    '/api/kloes',
    '{"subject": "unfinished',
    false,
    400,
    'MalformedJson',
  ],
  ['malformed JSON to the bot', '/api/messages', '{"type": message}', false, 400, 'MalformedJson'],
  [
    'a body over 256 KB',
    '/api/kloes',
    JSON.stringify({ ...kloe, details: 'x'.repeat(300 * 1024) }),
    true,
    413,
    'TooLarge',
  ],
  [
    'a NUL character in a text field',
    '/api/kloes',
    JSON.stringify({ ...kloe, details: 'before\u0000after' }),
    true,
    422,
    'InvalidText',
  ],
  [
    'a lone surrogate in a text field',
    '/api/kloes',
    JSON.stringify(kloe).replace('"Review the invitation list."', '"Review \\ud800 list."'),
    true,
    422,
    'InvalidText',
  ],
  [
    'a lone surrogate in a field name',
    '/api/kloes',
    JSON.stringify(kloe).replace('"theme"', '"th\\udc00eme"'),
    true,
    422,
    'InvalidText',
  ],
  ['deeply nested JSON to the bot', '/api/messages', nested(5000), false, 400, 'TooDeeplyNested'],
  [
    'a NUL character to the bot',
    '/api/messages',
    '{"type":"message","text":"a\\u0000b"}',
    false,
    422,
    'InvalidText',
  ],
];

describe('client errors', () => {
  it.each(cases)(
    'when a request has %s, then it is a 4xx with the problem JSON and one warning line, no stack',
    async (_what, path, body, signedIn, status, code) => {
      const before = await api.rowCounts();
      const res = await send(path, body, signedIn);
      expect(res.status).toBe(status);
      expect(res.body).toEqual({ error: { code, message: expect.stringMatching(/\w+ \w+/) } });
      expect(res.logged).toEqual([
        expect.objectContaining({ level: 40, msg: 'request refused', status, code }),
      ]);
      expect(JSON.stringify(res.logged)).not.toMatch(/stack|\bat .*\.ts:\d+/);
      expect(await api.rowCounts()).toEqual(before);
    },
  );

  it('when a body nests as deep as the limit allows, then it is read as usual', async () => {
    const res = await send(
      '/api/kloes',
      JSON.stringify({ ...kloe, extra: JSON.parse(nested(20)) }),
      true,
    );
    expect(res.status).toBe(201);
  });
});
