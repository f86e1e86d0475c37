import { randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
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
 * A marked post another run is making right now (its claim is live): this run must not
 * post too. Thrown so the job comes back later, by when the holder has recorded the post
 * (the rerun then updates it) or, if the holder died, its lease has run out.
 */
export class ChannelPostInProgressError extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('this channel post is being made by another run; trying again later');
    this.name = 'ChannelPostInProgressError';
  }
}

/**
 * Makes a marked channel post happen at most once across crashes, retries and
 * instances. The post is claimed first, for a lease renewed while it is made (pacing
 * can hold a post back for a while), in a row committed on its own so it outlives a kill:
 * - a run that finds the post recorded as made returns it rather than posting again;
 * - a run that finds a live claim by another run does not post: it throws
 *   ChannelPostInProgressError so its job comes back later;
 * - a run that takes over a lapsed claim (a crash, or a post that failed, which may still
 *   have reached Teams) searches the channel (Graph) for the marker and adopts a post found
 *   there, and only otherwise posts.
 * Unmarked posts, and channels of teams we cannot read, post as before.
 */
export function adoptingTeamsGateway(
  teams: TeamsGateway,
  db: Kysely<Tables>,
  channels: { teamOf(channelId: string): string | undefined; messages: ChannelMessages },
  options: { leaseSeconds?: number } = {},
): TeamsGateway {
  const leaseSeconds = options.leaseSeconds ?? 60;
  const leaseEnd = sql<Date>`now() + make_interval(secs => ${leaseSeconds})`;
  return {
    ...teams,
    async postToChannel(serviceUrl, channelId, message) {
      const teamId = channels.teamOf(channelId);
      const marker = message.marker;
      if (!marker || !teamId) return teams.postToChannel(serviceUrl, channelId, message);
      const token = randomUUID();
      const fresh = await db
        .insertInto('teams_post_attempts')
        .values({ marker, conversation: channelId, claim_token: token, claimed_until: leaseEnd })
        .onConflict((oc) => oc.column('marker').doNothing())
        .returning('marker')
        .executeTakeFirst();
      const held = db
        .updateTable('teams_post_attempts')
        .where('marker', '=', marker)
        .where('claim_token', '=', token);
      const release = { claim_token: null, claimed_until: null };
      const record = async (posted: PostedActivity) => {
        await held
          .set({
            posted_conversation_id: posted.conversationId,
            posted_activity_id: posted.activityId,
            ...release,
          })
          .execute();
        return posted;
      };
      if (!fresh) {
        const taken = await db
          .updateTable('teams_post_attempts')
          .set({ claim_token: token, claimed_until: leaseEnd })
          .where('marker', '=', marker)
          .where('posted_activity_id', 'is', null)
          .where((eb) =>
            eb.or([eb('claimed_until', 'is', null), eb('claimed_until', '<', sql<Date>`now()`)]),
          )
          .returning('attempted_at')
          .executeTakeFirst();
        if (!taken) {
          const row = await db
            .selectFrom('teams_post_attempts')
            .select([
              'posted_conversation_id',
              'posted_activity_id',
              sql<number>`ceil(extract(epoch from claimed_until - now()))`.as('seconds'),
            ])
            .where('marker', '=', marker)
            .executeTakeFirstOrThrow();
          if (row.posted_conversation_id && row.posted_activity_id)
            return {
              conversationId: row.posted_conversation_id,
              activityId: row.posted_activity_id,
            };
          throw new ChannelPostInProgressError(Math.max(1, Number(row.seconds ?? 1)));
        }
        // An earlier run may have posted and died (or failed) before recording it.
        const found = await channels.messages
          .findMarked(teamId, channelId, marker, taken.attempted_at)
          .catch(async (error: unknown) => {
            await held
              .set(release)
              .execute()
              .catch(() => undefined);
            throw error;
          });
        if (found)
          return record({ conversationId: `${channelId};messageid=${found}`, activityId: found });
      }
      // Renewed while it works: a post waiting on Teams' pacing can take a while.
      const renewal = setInterval(
        () =>
          void held
            .set({ claimed_until: leaseEnd })
            .execute()
            .catch(() => undefined),
        (leaseSeconds * 1000) / 3,
      );
      renewal.unref();
      let posted: PostedActivity;
      try {
        posted = await teams.postToChannel(serviceUrl, channelId, message);
      } catch (error) {
        // It may have reached Teams all the same: the next run searches before posting.
        await held
          .set(release)
          .execute()
          .catch(() => undefined);
        throw error;
      } finally {
        clearInterval(renewal);
      }
      return record(posted);
    },
  };
}
