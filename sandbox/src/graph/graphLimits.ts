// The Exchange Online and Outlook-via-Graph limits LIMITS.md marks (S). Keys are per app
// (the token's azp) and mailbox, or per mailbox alone for what Exchange counts per sender.
import { type LimitDecision, SlidingWindowLimiter } from '../connector/slidingWindowLimiter';

export const MAX_RECIPIENTS_PER_MESSAGE = 500;
export const MAX_BATCH_REQUESTS = 20;
const MAX_CONCURRENT_PER_MAILBOX = 4;

export type Admission =
  { allowed: true; release: () => void } | { allowed: false; retryAfterMs: number; reason: string };

/** A request the sandbox refused because its caller went over a limit (not an injected fault). */
export interface LimitBreach {
  at: string;
  /** The calling app (token azp). */
  appId: string;
  /** The mailbox, for Outlook limits; 'tenant' for app-wide ones. */
  scope: string;
  limit:
    | 'mailbox-concurrency'
    | 'mailbox-requests'
    | 'messages-per-minute'
    | 'recipients-per-day'
    | 'activity-notifications-per-second';
}

export class GraphLimits {
  /** Every refusal for a limit, in order: tests assert that their caller caused none. */
  readonly breaches: LimitBreach[] = [];
  private readonly activity = new SlidingWindowLimiter([{ limit: 5, windowMs: 1_000 }]);

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
      this.breach(appId, mailboxId, 'mailbox-concurrency');
      return {
        allowed: false,
        retryAfterMs: 1000,
        reason: 'Application is over its MailboxConcurrency limit.',
      };
    }
    const rate = this.mailboxRequests.tryAcquire(key, Date.now());
    if (!rate.allowed) {
      this.breach(appId, mailboxId, 'mailbox-requests');
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
  admitSend(
    appId: string,
    mailboxId: string,
    recipients: number,
  ): LimitDecision & { reason?: string } {
    if (!this.enforce) return { allowed: true };
    const now = Date.now();
    const perMinute = this.messagesSent.check(mailboxId, now);
    if (!perMinute.allowed) {
      this.breach(appId, mailboxId, 'messages-per-minute');
      return {
        ...perMinute,
        reason: 'The mailbox is over its limit of 30 messages sent per minute.',
      };
    }
    const perDay = this.recipientsPerDay.check(mailboxId, now, recipients);
    if (!perDay.allowed) {
      this.breach(appId, mailboxId, 'recipients-per-day');
      return {
        ...perDay,
        reason: 'The mailbox is over its limit of 10,000 recipients in 24 hours.',
      };
    }
    this.messagesSent.record(mailboxId, now);
    this.recipientsPerDay.record(mailboxId, now, recipients);
    return { allowed: true };
  }

  /** sendActivityNotification: 5 per second per app per tenant. */
  admitActivity(appId: string): ActivityAdmission {
    if (!this.enforce) return { allowed: true, retryAfterMs: 0 };
    const decision = this.activity.tryAcquire(appId, Date.now());
    if (decision.allowed) return { allowed: true, retryAfterMs: 0 };
    this.breach(appId, 'tenant', 'activity-notifications-per-second');
    return { allowed: false, retryAfterMs: decision.retryAfterMs };
  }

  private breach(appId: string, scope: string, limit: LimitBreach['limit']): void {
    this.breaches.push({ at: new Date().toISOString(), appId, scope, limit });
    if (this.breaches.length > 10_000) this.breaches.splice(0, this.breaches.length - 10_000);
  }
}

export interface ActivityAdmission {
  allowed: boolean;
  retryAfterMs: number;
}

/** Retry-After is whole seconds, at least 1. */
export function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
