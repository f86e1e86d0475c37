import {
  ENGLAND_TIME_ZONE,
  REMOVED,
  standIns,
  type RetentionAge,
  type RetentionRule,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { RECORD_KINDS, reattributeHistory, refreshQueueSubmitter } from '../records/record-kinds';
import {
  clearSentPayloads,
  closedCasesDue,
  deleteRecordWork,
  referenceOf,
  standInTable,
} from './retention-sql';

/** What the audit event of one removal adds to the rule and reference: never what was removed. */
type AuditDetail = Record<string, string | number | string[]>;

/** What a rule did to one record. */
export interface RetentionAction {
  rule: RetentionRule;
  recordType:
    | 'consideration'
    | 'kloe'
    | 'challenge'
    | 'briefing'
    | 'active-learning'
    | 'engine-room-invitation';
  recordId: string;
  reference: string;
  action: 'child-details-removed' | 'deleted' | 'submitter-anonymised' | 'people-removed';
}

/** One retention rule of the partnership (configuration, `retention`), as the daily job applies it. */
export interface RetentionStep<R extends RetentionRule> {
  /** The configured age, in months, from which a record is due. */
  age: RetentionAge<R>;
  recordType: RetentionAction['recordType'];
  /** The subject type the rest of the audit trail uses for these records. */
  auditSubject: string;
  action: RetentionAction['action'];
  /** Which rows: the partnership's records dated on or before `before` that are not done yet. */
  due(db: Kysely<Tables>, partnershipId: string, before: string): Promise<{ id: string }[]>;
  /**
   * What to remove from one record, in its transaction, having locked it; what
   * is not removed is kept. Undefined when it is gone or already done (a rerun).
   */
  remove(
    trx: Kysely<Tables>,
    id: string,
    now: Date,
  ): Promise<{ reference: string; detail: AuditDetail } | undefined>;
}

/** The dates a record counts from, as a calendar date in England. */
const englandDate = (column: string) =>
  sql<string>`(${sql.ref(column)} AT TIME ZONE ${ENGLAND_TIME_ZONE})::date`;

/**
 * Every rule, in the order applied: whole requests first, so a request due for
 * deletion needs no separate removal of its child's details.
 */
export const RETENTION_RULES: { [R in RetentionRule]: RetentionStep<R> } = {
  considerationRequests: {
    age: 'monthsAfterClosed',
    recordType: 'consideration',
    auditSubject: RECORD_KINDS.consideration.auditSubject,
    action: 'deleted',
    due: (db, partnershipId, before) => closedCasesDue(db, partnershipId, before),
    // Removes everything: the request, its clocks, history, evidence and the work planned from it.
    async remove(trx, id) {
      const row = await trx
        .selectFrom('serious_cases')
        .select(['id', 'reference'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row) return undefined;
      const type = RECORD_KINDS.consideration.type;
      await trx.deleteFrom('serious_case_reminders').where('case_id', '=', id).execute();
      await deleteRecordWork(trx, type, id);
      for (const table of [
        'record_events',
        'record_evidence',
        'record_activities',
        'record_recommendations',
        'record_outcomes',
        'record_lifecycle',
        'queue_items',
      ] as const) {
        await trx
          .deleteFrom(table)
          .where('record_type', '=', type)
          .where('record_id', '=', id)
          .execute();
      }
      await trx.deleteFrom('serious_cases').where('id', '=', id).execute();
      return { reference: row.reference, detail: {} };
    },
  },

  considerationChildDetails: {
    age: 'monthsAfterClosed',
    recordType: 'consideration',
    auditSubject: RECORD_KINDS.consideration.auditSubject,
    action: 'child-details-removed',
    due: (db, partnershipId, before) =>
      closedCasesDue(db, partnershipId, before, { childDetailsKept: true }),
    // Removes the child's and family's details; keeps the request.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('serious_cases')
        .select(['id', 'reference', 'child_details', 'child_details_removed_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.child_details_removed_at) return undefined;
      await trx
        .updateTable('serious_cases')
        .set({ child_details: JSON.stringify({}), child_details_removed_at: now })
        .where('id', '=', id)
        .execute();
      // The names of the fields removed, never what they held.
      return {
        reference: row.reference,
        detail: { fields: Object.keys(row.child_details).sort() },
      };
    },
  },

  kloes: {
    age: 'monthsAfterReceived',
    recordType: 'kloe',
    auditSubject: RECORD_KINDS.kloe.auditSubject,
    action: 'submitter-anonymised',
    due: (db, partnershipId, before) =>
      db
        .selectFrom('kloes')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('anonymised_at', 'is', null)
        .where(englandDate('submitted_at'), '<=', before)
        .execute(),
    // Removes who raised it (and the contact officer they named); keeps the KLOE.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('kloes')
        .select(['id', 'reference', 'values', 'submitted_by_id', 'anonymised_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.anonymised_at) return undefined;
      const values = { ...row.values };
      const fields = ['submittedBy'];
      if (values.contactOfficer !== undefined) {
        values.contactOfficer = REMOVED;
        fields.push('contactOfficer');
      }
      await trx
        .updateTable('kloes')
        .set({
          submitted_by_id: REMOVED,
          submitted_by_name: REMOVED,
          values: JSON.stringify(values),
          receipt_reference: JSON.stringify({}),
          receipt_activity_id: null,
          anonymised_at: now,
        })
        .where('id', '=', id)
        .execute();
      // The submitter was the last to act (answered a question, say): that copy names them too.
      await trx
        .updateTable('kloes')
        .set({ last_change_by_id: REMOVED, last_change_by_name: REMOVED })
        .where('id', '=', id)
        .where('last_change_by_id', '=', row.submitted_by_id)
        .execute();
      await reattributeHistory(trx, RECORD_KINDS.kloe, id, row.submitted_by_id, REMOVED);
      await refreshQueueSubmitter(trx, RECORD_KINDS.kloe, id);
      return { reference: row.reference, detail: { fields } };
    },
  },

  professionalChallenges: {
    age: 'monthsAfterResolved',
    recordType: 'challenge',
    auditSubject: RECORD_KINDS.challenge.auditSubject,
    action: 'submitter-anonymised',
    due: (db, partnershipId, before) =>
      db
        .selectFrom('professional_challenges')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('anonymised_at', 'is', null)
        .where('resolved_date', '<=', before)
        .execute(),
    // Removes who recorded it; keeps the challenge and its history.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('professional_challenges')
        .select(['id', 'reference', 'submitted_by_id', 'anonymised_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.anonymised_at) return undefined;
      await reattributeHistory(trx, RECORD_KINDS.challenge, id, row.submitted_by_id, REMOVED);
      await trx
        .updateTable('professional_challenges')
        .set({ submitted_by_id: REMOVED, submitted_by_name: REMOVED, anonymised_at: now })
        .where('id', '=', id)
        .execute();
      await refreshQueueSubmitter(trx, RECORD_KINDS.challenge, id);
      return { reference: row.reference, detail: { fields: ['submittedBy'] } };
    },
  },

  briefingLeads: {
    age: 'monthsAfterSent',
    recordType: 'briefing',
    auditSubject: 'briefing',
    action: 'people-removed',
    due: (db, partnershipId, before) =>
      db
        .selectFrom('briefings')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('people_removed_at', 'is', null)
        .where('prepared_at', 'is not', null)
        .where(englandDate('prepared_at'), '<=', before)
        .execute(),
    // Removes the leads it went to and who acknowledged, cascaded or reported impact, and the
    // messages sent; keeps the note, each agency's figures, cascade methods and impact text.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('briefings')
        .select(['id', 'reference', 'people_removed_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.people_removed_at) return undefined;
      const ids = await sql<{ id: string }>`
        SELECT user_id AS id FROM briefing_recipients WHERE briefing_id = ${id}
        UNION SELECT user_id FROM briefing_acknowledgements WHERE briefing_id = ${id}
        UNION SELECT user_id FROM briefing_reminders WHERE briefing_id = ${id}
        UNION SELECT recorded_by_id FROM briefing_cascades WHERE briefing_id = ${id}
        UNION SELECT recorded_by_id FROM briefing_impact_reports WHERE briefing_id = ${id}`.execute(
        trx,
      );
      const map = standIns(ids.rows.map((r) => r.id));
      const m = standInTable(map);
      await sql`UPDATE briefing_recipients SET user_id = m.value, name = ${REMOVED}, address = ${REMOVED}
        FROM ${m} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
      await sql`UPDATE briefing_acknowledgements SET user_id = m.value, name = ${REMOVED}
        FROM ${m} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
      await sql`UPDATE briefing_reminders SET user_id = m.value
        FROM ${m} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
      for (const table of ['briefing_cascades', 'briefing_impact_reports'] as const) {
        await sql`UPDATE ${sql.table(table)} SET recorded_by_id = m.value, recorded_by_name = ${REMOVED}
          FROM ${m} WHERE briefing_id = ${id} AND recorded_by_id = m.key`.execute(trx);
      }
      const effects = await sql<{ id: string }>`
        SELECT effect_id AS id FROM briefing_messages WHERE briefing_id = ${id}
        UNION SELECT effect_id FROM briefing_reminders WHERE briefing_id = ${id}`.execute(trx);
      const cleared = await clearSentPayloads(
        trx,
        effects.rows.map((e) => e.id),
      );
      await trx
        .updateTable('briefings')
        .set({ people_removed_at: now })
        .where('id', '=', id)
        .execute();
      return {
        reference: row.reference,
        detail: {
          people: Object.keys(map).length,
          messagesCleared: cleared,
          fields: [
            'recipients',
            'acknowledgedBy',
            'remindedLeads',
            'cascadeRecordedBy',
            'impactRecordedBy',
          ],
        },
      };
    },
  },

  activeLearningPeople: {
    age: 'monthsAfterSet',
    recordType: 'active-learning',
    auditSubject: 'active-learning',
    action: 'people-removed',
    due: (db, partnershipId, before) =>
      db
        .selectFrom('active_learning_sets')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('people_removed_at', 'is', null)
        .where(
          sql<string>`coalesce((meeting_end AT TIME ZONE ${ENGLAND_TIME_ZONE})::date, planned_to)`,
          '<=',
          before,
        )
        .execute(),
    // Removes the leads asked, the people nominated (and by whom) and the meeting's
    // invitation; keeps the set and its counts.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('active_learning_sets')
        .select(['id', 'record_type', 'record_id', 'meeting_effect_id', 'people_removed_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.people_removed_at) return undefined;
      const ids = await sql<{ id: string }>`
        SELECT lead_id AS id FROM active_learning_leads WHERE set_id = ${id}
        UNION SELECT person_id FROM active_learning_nominations WHERE set_id = ${id}
        UNION SELECT nominated_by_id FROM active_learning_nominations WHERE set_id = ${id}`.execute(
        trx,
      );
      const map = standIns(ids.rows.map((r) => r.id));
      const m = standInTable(map);
      await sql`UPDATE active_learning_leads SET lead_id = m.value, lead_name = ${REMOVED},
          lead_mail = NULL, card_conversation_id = NULL, card_activity_id = NULL
        FROM ${m} WHERE set_id = ${id} AND lead_id = m.key`.execute(trx);
      await sql`UPDATE active_learning_nominations SET person_id = m.value, person_name = ${REMOVED},
          person_mail = NULL, note = NULL
        FROM ${m} WHERE set_id = ${id} AND person_id = m.key`.execute(trx);
      await sql`UPDATE active_learning_nominations SET nominated_by_id = m.value, nominated_by_name = ${REMOVED}
        FROM ${m} WHERE set_id = ${id} AND nominated_by_id = m.key`.execute(trx);
      // The meeting's invitation named every attendee.
      const cleared = await clearSentPayloads(
        trx,
        row.meeting_effect_id ? [row.meeting_effect_id] : [],
      );
      await trx
        .updateTable('active_learning_sets')
        .set({ people_removed_at: now })
        .where('id', '=', id)
        .execute();
      return {
        reference: await referenceOf(trx, row.record_type, row.record_id),
        detail: {
          people: Object.keys(map).length,
          messagesCleared: cleared,
          fields: ['leads', 'nominees', 'nominatedBy', 'nominationNote'],
        },
      };
    },
  },

  engineRoomInvitations: {
    age: 'monthsAfterMeeting',
    recordType: 'engine-room-invitation',
    auditSubject: 'engine-room-invitation',
    action: 'people-removed',
    due: (db, partnershipId, before) =>
      db
        .selectFrom('engine_room_invitations')
        .select('id')
        .where('partnership_id', '=', partnershipId)
        .where('people_removed_at', 'is', null)
        .where('meeting_date', '<=', before)
        .execute(),
    // Removes the invitee and their note; keeps the invitation and who invited them.
    async remove(trx, id, now) {
      const row = await trx
        .selectFrom('engine_room_invitations')
        .select(['id', 'record_type', 'record_id', 'people_removed_at'])
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.people_removed_at) return undefined;
      await trx
        .updateTable('engine_room_invitations')
        .set({
          person_id: REMOVED,
          person_name: REMOVED,
          answer_note: null,
          card_conversation_id: null,
          card_activity_id: null,
          people_removed_at: now,
        })
        .where('id', '=', id)
        .execute();
      return {
        reference: await referenceOf(trx, row.record_type, row.record_id),
        detail: { fields: ['invitee', 'answerNote'] },
      };
    },
  },
};
