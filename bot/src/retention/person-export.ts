import { sql, type Kysely } from 'kysely';
import { auditLog } from '../db/repositories';
import type { Tables } from '../db/schema';

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
    const kloes = await trx
      .selectFrom('kloes')
      .select([
        'id',
        'reference',
        'status',
        'values',
        'submitted_by_name',
        'submitted_at',
        'decline_reason',
        'meeting_date',
      ])
      .where('partnership_id', '=', partnershipId)
      .where('submitted_by_id', '=', personId)
      .orderBy('submitted_at')
      .execute();
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
    const considerationRequests = await trx
      .selectFrom('serious_cases')
      .select(['id', 'reference', 'status', 'values', 'submitted_by_name', 'submitted_at'])
      .where('partnership_id', '=', partnershipId)
      .where('submitted_by_id', '=', personId)
      .orderBy('submitted_at')
      .execute();
    const professionalChallenges = await trx
      .selectFrom('professional_challenges')
      .select(['id', 'reference', 'values', 'submitted_by_name', 'submitted_at'])
      .where('partnership_id', '=', partnershipId)
      .where('submitted_by_id', '=', personId)
      .orderBy('submitted_at')
      .execute();
    const recordActions = await trx
      .selectFrom('record_events')
      .select(['record_type', 'record_id', 'at', 'action', 'actor_name'])
      .where('actor_id', '=', personId)
      .orderBy('at')
      .execute();
    const evidenceAdded = await trx
      .selectFrom('record_evidence')
      .select(['record_type', 'record_id', 'summary', 'source', 'source_date', 'added_at'])
      .where('added_by_id', '=', personId)
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
    // Last in the transaction: audit events lock the chain head.
    await auditLog(trx).record({
      partnershipId,
      actorId: by.aadObjectId,
      action: 'person.exported',
      subjectType: 'person',
      subjectId: personId,
      detail: counts,
    });
    return {
      person: { id: personId },
      partnershipId,
      exportedAt: new Date(exportedAt).toISOString(),
      counts,
      submissions: { kloes, considerationRequests, professionalChallenges },
      triageActions: { kloeActions, questionsAsked: questions, recordActions, evidenceAdded },
      auditEntries: auditEntries.map((a) => ({ ...a, id: Number(a.id) })),
      chats,
    };
  });
}
