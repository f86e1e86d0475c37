import { request as httpsRequest } from 'node:https';
import { BatchRequestContent, BatchResponseContent } from '@microsoft/microsoft-graph-client';
import { SANDBOX_PERSONAS, SANDBOX_PLANNER, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { withSandbox } from '../test/helpers';

const evan = SANDBOX_PERSONAS.find((p) => p.roles.includes('Executive'))!;
const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;

function sendMailStep(id: string) {
  return {
    id,
    method: 'POST',
    url: `/users/${evan.id}/sendMail`,
    headers: { 'Content-Type': 'application/json' },
    body: {
      message: { subject: `Batch ${id}`, toRecipients: [{ emailAddress: { address: ash.mail } }] },
    },
  };
}

describe('Microsoft Graph JSON batching', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it('when the SDK sends a batch, then each request gets its own status and body', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const batch = new BatchRequestContent([
      { id: '1', request: new Request(`${sandbox.url}/v1.0/users/${ash.id}`, { method: 'GET' }) },
      {
        id: '2',
        request: new Request(`${sandbox.url}/v1.0/planner/plans/${SANDBOX_PLANNER.planId}`, {
          method: 'GET',
        }),
      },
      {
        id: '3',
        request: new Request(`${sandbox.url}/v1.0/users/nobody@partner.example`, { method: 'GET' }),
      },
    ]);
    const response = new BatchResponseContent(
      await client.api('/$batch').post(await batch.getContent()),
    );
    expect(((await response.getResponseById('1').json()) as { id: string }).id).toBe(ash.id);
    expect(response.getResponseById('2').status).toBe(200);
    expect(response.getResponseById('2').headers.get('ETag')).toMatch(/^W\//);
    expect(response.getResponseById('3').status).toBe(404);
  });

  it('when a batch has more than 20 requests, then the whole batch is refused with 400', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const requests = Array.from({ length: 21 }, (_, i) => ({
      id: String(i + 1),
      method: 'GET',
      url: `/users/${ash.id}`,
    }));
    await expect(client.api('/$batch').post({ requests })).rejects.toMatchObject({
      statusCode: 400,
    });
  });

  it('when sends in a batch pass the per-minute limit, then only those requests come back 429, each with its own Retry-After', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const first = await client
      .api('/$batch')
      .post({ requests: Array.from({ length: 20 }, (_, i) => sendMailStep(`a${i}`)) });
    expect(first.responses.map((r: { status: number }) => r.status)).toEqual(Array(20).fill(202));
    const second = await client
      .api('/$batch')
      .post({ requests: Array.from({ length: 12 }, (_, i) => sendMailStep(`b${i}`)) });
    const statuses = second.responses.map((r: { status: number }) => r.status);
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(202));
    expect(statuses.slice(10)).toEqual([429, 429]);
    for (const r of second.responses.slice(10)) {
      expect(Number(r.headers['Retry-After'])).toBeGreaterThan(0);
      expect(r.body.error.code).toBe('ApplicationThrottled');
    }
  });

  it('when a request depends on one that failed, then it is not run and comes back 424', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const result = await client.api('/$batch').post({
      requests: [
        { id: '1', method: 'GET', url: '/planner/plans/doesNotExist000000000000000' },
        {
          id: '2',
          method: 'POST',
          url: '/planner/tasks',
          dependsOn: ['1'],
          headers: { 'Content-Type': 'application/json' },
          body: { planId: SANDBOX_PLANNER.planId, title: 'Never made' },
        },
      ],
    });
    expect(result.responses.map((r: { status: number }) => r.status)).toEqual([404, 424]);
    const tasks = await client.api(`/planner/plans/${SANDBOX_PLANNER.planId}/tasks`).get();
    expect(tasks.value.map((t: { title: string }) => t.title)).not.toContain('Never made');
  });

  it('when a batch comes in over https, then its inner requests run and their links name the https listener', async () => {
    const secure = await withSandbox({ httpsPort: 0 });
    try {
      const token = await appToken(secure);
      const https = secure.https!;
      const body = JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users?$top=2' }] });
      const answer = await new Promise<string>((resolve, reject) => {
        const req = httpsRequest(
          `${https.url}/v1.0/$batch`,
          {
            method: 'POST',
            ca: https.certificate,
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          },
          (res) => {
            let text = '';
            res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
            res.on('end', () => resolve(text));
          },
        );
        req.on('error', reject);
        req.end(body);
      });
      const [inner] = (
        JSON.parse(answer) as { responses: { status: number; body: Record<string, unknown> }[] }
      ).responses;
      expect(inner!.status).toBe(200);
      expect(String(inner!.body['@odata.nextLink'])).toMatch(
        new RegExp(`^${https.url}/v1\\.0/users\\?`),
      );
    } finally {
      await secure.close();
    }
  });
});
