// The Exchange Online and Outlook-via-Graph limits LIMITS.md marks (S). Keys are per app
// (the token's azp) and mailbox, or per mailbox alone for what Exchange counts per sender.
import { type LimitDecision, SlidingWindowLimiter } from '../connector/slidingWindowLimiter';

export const MAX_RECIPIENTS_PER_MESSAGE = 500;
export const MAX_BATCH_REQUESTS = 20;
const MAX_CONCURRENT_PER_MAILBOX = 4;

export type Admission =
  { allowed: true; release: () => void } | { allowed: false; retryAfterMs: number; reason: string };

export class GraphLimits {
  private readonly mailboxRequests = new SlidingWindowLimiter([
    { limit: 10_000, windowMs: 600_000 },
  ]);
  private readonly inFlight = new Map<string, number>();
  private readonly messagesSent = new SlidingWindowLimiter([{ limit: 30, windowMs: 60_000 }]);
  private readonly recipientsPerDay = new SlidingWindowLimiter([
    { limit: 10_000, windowMs: 86_400_000 },
  ]);

  constructor(readonly enforce: boolean) {}

  /** Every Outlook request (mail, calendar) for a mailbox: rate and concurrency per app. */
  admitMailboxRequest(appId: string, mailboxId: string): Admission {
    const noop = () => {};
    if (!this.enforce) return { allowed: true, release: noop };
    const key = `${appId}|${mailboxId}`;
    const running = this.inFlight.get(key) ?? 0;
    if (running >= MAX_CONCURRENT_PER_MAILBOX) {
      return {
        allowed: false,
        retryAfterMs: 1000,
        reason: 'Application is over its MailboxConcurrency limit.',
      };
    }
    const rate = this.mailboxRequests.tryAcquire(key, Date.now());
    if (!rate.allowed) {
      return {
        allowed: false,
        retryAfterMs: rate.retryAfterMs,
        reason: 'Application is over its limit of 10,000 requests per mailbox in 10 minutes.',
      };
    }
    this.inFlight.set(key, running + 1);
    let released = false;
    return {
      allowed: true,
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(key) ?? 1) - 1;
        if (left > 0) this.inFlight.set(key, left);
        else this.inFlight.delete(key);
      },
    };
  }

  /** One message sent from `mailboxId` to `recipients` addresses. Records it when allowed. */
  admitSend(mailboxId: string, recipients: number): LimitDecision & { reason?: string } {
    if (!this.enforce) return { allowed: true };
    const now = Date.now();
    const perMinute = this.messagesSent.check(mailboxId, now);
    if (!perMinute.allowed) {
      return {
        ...perMinute,
        reason: 'The mailbox is over its limit of 30 messages sent per minute.',
      };
    }
    const perDay = this.recipientsPerDay.check(mailboxId, now, recipients);
    if (!perDay.allowed) {
      return {
        ...perDay,
        reason: 'The mailbox is over its limit of 10,000 recipients in 24 hours.',
      };
    }
    this.messagesSent.record(mailboxId, now);
    this.recipientsPerDay.record(mailboxId, now, recipients);
    return { allowed: true };
  }
}

/** Retry-After is whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
