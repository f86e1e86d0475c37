/**
 * The one module that imports botbuilder. botbuilder is archived upstream
 * (support ended December 2025); its successor is the Microsoft 365 Agents
 * SDK. Everything else talks to Teams through the small interfaces below, so
 * the move replaces this file and nothing else.
 */
import {
  ActivityTypes,
  CardFactory,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  MessageFactory,
  TurnContext,
  type Activity,
  type ConversationReference,
} from 'botbuilder';
import { AuthenticationConstants, AuthenticationError } from 'botframework-connector';
import { keepSubmissionId, submissionIdOf, type AdaptiveCard } from '@pathways/core';
import { UnauthenticatedError } from '../auth/token-verifier';
import { RequestProblem } from '../http/problems';
import { POST_MARKER_PROPERTY } from '../graph/channel-messages';

/** A chat message as the domain sees it: no SDK types. */
export interface IncomingMessage {
  activityId: string;
  conversationId: string;
  conversationType: 'personal' | 'channel' | 'groupChat';
  text: string | undefined;
  from: { aadObjectId: string | undefined; name: string | undefined };
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

/** See CardAction.submissionKey. */
function submissionKeyOf(
  data: Record<string, unknown>,
  from: IncomingMessage['from'],
  activityId: string,
): string {
  const id = submissionIdOf(data);
  return id && from.aadObjectId ? `card:${from.aadObjectId}:${id}` : activityId;
}

/** A reply drawn for a card instance keeps that instance's id (see keepSubmissionId). */
function sameInstance(reply: AdaptiveCard, data: Record<string, unknown>): AdaptiveCard {
  const id = submissionIdOf(data);
  return id ? keepSubmissionId(reply, id) : reply;
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

export function createTeamsGateway(
  settings: TeamsSettings,
  handlers: TeamsHandlers,
  onError: (error: unknown) => void,
): TeamsGateway {
  const botId = settings.botId ?? '';
  // With no app id (local run against the sandbox or Agents Playground) the
  // SDK neither demands nor sends tokens; with one, it validates every request.
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: botId,
    MicrosoftAppPassword: settings.botPassword ?? '',
    // The SDK only accepts an empty app id with the MultiTenant type.
    MicrosoftAppType: botId ? settings.botType : 'MultiTenant',
    MicrosoftAppTenantId: settings.tenantId ?? '',
    ...(settings.channelAuthority
      ? {
          // Setting any endpoint makes botbuilder expect all of them.
          ToBotFromChannelOpenIdMetadataUrl: settings.channelAuthority.openIdMetadataUrl,
          ToBotFromChannelTokenIssuer: settings.channelAuthority.tokenIssuer,
          ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
          ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
          OAuthUrl: AuthenticationConstants.OAuthUrl,
          ToBotFromEmulatorOpenIdMetadataUrl:
            AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
          CallerId: 'urn:botframework:azure',
        }
      : {}),
  });
  // botbuilder answers a bad signature (or alg none) with 500, because
  // jsonwebtoken's error is not its AuthenticationError: every failure to
  // authenticate is a 401.
  quietTokenRefusals();
  const authenticate = auth.authenticateRequest.bind(auth);
  auth.authenticateRequest = async (...args) => {
    try {
      return await authenticate(...args);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      throw new AuthenticationError(
        'Unauthorized: the request was not signed by the channel.',
        401,
      );
    }
  };
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    onError(error);
    await context.sendActivity(
      'Sorry, something went wrong on our side and nothing was saved from that message. Please try again in a minute.',
    );
  };

  const toActivity = (message: OutgoingMessage): Partial<Activity> => {
    const card = message.marker
      ? { ...message.card, [POST_MARKER_PROPERTY]: message.marker }
      : message.card;
    const activity = MessageFactory.attachment(CardFactory.adaptiveCard(card));
    // The notification preview: the card's non-identifying fallback text.
    activity.summary = message.card.fallbackText;
    if (message.importance) activity.importance = message.importance;
    return activity;
  };

  const incoming = (context: TurnContext): IncomingMessage => {
    const a = context.activity;
    const kind = a.conversation?.conversationType;
    return {
      activityId: a.id ?? '',
      conversationId: a.conversation?.id ?? '',
      conversationType:
        kind === 'channel' ? 'channel' : kind === 'groupChat' ? 'groupChat' : 'personal',
      text: a.text,
      from: { aadObjectId: a.from?.aadObjectId, name: a.from?.name },
      reference: TurnContext.getConversationReference(a),
    };
  };

  const send = async (context: TurnContext, messages: OutgoingMessage[]) => {
    for (const m of messages) await context.sendActivity(toActivity(m));
  };

  return {
    async handle(req, res) {
      // Refused here, as the client's mistake (a 4xx and one warning line): botbuilder's
      // own refusals print a stack to the console, or answer 500.
      const activity = req.body;
      if (!activity || typeof activity.type !== 'string' || activity.type === '') {
        throw new RequestProblem(400, 'BadRequest', 'Send a Bot Framework activity with a type.');
      }
      const header = req.headers.authorization;
      try {
        await auth.authenticateRequest(
          activity as Partial<Activity> as Activity,
          typeof header === 'string' ? header : '',
        );
      } catch {
        throw new UnauthenticatedError('The request was not signed by the channel.');
      }
      await adapter.process(req as never, res as never, async (context) => {
        const a = context.activity;
        if (a.type === ActivityTypes.Message) {
          await send(context, await handlers.onMessage(incoming(context)));
        } else if (a.type === ActivityTypes.Invoke && a.name === 'adaptiveCard/action') {
          const value = (a.value ?? {}) as { action?: { verb?: unknown; data?: unknown } };
          const raw = value.action?.data;
          const data = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {};
          const message = incoming(context);
          const card = sameInstance(
            await handlers.onCardAction({
              ...message,
              verb: typeof value.action?.verb === 'string' ? value.action.verb : '',
              data,
              cardActivityId: a.replyToId,
              submissionKey: submissionKeyOf(data, message.from, message.activityId),
            }),
            data,
          );
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: {
              status: 200,
              body: {
                statusCode: 200,
                type: 'application/vnd.microsoft.card.adaptive',
                value: card,
              },
            },
          });
        } else if (a.type === ActivityTypes.Invoke && a.name === 'application/search') {
          const value = (a.value ?? {}) as {
            dataset?: unknown;
            queryText?: unknown;
            queryOptions?: { top?: unknown; skip?: unknown };
          };
          const results = handlers.onSearch
            ? await handlers.onSearch({
                ...incoming(context),
                dataset: typeof value.dataset === 'string' ? value.dataset : '',
                queryText: typeof value.queryText === 'string' ? value.queryText : '',
                top: Number(value.queryOptions?.top) || 15,
                skip: Number(value.queryOptions?.skip) || 0,
              })
            : [];
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: {
              status: 200,
              body: {
                type: 'application/vnd.microsoft.search.searchResponse',
                value: { results },
              },
            },
          });
        } else if (
          a.type === ActivityTypes.Invoke &&
          (a.name === 'composeExtension/fetchTask' || a.name === 'composeExtension/submitAction')
        ) {
          const value = (a.value ?? {}) as {
            commandId?: string;
            data?: unknown;
            messagePayload?: { body?: { content?: string } };
          };
          const data =
            value.data && typeof value.data === 'object'
              ? (value.data as Record<string, unknown>)
              : {};
          const message = incoming(context);
          const result = await handlers.onMessageAction({
            ...message,
            commandId: value.commandId ?? '',
            phase: a.name === 'composeExtension/fetchTask' ? 'fetch' : 'submit',
            messageHtml: value.messagePayload?.body?.content,
            data,
            submissionKey: submissionKeyOf(data, message.from, message.activityId),
          });
          const task =
            result.kind === 'dialog'
              ? {
                  type: 'continue',
                  value: {
                    title: result.title,
                    height: 'large',
                    width: 'medium',
                    card: CardFactory.adaptiveCard(sameInstance(result.card, data)),
                  },
                }
              : { type: 'message', value: result.message };
          await context.sendActivity({
            type: ActivityTypes.InvokeResponse,
            value: { status: 200, body: { task } },
          });
        } else if (a.type === ActivityTypes.ConversationUpdate) {
          const botWasAdded = (a.membersAdded ?? []).some((m) => m.id === a.recipient?.id);
          if (botWasAdded) await send(context, await handlers.onInstalled(incoming(context)));
        }
      });
    },

    async postToChannel(serviceUrl, channelId, message) {
      let posted: PostedActivity | undefined;
      await adapter.createConversationAsync(
        botId,
        'msteams',
        serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: true,
          channelData: { channel: { id: channelId } },
          activity: toActivity(message) as Activity,
          bot: { id: botId, name: 'Pathways' },
        } as never,
        async (context) => {
          const ref = TurnContext.getConversationReference(context.activity);
          const conversationId = ref.conversation?.id ?? '';
          const activityId = conversationId.split(';messageid=')[1] ?? context.activity.id ?? '';
          posted = { conversationId, activityId };
        },
      );
      if (!posted) throw new Error('The Bot Connector did not return the new conversation');
      return posted;
    },

    async updateMessage(serviceUrl, posted, message) {
      const reference: Partial<ConversationReference> = {
        serviceUrl,
        channelId: 'msteams',
        conversation: { id: posted.conversationId } as never,
      };
      await adapter.continueConversationAsync(botId, reference, async (context) => {
        await context.updateActivity({ ...toActivity(message), id: posted.activityId });
      });
    },

    async sendToPerson(serviceUrl, tenantId, aadObjectId, message) {
      let posted: PostedActivity | undefined;
      await adapter.createConversationAsync(
        botId,
        'msteams',
        serviceUrl,
        'https://api.botframework.com',
        {
          isGroup: false,
          members: [{ id: aadObjectId }],
          tenantId,
          channelData: { tenant: { id: tenantId } },
          bot: { id: botId, name: 'Pathways' },
        } as never,
        async (context) => {
          const response = await context.sendActivity(toActivity(message));
          posted = {
            conversationId: context.activity.conversation?.id ?? '',
            activityId: response?.id ?? '',
          };
        },
      );
      if (!posted) throw new Error('The Bot Connector did not open the chat');
      return posted;
    },

    async sendToConversation(reference, message) {
      let posted: PostedActivity | undefined;
      const ref = reference as Partial<ConversationReference>;
      await adapter.continueConversationAsync(botId, ref, async (context) => {
        const response = await context.sendActivity(toActivity(message));
        posted = { conversationId: ref.conversation?.id ?? '', activityId: response?.id ?? '' };
      });
      if (!posted) throw new Error('The Bot Connector did not accept the message');
      return posted;
    },
  };
}

let quietened = false;
/**
 * botframework-connector prints each channel token it refuses to the console
 * itself (an expired one with its whole stack, an unknown key with every
 * published key). The service already answers 401 and logs one warning line,
 * so just those prints are dropped; everything else reaches the console as before.
 */
function quietTokenRefusals(): void {
  if (quietened) return;
  quietened = true;
  const print = console.error.bind(console);
  console.error = (...args: unknown[]) => {
    const [first] = args;
    if (first instanceof Error && first.name === 'TokenExpiredError') return;
    if (typeof first === 'string' && first.startsWith('Error finding key for token.')) return;
    print(...args);
  };
}
