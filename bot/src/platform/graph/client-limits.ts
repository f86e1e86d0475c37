import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { PacingWindow, SharedPacing } from '../db/shared-pacing';

/**
 * Our side of Microsoft 365's limits (LIMITS.md): the gateway paces itself so that it
 * never asks more than Exchange and Graph allow, rather than learning it from 429s.
 *
 * - Outlook: at most 4 requests in flight per mailbox, 10,000 per 10 minutes.
 * - Exchange: 30 messages sent a minute per mailbox; 10,000 recipients per 24 hours.
 * - Activity feed: 5 notifications a second per app.
 *
 * Windows are counted from when Graph answered (a time no earlier than when Graph counted
 * the request), so our window never closes before Graph's does. With `shared` (the service
 * always gives it) every request and send also takes its place in the database, so several
 * instances sharing a mailbox keep to the limits together, not each on its own.
 */
export interface ClientLimitSettings {
  concurrentPerMailbox: number;
  mailboxRequestsPer10Minutes: number;
  messagesPerMinute: number;
  recipientsPerDay: number;
  activityPerSecond: number;
  /** Added to every wait: our clock and Graph's are not the same clock. */
  marginMs: number;
  /** The instances' common slots and in-flight places (PostgreSQL); unset: this process alone. */
  shared?: SharedPacing;
  /**
   * How long an in-flight place outlives an instance that crashed holding it. Short: the
   * place covers one Graph request, and a crashed instance's places held a mailbox's sends
   * back for as long as this (five minutes in bench:national). A request that outlives it
   * at worst lets a fifth go at once, which Graph answers with a 429 that is honoured.
   */
  inFlightLeaseMs: number;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const exchangeLimits: ClientLimitSettings = {
  concurrentPerMailbox: 4,
  mailboxRequestsPer10Minutes: 10_000,
  messagesPerMinute: 30,
  recipientsPerDay: 10_000,
  activityPerSecond: 5,
  marginMs: 50,
  inFlightLeaseMs: 60_000,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Sending now would go over the 24-hour recipient quota: try again after `retryAfterMs`. */
export class MailboxQuotaError extends Error {
  constructor(readonly retryAfterMs: number) {
    super(
      `The mailbox has reached Exchange's limit of recipients in 24 hours; it can send again in ${Math.ceil(retryAfterMs / 60_000)} minutes.`,
    );
    this.name = 'MailboxQuotaError';
  }
}

interface Entry {
  /** When Graph answered; Infinity while the request is still in flight. */
  at: number;
  units: number;
}

/** "At most `limit` units in any `windowMs`", counting in-flight requests as now-and-later. */
class Window {
  private readonly entries = new Map<string, Entry[]>();
  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  private live(key: string, now: number): Entry[] {
    const kept = (this.entries.get(key) ?? []).filter((e) => e.at + this.windowMs > now);
    this.entries.set(key, kept);
    return kept;
  }

  /** Milliseconds until `units` more fit (0: now); Infinity when they never will. */
  waitFor(key: string, units: number, now: number): number {
    if (units > this.limit) return Infinity;
    const live = this.live(key, now);
    let used = live.reduce((sum, e) => sum + e.units, 0);
    if (used + units <= this.limit) return 0;
    const ordered = [...live].sort((a, b) => a.at - b.at);
    for (const e of ordered) {
      used -= e.units;
      if (used + units <= this.limit)
        return e.at === Infinity ? Infinity : e.at + this.windowMs - now;
    }
    return Infinity;
  }

  take(key: string, units: number): Entry {
    const entry = { at: Infinity, units };
    this.entries.set(key, [...(this.entries.get(key) ?? []), entry]);
    return entry;
  }
}

export class ClientLimits {
  private readonly settings: ClientLimitSettings;
  private readonly inFlight = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();
  private readonly mailboxRequests: Window;
  private readonly messages: Window;
  private readonly recipients: Window;
  private readonly activity: Window;
  /** Serialises the windows' check-and-take per key. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(settings: Partial<ClientLimitSettings> = {}) {
    this.settings = { ...exchangeLimits, ...settings };
    const s = this.settings;
    this.mailboxRequests = new Window(s.mailboxRequestsPer10Minutes, 600_000);
    this.messages = new Window(s.messagesPerMinute, 60_000);
    this.recipients = new Window(s.recipientsPerDay, 86_400_000);
    this.activity = new Window(s.activityPerSecond, 1_000);
  }

  private serial<T>(key: string, run: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(run, run);
    this.queues.set(
      key,
      next.catch(() => undefined),
    );
    return next;
  }

  /** Waits until `window` has room for `units`, then takes it; in flight until `done`. */
  private async admit(window: Window, key: string, units: number, what: string): Promise<Entry> {
    return this.serial(`${what}|${key}`, async () => {
      for (;;) {
        const wait = window.waitFor(key, units, this.settings.now());
        if (wait === 0) return window.take(key, units);
        if (wait === Infinity) {
          // Only in-flight requests stand in the way: look again shortly.
          await this.settings.sleep(this.settings.marginMs);
          continue;
        }
        await this.settings.sleep(wait + this.settings.marginMs);
      }
    });
  }

  private finish(entry: Entry): void {
    entry.at = this.settings.now();
  }

  /** One Outlook request for `mailbox`: a concurrency slot and a place in the 10-minute window. */
  async mailboxRequest(mailbox: string): Promise<() => void> {
    const key = mailbox.toLowerCase();
    while ((this.inFlight.get(key) ?? 0) >= this.settings.concurrentPerMailbox) {
      await new Promise<void>((resolve) =>
        this.waiting.set(key, [...(this.waiting.get(key) ?? []), resolve]),
      );
    }
    this.inFlight.set(key, (this.inFlight.get(key) ?? 0) + 1);
    let entry: Entry;
    let shared: { lease: number; slot: number } | undefined;
    try {
      entry = await this.admit(this.mailboxRequests, key, 1, 'requests');
      shared = await this.sharedRequest(key);
    } catch (error) {
      this.release(key);
      throw error;
    }
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.finish(entry);
      this.release(key);
      if (shared) {
        const { lease, slot } = shared;
        // Not kept: the slot counts from when it was reserved, the lease ends by itself.
        void this.settings.shared?.answered(slot).catch(() => undefined);
        void this.settings.shared?.release(lease).catch(() => undefined);
      }
    };
  }

  /** A place among the mailbox's 4 in flight and a slot in its 10 minutes, across instances. */
  private async sharedRequest(key: string): Promise<{ lease: number; slot: number } | undefined> {
    const shared = this.settings.shared;
    if (!shared) return undefined;
    const s = this.settings;
    let lease: number | undefined;
    while (
      (lease = await shared.acquire(
        `graph:in-flight:${key}`,
        s.concurrentPerMailbox,
        s.inFlightLeaseMs,
      )) === undefined
    )
      // All 4 are in flight (here or on another instance): look again shortly, not in a spin.
      await s.sleep(Math.max(s.marginMs, 100));
    try {
      const slot = await this.sharedSlot(`graph:requests:${key}`, [
        { limit: s.mailboxRequestsPer10Minutes, windowMs: 600_000 },
      ]);
      return { lease, slot };
    } catch (error) {
      await shared.release(lease).catch(() => undefined);
      throw error;
    }
  }

  /** Reserves a slot under `windows` across instances and waits for it. */
  private async sharedSlot(key: string, windows: PacingWindow[]): Promise<number> {
    const reserved = await this.settings.shared!.reserve(key, windows, {
      marginMs: this.settings.marginMs,
    });
    if ('refused' in reserved) throw new Error(`Pacing refused a request (${key.split(':')[0]}).`);
    if (reserved.waitMs > 0) await this.settings.sleep(reserved.waitMs);
    return reserved.id;
  }

  private release(key: string): void {
    const left = (this.inFlight.get(key) ?? 1) - 1;
    if (left > 0) this.inFlight.set(key, left);
    else this.inFlight.delete(key);
    const next = this.waiting.get(key)?.shift();
    next?.();
  }

  /**
   * Before sending one message to `recipients` people from `mailbox`: waits for a place in
   * the minute's 30; refuses (MailboxQuotaError) when the day's recipients are used up.
   * Call the returned function once Graph has answered the send.
   */
  async send(mailbox: string, recipients: number): Promise<() => void> {
    const key = mailbox.toLowerCase();
    const quotaWait = this.recipients.waitFor(key, recipients, this.settings.now());
    if (quotaWait !== 0) {
      throw new MailboxQuotaError(quotaWait === Infinity ? 86_400_000 : quotaWait);
    }
    const quota = this.recipients.take(key, recipients);
    const shared = this.settings.shared;
    const slots: number[] = [];
    let message: Entry | undefined;
    try {
      if (shared) {
        // The day's recipients across instances: refused at once, not waited for.
        const day = await shared.reserve(
          `exchange:recipients:${key}`,
          [{ limit: this.settings.recipientsPerDay, windowMs: 86_400_000 }],
          // Within a second is now: another instance's send answered a moment ago comes first.
          { units: recipients, maxWaitMs: 1_000 },
        );
        if ('refused' in day) throw new MailboxQuotaError(Math.min(day.retryAfterMs, 86_400_000));
        slots.push(day.id);
      }
      message = await this.admit(this.messages, key, 1, 'messages');
      if (shared)
        slots.push(
          await this.sharedSlot(`exchange:messages:${key}`, [
            { limit: this.settings.messagesPerMinute, windowMs: 60_000 },
          ]),
        );
    } catch (error) {
      if (message) this.finish(message);
      this.finish(quota);
      throw error;
    }
    const sent = message;
    return () => {
      this.finish(sent);
      this.finish(quota);
      for (const slot of slots) void shared?.answered(slot).catch(() => undefined);
    };
  }

  /** Before one activity notification: waits for a place in the second's 5. */
  async activityNotification(): Promise<() => void> {
    const entry = await this.admit(this.activity, 'app', 1, 'activity');
    let slot: number | undefined;
    try {
      if (this.settings.shared)
        slot = await this.sharedSlot('graph:activity:app', [
          { limit: this.settings.activityPerSecond, windowMs: 1_000 },
        ]);
    } catch (error) {
      this.finish(entry);
      throw error;
    }
    return () => {
      this.finish(entry);
      if (slot !== undefined) void this.settings.shared?.answered(slot).catch(() => undefined);
    };
  }
}

const OUTLOOK_PATH =
  /\/users\/([^/?]+)\/(messages|mailFolders|sendMail|events|calendar|calendarView|findMeetingTimes)(\/|\?|$)/i;

/** The mailbox an Outlook request addresses, if it is one. */
export function mailboxOfUrl(url: string): string | undefined {
  const match = OUTLOOK_PATH.exec(url);
  return match ? decodeURIComponent(match[1]!) : undefined;
}

/** Graph SDK middleware: each attempt at an Outlook request holds a mailbox slot. */
export class MailboxPacer implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly limits: ClientLimits) {}

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('MailboxPacer must not be last in the chain');
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const mailbox = mailboxOfUrl(url);
    if (!mailbox) return this.next.execute(context);
    const done = await this.limits.mailboxRequest(mailbox);
    try {
      await this.next.execute(context);
    } finally {
      done();
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
