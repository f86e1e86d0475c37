import type { Client } from '@microsoft/microsoft-graph-client';
import { sendBatch } from './batch';
import { graphClient } from './graph-client';
import { GraphRequestError, graphCall, parseRetryAfter } from './graph-errors';
import { HttpsTransport } from './https-transport';
import { defaultRetryPolicy, RetryControl, type RetryPolicy } from './retry';
import { startScriptedGraph, type ScriptedAnswer } from './test-support/scripted-graph-server';

/** Waits nothing, remembers what it was asked to wait. */
function recordingPolicy(overrides: Partial<RetryPolicy> = {}) {
  const waits: number[] = [];
  const policy: RetryPolicy = {
    ...defaultRetryPolicy,
    random: () => 0.5,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  };
  return { policy, waits };
}

async function scripted(
  answer: Parameters<typeof startScriptedGraph>[0],
  overrides: Partial<RetryPolicy> = {},
) {
  const server = await startScriptedGraph(answer);
  const transport = new HttpsTransport({ trustedCertificate: server.certificate });
  const { policy, waits } = recordingPolicy(overrides);
  const client: Client = graphClient({
    graphUrl: server.url,
    token: async () => 'test-token',
    transport,
    retry: policy,
  });
  return {
    client,
    policy,
    waits,
    requests: server.requests,
    close: async () => {
      transport.close();
      await server.close();
    },
  };
}

const ok: ScriptedAnswer = { status: 200, body: { id: 'u1' } };
const throttled = (seconds: string): ScriptedAnswer => ({
  status: 429,
  headers: { 'Retry-After': seconds },
  body: { error: { code: 'TooManyRequests', message: 'Slow down' } },
});
const unavailable: ScriptedAnswer = {
  status: 503,
  body: { error: { code: 'ServiceUnavailable', message: 'Try later' } },
};

describe('Graph retry (scripted https server)', () => {
  it('when Graph answers 429 with Retry-After, then the gateway waits at least that long each time and succeeds', async () => {
    const s = await scripted((_r, i) => (i < 2 ? throttled('7') : ok));
    expect(await graphCall(() => s.client.api('/users/u1').get())).toEqual({ id: 'u1' });
    expect(s.requests).toHaveLength(3);
    expect(s.waits).toHaveLength(2);
    for (const wait of s.waits) expect(wait).toBeGreaterThanOrEqual(7_000);
    expect(s.requests.every((r) => r.headers.authorization === 'Bearer test-token')).toBe(true);
    await s.close();
  });

  it('when Graph answers 503 without Retry-After, then waits back off exponentially with jitter', async () => {
    const randoms = [0, 1, 0.5, 0.25];
    const s = await scripted((_r, i) => (i < 4 ? unavailable : ok), {
      random: () => randoms.shift() ?? 0,
      baseDelayMs: 1_000,
    });
    await graphCall(() => s.client.api('/users/u1').get());
    // Equal jitter: between half and all of 1 s, 2 s, 4 s, 8 s.
    expect(s.waits).toEqual([500, 2_000, 3_000, 5_000]);
    await s.close();
  });

  it('when Graph keeps throttling, then the attempts are bounded and the caller gets the 429 with its Retry-After', async () => {
    const s = await scripted(() => throttled('3'), { maxAttempts: 4 });
    const error = await graphCall(() => s.client.api('/users/u1').get()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRequestError);
    expect(error).toMatchObject({ status: 429, code: 'TooManyRequests', retryAfterMs: 3_000 });
    expect(s.requests).toHaveLength(4);
    await s.close();
  });

  it('when Retry-After is longer than the gateway waits in-process, then it does not wait and hands the 429 back', async () => {
    const s = await scripted(() => throttled('600'), { maxRetryAfterMs: 120_000 });
    await expect(graphCall(() => s.client.api('/users/u1').get())).rejects.toMatchObject({
      status: 429,
      retryAfterMs: 600_000,
    });
    expect(s.requests).toHaveLength(1);
    expect(s.waits).toEqual([]);
    await s.close();
  });

  it('when a POST gets 503, then it is not sent again unless marked safe; after a 429 (not carried out) it is', async () => {
    const count = (path: string) => s.requests.filter((r) => r.path.endsWith(path)).length;
    const s = await scripted((r) => {
      const earlier = s.requests.filter((q) => q.path === r.path).length;
      if (r.path.endsWith('/unsafe')) return unavailable;
      if (r.path.endsWith('/throttled')) return earlier === 1 ? throttled('1') : ok;
      if (r.path.endsWith('/events')) return earlier === 1 ? unavailable : ok;
      return ok;
    });
    await expect(graphCall(() => s.client.api('/users/u1/unsafe').post({}))).rejects.toMatchObject({
      status: 503,
    });
    expect(count('/unsafe')).toBe(1);

    await graphCall(() => s.client.api('/users/u1/throttled').post({}));
    expect(count('/throttled')).toBe(2);

    await graphCall(() =>
      s.client
        .api('/users/u1/events')
        .middlewareOptions([new RetryControl({ replaySafe: true })])
        .post({ transactionId: 't1' }),
    );
    expect(count('/events')).toBe(2);
    await s.close();
  });

  it('when Retry-After is an HTTP date, then the wait runs until that moment', () => {
    const now = Date.parse('2026-01-05T10:00:00Z');
    expect(parseRetryAfter('Mon, 05 Jan 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('2', now)).toBe(2_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('Graph JSON batching (scripted https server)', () => {
  it('when 45 requests are batched, then Graph sees batches of at most 20 and every result comes back', async () => {
    const s = await scripted((r) => ({
      status: 200,
      body: {
        responses: (r.body as { requests: { id: string }[] }).requests.map((q) => ({
          id: q.id,
          status: 200,
          body: { id: q.id },
        })),
      },
    }));
    const items = Array.from({ length: 45 }, (_, i) => ({
      id: String(i),
      method: 'GET' as const,
      url: `/users/u${i}`,
    }));
    const results = await sendBatch(s.client, items, s.policy);
    expect(s.requests.map((r) => (r.body as { requests: unknown[] }).requests.length)).toEqual([
      20, 20, 5,
    ]);
    expect(s.requests.every((r) => r.path === '/v1.0/$batch')).toBe(true);
    expect([...results.values()].map((r) => r.status)).toEqual(items.map(() => 200));
    await s.close();
  });

  it('when sub-requests are throttled inside a batch, then only they are sent again, after their Retry-After', async () => {
    const seen = new Map<string, number>();
    const s = await scripted((r) => ({
      status: 200,
      body: {
        responses: (r.body as { requests: { id: string; method: string }[] }).requests.map((q) => {
          const times = (seen.get(q.id) ?? 0) + 1;
          seen.set(q.id, times);
          if (q.id === 'b' && times === 1)
            return { id: q.id, status: 429, headers: { 'Retry-After': '5' }, body: {} };
          if (q.id === 'c' && times < 3)
            return { id: q.id, status: 429, headers: { 'retry-after': '2' }, body: {} };
          if (q.id === 'post' && times === 1) return { id: q.id, status: 503, body: {} };
          return { id: q.id, status: q.method === 'POST' ? 201 : 200, body: { ok: q.id } };
        }),
      },
    }));
    const results = await sendBatch(
      s.client,
      [
        { id: 'a', method: 'GET', url: '/users/a' },
        { id: 'b', method: 'GET', url: '/users/b' },
        { id: 'c', method: 'GET', url: '/users/c' },
        { id: 'post', method: 'POST', url: '/users/x/sendMail', body: { message: {} } },
      ],
      s.policy,
    );
    const idsPerBatch = s.requests.map((r) =>
      (r.body as { requests: { id: string }[] }).requests.map((q) => q.id),
    );
    expect(idsPerBatch).toEqual([['a', 'b', 'c', 'post'], ['b', 'c'], ['c']]);
    expect(s.waits[0]).toBeGreaterThanOrEqual(5_000);
    expect(s.waits[1]).toBeGreaterThanOrEqual(2_000);
    expect(results.get('b')).toMatchObject({ status: 200, body: { ok: 'b' } });
    expect(results.get('c')).toMatchObject({ status: 200 });
    // A POST that may have run is not sent again: its 503 is the caller's to resolve.
    expect(results.get('post')).toMatchObject({ status: 503 });
    const firstPost = (s.requests[0]?.body as { requests: { id: string; headers: object }[] })
      .requests[3];
    expect(firstPost?.headers).toEqual({ 'Content-Type': 'application/json' });
    await s.close();
  });
});
