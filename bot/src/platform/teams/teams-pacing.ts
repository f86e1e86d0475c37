import type { SharedPacing } from '../db/shared-pacing';
import type { OutgoingMessage, PostedActivity, TeamsGateway } from './teams-contract';

/**
 * Our side of the Teams bot limits (LIMITS.md): per bot per conversation 7 a second,
 * 8 in 2 s, 60 in 30 s, 1,800 an hour; per app per tenant 50 a second. No library
 * paces several windows at once per key and counts from the answer, so this does.
 * Each conversation is paced on its own, so many conversations send in parallel;
 * within one, sends go in order at the published rate rather than learning it from
 * 429s. A 429 that still comes (another instance shares the conversation) is waited
 * out for its Retry-After and the send made again: a 429 means nothing was sent.
 * With `shared` (the service always gives it), each send also reserves its slot in the
 * database, so several instances together keep to the same limits; the per-process pacing
 * before it keeps one instance's sends in order without asking the database each time.
 */
export interface PacingWindow {
  limit: number;
  windowMs: number;
}

export interface TeamsPacingSettings {
  perConversation: PacingWindow[];
  perTenant: PacingWindow[];
  /** Added to every wait: our clock and Teams' are not the same clock. */
  marginMs: number;
  /** Sends made again after a 429 before the error is the job's to retry. */
  throttledRetries: number;
  /** The instances' common slots (PostgreSQL); unset: this process paces alone. */
  shared?: SharedPacing;
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const teamsLimits: TeamsPacingSettings = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 3_600_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
  marginMs: 25,
  throttledRetries: 5,
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** When Teams answered (Infinity while the send is in flight). */
interface Sent {
  at: number;
}

class Pacer {
  private readonly sent = new Map<string, Sent[]>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly windows: PacingWindow[],
    private readonly settings: TeamsPacingSettings,
  ) {}

  /** Milliseconds until one more send fits every window for `key` (Infinity: wait for one in flight). */
  private waitFor(key: string, now: number): number {
    const longest = Math.max(...this.windows.map((w) => w.windowMs));
    const live = (this.sent.get(key) ?? []).filter((s) => s.at + longest > now);
    this.sent.set(key, live);
    let wait = 0;
    for (const w of this.windows) {
      const inWindow = live.filter((s) => s.at + w.windowMs > now).sort((a, b) => a.at - b.at);
      const excess = inWindow.length + 1 - w.limit;
      if (excess <= 0) continue;
      const freeing = inWindow[excess - 1]!;
      wait = Math.max(wait, freeing.at === Infinity ? Infinity : freeing.at + w.windowMs - now);
    }
    return wait;
  }

  /** Waits for room (in order of asking, per key), then holds a place until `done` is called. */
  async take(key: string): Promise<{ done(): void }> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const mine = previous.then(async () => {
      for (;;) {
        const wait = this.waitFor(key, this.settings.now());
        if (wait === 0) break;
        await this.settings.sleep(
          wait === Infinity ? this.settings.marginMs : wait + this.settings.marginMs,
        );
      }
      const entry: Sent = { at: Infinity };
      this.sent.set(key, [...(this.sent.get(key) ?? []), entry]);
      return entry;
    });
    this.queues.set(
      key,
      mine.catch(() => undefined),
    );
    const entry = await mine;
    return { done: () => (entry.at = this.settings.now()) };
  }
}

function retryAfterMs(error: unknown): number | undefined {
  const e = error as {
    statusCode?: unknown;
    response?: { headers?: { get?(name: string): string | undefined } };
  };
  if (e?.statusCode !== 429) return undefined;
  const header = Number(e.response?.headers?.get?.('retry-after'));
  return Number.isFinite(header) && header > 0 ? header * 1000 : 1000;
}

/** The channel or chat a send counts against (a channel's threads share its budget). */
const conversationOf = (conversationId: string) => conversationId.split(';messageid=')[0]!;

export function pacedTeamsGateway(
  teams: TeamsGateway,
  settings: Partial<TeamsPacingSettings> = {},
): TeamsGateway {
  const s = { ...teamsLimits, ...settings };
  const conversations = new Pacer(s.perConversation, s);
  const tenant = new Pacer(s.perTenant, s);
  const paced = async <T>(key: string, send: () => Promise<T>): Promise<T> => {
    for (let attempt = 0; ; attempt += 1) {
      const place = await conversations.take(key);
      const tenantPlace = await tenant.take('tenant');
      const slots: number[] = [];
      try {
        if (s.shared) {
          const conversation = await s.shared.reserve(
            `teams:conversation:${key}`,
            s.perConversation,
            {
              marginMs: s.marginMs,
            },
          );
          if ('refused' in conversation) throw new Error('Teams pacing refused a send.');
          slots.push(conversation.id);
          const app = await s.shared.reserve('teams:app', s.perTenant, {
            marginMs: s.marginMs,
            notBeforeMs: conversation.atMs,
          });
          if ('refused' in app) throw new Error('Teams pacing refused a send.');
          slots.push(app.id);
          const wait = Math.max(conversation.waitMs, app.waitMs);
          if (wait > 0) await s.sleep(wait);
        }
        return await send();
      } catch (error) {
        const wait = retryAfterMs(error);
        if (wait === undefined || attempt >= s.throttledRetries) throw error;
        await s.sleep(wait + s.marginMs);
      } finally {
        place.done();
        tenantPlace.done();
        // Counted from the answer, as Teams counts it no earlier than that.
        // Not kept: the slot then counts from when it was reserved, a little early.
        for (const slot of slots) await s.shared?.answered(slot).catch(() => undefined);
      }
    }
  };
  return {
    handle: (req, res) => teams.handle(req, res),
    postToChannel: (serviceUrl: string, channelId: string, message: OutgoingMessage) =>
      paced(channelId, () => teams.postToChannel(serviceUrl, channelId, message)),
    updateMessage: (serviceUrl: string, posted: PostedActivity, message: OutgoingMessage) =>
      paced(conversationOf(posted.conversationId), () =>
        teams.updateMessage(serviceUrl, posted, message),
      ),
    sendToConversation: (reference: object, message: OutgoingMessage) => {
      const id = (reference as { conversation?: { id?: string } }).conversation?.id ?? '';
      return paced(conversationOf(id), () => teams.sendToConversation(reference, message));
    },
    sendToPerson: (serviceUrl, tenantId, aadObjectId, message) =>
      paced(`person:${aadObjectId}`, () =>
        teams.sendToPerson(serviceUrl, tenantId, aadObjectId, message),
      ),
  };
}
