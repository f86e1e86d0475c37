import { SlidingWindowLimiter } from './slidingWindowLimiter';

const teamsPerConversation = () =>
  new SlidingWindowLimiter([
    { limit: 7, windowMs: 1000 },
    { limit: 8, windowMs: 2000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ]);

describe('SlidingWindowLimiter', () => {
  it('when 7 events arrive within one second, then all are allowed and the 8th is refused', () => {
    const limiter = teamsPerConversation();
    for (let i = 0; i < 7; i++) expect(limiter.tryAcquire('c', 1000 + i * 10).allowed).toBe(true);
    const eighth = limiter.tryAcquire('c', 1100);
    expect(eighth).toEqual({ allowed: false, retryAfterMs: 900 });
  });

  it('when the first event slides out of the 1 s window, then one more is allowed', () => {
    const limiter = teamsPerConversation();
    for (let i = 0; i < 7; i++) limiter.tryAcquire('c', i);
    expect(limiter.tryAcquire('c', 999).allowed).toBe(false);
    expect(limiter.tryAcquire('c', 1000).allowed).toBe(true);
  });

  it('when 8 events fall within two seconds, then the 2 s rule refuses a 9th though the 1 s rule allows it', () => {
    const limiter = teamsPerConversation();
    for (let i = 0; i < 7; i++) limiter.tryAcquire('c', 0);
    expect(limiter.tryAcquire('c', 1000).allowed).toBe(true); // 8 in 2 s
    const ninth = limiter.tryAcquire('c', 1500);
    expect(ninth).toEqual({ allowed: false, retryAfterMs: 500 });
  });

  it('when 60 events are spread over 30 seconds, then the 61st waits for the oldest to expire', () => {
    const limiter = teamsPerConversation();
    for (let i = 0; i < 60; i++) expect(limiter.tryAcquire('c', i * 400).allowed).toBe(true);
    const next = limiter.tryAcquire('c', 24_000);
    expect(next).toEqual({ allowed: false, retryAfterMs: 6000 });
  });

  it('when one key is full, then another key is unaffected', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }]);
    expect(limiter.tryAcquire('a', 0).allowed).toBe(true);
    expect(limiter.tryAcquire('a', 1).allowed).toBe(false);
    expect(limiter.tryAcquire('b', 1).allowed).toBe(true);
  });

  it('when an event is refused, then it does not count against later events', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 2, windowMs: 1000 }]);
    limiter.tryAcquire('a', 0);
    limiter.tryAcquire('a', 100);
    for (let t = 200; t < 1000; t += 100) expect(limiter.tryAcquire('a', t).allowed).toBe(false);
    expect(limiter.tryAcquire('a', 1000).allowed).toBe(true);
  });

  it('when check is called, then nothing is recorded', () => {
    const limiter = new SlidingWindowLimiter([{ limit: 1, windowMs: 1000 }]);
    expect(limiter.check('a', 0).allowed).toBe(true);
    expect(limiter.check('a', 0).allowed).toBe(true);
    expect(limiter.tryAcquire('a', 0).allowed).toBe(true);
    expect(limiter.check('a', 0).allowed).toBe(false);
  });
});
