/**
 * The one module that imports botbuilder. botbuilder is archived upstream
 * (support ended December 2025); its successor is the Microsoft 365 Agents
 * SDK. Everything else talks to Teams through the small interfaces in
 * teams-contract.ts, so the move replaces this file and nothing else.
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
import type {
  IncomingMessage,
  OutgoingMessage,
  TeamsHandlers,
  TeamsSettings,
  PostedActivity,
  TeamsGateway,
} from './teams-contract';

/** See CardAction.submissionKey. */
function submissionKeyOf(
  data: Record<string, unknown>,
  from: IncomingMessage['from'],
  activityId: string,
): string {
  const id = submissionIdOf(data);
  return id && from.aadObjectId ? `card:${from.aadObjectId}:${id}` : activityId;
}

/** The tenant, channel and team Teams names in an activity's channelData. */
function whereOf(a: Activity): NonNullable<IncomingMessage['where']> {
  const data = (a.channelData ?? {}) as {
    tenant?: { id?: unknown };
    channel?: { id?: unknown };
    team?: { id?: unknown; aadGroupId?: unknown };
  };
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  return {
    tenantId: text(data.tenant?.id) ?? text(a.conversation?.tenantId),
    channelId: text(data.channel?.id),
    teamId: text(data.team?.id),
    teamGroupId: text(data.team?.aadGroupId),
  };
}

/** A reply drawn for a card instance keeps that instance's id (see keepSubmissionId). */
function sameInstance(reply: AdaptiveCard, data: Record<string, unknown>): AdaptiveCard {
  const id = submissionIdOf(data);
  return id ? keepSubmissionId(reply, id) : reply;
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
      where: whereOf(a),
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
