import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall } from './graph-errors';

/**
 * Reads a channel's root posts (Graph: ChannelMessage.Read.All, or the resource-specific
 * ChannelMessage.Read.Group the Teams app can carry), newest first. Used only to find a
 * post of our own that a crash left unrecorded: the Bot Connector cannot list messages.
 */
export interface ChannelMessages {
  /**
   * The id of the newest root post whose Adaptive Card carries `marker`, looking back
   * to posts created `since` (less a minute for clocks that differ); undefined if none.
   */
  findMarked(
    teamId: string,
    channelId: string,
    marker: string,
    since: Date,
  ): Promise<string | undefined>;
}

/** Where a marked card keeps its marker (the card's own JSON, which Graph returns as is). */
export const POST_MARKER_PROPERTY = 'pathwaysPost';

const CLOCK_MARGIN_MS = 60_000;

interface GraphChatMessage {
  id: string;
  createdDateTime?: string;
  attachments?: { contentType?: string; content?: string | null }[];
}

function carries(message: GraphChatMessage, marker: string): boolean {
  return (message.attachments ?? []).some((a) => {
    if (a.contentType !== 'application/vnd.microsoft.card.adaptive' || !a.content) return false;
    try {
      return (JSON.parse(a.content) as Record<string, unknown>)[POST_MARKER_PROPERTY] === marker;
    } catch {
      return false;
    }
  });
}

export function graphChannelMessages(client: Client): ChannelMessages {
  return {
    async findMarked(teamId, channelId, marker, since) {
      const oldest = since.getTime() - CLOCK_MARGIN_MS;
      let url: string | undefined =
        `/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages?$top=50`;
      while (url) {
        const page: { value: GraphChatMessage[]; '@odata.nextLink'?: string } = await graphCall(
          () => client.api(url!).get(),
        );
        for (const message of page.value) {
          if (carries(message, marker)) return message.id;
          // Newest first: past the attempt, nothing older can be ours.
          if (message.createdDateTime && Date.parse(message.createdDateTime) < oldest) return;
        }
        url = page['@odata.nextLink'];
      }
      return undefined;
    },
  };
}
