import { londonDate, type Partnership, ENGLAND_TIME_ZONE } from '@pathways/core';
import { subMonths } from 'date-fns';
import { sql, type Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { refreshKloeQueueItem } from '../kloe';

/** The daily job that applies the partnership's retention rules. */
export const RETENTION_QUEUE = 'retention-apply';
/** 02:17 in England, each day: quiet, and off the hour. */
export const RETENTION_CRON = '17 2 * * *';

/** Who the audit trail names for what the job does. */
export const RETENTION_ACTOR = 'pathways:retention';

/** What stands in for a removed person's identity. */
export const REMOVED = 'Removed (retention)';

export type RetentionRule = keyof Partnership['retention'];

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

/** The subject types the rest of the audit trail uses for these records. */
const AUDIT_SUBJECT = {
  consideration: 'serious-case',
  kloe: 'kloe',
  challenge: 'professional-challenge',
  briefing: 'briefing',
  'active-learning': 'active-learning',
  'engine-room-invitation': 'engine-room-invitation',
} as const;

/**
 * A stand-in for each person id of one record, numbered: rows that must stay
 * distinct (one per recipient, one per nominee) stay distinct and still join,
 * but name no one. Sorted, so the same ids give the same stand-ins.
 */
function standIns(ids: (string | null)[]): Record<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  return Object.fromEntries(unique.map((id, i) => [id, `${REMOVED} #${i + 1}`]));
}

/** The rows of `map` as a table (key: the person id, value: its stand-in). */
const mapping = (map: Record<string, string>) =>
  sql`jsonb_each_text(${JSON.stringify(map)}::jsonb) AS m (key, value)`;

/**
 * Clears the payload (recipients, text) of Graph side effects already carried
 * out; pending ones are left to finish. Their kind and state stay for the record's status.
 */
async function clearSentPayloads(trx: Kysely<Tables>, effectIds: string[]): Promise<number> {
  if (effectIds.length === 0) return 0;
  const result = await sql`UPDATE graph_side_effects
    SET payload = jsonb_build_object('kind', kind, 'removed', 'retention')
    WHERE id IN (${sql.join(effectIds)}) AND status = 'done'`.execute(trx);
  return Number(result.numAffectedRows ?? 0);
}

/** The last calendar date (in England) on which something `months` old falls due today. */
function cutoff(now: Date, months: number): string {
  const [y, m, d] = londonDate(now).split('-').map(Number) as [number, number, number];
  const date = subMonths(new Date(Date.UTC(y, m - 1, d)), months);
  return date.toISOString().slice(0, 10);
}

/**
 * Applies every retention rule of the partnership that is due at `now`: each
 * record in its own transaction, its audit event written last. The audit
 * event names the record, the rule and the fields removed, never their
 * contents. Safe to run again at any time: done records are skipped.
 */
export async function applyRetention(
  db: Kysely<Tables>,
  partnership: Partnership,
  now: Date,
): Promise<RetentionAction[]> {
  const rules = partnership.retention;
  const done: RetentionAction[] = [];
  const audit = (
    trx: Kysely<Tables>,
    a: RetentionAction,
    detail: Record<string, string | number | string[]>,
  ) =>
    auditLog(trx).record({
      partnershipId: partnership.id,
      actorId: RETENTION_ACTOR,
      action: `retention.${a.action}`,
      subjectType: AUDIT_SUBJECT[a.recordType],
      subjectId: a.recordId,
      detail: { rule: a.rule, reference: a.reference, ...detail } as never,
    });

  // Whole requests first: a request due for deletion needs no separate removal of its details.
  if (rules.considerationRequests) {
    const months = rules.considerationRequests.monthsAfterClosed;
    const due = await closedCasesDue(db, partnership.id, cutoff(now, months));
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('serious_cases')
          .select(['id', 'reference'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row) return undefined;
        await trx.deleteFrom('serious_case_reminders').where('case_id', '=', id).execute();
        await deleteRecordWork(trx, 'consideration', id);
        for (const table of [
          'record_events',
          'record_evidence',
          'record_activities',
          'record_recommendations',
          'record_outcomes',
          'queue_items',
        ] as const) {
          await trx
            .deleteFrom(table)
            .where('record_type', '=', 'consideration')
            .where('record_id', '=', id)
            .execute();
        }
        await trx.deleteFrom('serious_cases').where('id', '=', id).execute();
        const a: RetentionAction = {
          rule: 'considerationRequests',
          recordType: 'consideration',
          recordId: id,
          reference: row.reference,
          action: 'deleted',
        };
        await audit(trx, a, { monthsAfterClosed: months });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.considerationChildDetails) {
    const months = rules.considerationChildDetails.monthsAfterClosed;
    const due = await closedCasesDue(db, partnership.id, cutoff(now, months), {
      childDetailsKept: true,
    });
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
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
        const a: RetentionAction = {
          rule: 'considerationChildDetails',
          recordType: 'consideration',
          recordId: id,
          reference: row.reference,
          action: 'child-details-removed',
        };
        // The names of the fields removed, never what they held.
        await audit(trx, a, {
          monthsAfterClosed: months,
          fields: Object.keys(row.child_details).sort(),
        });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.kloes) {
    const months = rules.kloes.monthsAfterReceived;
    const before = cutoff(now, months);
    const due = await db
      .selectFrom('kloes')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('anonymised_at', 'is', null)
      .where(sql<string>`(submitted_at AT TIME ZONE ${ENGLAND_TIME_ZONE})::date`, '<=', before)
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
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
        await trx
          .updateTable('kloe_events')
          .set({ actor_id: REMOVED, actor_name: REMOVED })
          .where('kloe_id', '=', id)
          .where('actor_id', '=', row.submitted_by_id)
          .execute();
        await refreshKloeQueueItem(trx, id);
        const a: RetentionAction = {
          rule: 'kloes',
          recordType: 'kloe',
          recordId: id,
          reference: row.reference,
          action: 'submitter-anonymised',
        };
        await audit(trx, a, { monthsAfterReceived: months, fields });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.professionalChallenges) {
    const months = rules.professionalChallenges.monthsAfterResolved;
    const due = await db
      .selectFrom('professional_challenges')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('anonymised_at', 'is', null)
      .where('resolved_date', '<=', cutoff(now, months))
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('professional_challenges')
          .select(['id', 'reference', 'submitted_by_id', 'anonymised_at'])
          .where('id', '=', id)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.anonymised_at) return undefined;
        await trx
          .updateTable('record_events')
          .set({ actor_id: REMOVED, actor_name: REMOVED })
          .where('record_type', '=', 'challenge')
          .where('record_id', '=', id)
          .where('actor_id', '=', row.submitted_by_id)
          .execute();
        await trx
          .updateTable('professional_challenges')
          .set({ submitted_by_id: REMOVED, submitted_by_name: REMOVED, anonymised_at: now })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('queue_items')
          .set({ submitted_by_id: REMOVED })
          .where('record_type', '=', 'challenge')
          .where('record_id', '=', id)
          .execute();
        const a: RetentionAction = {
          rule: 'professionalChallenges',
          recordType: 'challenge',
          recordId: id,
          reference: row.reference,
          action: 'submitter-anonymised',
        };
        await audit(trx, a, { monthsAfterResolved: months, fields: ['submittedBy'] });
        return a;
      });
      if (action) done.push(action);
    }
  }
  if (rules.briefingLeads) {
    const months = rules.briefingLeads.monthsAfterSent;
    const due = await db
      .selectFrom('briefings')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('people_removed_at', 'is', null)
      .where('prepared_at', 'is not', null)
      .where(
        sql<string>`(prepared_at AT TIME ZONE ${ENGLAND_TIME_ZONE})::date`,
        '<=',
        cutoff(now, months),
      )
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
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
        await sql`UPDATE briefing_recipients SET user_id = m.value, name = ${REMOVED}, address = ${REMOVED}
          FROM ${mapping(map)} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
        await sql`UPDATE briefing_acknowledgements SET user_id = m.value, name = ${REMOVED}
          FROM ${mapping(map)} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
        await sql`UPDATE briefing_reminders SET user_id = m.value
          FROM ${mapping(map)} WHERE briefing_id = ${id} AND user_id = m.key`.execute(trx);
        for (const table of ['briefing_cascades', 'briefing_impact_reports'] as const) {
          await sql`UPDATE ${sql.table(table)} SET recorded_by_id = m.value, recorded_by_name = ${REMOVED}
            FROM ${mapping(map)} WHERE briefing_id = ${id} AND recorded_by_id = m.key`.execute(trx);
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
        const a: RetentionAction = {
          rule: 'briefingLeads',
          recordType: 'briefing',
          recordId: id,
          reference: row.reference,
          action: 'people-removed',
        };
        await audit(trx, a, {
          monthsAfterSent: months,
          people: Object.keys(map).length,
          messagesCleared: cleared,
          fields: [
            'recipients',
            'acknowledgedBy',
            'remindedLeads',
            'cascadeRecordedBy',
            'impactRecordedBy',
          ],
        });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.activeLearningPeople) {
    const months = rules.activeLearningPeople.monthsAfterSet;
    const due = await db
      .selectFrom('active_learning_sets')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('people_removed_at', 'is', null)
      .where(
        sql<string>`coalesce((meeting_end AT TIME ZONE ${ENGLAND_TIME_ZONE})::date, planned_to)`,
        '<=',
        cutoff(now, months),
      )
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
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
        await sql`UPDATE active_learning_leads SET lead_id = m.value, lead_name = ${REMOVED},
            lead_mail = NULL, card_conversation_id = NULL, card_activity_id = NULL
          FROM ${mapping(map)} WHERE set_id = ${id} AND lead_id = m.key`.execute(trx);
        await sql`UPDATE active_learning_nominations SET person_id = m.value, person_name = ${REMOVED},
            person_mail = NULL, note = NULL
          FROM ${mapping(map)} WHERE set_id = ${id} AND person_id = m.key`.execute(trx);
        await sql`UPDATE active_learning_nominations SET nominated_by_id = m.value, nominated_by_name = ${REMOVED}
          FROM ${mapping(map)} WHERE set_id = ${id} AND nominated_by_id = m.key`.execute(trx);
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
        const a: RetentionAction = {
          rule: 'activeLearningPeople',
          recordType: 'active-learning',
          recordId: id,
          reference: await referenceOf(trx, row.record_type, row.record_id),
          action: 'people-removed',
        };
        await audit(trx, a, {
          monthsAfterSet: months,
          people: Object.keys(map).length,
          messagesCleared: cleared,
          fields: ['leads', 'nominees', 'nominatedBy', 'nominationNote'],
        });
        return a;
      });
      if (action) done.push(action);
    }
  }

  if (rules.engineRoomInvitations) {
    const months = rules.engineRoomInvitations.monthsAfterMeeting;
    const due = await db
      .selectFrom('engine_room_invitations')
      .select('id')
      .where('partnership_id', '=', partnership.id)
      .where('people_removed_at', 'is', null)
      .where('meeting_date', '<=', cutoff(now, months))
      .execute();
    for (const { id } of due) {
      const action = await db.transaction().execute(async (trx) => {
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
        const a: RetentionAction = {
          rule: 'engineRoomInvitations',
          recordType: 'engine-room-invitation',
          recordId: id,
          reference: await referenceOf(trx, row.record_type, row.record_id),
          action: 'people-removed',
        };
        await audit(trx, a, { monthsAfterMeeting: months, fields: ['invitee', 'answerNote'] });
        return a;
      });
      if (action) done.push(action);
    }
  }
  return done;
}

/** The reference of a record (from its queue line), for the audit trail. */
async function referenceOf(trx: Kysely<Tables>, recordType: string, recordId: string) {
  const line = await trx
    .selectFrom('queue_items')
    .select('reference')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .executeTakeFirst();
  return line?.reference ?? '';
}

/**
 * The Engine Room's work planned from a record that is being deleted: its
 * recommendations' histories, Active Learning Sets (with their leads,
 * nominations and attendance) and invitations to attend. Children first,
 * in the caller's transaction.
 */
async function deleteRecordWork(trx: Kysely<Tables>, recordType: string, recordId: string) {
  await trx
    .deleteFrom('recommendation_events')
    .where(
      'recommendation_id',
      'in',
      trx
        .selectFrom('record_recommendations')
        .select('id')
        .where('record_type', '=', recordType)
        .where('record_id', '=', recordId),
    )
    .execute();
  const sets = trx
    .selectFrom('active_learning_sets')
    .select('id')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId);
  for (const table of [
    'active_learning_attendance',
    'active_learning_nominations',
    'active_learning_leads',
    'active_learning_agencies',
  ] as const) {
    await trx.deleteFrom(table).where('set_id', 'in', sets).execute();
  }
  await trx
    .deleteFrom('active_learning_sets')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .execute();
  await trx
    .deleteFrom('engine_room_invitations')
    .where('record_type', '=', recordType)
    .where('record_id', '=', recordId)
    .execute();
}

/** Closed consideration requests whose closing date is on or before `before`. */
function closedCasesDue(
  db: Kysely<Tables>,
  partnershipId: string,
  before: string,
  options: { childDetailsKept?: boolean } = {},
) {
  let query = db
    .selectFrom('serious_cases')
    .select('id')
    .where('partnership_id', '=', partnershipId)
    .where('status', '=', 'closed')
    .where(sql<string>`dates->>'closed'`, '<=', before);
  if (options.childDetailsKept) query = query.where('child_details_removed_at', 'is', null);
  return query.execute();
}
