import { chasedTooRecently, whyNotChased, type Mailer, type Person } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { askLead, type SetRow } from './nomination-requests';
import type { OrganisationPerson } from '../platform/graph';
import type { StoreContext } from './store-context';

/** Agency leads asked to nominate: their requests and cards, their nominations, and chasing. */
export function nominations(ctx: StoreContext) {
  const { db, partnership, change } = ctx;

  /** The set, locked. */
  const theSet = (setId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('active_learning_sets')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', setId)
      .forUpdate()
      .executeTakeFirst();

  /** The lead's invitation to nominate for the set, with the set's state (read, not locked). */
  const theLeadsInvitation = (setId: string, leadId: string) => (trx: Kysely<Tables>) =>
    trx
      .selectFrom('active_learning_leads as l')
      .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
      .select(['l.agency', 's.status', 's.record_type', 's.record_id'])
      .where('s.partnership_id', '=', partnership.id)
      .where('l.set_id', '=', setId)
      .where('l.lead_id', '=', leadId)
      .executeTakeFirst();

  return {
    /** The sets a lead is asked about (open ones), with their agency and what they nominated. */
    async requestsFor(leadId: string, setId?: string) {
      let q = db
        .selectFrom('active_learning_leads as l')
        .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
        .selectAll('s')
        .select(['l.agency as lead_agency', 'l.id as lead_row_id'])
        .where('s.partnership_id', '=', partnership.id)
        .where('l.lead_id', '=', leadId);
      if (setId) q = q.where('s.id', '=', setId);
      const rows = await q.orderBy('s.created_at', 'desc').limit(100).execute();
      return Promise.all(
        rows.map(async (r) => ({
          set: r as SetRow,
          agency: r.lead_agency,
          leadRowId: r.lead_row_id,
          nominated: (
            await db
              .selectFrom('active_learning_nominations')
              .select(['person_id', 'person_name'])
              .where('set_id', '=', r.id)
              .where('agency', '=', r.lead_agency)
              .orderBy('nominated_at')
              .execute()
          ).map((n) => ({ personId: n.person_id, name: n.person_name })),
        })),
      );
    },

    /** The agencies a lead has been asked to nominate for (their own organisation, as asked). */
    async agenciesAskedOf(leadId: string): Promise<string[]> {
      const rows = await db
        .selectFrom('active_learning_leads as l')
        .innerJoin('active_learning_sets as s', 's.id', 'l.set_id')
        .select('l.agency')
        .distinct()
        .where('s.partnership_id', '=', partnership.id)
        .where('l.lead_id', '=', leadId)
        .execute();
      return rows.map((r) => r.agency);
    },

    async leadRow(leadRowId: string) {
      return db
        .selectFrom('active_learning_leads')
        .selectAll()
        .where('id', '=', leadRowId)
        .executeTakeFirst();
    },

    async markCardSent(
      leadRowId: string,
      round: number,
      posted: { conversationId: string; activityId: string },
    ) {
      await db
        .updateTable('active_learning_leads')
        .set({
          cards_sent: round + 1,
          card_conversation_id: posted.conversationId,
          card_activity_id: posted.activityId,
        })
        .where('id', '=', leadRowId)
        .where('cards_sent', '=', round)
        .execute();
    },

    /** A lead's nominations: added (never replacing earlier ones); the agency counts as nominated. */
    async nominate(
      setId: string,
      lead: Person,
      nominees: OrganisationPerson[],
      note: string | undefined,
      at: Date,
      submissionKey?: string,
    ): Promise<'done' | 'not-invited' | 'closed'> {
      const invitation = theLeadsInvitation(setId, lead.aadObjectId);
      return change(invitation, 'not-invited' as const, async (row, trx, audit) => {
        if (row.status === 'held') return 'closed' as const;
        // The card instance's key is stored with the nomination, in its transaction: a
        // second press of the same card finds it and changes nothing (no second audit).
        if (submissionKey) {
          const first = await trx
            .insertInto('activity_receipts')
            .values({ activity_id: submissionKey, conversation_id: `nomination:${setId}` })
            .onConflict((oc) => oc.column('activity_id').doNothing())
            .returning('activity_id')
            .executeTakeFirst();
          if (!first) return 'done' as const;
        }
        for (const person of nominees) {
          await trx
            .insertInto('active_learning_nominations')
            .values({
              set_id: setId,
              agency: row.agency,
              person_id: person.id,
              person_name: person.name,
              person_mail: person.mail ?? null,
              nominated_by_id: lead.aadObjectId,
              nominated_by_name: lead.name,
              nominated_at: at,
              note: note ?? null,
            })
            .onConflict((oc) => oc.columns(['set_id', 'person_id']).doNothing())
            .execute();
        }
        await trx
          .updateTable('active_learning_agencies')
          .set({ status: 'nominated' })
          .where('set_id', '=', setId)
          .where('agency', '=', row.agency)
          .execute();
        await audit({
          by: lead,
          action: 'active-learning.nominated',
          subjectType: 'active-learning',
          subjectId: setId,
          detail: { agency: row.agency, nominees: nominees.length },
        });
        return 'done' as const;
      });
    },

    /**
     * Chases agencies that have not nominated: each at most once per `intervalHours`
     * (the update's condition decides, so two Business Unit officers pressing at once
     * chase once).
     */
    async chase(setId: string, by: Person, at: Date, intervalHours: number, mailer: Mailer) {
      return change(theSet(setId), undefined, async (set, trx, audit) => {
        const agencies = await trx
          .selectFrom('active_learning_agencies')
          .selectAll()
          .where('set_id', '=', setId)
          .orderBy('agency')
          .execute();
        const chased: string[] = [];
        const notChased: { agency: string; reason: string }[] = [];
        const since = new Date(at.getTime() - intervalHours * 3_600_000);
        for (const a of agencies) {
          const reason = whyNotChased(a.status);
          if (reason) {
            notChased.push({ agency: a.agency, reason });
            continue;
          }
          const claimed = await trx
            .updateTable('active_learning_agencies')
            .set({ last_chased_at: at, chases: sql<number>`chases + 1` })
            .where('set_id', '=', setId)
            .where('agency', '=', a.agency)
            .where('status', '=', 'invited')
            .where((eb) =>
              eb.or([eb('last_chased_at', 'is', null), eb('last_chased_at', '<=', since)]),
            )
            .returning(['chases'])
            .executeTakeFirst();
          if (!claimed) {
            notChased.push({ agency: a.agency, reason: chasedTooRecently(intervalHours) });
            continue;
          }
          const leads = await trx
            .selectFrom('active_learning_leads')
            .selectAll()
            .where('set_id', '=', setId)
            .where('agency', '=', a.agency)
            .execute();
          for (const lead of leads) await askLead(ctx, trx, set, lead, claimed.chases, mailer);
          chased.push(a.agency);
        }
        if (chased.length > 0)
          await audit({
            by,
            action: 'active-learning.chased',
            subjectType: 'active-learning',
            subjectId: setId,
            detail: { agencies: chased.length },
          });
        return { chased, notChased };
      });
    },
  };
}
