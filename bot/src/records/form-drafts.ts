import { submissionIdOf, type DraftSlot, type FormDraft } from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/** Drafts untouched this long are gone: they may identify a child, and nobody is finishing them. */
export const DRAFT_DAYS = 30;

const fresh = sql<boolean>`updated_at > now() - make_interval(days => ${DRAFT_DAYS})`;

/**
 * Answers given so far to forms asked in steps, in PostgreSQL so that any
 * instance of the service can take the next press. A draft belongs to one card
 * instance for one person (the action's submission key, which names both).
 */
export function formDrafts(db: Kysely<Tables>, partnershipId: string) {
  return {
    /** The draft behind one press of a stepped form's card. */
    slot(
      formId: string,
      action: { submissionKey: string; data: Record<string, unknown> },
      ownerId: string,
    ): DraftSlot {
      return {
        async load() {
          const row = await db
            .selectFrom('form_drafts')
            .where('partnership_id', '=', partnershipId)
            .where('submission_key', '=', action.submissionKey)
            .where('owner_id', '=', ownerId)
            .where('form_id', '=', formId)
            .where(fresh)
            .select(['step', 'values'])
            .executeTakeFirst();
          return row ? { step: row.step, values: row.values } : undefined;
        },
        async save(draft: FormDraft) {
          await db
            .insertInto('form_drafts')
            .values({
              partnership_id: partnershipId,
              submission_key: action.submissionKey,
              form_id: formId,
              owner_id: ownerId,
              submission_id: submissionIdOf(action.data) ?? null,
              step: draft.step,
              values: JSON.stringify(draft.values),
            })
            .onConflict((oc) =>
              oc.columns(['partnership_id', 'submission_key']).doUpdateSet({
                step: draft.step,
                values: JSON.stringify(draft.values),
                updated_at: sql`now()`,
              }),
            )
            .execute();
          // Pruned as drafts are written: no job, and nothing old outlives the next use.
          await db
            .deleteFrom('form_drafts')
            .where('updated_at', '<=', sql<Date>`now() - make_interval(days => ${DRAFT_DAYS})`)
            .execute();
        },
        async discard() {
          await db
            .deleteFrom('form_drafts')
            .where('partnership_id', '=', partnershipId)
            .where('submission_key', '=', action.submissionKey)
            .execute();
        },
      };
    },

    /** The person's latest unfinished draft of a form, with its card instance's id, to resume. */
    async latest(
      formId: string,
      ownerId: string,
    ): Promise<{ draft: FormDraft; submissionId: string } | undefined> {
      const row = await db
        .selectFrom('form_drafts')
        .where('partnership_id', '=', partnershipId)
        .where('owner_id', '=', ownerId)
        .where('form_id', '=', formId)
        .where('submission_id', 'is not', null)
        .where(fresh)
        .orderBy('updated_at', 'desc')
        .select(['step', 'values', 'submission_id'])
        .executeTakeFirst();
      return row?.submission_id
        ? { draft: { step: row.step, values: row.values }, submissionId: row.submission_id }
        : undefined;
    },
  };
}
