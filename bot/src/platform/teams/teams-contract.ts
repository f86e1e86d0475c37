// What the rest of the service knows of Teams: plain shapes, no SDK. The adapter
// (teams-adapter.ts, the one module that imports botbuilder) turns activities into these.
import type { AdaptiveCard } from '@pathways/core';

/** A chat message as the domain sees it: no SDK types. */
export interface IncomingMessage {
  activityId: string;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  text: string | undefined;
  from: { aadObjectId: string | undefined; name: string | undefined };
  /**
   * Where the turn happened, as Teams says (channelData): the tenant, and in a team its
   * channel and team (Teams' own id, the General channel's, and the team's Entra group id).
   * Which partnership a turn is for is decided from these.
   */
  where?: {
    tenantId?: string | undefined;
    channelId?: string | undefined;
    teamId?: string | undefined;
    teamGroupId?: string | undefined;
  };
  /** Opaque: hand it back to Teams to reach this conversation later. */
  reference: object;
}

export type OutgoingMessage = {
  card: AdaptiveCard;
  /** 'high' shows as Important in Teams: the strongest mark a channel post can carry. */
  importance?: 'normal' | 'high';
  /**
   * Names this post among all others (e.g. `kloe:<id>:channel`), carried in the card's
   * JSON so that Graph's listing of the conversation shows it: how a job interrupted by
   * a crash finds the post it made and adopts it rather than posting again.
   */
  marker?: string;
};

/** A Universal Action (Action.Execute) on a card the bot sent. */
export interface CardAction extends IncomingMessage {
  verb: string;
  data: Record<string, unknown>;
  /** The message holding the card that was actioned. */
  cardActivityId: string | undefined;
  /**
   * What a submission from this press is stored under: the id minted when the
   * form card was sent, for this person (so a double press or a press on the
   * redrawn card is one record); the activity id for a card that has none.
   */
  submissionKey: string;
}

/** A message-extension action ("Raise as KLOE" on a message). */
export interface MessageAction extends IncomingMessage {
  commandId: string;
  phase: 'fetch' | 'submit';
  /** The message the action was started from (HTML as Teams sends it). */
  messageHtml: string | undefined;
  data: Record<string, unknown>;
  /** As CardAction's: the dialog's card instance id, for this person. */
  submissionKey: string;
}

/** A typeahead search from an Input.ChoiceSet with Data.Query (invoke application/search). */
export interface SearchRequest extends IncomingMessage {
  dataset: string;
  queryText: string;
  top: number;
  skip: number;
}

export type MessageActionResult =
  { kind: 'dialog'; title: string; card: AdaptiveCard } | { kind: 'done'; message: string };

export interface TeamsHandlers {
  /** Returns what to say back in the same conversation. */
  onMessage(message: IncomingMessage): Promise<OutgoingMessage[]>;
  /** The bot was added to a conversation (a personal chat is installed). */
  onInstalled(message: IncomingMessage): Promise<OutgoingMessage[]>;
  /** Returns the card that replaces the actioned one (for the person who acted). */
  onCardAction(action: CardAction): Promise<AdaptiveCard>;
  /**
   * Every Action.Execute verb onCardAction acts on (any other verb is answered
   * "out of date"). The card-action matrix test fails on a verb missing from it.
   */
  readonly cardVerbs: readonly string[];
  onMessageAction(action: MessageAction): Promise<MessageActionResult>;
  /** Answers a card's typeahead search: choices, best first. */
  onSearch?(search: SearchRequest): Promise<{ title: string; value: string }[]>;
}

/** HTTP shapes the adapter needs; Express's request and response satisfy them. */
export interface HttpRequest {
  body?: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  method?: string;
}
export interface HttpResponse {
  status(code: number): unknown;
  header(name: string, value: unknown): unknown;
  send(body?: unknown): unknown;
  end(...args: unknown[]): unknown;
  headersSent: boolean;
}

export interface TeamsSettings {
  botId: string | undefined;
  botPassword: string | undefined;
  botType: 'SingleTenant' | 'MultiTenant' | 'UserAssignedMSI';
  tenantId: string | undefined;
  /**
   * Who signs the channel's requests to /api/messages. Unset: the Bot
   * Framework public cloud (login.botframework.com). Set for another cloud,
   * or in tests that sign their own channel tokens.
   */
  channelAuthority?: { openIdMetadataUrl: string; tokenIssuer: string };
}

export interface PostedActivity {
  conversationId: string;
  activityId: string;
}

export interface TeamsGateway {
  /** Handles one POST to /api/messages. */
  handle(req: HttpRequest, res: HttpResponse): Promise<void>;
  /** Starts a new thread in a channel (a proactive post). */
  postToChannel(
    serviceUrl: string,
    channelId: string,
    message: OutgoingMessage,
  ): Promise<PostedActivity>;
  /** Replaces a message already posted (cards change in place; nothing is posted twice). */
  updateMessage(
    serviceUrl: string,
    posted: PostedActivity,
    message: OutgoingMessage,
  ): Promise<void>;
  /** Sends into a stored conversation (e.g. the submitter's chat). */
  sendToConversation(reference: object, message: OutgoingMessage): Promise<PostedActivity>;
  /** Opens (or reopens) a person's 1:1 chat with Pathways and sends into it. */
  sendToPerson(
    serviceUrl: string,
    tenantId: string,
    aadObjectId: string,
    message: OutgoingMessage,
  ): Promise<PostedActivity>;
}

/** True when the Bot Connector said the conversation or message does not exist. */
export function isNotFound(error: unknown): boolean {
  const status = (error as { statusCode?: unknown })?.statusCode;
  return status === 404;
}
