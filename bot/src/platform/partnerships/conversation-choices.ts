import type { Kysely } from 'kysely';
import type { Tables } from '../db/schema';

/** The partnership each person chose for a chat (conversation_partnerships, migration 0026). */
export interface ConversationChoices {
  chosen(conversationId: string, personId: string): Promise<string | undefined>;
  choose(conversationId: string, personId: string, partnershipId: string): Promise<void>;
}

/** Kept in the database (global: no partnership's data), so every instance knows the choice. */
export function conversationChoices(db: Kysely<Tables>): ConversationChoices {
  return {
    async chosen(conversationId, personId) {
      const row = await db
        .selectFrom('conversation_partnerships')
        .select('partnership_id')
        .where('conversation_id', '=', conversationId)
        .where('person_id', '=', personId)
        .executeTakeFirst();
      return row?.partnership_id;
    },
    async choose(conversationId, personId, partnershipId) {
      await db
        .insertInto('conversation_partnerships')
        .values({
          conversation_id: conversationId,
          person_id: personId,
          partnership_id: partnershipId,
        })
        .onConflict((oc) =>
          oc.columns(['conversation_id', 'person_id']).doUpdateSet({
            partnership_id: partnershipId,
            chosen_at: new Date(),
          }),
        )
        .execute();
    },
  };
}
