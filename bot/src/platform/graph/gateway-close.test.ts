import { abortableSleep, GatewayClosedError } from './gateway';

describe('Closing the Graph gateway', () => {
  it('when the gateway closes while a call waits out a Retry-After, then the wait ends at once with a closing error', async () => {
    const closing = new AbortController();
    const neverEnding = () => new Promise<void>(() => undefined);
    const waiting = abortableSleep(neverEnding, closing.signal)(120_000);
    closing.abort();
    await expect(waiting).rejects.toBeInstanceOf(GatewayClosedError);
  });

  it('when the gateway has closed, then a new wait is refused without waiting', async () => {
    const closing = new AbortController();
    closing.abort();
    let slept = false;
    const sleep = abortableSleep(async () => {
      slept = true;
    }, closing.signal);
    await expect(sleep(10)).rejects.toBeInstanceOf(GatewayClosedError);
    expect(slept).toBe(false);
  });

  it('when the gateway stays open, then a wait ends as the sleep it wraps ends', async () => {
    const closing = new AbortController();
    const waits: number[] = [];
    await abortableSleep(async (ms) => {
      waits.push(ms);
    }, closing.signal)(7_000);
    expect(waits).toEqual([7_000]);
  });
});
