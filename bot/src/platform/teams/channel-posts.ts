import type { OutgoingMessage, PostedActivity, TeamsGateway } from './teams-adapter';

/**
 * Shows a card in a channel exactly once: the first time it is posted and
 * `save` stores where (it should only fill ids still empty, so a racing rerun
 * cannot overwrite them); after that the stored message is updated in place.
 * Channel posts have no idempotency key, so the stored ids are the key.
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
