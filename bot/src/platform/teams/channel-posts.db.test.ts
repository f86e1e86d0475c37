import { randomUUID } from 'node:crypto';
import { until } from '../../test-support/until';
import type { Database } from '../db/database';
import { openTestDatabase } from '../db/test-database';
import type { ChannelMessages } from '../graph/channel-messages';
import { adoptingTeamsGateway, ChannelPostInProgressError } from './channel-posts';
import type { OutgoingMessage, TeamsGateway } from './teams-contract';

let database: Database;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(() => database.close());

const CHANNEL = '19:business-unit@thread.tacv2';

/**
 * A channel and the Teams that posts into it. Posts can be held up (as pacing does) until
 * let go, and one can be made to fail after reaching the channel (a lost answer).
 */
function channel() {
  const posted: { id: string; marker: string | undefined }[] = [];
  let hold: Promise<void> | undefined;
  let failAfterPosting = false;
  const teams: TeamsGateway = {
    handle: async () => undefined,
    postToChannel: async (_url: string, channelId: string, message: OutgoingMessage) => {
      if (hold) await hold;
      const id = String(posted.length + 1);
      posted.push({ id, marker: message.marker });
      if (failAfterPosting) {
        failAfterPosting = false;
        throw new Error('connection reset after the post reached Teams');
      }
      return { conversationId: `${channelId};messageid=${id}`, activityId: id };
    },
    updateMessage: async () => undefined,
    sendToConversation: async () => ({ conversationId: 'c', activityId: 'a' }),
    sendToPerson: async () => ({ conversationId: 'c', activityId: 'a' }),
  };
  const messages: ChannelMessages = {
    findMarked: async (_team, _channel, marker) => posted.find((p) => p.marker === marker)?.id,
  };
  return {
    posted,
    gateway: adoptingTeamsGateway(teams, database.db, {
      teamOf: (channelId) => (channelId === CHANNEL ? 'team' : undefined),
      messages,
    }),
    /** Holds every post back; the function returned lets them go. */
    holdPosts(): () => void {
      let letGo = () => {};
      hold = new Promise<void>((resolve) => (letGo = resolve));
      return () => {
        hold = undefined;
        letGo();
      };
    },
    failNextAfterPosting() {
      failAfterPosting = true;
    },
  };
}

const marked = (): OutgoingMessage => ({
  card: { type: 'AdaptiveCard', version: '1.5', body: [] } as never,
  marker: `kloe:${randomUUID()}:channel`,
});

const claimOf = (marker: string) =>
  database.db
    .selectFrom('teams_post_attempts')
    .select('marker')
    .where('marker', '=', marker)
    .executeTakeFirst();

describe('a marked channel post', () => {
  it('when a second run starts while the first is still posting, then only the first posts', async () => {
    const c = channel();
    const message = marked();
    const letGo = c.holdPosts();
    const first = c.gateway.postToChannel('https://smba', CHANNEL, message);
    await until(() => claimOf(message.marker!), "the first run's claim");

    await expect(c.gateway.postToChannel('https://smba', CHANNEL, message)).rejects.toBeInstanceOf(
      ChannelPostInProgressError,
    );
    letGo();
    const made = await first;

    // The second run's retry finds the post recorded and returns it.
    await expect(c.gateway.postToChannel('https://smba', CHANNEL, message)).resolves.toEqual(made);
    expect(c.posted).toHaveLength(1);
  });

  it('when a run fails after its post reached Teams, then the rerun adopts that post', async () => {
    const c = channel();
    const message = marked();
    c.failNextAfterPosting();
    await expect(c.gateway.postToChannel('https://smba', CHANNEL, message)).rejects.toThrow(
      'connection reset',
    );

    const adopted = await c.gateway.postToChannel('https://smba', CHANNEL, message);

    expect(adopted.activityId).toBe('1');
    expect(c.posted).toHaveLength(1);
  });

  it('when the job fails after the post was made, then its rerun does not post again', async () => {
    const c = channel();
    const message = marked();
    const made = await c.gateway.postToChannel('https://smba', CHANNEL, message);

    await expect(c.gateway.postToChannel('https://smba', CHANNEL, message)).resolves.toEqual(made);
    expect(c.posted).toHaveLength(1);
  });
});
