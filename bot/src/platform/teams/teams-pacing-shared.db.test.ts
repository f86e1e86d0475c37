import type { Database } from '../db/database';
import { sharedPacing, type SharedPacing } from '../db/shared-pacing';
import { openTestDatabase } from '../db/test-database';
import { pacedTeamsGateway, teamsLimits } from './teams-pacing';
import type { OutgoingMessage, TeamsGateway } from './teams-contract';

const message: OutgoingMessage = {
  card: { type: 'AdaptiveCard', version: '1.5', body: [] } as never,
};

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

/** A Teams that answers every post at once. */
function teams(): TeamsGateway & { posts: number } {
  const gateway = {
    posts: 0,
    handle: async () => undefined,
    postToChannel: async (_url: string, channelId: string) => {
      gateway.posts += 1;
      return { conversationId: channelId, activityId: String(gateway.posts) };
    },
    updateMessage: async () => undefined,
    sendToConversation: async () => ({ conversationId: 'c', activityId: 'a' }),
    sendToPerson: async () => ({ conversationId: 'c', activityId: 'a' }),
  };
  return gateway;
}

/** The database's slots, noting the time of each one reserved for `key`. */
function noting(pacing: SharedPacing, key: string, slots: number[]): SharedPacing {
  return {
    ...pacing,
    reserve: async (k, windows, options) => {
      const slot = await pacing.reserve(k, windows, options);
      if (k === key && !('refused' in slot)) slots.push(slot.atMs);
      return slot;
    },
  };
}

/** An instance's own clock, moved on by its waits: nothing here waits for real. */
function instanceClock() {
  let now = 0;
  return {
    now: () => now,
    // Moved on at once, but after the event loop's turn: the database's answers come meanwhile.
    sleep: async (ms: number) => {
      now += ms;
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function mostInAnyWindow(times: number[], windowMs: number): number {
  return Math.max(...times.map((t) => times.filter((u) => u >= t && u < t + windowMs).length));
}

describe('Teams pacing across instances', () => {
  it('when two instances post to one channel at once, then the slots they reserve keep to every per-conversation window together', async () => {
    const channel = '19:shared@thread.tacv2';
    const slots: number[] = [];
    const instances = [1, 2].map(() => {
      const teamsOf = teams();
      const paced = pacedTeamsGateway(teamsOf, {
        ...instanceClock(),
        shared: noting(sharedPacing(database.db), `teams:conversation:${channel}`, slots),
      });
      return { teamsOf, paced };
    });

    await Promise.all(
      instances.flatMap(({ paced }) =>
        Array.from({ length: 10 }, () => paced.postToChannel('https://teams', channel, message)),
      ),
    );

    expect(instances.map((i) => i.teamsOf.posts)).toEqual([10, 10]);
    expect(slots).toHaveLength(20);
    for (const w of teamsLimits.perConversation)
      expect(mostInAnyWindow(slots, w.windowMs)).toBeLessThanOrEqual(w.limit);
    // 20 posts at 8 in 2 s cannot all go within 4 s.
    expect(Math.max(...slots) - Math.min(...slots)).toBeGreaterThanOrEqual(4_000);
  });
});
