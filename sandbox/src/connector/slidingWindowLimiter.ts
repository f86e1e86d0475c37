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

  /** Would one more event for `key` at `now` break a rule? Records nothing. */
  check(key: string, now: number): LimitDecision {
    const times = this.prune(key, now);
    let retryAfterMs = 0;
    for (const rule of this.rules) {
      const inWindow = times.filter((t) => t > now - rule.windowMs);
      if (inWindow.length >= rule.limit) {
        // The window frees a slot when its oldest counted event slides out.
        const oldestThatMustExpire = inWindow[inWindow.length - rule.limit] as number;
        retryAfterMs = Math.max(retryAfterMs, oldestThatMustExpire + rule.windowMs - now);
      }
    }
    return retryAfterMs > 0 ? { allowed: false, retryAfterMs } : { allowed: true };
  }

  record(key: string, now: number): void {
    const times = this.prune(key, now);
    times.push(now);
    this.events.set(key, times);
  }

  /** check + record in one step. Refused events are not recorded. */
  tryAcquire(key: string, now: number): LimitDecision {
    const decision = this.check(key, now);
    if (decision.allowed) this.record(key, now);
    return decision;
  }

  private prune(key: string, now: number): number[] {
    const times = (this.events.get(key) ?? []).filter((t) => t > now - this.longestWindowMs);
    if (times.length === 0) this.events.delete(key);
    else this.events.set(key, times);
    return times;
  }
}
