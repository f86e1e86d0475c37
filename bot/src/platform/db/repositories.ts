import type {
  ActivityReceipts,
  AuditEvent,
  AuditLog,
  ConversationReferences,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from './schema';

/** Each repository takes a Kysely handle: the database itself, or an open transaction. */
export function activityReceipts(db: Kysely<Tables>): ActivityReceipts {
  return {
    async claim(activityId, conversationId) {
      const inserted = await db
        .insertInto('activity_receipts')
        .values({ activity_id: activityId, conversation_id: conversationId })
        .onConflict((oc) => oc.column('activity_id').doNothing())
        .returning('activity_id')
        .executeTakeFirst();
      return inserted !== undefined;
    },
  };
}

export function conversationReferences(db: Kysely<Tables>): ConversationReferences {
  return {
    async save(partnershipId, userAadId, conversationId, reference) {
      const json = JSON.stringify(reference);
      await db
        .insertInto('conversation_references')
        .values({
          partnership_id: partnershipId,
          user_aad_id: userAadId,
          conversation_id: conversationId,
          reference: json,
        })
        .onConflict((oc) =>
          oc.columns(['partnership_id', 'user_aad_id']).doUpdateSet({
            conversation_id: conversationId,
            reference: json,
            updated_at: sql`now()`,
          }),
        )
        .execute();
    },
    async find(partnershipId, userAadId) {
      const row = await db
        .selectFrom('conversation_references')
        .select('reference')
        .where('partnership_id', '=', partnershipId)
        .where('user_aad_id', '=', userAadId)
        .executeTakeFirst();
      return row ? (row.reference as object) : undefined;
    },
  };
}

export function auditLog(db: Kysely<Tables>): AuditLog {
  return {
    async record(event: AuditEvent) {
      await db
        .insertInto('audit_events')
        .values({
          partnership_id: event.partnershipId,
          actor_id: event.actorId,
          action: event.action,
          subject_type: event.subjectType,
          subject_id: event.subjectId,
          detail: JSON.stringify(event.detail ?? {}),
        })
        .execute();
    },
    async forSubject(partnershipId, subjectType, subjectId) {
      const rows = await db
        .selectFrom('audit_events')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .where('subject_type', '=', subjectType)
        .where('subject_id', '=', subjectId)
        .orderBy('id')
        .execute();
      return rows.map((r) => ({
        at: r.at,
        partnershipId: r.partnership_id,
        actorId: r.actor_id,
        action: r.action,
        subjectType: r.subject_type,
        subjectId: r.subject_id,
        detail: r.detail as Record<string, string | number | boolean>,
      }));
    },
  };
}
