import { BUSINESS_UNIT_MAILBOX } from '@pathways/sandbox';
import { folder, isBriefingHeader, mailState, sendBriefing } from '../test-support/briefing-mail';
import { startHarness, type Harness } from '../test-support/harness';

// Its own file (and so its own worker) because it waits on Retry-After and job retries.
describe('Cascading under Graph faults (30% of calls answered 429 or 503)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({
      SANDBOX_LIMITS: 'enforce',
      SANDBOX_FAULTS: 'rate=0.3,seed=5,kinds=429+503,retryAfter=1',
    });
  });
  afterAll(() => h.close());

  it('when Graph throttles and fails a third of the calls, then every lead still gets exactly one copy and no limit is breached', async () => {
    // Failed sends wait for Retry-After or the job's retry backoff.
    const status = await sendBriefing(h, 170);
    const injected = h.service.sandbox!.faultsInjected();
    expect(injected['429'] + injected['503']).toBeGreaterThan(0);
    h.service.sandbox!.setFaults(undefined);
    const state = await mailState(h);
    const sent = folder(state, BUSINESS_UNIT_MAILBOX.id, 'Sent Items').filter((m) =>
      m.customHeaders.some((c) => isBriefingHeader(c, status.id)),
    );
    expect(sent).toHaveLength(status.messages.total);
    const bcc = sent.flatMap((m) => m.bcc.map((a) => a.toLowerCase()));
    expect(bcc).toHaveLength(status.recipients);
    for (const box of state.mailboxes.filter((m) => bcc.includes(m.address.toLowerCase()))) {
      const copies = box.folders
        .find((f) => f.name === 'Inbox')!
        .messages.filter((m) => m.customHeaders.some((c) => c.value === status.id));
      expect(copies).toHaveLength(1);
    }
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 180_000);
});
