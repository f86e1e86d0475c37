import {
  BUSINESS_UNIT_MAILBOX,
  SANDBOX_PERSONAS,
  startSandbox,
  type SandboxServer,
} from '@pathways/sandbox';
import { ClientLimits, MailboxQuotaError } from './client-limits';
import { graphResources, type GraphResources } from './gateway';
import { graphClient } from './graph-client';
import { HttpsTransport } from './https-transport';
import { defaultRetryPolicy, type RetryPolicy } from './retry';

/** A clock the test moves: sleeping advances it, so no test waits in real time. */
function fakeClock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
    advance: (ms: number) => {
      now += ms;
    },
    slept,
  };
}

describe('Our side of Exchange limits', () => {
  it('when 31 messages are sent from one mailbox, then the 31st waits until a minute after the first was answered', async () => {
    const clock = fakeClock();
    const limits = new ClientLimits({ now: clock.now, sleep: clock.sleep, marginMs: 50 });
    const answeredAt: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const done = await limits.send('mb', 10);
      clock.advance(100);
      answeredAt.push(clock.now());
      done();
    }
    expect(clock.slept).toEqual([]);
    const startedAt = clock.now();
    const done = await limits.send('mb', 10);
    done();
    expect(startedAt + clock.slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(
      answeredAt[0]! + 60_000,
    );
    // Another mailbox has its own minute.
    const other = await limits.send('other', 10);
    other();
  });

  it('when a send would take the mailbox past 10,000 recipients in 24 hours, then it is refused with when to try again', async () => {
    const clock = fakeClock();
    const limits = new ClientLimits({ now: clock.now, sleep: clock.sleep });
    for (let i = 0; i < 20; i += 1) (await limits.send('mb', 500))();
    const error = await limits.send('mb', 1).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MailboxQuotaError);
    expect((error as MailboxQuotaError).retryAfterMs).toBeGreaterThan(23 * 3_600_000);
  });

  it('when six requests to one mailbox start at once, then at most four are in flight', async () => {
    const limits = new ClientLimits();
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const done = await limits.mailboxRequest('mb');
        inFlight += 1;
        most = Math.max(most, inFlight);
        await new Promise((r) => setImmediate(r));
        inFlight -= 1;
        done();
      }),
    );
    expect(most).toBe(4);
  });
});

describe('The gateway against the sandbox enforcing limits, with faults', () => {
  let sandbox: SandboxServer;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, httpsPort: 0, limits: 'enforce' });
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

  const retry: RetryPolicy = { ...defaultRetryPolicy, maxAttempts: 10, baseDelayMs: 50 };
  function gateway(limits: ClientLimits | undefined): GraphResources & { close(): void } {
    const transport = new HttpsTransport({ trustedCertificate: sandbox.https!.certificate });
    const client = graphClient({
      graphUrl: sandbox.https!.url,
      token: async () => token,
      transport,
      retry,
      ...(limits ? { limits } : {}),
    });
    return { ...graphResources(client, retry, limits), close: () => transport.close() };
  }
  const leads = SANDBOX_PERSONAS.slice(0, 6);
  /** As a job runs: a failed attempt is tried again from the start. */
  async function asJob<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        return await run();
      } catch (error) {
        if (attempt >= 10) throw error;
      }
    }
  }
  const burst = (graph: GraphResources, run: string) =>
    Promise.all([
      ...leads.map((lead, i) =>
        asJob(() =>
          graph.mail.send({
            from: BUSINESS_UNIT_MAILBOX.id,
            key: `limits-${run}-${i}`,
            subject: 'Briefing note',
            body: { contentType: 'html', content: '<p>Briefing</p>' },
            alternativeText: 'Briefing',
            to: [{ address: BUSINESS_UNIT_MAILBOX.address }],
            bcc: [{ address: lead.mail }],
            headers: [{ name: 'x-pathways-briefing', value: run }],
          }),
        ),
      ),
      ...Array.from({ length: 12 }, (_, i) =>
        asJob(() =>
          graph.activity.notifyUser(leads[i % leads.length]!.id, {
            activityType: 'briefingReminder',
            previewText: 'A briefing note still needs your agency.',
            topic: { source: 'text', value: 'Briefing', webUrl: 'https://teams.microsoft.com/l/x' },
            templateParameters: [{ name: 'briefingTitle', value: 'Briefing' }],
          }),
        ),
      ),
    ]);

  it('when a burst of sends and notifications meets 30% faults, then all complete and the sandbox records no limit breach', async () => {
    sandbox.setFaults({ rate: 0.3, seed: 11, kinds: ['429', '503'], retryAfterSeconds: 1 });
    const graph = gateway(new ClientLimits());
    await burst(graph, 'paced');
    sandbox.setFaults(undefined);
    graph.close();
    expect(sandbox.faultsInjected()['429'] + sandbox.faultsInjected()['503']).toBeGreaterThan(0);
    expect(sandbox.limitBreaches()).toEqual([]);
  }, 120_000);

  it('when the same burst runs without our pacing, then the sandbox does record breaches (so the check above can fail)', async () => {
    const graph = gateway(undefined);
    await burst(graph, 'unpaced').catch(() => undefined);
    graph.close();
    expect(sandbox.limitBreaches().length).toBeGreaterThan(0);
  }, 120_000);
});
