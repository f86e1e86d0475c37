import type { CascadeInput, ImpactInput, LeadBriefing } from '@pathways/core';
import type { Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import type { BriefingLeadViews } from './briefing-lead-views';
import type { Actor, BriefingRow, BriefingStoreContext } from './briefing-store-context';

/**
 * What a lead records against a briefing sent to them: their acknowledgement, their agency's
 * cascades and its impact reports. Each answers with the lead's view, as it now stands.
 * The inputs were checked by core's rules (lead-actions.ts) before they reach here.
 */
export function briefingLeadActions(ctx: BriefingStoreContext, views: BriefingLeadViews) {
  const { db, pid, briefingRow } = ctx;

  /** Runs a lead's action if they were sent the briefing; undefined (404) otherwise. */
  async function asRecipient(
    briefingId: string,
    lead: Actor,
    act: (trx: Kysely<Tables>, row: BriefingRow, agency: string) => Promise<void>,
  ): Promise<LeadBriefing | undefined> {
    const row = await briefingRow(briefingId);
    if (!row) return undefined;
    const recipient = await views.recipientOf(row.id, lead.id);
    if (!recipient) return undefined;
    await db.transaction().execute((trx) => act(trx, row, recipient.agency));
    return views.leadView(row, lead.id, recipient.agency);
  }

  return {
    /** Once per lead: acknowledging again changes nothing and audits nothing. */
    acknowledge: (id: string, lead: Actor, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        const inserted = await trx
          .insertInto('briefing_acknowledgements')
          .values({
            briefing_id: row.id,
            user_id: lead.id,
            agency,
            name: lead.displayName,
            at: now,
          })
          .onConflict((oc) => oc.columns(['briefing_id', 'user_id']).doNothing())
          .returning('user_id')
          .executeTakeFirst();
        if (inserted)
          await auditLog(trx).record({
            partnershipId: pid,
            actorId: lead.id,
            action: 'briefing.acknowledged',
            subjectType: 'briefing',
            subjectId: row.id,
            detail: { agency },
          });
      }),

    addCascade: (id: string, lead: Actor, input: CascadeInput, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        await trx
          .insertInto('briefing_cascades')
          .values({
            briefing_id: row.id,
            agency,
            method: input.method,
            on_date: input.on,
            staff_reached: input.staffReached,
            note: input.note ?? null,
            recorded_by_id: lead.id,
            recorded_by_name: lead.displayName,
            recorded_at: now,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: lead.id,
          action: 'briefing.cascade-recorded',
          subjectType: 'briefing',
          subjectId: row.id,
          detail: { agency, method: input.method, staffReached: input.staffReached },
        });
      }),

    addImpact: (id: string, lead: Actor, input: ImpactInput, now: Date) =>
      asRecipient(id, lead, async (trx, row, agency) => {
        await trx
          .insertInto('briefing_impact_reports')
          .values({
            briefing_id: row.id,
            agency,
            recommendation: input.recommendation,
            change: input.change,
            impact: input.impact,
            recorded_by_id: lead.id,
            recorded_by_name: lead.displayName,
            recorded_at: now,
          })
          .execute();
        await auditLog(trx).record({
          partnershipId: pid,
          actorId: lead.id,
          action: 'briefing.impact-reported',
          subjectType: 'briefing',
          subjectId: row.id,
          detail: { agency, recommendation: input.recommendation },
        });
      }),
  };
}
