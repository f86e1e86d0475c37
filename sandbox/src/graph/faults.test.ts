import { SANDBOX_PERSONAS, type SandboxServer, parseSandboxFaults } from '../index';
import { appToken, sandboxGraphClient } from '../test/graphClient';
import { withSandbox } from '../test/helpers';

const dana = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;

async function get(sandbox: SandboxServer, token: string, path: string): Promise<Response> {
  return fetch(`${sandbox.url}/v1.0${path}`, { headers: { authorization: `Bearer ${token}` } });
}

describe('Graph fault mode', () => {
  const started: SandboxServer[] = [];
  afterAll(async () => {
    for (const s of started) await s.close();
  });
  async function sandboxWith(...args: Parameters<typeof withSandbox>): Promise<SandboxServer> {
    const s = await withSandbox(...args);
    started.push(s);
    return s;
  }

  it('when every call meets a 429 fault, then Graph answers 429 with the configured Retry-After', async () => {
    const sandbox = await sandboxWith({
      faults: { rate: 1, kinds: ['429'], retryAfterSeconds: 2 },
    });
    const res = await get(sandbox, await appToken(sandbox), `/users/${dana.id}`);
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
  });

  it('when two sandboxes share a seed, then the same calls meet the same faults', async () => {
    const faults = { rate: 0.5, seed: 7, kinds: ['429' as const, '503' as const] };
    const statuses: number[][] = [];
    for (let run = 0; run < 2; run++) {
      const sandbox = await sandboxWith({ faults });
      const token = await appToken(sandbox);
      const seen: number[] = [];
      for (let i = 0; i < 20; i++)
        seen.push((await get(sandbox, token, `/users/${dana.id}`)).status);
      statuses.push(seen);
      const injected = sandbox.faultsInjected();
      expect(injected['429'] + injected['503']).toBe(seen.filter((s) => s !== 200).length);
    }
    expect(statuses[0]).toEqual(statuses[1]);
    expect(statuses[0]).toEqual(expect.arrayContaining([200, 429, 503]));
  });

  it('when 30% of calls fail, then the Graph SDK retry handler still completes every read', async () => {
    const sandbox = await sandboxWith({
      faults: { rate: 0.3, seed: 3, kinds: ['429', '503'], retryAfterSeconds: 1 },
    });
    const client = sandboxGraphClient(sandbox, await appToken(sandbox));
    for (const persona of SANDBOX_PERSONAS.slice(0, 4)) {
      expect((await client.api(`/users/${persona.id}`).get()).id).toBe(persona.id);
    }
    expect(sandbox.faultsInjected()['429'] + sandbox.faultsInjected()['503']).toBeGreaterThan(0);
  });

  it('when a response is lost after the event was made, then a retry with the same transactionId finds that one event', async () => {
    const sandbox = await sandboxWith({ faults: { rate: 1, kinds: ['lost'] } });
    const token = await appToken(sandbox);
    const body = JSON.stringify({
      subject: 'Rapid Review meeting',
      transactionId: 'tx-lost-1',
      start: { dateTime: '2031-03-04T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2031-03-04T11:00:00', timeZone: 'UTC' },
    });
    const post = () =>
      fetch(`${sandbox.url}/v1.0/users/${dana.id}/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body,
      });
    const lost = await post();
    expect(lost.status).toBe(504);
    sandbox.setFaults(undefined);
    const retried = await post();
    expect(retried.status).toBe(201);
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      calendars: { events: { transactionId: string | null }[] }[];
    };
    expect(
      state.calendars.flatMap((c) => c.events).filter((e) => e.transactionId === 'tx-lost-1'),
    ).toHaveLength(1);
  });

  it('when a fifth request to one mailbox arrives while four are still running, then it gets 429 MailboxConcurrency', async () => {
    const sandbox = await sandboxWith({ faults: { rate: 1, kinds: ['slow'], slowMs: 1000 } });
    const token = await appToken(sandbox);
    const results = await Promise.all(
      Array.from({ length: 5 }, () => get(sandbox, token, `/users/${dana.id}/messages`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
    const refused = results.find((r) => r.status === 429)!;
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'ApplicationThrottled',
        message: expect.stringContaining('MailboxConcurrency'),
      },
    });
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('when the fault setting is read from text, then it gives the options, off gives none, and nonsense is refused', () => {
    expect(
      parseSandboxFaults('rate=0.3,seed=42,kinds=429+503+slow+lost,retryAfter=2,slowMs=500'),
    ).toEqual({
      rate: 0.3,
      seed: 42,
      kinds: ['429', '503', 'slow', 'lost'],
      retryAfterSeconds: 2,
      slowMs: 500,
    });
    expect(parseSandboxFaults('off')).toBeUndefined();
    expect(parseSandboxFaults(undefined)).toBeUndefined();
    expect(() => parseSandboxFaults('rate=2')).toThrow('from 0 to 1');
    expect(() => parseSandboxFaults('rate=0.1,kinds=500')).toThrow(
      "Unknown sandbox fault kind '500'",
    );
    expect(() => parseSandboxFaults('speed=3')).toThrow("Unknown sandbox fault setting 'speed'");
  });
});
