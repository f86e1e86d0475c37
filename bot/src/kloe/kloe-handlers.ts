import {
  KLOE_SUBMIT_VERB,
  KLOE_VERBS,
  actOnChannelCard,
  answerQuestion,
  commandOf,
  considerationForm,
  type PeopleDirectory,
  newKloeCard,
  plainTextFromHtml,
  respondToText,
  submitKloe,
  welcomeCard,
  type KloeStore,
  type Partnership,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { activityReceipts, conversationReferences } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { formDrafts } from '../records/form-drafts';
import type { CardVerbs, Conversation } from '../platform/teams/chat-registry';
import type {
  CardAction,
  IncomingMessage,
  MessageActionResult,
  OutgoingMessage,
} from '../platform/teams/teams-contract';

/**
 * Chat itself (help, welcome, "Raise as KLOE") and the KLOE card verbs: de-duplicates
 * redeliveries and remembers where people are.
 */
export function kloeChat(
  db: Kysely<Tables>,
  partnership: Partnership,
  kloes: KloeStore,
  directory: PeopleDirectory,
  now: () => Date = () => new Date(),
  /** The Engine Room tab, where the channel card links to the whole record. */
  tabUrl?: string,
): { conversation: Conversation; cardVerbs: CardVerbs } {
  const firstDelivery = async (message: IncomingMessage) => {
    // Teams retries deliveries it thinks failed: an id seen before gets no second answer.
    if (!message.activityId) return true;
    return activityReceipts(db).claim(message.activityId, message.conversationId);
  };
  const remember = async (message: IncomingMessage) => {
    if (message.conversationType === 'personal' && message.from.aadObjectId) {
      await conversationReferences(db).save(
        partnership.id,
        message.from.aadObjectId,
        message.conversationId,
        message.reference,
      );
    }
  };
  const onChannelCard = async (action: CardAction, from: string) => {
    // A redelivered decision must not be taken again (it would read as a conflict): show where it stands.
    const verb = (await firstDelivery(action)) ? action.verb : KLOE_VERBS.refresh;
    const actor = { aadObjectId: from, name: action.from.name ?? '' };
    // Roles come from the directory (server side), never from the card's data.
    const [profile, businessUnit] = await Promise.all([
      directory.profile(actor.aadObjectId),
      directory.membersOf('BusinessUnit'),
    ]);
    return actOnChannelCard(verb, action.data, {
      partnership,
      store: kloes,
      actor,
      actorRoles: profile?.roles ?? new Set(),
      now: now(),
      refreshFor: businessUnit,
      ...(tabUrl ? { tabUrl } : {}),
    });
  };
  /** Each KLOE verb; the caller's object id comes from Teams. */
  const cardVerbs: CardVerbs = {
    [KLOE_SUBMIT_VERB]: async (action, from) => {
      await remember(action);
      const { card: reply } = await submitKloe(action.data, {
        partnership,
        store: kloes,
        // One KLOE per card instance, however often it is pressed or redelivered.
        submissionKey: action.submissionKey,
        submittedBy: { aadObjectId: from, name: action.from.name ?? '' },
        receipt: { conversationReference: action.reference, activityId: action.cardActivityId },
        now: now(),
      });
      return reply;
    },
    [KLOE_VERBS.refresh]: onChannelCard,
    [KLOE_VERBS.accept]: onChannelCard,
    [KLOE_VERBS.ask]: onChannelCard,
    [KLOE_VERBS.decline]: onChannelCard,
    [KLOE_VERBS.link]: onChannelCard,
    [KLOE_VERBS.answer]: (action, from) =>
      answerQuestion(action.data, {
        partnership,
        store: kloes,
        actor: { aadObjectId: from, name: action.from.name ?? '' },
        now: now(),
        // One answer per card instance, however often it is pressed.
        submissionKey: action.submissionKey,
      }),
  };
  const conversation: Conversation = {
    async onMessage(message): Promise<OutgoingMessage[]> {
      if (!(await firstDelivery(message))) return [];
      await remember(message);
      // The organisation is defaulted from the person's directory profile, when it has one.
      const profile = message.from.aadObjectId
        ? await directory.profile(message.from.aadObjectId)
        : undefined;
      // "consideration" again with a request unfinished picks it up where the person stopped.
      const unfinished =
        commandOf(message.text) === 'consideration' && message.from.aadObjectId
          ? await formDrafts(db, partnership.id).latest(
              considerationForm.id,
              message.from.aadObjectId,
            )
          : undefined;
      const reply = respondToText(
        message.text,
        partnership,
        { name: message.from.name, agency: profile?.agency },
        { consideration: unfinished },
      );
      return [{ card: reply.card }];
    },
    async onInstalled(message): Promise<OutgoingMessage[]> {
      await remember(message);
      return message.conversationType === 'personal' ? [{ card: welcomeCard(partnership) }] : [];
    },
    async onMessageAction(action): Promise<MessageActionResult> {
      const title = 'Raise as KLOE';
      if (action.commandId !== 'raiseKloe' || !action.from.aadObjectId) {
        return {
          kind: 'done',
          message: 'Pathways cannot do that from here. Type "help" in a chat with Pathways.',
        };
      }
      if (action.phase === 'fetch') {
        const details = action.messageHtml ? plainTextFromHtml(action.messageHtml) : undefined;
        const profile = await directory.profile(action.from.aadObjectId);
        return {
          kind: 'dialog',
          title,
          card: newKloeCard(
            partnership,
            { name: action.from.name, details, agency: profile?.agency },
            'submit',
          ),
        };
      }
      const result = await submitKloe(action.data, {
        partnership,
        store: kloes,
        submissionKey: action.submissionKey,
        submittedBy: { aadObjectId: action.from.aadObjectId, name: action.from.name ?? '' },
        // The receipt goes to their chat with Pathways (never into the chat they raised it from).
        receipt: {
          conversationReference:
            (await conversationReferences(db).find(partnership.id, action.from.aadObjectId)) ?? {},
          activityId: undefined,
        },
        now: now(),
        cardKind: 'submit',
      });
      return result.outcome === 'sent'
        ? {
            kind: 'done',
            message: `${result.reference} has been sent to the Business Unit. You will see its status in your chat with Pathways.`,
          }
        : { kind: 'dialog', title, card: result.card };
    },
  };
  return { conversation, cardVerbs };
}
