import {
  applyCaseEvent,
  caseLifecycleEvent,
  caseStatusText,
  considerationChannelCard,
  considerationReceiptCard,
  considerationStatusNoticeCard,
  recordInTab,
  considerationForm,
  checklistValues,
  splitBySensitivity,
  type SeriousCaseStore,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { executorFor } from '../platform/db/database';
import { activityReceipts, auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { addHistoryLine } from '../records/record-history';
import { advanceLifecycle } from '../records/record-lifecycle';
import type { JobQueue } from '../platform/jobs/job-queue';
import { isNotFound, type TeamsGateway } from '../platform/teams/teams-contract';
import { personalChatOf, serviceUrlOf } from '../platform/teams/personal-chat';
import { postOrUpdateInChannel } from '../platform/teams/channel-posts';
import { AlreadySubmitted, nextReference } from '../records/references';
import { refreshCaseQueueItem } from './serious-case-queue';
import { caseColumns, listSeriousCases, toSeriousCase, type CaseRow } from './serious-case-rows';

export const POST_CONSIDERATION_QUEUE = 'consideration-post-to-business-unit';
export const CONSIDERATION_PREFIX = 'CSPR';

export function seriousCaseStore(
  db: Kysely<Tables>,
  jobs: Pick<JobQueue, 'enqueue'>,
): SeriousCaseStore {
  const findByKey = (partnershipId: string, key: string) =>
    db
      .selectFrom('serious_cases')
      .select(caseColumns)
      .where('partnership_id', '=', partnershipId)
      .where('submission_key', '=', key)
      .executeTakeFirst();
  const asCase = (row: Omit<CaseRow, 'child_details'>) =>
    toSeriousCase({ ...row, child_details: {} });

  return {
    async submit(command) {
      const existing = await findByKey(command.partnershipId, command.submissionKey);
      if (existing) return { seriousCase: asCase(existing), created: false };
      const { child, other } = splitBySensitivity(considerationForm, command.values);
      try {
        const row = await db.transaction().execute(async (trx) => {
          const reference = await nextReference(
            trx,
            command.partnershipId,
            CONSIDERATION_PREFIX,
            command.at,
          );
          const inserted = await trx
            .insertInto('serious_cases')
            .values({
              partnership_id: command.partnershipId,
              reference,
              submission_key: command.submissionKey,
              status: 'received',
              referring_agency: other.referringAgency ?? '',
              criteria: JSON.stringify(checklistValues(other.criteria)),
              values: JSON.stringify(other),
              child_details: JSON.stringify(child),
              submitted_by_id: command.submittedBy.aadObjectId,
              submitted_by_name: command.submittedBy.name,
              submitted_at: command.at,
              // The referrer's date is the latest the local authority can have become aware.
              dates: JSON.stringify({ laAware: other.laInformedDate }),
              receipt_reference: JSON.stringify(command.receipt.conversationReference),
              receipt_activity_id: command.receipt.activityId ?? null,
            })
            .onConflict((oc) => oc.columns(['partnership_id', 'submission_key']).doNothing())
            .returning(caseColumns)
            .executeTakeFirst();
          if (!inserted) throw new AlreadySubmitted();
          await jobs.enqueue(executorFor(trx), POST_CONSIDERATION_QUEUE, { caseId: inserted.id });
          await refreshCaseQueueItem(trx, inserted.id);
          await addHistoryLine(trx, {
            type: 'consideration',
            id: inserted.id,
            by: command.submittedBy,
            at: command.at,
            action: 'sent the consideration request to the Business Unit',
          });
          await auditLog(trx).record({
            partnershipId: command.partnershipId,
            actorId: command.submittedBy.aadObjectId,
            action: 'serious-case.details-written',
            subjectType: 'serious-case',
            subjectId: inserted.id,
            detail: { fields: Object.keys(child).length },
          });
          return inserted;
        });
        return { seriousCase: asCase(row), created: true };
      } catch (error) {
        if (!(error instanceof AlreadySubmitted)) throw error;
        const winner = await findByKey(command.partnershipId, command.submissionKey);
        if (!winner) throw error;
        return { seriousCase: asCase(winner), created: false };
      }
    },
    async findBySubmission(partnershipId, submissionKey) {
      const row = await findByKey(partnershipId, submissionKey);
      return row ? asCase(row) : undefined;
    },
    async get(partnershipId, id) {
      const row = await db
        .selectFrom('serious_cases')
        .select(caseColumns)
        .where('partnership_id', '=', partnershipId)
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? asCase(row) : undefined;
    },
    async readDetails(partnershipId, id, reader) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('serious_cases')
          .select(['id', 'child_details'])
          .where('partnership_id', '=', partnershipId)
          .where('id', '=', id)
          .executeTakeFirst();
        if (!row) return undefined;
        // The read and its audit entry commit together: no unrecorded read.
        await auditLog(trx).record({
          partnershipId,
          actorId: reader.aadObjectId,
          action: 'serious-case.details-read',
          subjectType: 'serious-case',
          subjectId: id,
        });
        return row.child_details;
      });
    },
    list: (partnershipId) => listSeriousCases(db, partnershipId),
    async transition(partnershipId, id, event, actor, options) {
      return db.transaction().execute(async (trx) => {
        // The row lock makes two people recording at once take turns.
        const row = await trx
          .selectFrom('serious_cases')
          .select(caseColumns)
          .where('partnership_id', '=', partnershipId)
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row)
          return {
            ok: false as const,
            reason: 'not-found' as const,
            message: 'There is no such case.',
          };
        const current = asCase(row);
        if (options.expectedVersion !== undefined && options.expectedVersion !== current.version)
          return {
            ok: false as const,
            reason: 'conflict' as const,
            message: `Someone else updated ${current.reference} just now. Reload it to see the change, then try again.`,
          };
        const result = applyCaseEvent(current, event, options.today);
        if (!result.ok)
          return { ok: false as const, reason: 'refused' as const, message: result.message };
        const next = result.seriousCase;
        await trx
          .updateTable('serious_cases')
          .set({
            status: next.status,
            version: next.version,
            dates: JSON.stringify(next.dates),
            decision: next.decision ?? null,
            decision_reasons: next.decisionReasons ?? null,
            closed_reason: next.closedReason ?? null,
          })
          .where('id', '=', id)
          .execute();
        // The statutory pathway leads; the shared lifecycle follows it where a step moves it
        // (a step the lifecycle is already past, e.g. after Engine Room work, leaves it as it is).
        const lifecycleEvent = caseLifecycleEvent(event.type);
        const at = new Date();
        if (lifecycleEvent) {
          await advanceLifecycle(trx, {
            partnershipId,
            type: 'consideration',
            id,
            event: lifecycleEvent,
            by: actor,
            at,
          });
        }
        await refreshCaseQueueItem(trx, id);
        await addHistoryLine(trx, {
          type: 'consideration',
          id,
          by: actor,
          at,
          action: `recorded: ${caseStatusText[next.status]}`,
        });
        await auditLog(trx).record({
          partnershipId,
          actorId: actor.aadObjectId,
          action: `serious-case.${event.type}`,
          subjectType: 'serious-case',
          subjectId: id,
          detail: { from: result.from, to: next.status, on: event.on },
        });
        // The channel card shows the status and clocks: update it in place. A
        // case not posted yet needs nothing: its first post reads the latest state.
        if (row.channel_activity_id)
          await jobs.enqueue(executorFor(trx), POST_CONSIDERATION_QUEUE, { caseId: id });
        return { ok: true as const, seriousCase: next };
      });
    },
  };
}

export interface ChannelTarget {
  serviceUrl: string;
  channelId: string;
}

/**
 * Posts (or updates in place) a case's card in the Business Unit channel: the
 * card is built from the case without the child's details, which this job
 * never reads. Idempotent through the stored activity id.
 */
export function postConsiderationToBusinessUnit(
  db: Kysely<Tables>,
  teams: TeamsGateway,
  target: ChannelTarget,
  /** The Engine Room tab, where the card opens the case. */
  tabUrl?: string,
) {
  return async ({ caseId }: { caseId: string }) => {
    const row = await db
      .selectFrom('serious_cases')
      .select(caseColumns)
      .where('id', '=', caseId)
      .executeTakeFirst();
    if (!row) return;
    const message = {
      card: considerationChannelCard(
        toSeriousCase({ ...row, child_details: {} }),
        tabUrl ? recordInTab(tabUrl, 'consideration', caseId) : undefined,
      ),
      importance: 'high' as const,
      marker: `serious-case:${caseId}:channel`,
    };
    await postOrUpdateInChannel(
      teams,
      target,
      { conversationId: row.channel_conversation_id, activityId: row.channel_activity_id },
      message,
      (posted) =>
        db
          .updateTable('serious_cases')
          .set({
            channel_conversation_id: posted.conversationId,
            channel_activity_id: posted.activityId,
          })
          .where('id', '=', caseId)
          .where('channel_activity_id', 'is', null)
          .execute(),
    );
    if (row.version > 1) await tellSubmitter(db, teams, target, row);
  };
}

/**
 * After a change of status: the submitter's receipt shows it (updated in place), and a
 * note in their chat says it, once per version (the claim is given back if the send
 * fails, so a rerun neither repeats nor loses it). Neither names anything about the child.
 */
async function tellSubmitter(
  db: Kysely<Tables>,
  teams: TeamsGateway,
  target: ChannelTarget,
  row: Omit<CaseRow, 'child_details'>,
) {
  const seriousCase = toSeriousCase({ ...row, child_details: {} });
  const conversation = (row.receipt_reference as { conversation?: { id?: string } }).conversation;
  if (row.receipt_activity_id && conversation?.id) {
    try {
      await teams.updateMessage(
        serviceUrlOf(row.receipt_reference, target.serviceUrl),
        { conversationId: conversation.id, activityId: row.receipt_activity_id },
        { card: considerationReceiptCard(seriousCase) },
      );
    } catch (error) {
      // The person deleted the receipt or left the chat: the note below still reaches them.
      if (!isNotFound(error)) throw error;
    }
  }
  const chat = await personalChatOf(db, row.partnership_id, row);
  if (!chat) return;
  const key = `serious-case-status:${row.id}:${row.version}`;
  if (!(await activityReceipts(db).claim(key, 'serious-case-status-notice'))) return;
  try {
    await teams.sendToConversation(chat, { card: considerationStatusNoticeCard(seriousCase) });
  } catch (error) {
    await db.deleteFrom('activity_receipts').where('activity_id', '=', key).execute();
    throw error;
  }
}
