import { respondToText, welcomeCard, type Partnership } from '@pathways/core';
import type { Kysely } from 'kysely';
import { activityReceipts, conversationReferences } from '../db/repositories';
import type { Tables } from '../db/schema';
import type { IncomingMessage, OutgoingMessage, TeamsHandlers } from './teams-adapter';

/** Wires chat to the domain: de-duplicates redeliveries and remembers where people are. */
export function conversationHandlers(db: Kysely<Tables>, partnership: Partnership): TeamsHandlers {
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
  return {
    async onMessage(message): Promise<OutgoingMessage[]> {
      if (!(await firstDelivery(message))) return [];
      await remember(message);
      const reply = respondToText(message.text, partnership);
      return [{ card: reply.card }];
    },
    async onInstalled(message): Promise<OutgoingMessage[]> {
      await remember(message);
      return message.conversationType === 'personal' ? [{ card: welcomeCard(partnership) }] : [];
    },
  };
}
