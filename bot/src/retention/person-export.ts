import { sql, type Kysely } from 'kysely';
import { auditLog } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { RECORD_KINDS, type RecordKind } from '../records/record-kinds';
import { genericallyExported } from './personal-data';

type Row = Record<string, unknown>;

/** The records of one kind the person submitted, oldest first, with the columns its kind lists. */
async function submittedOf(
  trx: Kysely<Tables>,
  kind: RecordKind,
  partnershipId: string,
  personId: string,
): Promise<Row[]> {
  const columns = sql.join(kind.submissions.columns.map((c) => sql.ref(c)));
  const { rows } = await sql<Row>`SELECT ${columns} FROM ${sql.table(kind.table)}
    WHERE partnership_id = ${partnershipId} AND submitted_by_id = ${personId}
    ORDER BY submitted_at`.execute(trx);
  return rows;
}

/** What the person submitted, by kind (`submissions.<section>` of the export). */
async function submissionsOf(trx: Kysely<Tables>, partnershipId: string, personId: string) {
  const { kloe, consideration, challenge } = RECORD_KINDS;
  return {
    [kloe.submissions.section]: await submittedOf(trx, kloe, partnershipId, personId),
    [consideration.submissions.section]: await submittedOf(
      trx,
      consideration,
      partnershipId,
      personId,
    ),
    [challenge.submissions.section]: await submittedOf(trx, challenge, partnershipId, personId),
  };
}

/** A record (record_type, record_id) of the partnership: its line in the queue says whose. */
const ofPartnership = (table: 'record_events' | 'record_evidence', partnershipId: string) =>
  sql<boolean>`EXISTS (SELECT 1 FROM queue_items q WHERE q.record_type = ${sql.ref(`${table}.record_type`)}
    AND q.record_id = ${sql.ref(`${table}.record_id`)} AND q.partnership_id = ${partnershipId})`;

/**
 * The rows of every table exported as `records.<table>` (personal-data.ts):
 * each row of the partnership where any of the table's people columns is the
 * person, or that is about them through another table.
 */
async function exportRecords(trx: Kysely<Tables>, partnershipId: string, personId: string) {
  const records: Record<string, Record<string, unknown>[]> = {};
  for (const t of genericallyExported()) {
    const matches = t.people.map((c) => sql`t.${sql.ref(c)} = ${personId}`);
    if (t.via) {
      matches.push(
        sql`t.${sql.ref(t.via.column)} IN (SELECT id FROM ${sql.table(t.via.table)} WHERE ${sql.join(
          t.via.people.map((c) => sql`${sql.ref(c)} = ${personId}`),
          sql` OR `,
        )})`,
      );
    }
    const scope = t.scope;
    const inPartnership =
      'column' in scope
        ? sql`t.${sql.ref(scope.column)} = ${partnershipId}`
        : 'parent' in scope
          ? sql`t.${sql.ref(scope.on)} IN (SELECT id FROM ${sql.table(scope.parent)} WHERE partnership_id = ${partnershipId})`
          : sql`EXISTS (SELECT 1 FROM queue_items q WHERE q.record_type = t.record_type AND q.record_id = t.record_id AND q.partnership_id = ${partnershipId})`;
    const { rows } = await sql<Record<string, unknown>>`SELECT t.* FROM ${sql.table(t.table)} t
      WHERE (${sql.join(matches, sql` OR `)}) AND ${inPartnership}`.execute(trx);
    records[t.table] = rows.map((row) => {
      const copy = { ...row };
      for (const column of t.omit ?? []) delete copy[column];
      return copy;
    });
  }
  return records;
}

/**
 * Everything Pathways holds about one person (by Entra object id), for a
 * subject access request: what they submitted, what they did to records,
 * the audit entries by or about them, and where the bot reaches them. A
 * consideration request they made is included without the child's details:
 * those are the child's, not theirs, and are read through the audited route.
 * The export itself is audited, in the same transaction, last.
 */
export async function exportPerson(
  db: Kysely<Tables>,
  partnershipId: string,
  personId: string,
  by: { aadObjectId: string },
) {
  return db.transaction().execute(async (trx) => {
    const { kloes, considerationRequests, professionalChallenges } = await submissionsOf(
      trx,
      partnershipId,
      personId,
    );
    const kloeIds = trx
      .selectFrom('kloes')
      .select('id')
      .where('partnership_id', '=', partnershipId);
    const kloeActions = await trx
      .selectFrom('kloe_events')
      .innerJoin('kloes', 'kloes.id', 'kloe_events.kloe_id')
      .select([
        'kloes.reference',
        'kloe_events.at',
        'kloe_events.action',
        'kloe_events.actor_name',
        'kloe_events.detail',
      ])
      .where('kloe_events.kloe_id', 'in', kloeIds)
      .where('kloe_events.actor_id', '=', personId)
      .orderBy('kloe_events.at')
      .execute();
    const questions = await trx
      .selectFrom('kloe_questions')
      .innerJoin('kloes', 'kloes.id', 'kloe_questions.kloe_id')
      .select([
        'kloes.reference',
        'kloe_questions.question',
        'kloe_questions.asked_at',
        'kloe_questions.answer',
        'kloe_questions.answered_at',
      ])
      .where('kloe_questions.kloe_id', 'in', kloeIds)
      .where('kloe_questions.asked_by_id', '=', personId)
      .execute();
    const recordActions = await trx
      .selectFrom('record_events')
      .select(['record_type', 'record_id', 'at', 'action', 'actor_name'])
      .where('actor_id', '=', personId)
      .where(ofPartnership('record_events', partnershipId))
      .orderBy('at')
      .execute();
    const evidenceAdded = await trx
      .selectFrom('record_evidence')
      .select(['record_type', 'record_id', 'summary', 'source', 'source_date', 'added_at'])
      .where('added_by_id', '=', personId)
      .where(ofPartnership('record_evidence', partnershipId))
      .execute();
    const auditEntries = await trx
      .selectFrom('audit_events')
      .select(['id', 'at', 'actor_id', 'action', 'subject_type', 'subject_id', 'detail'])
      .where('partnership_id', '=', partnershipId)
      .where((eb) =>
        eb.or([
          eb('actor_id', '=', personId),
          eb.and([eb('subject_type', '=', 'person'), eb('subject_id', '=', personId)]),
        ]),
      )
      .orderBy('id')
      .execute();
    const chats = await trx
      .selectFrom('conversation_references')
      .select(['conversation_id', 'updated_at'])
      .where('partnership_id', '=', partnershipId)
      .where('user_aad_id', '=', personId)
      .execute();
    const records = await exportRecords(trx, partnershipId, personId);
    const exportedAt = (await sql<{ now: Date }>`SELECT now() AS now`.execute(trx)).rows[0]!.now;
    const counts = {
      kloes: kloes.length,
      kloeActions: kloeActions.length,
      questionsAsked: questions.length,
      considerationRequests: considerationRequests.length,
      professionalChallenges: professionalChallenges.length,
      recordActions: recordActions.length,
      evidenceAdded: evidenceAdded.length,
      auditEntries: auditEntries.length,
      chats: chats.length,
    };
    /** Rows exported from each table (personal-data.ts), so a reader sees what was searched. */
    const tables: Record<string, number> = {
      kloes: kloes.length,
      kloe_events: kloeActions.length,
      kloe_questions: questions.length,
      serious_cases: considerationRequests.length,
      professional_challenges: professionalChallenges.length,
      record_events: recordActions.length,
      record_evidence: evidenceAdded.length,
      audit_events: auditEntries.length,
      conversation_references: chats.length,
      ...Object.fromEntries(Object.entries(records).map(([t, rows]) => [t, rows.length])),
    };
    // Last in the transaction: audit events lock the chain head.
    await auditLog(trx).record({
      partnershipId,
      actorId: by.aadObjectId,
      action: 'person.exported',
      subjectType: 'person',
      subjectId: personId,
      detail: {
        ...counts,
        ...Object.fromEntries(
          Object.entries(records).map(([t, rows]) => [`records.${t}`, rows.length]),
        ),
      },
    });
    return {
      person: { id: personId },
      partnershipId,
      exportedAt: new Date(exportedAt).toISOString(),
      counts,
      tables,
      submissions: { kloes, considerationRequests, professionalChallenges },
      triageActions: { kloeActions, questionsAsked: questions, recordActions, evidenceAdded },
      auditEntries: auditEntries.map((a) => ({ ...a, id: Number(a.id) })),
      chats,
      records,
    };
  });
}
