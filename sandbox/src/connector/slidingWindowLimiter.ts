// A sliding-window rate limiter: each rule is "at most `limit` events in any `windowMs`".
// Teams states its bot limits this way (7 per 1 s, 8 per 2 s, ...), so fixed buckets
// would let bursts through at bucket edges that the real service refuses.

export interface WindowRule {
  limit: number;
  windowMs: number;
}

export type LimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

export class SlidingWindowLimiter {
  private readonly events = new Map<string, number[]>();
  private readonly longestWindowMs: number;

  constructor(private readonly rules: WindowRule[]) {
    this.longestWindowMs = Math.max(0, ...rules.map((r) => r.windowMs));
  }

  /**
   * Would `count` more events for `key` at `now` break a rule? Records nothing.
   * (`count` > 1 is for limits counted in units, such as recipients per day.)
   */
  check(key: string, now: number, count = 1): LimitDecision {
    const times = this.prune(key, now);
    let retryAfterMs = 0;
    for (const rule of this.rules) {
      const inWindow = times.filter((t) => t > now - rule.windowMs);
      const mustExpire = inWindow.length + count - rule.limit;
      if (mustExpire > 0) {
        // The window frees enough room when the last of the oldest `mustExpire` slides out.
        const last = inWindow[Math.min(mustExpire, inWindow.length) - 1] ?? now;
        retryAfterMs = Math.max(retryAfterMs, last + rule.windowMs - now);
      }
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }

  record(key: string, now: number, count = 1): void {
    const times = this.prune(key, now);
    for (let i = 0; i < count; i++) times.push(now);
    this.events.set(key, times);
  }

  /** check + record in one step. Refused events are not recorded. */
  tryAcquire(key: string, now: number, count = 1): LimitDecision {
    const decision = this.check(key, now, count);
    if (decision.allowed) this.record(key, now, count);
    return decision;
  }

  private prune(key: string, now: number): number[] {
    const times = (this.events.get(key) ?? []).filter((t) => t > now - this.longestWindowMs);
    if (times.length === 0) this.events.delete(key);
    else this.events.set(key, times);
    return times;
  }
}
