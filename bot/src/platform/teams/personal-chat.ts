import type { Kysely } from 'kysely';
import { conversationReferences } from '../db/repositories';
import type { Tables } from '../db/schema';

function isPersonal(reference: unknown): boolean {
  const conversation = (reference as { conversation?: { conversationType?: string } })
    ?.conversation;
  return conversation?.conversationType === 'personal';
}

/**
 * A submitter's 1:1 chat with Pathways, if we know it: where they sent the form from, or
 * the chat Pathways last saw them in. Status notes go only there, never to a channel.
 */
export async function personalChatOf(
  db: Kysely<Tables>,
  partnershipId: string,
  row: { submitted_by_id: string; receipt_reference: object },
): Promise<object | undefined> {
  if (isPersonal(row.receipt_reference)) return row.receipt_reference;
  const saved = await conversationReferences(db).find(partnershipId, row.submitted_by_id);
  return saved && isPersonal(saved) ? saved : undefined;
}

/** The Bot Connector that holds a stored conversation (a Playground's differs from Teams'). */
export function serviceUrlOf(reference: unknown, fallback: string): string {
  const url = (reference as { serviceUrl?: unknown } | undefined)?.serviceUrl;
  return typeof url === 'string' && url ? url : fallback;
}
