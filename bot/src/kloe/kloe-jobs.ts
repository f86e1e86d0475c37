import {
  kloeChannelCard,
  kloeQuestionCard,
  kloeReceiptCard,
  kloeStatusNoticeCard,
  recordInTab,
  type Kloe,
  type Partnership,
  type PeopleDirectory,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { activityReceipts } from '../platform/db/repositories';
import { personalChatOf as personalChatIn, serviceUrlOf } from '../platform/teams/personal-chat';
import type { Tables } from '../platform/db/schema';
import type { TeamsGateway } from '../platform/teams/teams-contract';
import { isNotFound } from '../platform/teams/teams-contract';
import { loadKloe } from './kloe-store';
import { postOrUpdateInChannel } from '../platform/teams/channel-posts';

export interface ChannelTarget {
  serviceUrl: string;
  channelId: string;
  tenantId: string;
}

interface Deps {
  db: Kysely<Tables>;
  teams: TeamsGateway;
  target: ChannelTarget;
  partnership: Partnership;
  directory: PeopleDirectory;
  /** The Engine Room tab, where the channel card links to the whole record. */
  tabUrl?: string;
}

/** The submitter's 1:1 chat with Pathways, if we know it. */
const personalChatOf = (deps: Deps, row: { submitted_by_id: string; receipt_reference: object }) =>
  personalChatIn(deps.db, deps.partnership.id, row);

/**
 * Tells the submitter, in their chat, what the Business Unit decided (the
 * question card itself is the note for "more information"). Once per version:
 * the claim is taken before sending and given back if the send fails, so a
 * rerun of the job neither repeats nor loses it.
 */
async function tellSubmitter(deps: Deps, row: Parameters<typeof personalChatOf>[1], kloe: Kloe) {
  const change = kloe.lastChange;
  if (kloe.version <= 1 || !change || kloe.status === 'more-information-requested') return;
  // Their own answer to a question is not news to them.
  if (change.by.aadObjectId === kloe.submittedBy.aadObjectId) return;
  const chat = await personalChatOf(deps, row);
  if (!chat) return;
  const key = `kloe-status:${kloe.id}:${kloe.version}`;
  if (!(await activityReceipts(deps.db).claim(key, 'kloe-status-notice'))) return;
  try {
    await deps.teams.sendToConversation(chat, { card: kloeStatusNoticeCard(kloe) });
  } catch (error) {
    await deps.db.deleteFrom('activity_receipts').where('activity_id', '=', key).execute();
    throw error;
  }
}

/**
 * Makes the KLOE's cards show the stored record: posts the channel card the
 * first time and updates it in place after (channel posts have no idempotency
 * key, so the activity id is stored), then the submitter's receipt. Renders
 * from the database, so a rerun or a late job can only bring cards up to date;
 * if the record changed while it was sending, it goes round again.
 */
export function syncKloeCards(deps: Deps) {
  const { db, teams, target } = deps;
  return async ({ kloeId }: { kloeId: string }) => {
    for (let round = 0; round < 5; round += 1) {
      const row = await db
        .selectFrom('kloes')
        .selectAll()
        .where('id', '=', kloeId)
        .executeTakeFirst();
      const kloe = await loadKloe(db, row);
      if (!row || !kloe) return;
      const refreshFor = await deps.directory.membersOf('BusinessUnit');
      const message = {
        // The actions are on the shared card; pressing one is authorised on the server.
        card: kloeChannelCard(kloe, deps.partnership, {
          view: 'triage',
          refreshFor,
          ...(deps.tabUrl ? { readInTab: recordInTab(deps.tabUrl, 'kloe', kloe.id) } : {}),
        }),
        marker: `kloe:${kloeId}:channel`,
      };
      await postOrUpdateInChannel(
        teams,
        target,
        { conversationId: row.channel_conversation_id, activityId: row.channel_activity_id },
        message,
        (posted) =>
          db
            .updateTable('kloes')
            .set({
              channel_conversation_id: posted.conversationId,
              channel_activity_id: posted.activityId,
            })
            .where('id', '=', kloeId)
            .where('channel_activity_id', 'is', null)
            .execute(),
      );

      const receipt = { card: kloeReceiptCard(kloe) };
      if (row.receipt_activity_id) {
        // Just sent as the answer to the submit: nothing has changed yet.
        if (kloe.version > 1) {
          try {
            await teams.updateMessage(
              serviceUrlOf(row.receipt_reference, target.serviceUrl),
              {
                conversationId: (row.receipt_reference as { conversation: { id: string } })
                  .conversation.id,
                activityId: row.receipt_activity_id,
              },
              receipt,
            );
          } catch (error) {
            // The person deleted the receipt or left the chat: the channel card still counts.
            if (!isNotFound(error)) throw error;
          }
        }
      } else {
        // Raised from a message (no receipt in chat yet): send one to their chat with Pathways.
        const chat = await personalChatOf(deps, row);
        if (chat) {
          const sent = await teams.sendToConversation(chat, receipt);
          await db
            .updateTable('kloes')
            .set({ receipt_activity_id: sent.activityId, receipt_reference: JSON.stringify(chat) })
            .where('id', '=', kloeId)
            .where('receipt_activity_id', 'is', null)
            .execute();
        }
      }

      await tellSubmitter(deps, row, kloe);

      const now = await db
        .selectFrom('kloes')
        .select('version')
        .where('id', '=', kloeId)
        .executeTakeFirst();
      if (!now || now.version === row.version) return;
    }
  };
}

/** Sends the Business Unit's question to the submitter's chat, once. */
export function askSubmitter(deps: Deps) {
  const { db, teams, target } = deps;
  return async ({ questionId }: { questionId: string }) => {
    const question = await db
      .selectFrom('kloe_questions')
      .selectAll()
      .where('id', '=', questionId)
      .executeTakeFirst();
    if (!question || question.card_activity_id || question.answer !== null) return;
    const row = await db
      .selectFrom('kloes')
      .selectAll()
      .where('id', '=', question.kloe_id)
      .executeTakeFirstOrThrow();
    const kloe = (await loadKloe(db, row))!;
    const q = kloe.questions.find((x) => x.id === questionId)!;
    const message = { card: kloeQuestionCard(kloe, q, deps.partnership) };
    const chat = await personalChatOf(deps, row);
    const sent = chat
      ? await teams.sendToConversation(chat, message)
      : await teams.sendToPerson(target.serviceUrl, target.tenantId, row.submitted_by_id, message);
    await db
      .updateTable('kloe_questions')
      .set({ card_conversation_id: sent.conversationId, card_activity_id: sent.activityId })
      .where('id', '=', questionId)
      .where('card_activity_id', 'is', null)
      .execute();
  };
}
