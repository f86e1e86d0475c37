import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema';
import type { ChannelMessages } from '../graph/channel-messages';
import type { OutgoingMessage, PostedActivity, TeamsGateway } from './teams-contract';

/**
 * Shows a card in a channel exactly once: the first time it is posted and
 * `save` stores where (it should only fill ids still empty, so a racing rerun
 * cannot overwrite them); after that the stored message is updated in place.
 * Channel posts have no idempotency key, so the stored ids are the key; a crash
 * between posting and `save` is covered by the message's marker (see
 * adoptingTeamsGateway): give every channel post one.
 */
export async function postOrUpdateInChannel(
  teams: TeamsGateway,
  target: { serviceUrl: string; channelId: string },
  stored: { conversationId: string | null; activityId: string | null },
  message: OutgoingMessage,
  save: (posted: PostedActivity) => Promise<unknown>,
): Promise<void> {
  if (stored.conversationId && stored.activityId) {
    await teams.updateMessage(
      target.serviceUrl,
      { conversationId: stored.conversationId, activityId: stored.activityId },
      message,
    );
    return;
  }
  await save(await teams.postToChannel(target.serviceUrl, target.channelId, message));
}

/**
 * Makes a marked channel post happen at most once across crashes. Before posting,
 * the attempt is noted (committed on its own, so it outlives a kill); an attempt
 * already noted means an earlier run may have posted and died before saving the
 * activity id, so the channel is searched (Graph) for the marker and a post found
 * there is returned as if just made. Unmarked posts, and channels of teams we
 * cannot read, post as before.
 */
export function adoptingTeamsGateway(
  teams: TeamsGateway,
  db: Kysely<Tables>,
  channels: { teamOf(channelId: string): string | undefined; messages: ChannelMessages },
): TeamsGateway {
  return {
    ...teams,
    async postToChannel(serviceUrl, channelId, message) {
      const teamId = channels.teamOf(channelId);
      if (!message.marker || !teamId) return teams.postToChannel(serviceUrl, channelId, message);
      const first = await db
        .insertInto('teams_post_attempts')
        .values({ marker: message.marker, conversation: channelId })
        .onConflict((oc) => oc.column('marker').doNothing())
        .returning('marker')
        .executeTakeFirst();
      if (!first) {
        const earlier = await db
          .selectFrom('teams_post_attempts')
          .select('attempted_at')
          .where('marker', '=', message.marker)
          .executeTakeFirstOrThrow();
        const found = await channels.messages.findMarked(
          teamId,
          channelId,
          message.marker,
          earlier.attempted_at,
        );
        if (found) return { conversationId: `${channelId};messageid=${found}`, activityId: found };
      }
      return teams.postToChannel(serviceUrl, channelId, message);
    },
  };
}
