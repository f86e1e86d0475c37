// The Teams bot limits LIMITS.md marks (S): per bot per conversation, and per app per tenant.
import { type LimitDecision, SlidingWindowLimiter } from './slidingWindowLimiter';

export class BotRateLimits {
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
    if (waits.length > 0) return { allowed: false, retryAfterMs: Math.max(...waits) };
    this.perTenant.record(botId, now);
    if (conversationKey) this.perConversation.record(conversationKey, now);
    return { allowed: true };
  }
}
