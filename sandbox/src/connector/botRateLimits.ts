// The Teams bot limits LIMITS.md marks (S): per bot per conversation, and per app per tenant.
import { type LimitDecision, SlidingWindowLimiter } from './slidingWindowLimiter';

/** A Connector request the sandbox refused because the bot went over a Teams limit. */
export interface BotLimitBreach {
  at: string;
  botId: string;
  /** The conversation, for a send over its per-conversation limit; 'tenant' for the app-wide one. */
  scope: string;
  limit: 'conversation-sends' | 'tenant-requests';
}

export class BotRateLimits {
  /** Every refusal, in order (the latest 10,000): a benchmark counts them. */
  readonly breaches: BotLimitBreach[] = [];
  private readonly perConversation = new SlidingWindowLimiter([
    { limit: 7, windowMs: 1000 },
    { limit: 8, windowMs: 2000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1800, windowMs: 3_600_000 },
  ]);
  private readonly perTenant = new SlidingWindowLimiter([{ limit: 50, windowMs: 1000 }]);

  constructor(private readonly enforce: boolean) {}

  /**
   * Every Connector request counts towards the tenant limit; sends (post, reply, update,
   * delete) also count towards their conversation. Refused requests count towards neither.
   */
  admit(botId: string, sendToConversation: string | undefined): LimitDecision {
    if (!this.enforce) return { allowed: true };
    const now = Date.now();
    const conversationKey = sendToConversation && `${botId}|${sendToConversation}`;
    const decisions: LimitDecision[] = [
      this.perTenant.check(botId, now),
      conversationKey ? this.perConversation.check(conversationKey, now) : { allowed: true },
    ];
    const waits = decisions.flatMap((d) => (d.allowed ? [] : [d.retryAfterMs]));
    if (waits.length > 0) {
      // One refusal, named for the tenant limit when that one bound.
      const overTenant = !decisions[0]?.allowed;
      this.breaches.push({
        at: new Date(now).toISOString(),
        botId,
        scope: overTenant ? 'tenant' : (sendToConversation ?? 'tenant'),
        limit: overTenant ? 'tenant-requests' : 'conversation-sends',
      });
      if (this.breaches.length > 10_000) this.breaches.splice(0, this.breaches.length - 10_000);
      return { allowed: false, retryAfterMs: Math.max(...waits) };
    }
    this.perTenant.record(botId, now);
    if (conversationKey) this.perConversation.record(conversationKey, now);
    return { allowed: true };
  }
}
