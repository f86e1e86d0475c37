import {
  decideCancel,
  maySend,
  type BriefingStatus,
  type NewsletterBriefing,
} from '@pathways/core';
import { executorFor } from '../platform/db/database';
import { auditLog } from '../platform/db/repositories';
import { resumeCascade } from './cascade';
import type { BriefingDrafts } from './briefing-drafts';
import type { BriefingProgressViews } from './briefing-progress-views';
import type { Actor, BriefingStoreContext } from './briefing-store-context';

/** Resolves a briefing's recipients and decides its messages (bot/src/briefings/cascade.ts). */
export const PREPARE_CASCADE_QUEUE = 'briefing-prepare-cascade';

/** What sending a quarter's newsletter as a briefing came to. */
export type NewsletterSendResult =
  /** This press sent it (or finished a send interrupted before it was requested). */
  | { outcome: 'sent'; status: BriefingStatus }
  /** That version was sent already: the same briefing, nothing sent again. */
  | { outcome: 'already-sent'; status: BriefingStatus }
  /** Another version of the quarter's newsletter was sent already. */
  | { outcome: 'other-version-sent'; status: BriefingStatus; version: number };

/** What cancelling a send came to. */
export type CancelResult =
  | { outcome: 'cancelled'; status: BriefingStatus }
  /** The window has passed or the cascade is decided: it is being sent. */
  | { outcome: 'too-late'; status: BriefingStatus };

/**
 * Sending a briefing: requested once, then an undo window in which it can be cancelled,
 * then the cascade job (cascade.ts). The rules of the window are core's (briefing-progress.ts).
 */
export function briefingSending(
  ctx: BriefingStoreContext,
  views: BriefingProgressViews,
  drafts: BriefingDrafts,
) {
  const { db, pid, undoSeconds, briefingRow } = ctx;
  const statusNow = async (id: string) => views.statusOf((await briefingRow(id))!);

  /**
   * Starts the cascade once; asking again changes nothing. `requested`: this call started it.
   * Undefined: no such briefing.
   */
  async function requestSendOnce(
    id: string,
    sender: Actor,
    now: Date,
  ): Promise<{ status: BriefingStatus; requested: boolean } | undefined> {
    if (!(await briefingRow(id))) return undefined;
    const requested = await db.transaction().execute(async (trx) => {
      const locked = await trx
        .selectFrom('briefings')
        .select(['id', 'status', 'reference'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (!maySend(locked.status)) return false;
      await trx
        .updateTable('briefings')
        .set({ status: 'sending', send_requested_at: now, send_requested_by_id: sender.id })
        .where('id', '=', id)
        .execute();
      // The cascade starts after the undo window; the job names the request it belongs to,
      // so a send cancelled and requested again is started by the second request's job only.
      await ctx.jobs.enqueue(
        executorFor(trx),
        PREPARE_CASCADE_QUEUE,
        { briefingId: id, requestedAt: now.toISOString() },
        { startAfterSeconds: undoSeconds },
      );
      await auditLog(trx).record({
        partnershipId: pid,
        actorId: sender.id,
        action: 'briefing.send-requested',
        subjectType: 'briefing',
        subjectId: id,
        detail: { reference: locked.reference },
      });
      return true;
    });
    // Committed: with no undo window, this instance's worker starts now rather than at its next poll.
    if (requested && undoSeconds === 0) ctx.jobs.wake?.(PREPARE_CASCADE_QUEUE);
    // Pressed again while it is still sending: start again any part that has stalled.
    const { ensure, wake } = ctx.jobs;
    if (!requested && ensure && wake)
      await resumeCascade(db, { ensure, wake }, { id, queue: PREPARE_CASCADE_QUEUE });
    return { status: await statusNow(id), requested };
  }

  return {
    /** Starts the cascade once; asking again changes nothing. Undefined: no such briefing. */
    async requestSend(id: string, sender: Actor, now: Date): Promise<BriefingStatus | undefined> {
      return (await requestSendOnce(id, sender, now))?.status;
    },

    /**
     * Cancels a requested send within its undo window: the briefing is a draft again and the
     * scheduled cascade finds nothing to do. Undefined: no such briefing.
     */
    async cancelSend(id: string, by: Actor, now: Date): Promise<CancelResult | undefined> {
      if (!(await briefingRow(id))) return undefined;
      const cancelled = await db.transaction().execute(async (trx) => {
        // The cascade job takes the same lock before deciding: one of the two wins.
        const locked = await trx
          .selectFrom('briefings')
          .select(['status', 'prepared_at', 'send_requested_at', 'reference'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        const send = {
          status: locked.status,
          preparedAt: locked.prepared_at,
          sendRequestedAt: locked.send_requested_at,
        };
        if (decideCancel(send, undoSeconds, now).decision === 'too-late') return false;
        await trx
          .updateTable('briefings')
          .set({ status: 'draft', send_requested_at: null, send_requested_by_id: null })
          .where('id', '=', id)
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: by.id,
          action: 'briefing.send-cancelled',
          subjectType: 'briefing',
          subjectId: id,
          detail: { reference: locked.reference },
        });
        return true;
      });
      return { outcome: cancelled ? 'cancelled' : 'too-late', status: await statusNow(id) };
    },

    /**
     * Sends a saved version of a quarter's newsletter as a briefing of kind 'newsletter', to
     * the same leads through the same cascade as a briefing note. A quarter's newsletter is
     * sent once: pressing again, or twice at once, sends nothing more.
     */
    async sendNewsletter(
      newsletter: NewsletterBriefing,
      sender: Actor,
      now: Date,
    ): Promise<NewsletterSendResult> {
      const found = await drafts.newsletterBriefing(newsletter, sender, now);
      if (found.version !== newsletter.source.version) {
        return {
          outcome: 'other-version-sent',
          status: await statusNow(found.id),
          version: found.version,
        };
      }
      const { status, requested } = (await requestSendOnce(found.id, sender, now))!;
      return { outcome: requested ? 'sent' : 'already-sent', status };
    },
  };
}
