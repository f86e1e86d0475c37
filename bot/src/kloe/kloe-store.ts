import {
  checkTriage,
  describeDecision,
  moveLifecycle,
  triageLifecycleEvent,
  type Kloe,
  type KloeLink,
  type KloeQuestion,
  type KloeStatus,
  type KloeStore,
  type Person,
  type TriageDecision,
} from '@pathways/core';
import type { Kysely, Selectable, Updateable } from 'kysely';
import { executorFor } from '../platform/db/database';
import { auditLog } from '../platform/db/repositories';
import { AlreadySubmitted, nextReference } from '../records/references';
import type { Tables } from '../platform/db/schema';
import type { JobQueue } from '../platform/jobs/job-queue';
import { advanceLifecycle, lifecycleOf, positionOfRecord } from '../records/record-lifecycle';
import { refreshKloeQueueItem } from './kloe-queue';

/** Brings the KLOE's channel card and the submitter's receipt up to date (or posts the card). */
export const POST_KLOE_QUEUE = 'kloe-post-to-business-unit';
/** Sends the Business Unit's question to the submitter's chat. */
export const ASK_SUBMITTER_QUEUE = 'kloe-ask-submitter';

type KloeRow = Selectable<Tables['kloes']>;

/** Reads a whole KLOE: the row, its questions and its links. Takes the database or a transaction. */
export async function loadKloe(
  db: Kysely<Tables>,
  row: KloeRow | undefined,
): Promise<Kloe | undefined> {
  if (!row) return undefined;
  const [questions, related, duplicate, lifecycle] = await Promise.all([
    db
      .selectFrom('kloe_questions')
      .selectAll()
      .where('kloe_id', '=', row.id)
      .orderBy('asked_at')
      .orderBy('id')
      .execute(),
    // Links are stored once; either end sees the other.
    db
      .selectFrom('kloe_links')
      .innerJoin('kloes as other', (j) =>
        j.on((eb) =>
          eb.or([
            eb.and([
              eb('kloe_links.kloe_id', '=', row.id),
              eb('other.id', '=', eb.ref('kloe_links.linked_id')),
            ]),
            eb.and([
              eb('kloe_links.linked_id', '=', row.id),
              eb('other.id', '=', eb.ref('kloe_links.kloe_id')),
            ]),
          ]),
        ),
      )
      .select(['other.id', 'other.reference'])
      .orderBy('other.reference')
      .execute(),
    row.duplicate_of_id
      ? db
          .selectFrom('kloes')
          .select(['id', 'reference'])
          .where('id', '=', row.duplicate_of_id)
          .executeTakeFirst()
      : Promise.resolve(undefined),
    lifecycleOf(db, 'kloe', row.id),
  ]);
  const kloe: Kloe = {
    id: row.id,
    partnershipId: row.partnership_id,
    reference: row.reference,
    status: row.status as KloeStatus,
    version: row.version,
    values: row.values,
    submittedBy: { aadObjectId: row.submitted_by_id, name: row.submitted_by_name },
    submittedAt: row.submitted_at,
    related: related.map((r): KloeLink => ({ id: r.id, reference: r.reference, kind: 'related' })),
    questions: questions.map((q): KloeQuestion => ({
      id: q.id,
      question: q.question,
      askedBy: { aadObjectId: q.asked_by_id, name: q.asked_by_name },
      askedAt: q.asked_at,
      ...(q.answer !== null ? { answer: q.answer } : {}),
      ...(q.answered_at ? { answeredAt: q.answered_at } : {}),
    })),
    lifecycle,
  };
  if (row.meeting_date) kloe.meetingDate = row.meeting_date;
  if (row.decline_reason) kloe.declineReason = row.decline_reason;
  if (duplicate) kloe.duplicateOf = { ...duplicate, kind: 'duplicate' };
  if (row.last_change_at && row.last_change_by_id && row.last_change_action) {
    kloe.lastChange = {
      by: { aadObjectId: row.last_change_by_id, name: row.last_change_by_name ?? '' },
      at: row.last_change_at,
      action: row.last_change_action,
    };
  }
  return kloe;
}

function lastChange(by: Person, at: Date, action: string): Updateable<Tables['kloes']> {
  return {
    last_change_by_id: by.aadObjectId,
    last_change_by_name: by.name,
    last_change_action: action,
    last_change_at: at,
  };
}

/** Where an answer's card instance key is kept: the receipts, against its question. */
const answerReceipt = (questionId: string) => `kloe-answer:${questionId}`;

async function answeredWith(
  db: Kysely<Tables>,
  questionId: string,
  submissionKey: string,
): Promise<boolean> {
  const found = await db
    .selectFrom('activity_receipts')
    .select('activity_id')
    .where('activity_id', '=', submissionKey)
    .where('conversation_id', '=', answerReceipt(questionId))
    .executeTakeFirst();
  return found !== undefined;
}

/** Every change leaves a line in the history (the tab shows it) and in the audit log. */
async function recordChange(
  trx: Kysely<Tables>,
  kloe: { id: string; partnershipId: string; version: number },
  by: Person,
  at: Date,
  action: string,
  detail: Record<string, string> = {},
) {
  await trx
    .insertInto('kloe_events')
    .values({
      kloe_id: kloe.id,
      version: kloe.version,
      at,
      actor_id: by.aadObjectId,
      actor_name: by.name,
      action,
      detail: JSON.stringify(detail),
    })
    .execute();
  // The audit log names what happened, never the content.
  await auditLog(trx).record({
    partnershipId: kloe.partnershipId,
    actorId: by.aadObjectId,
    action: `kloe.${action}`,
    subjectType: 'kloe',
    subjectId: kloe.id,
    detail: { version: kloe.version },
  });
}

export function kloeStore(db: Kysely<Tables>, jobs: Pick<JobQueue, 'enqueue' | 'wake'>): KloeStore {
  const findByKey = (partnershipId: string, key: string) =>
    db
      .selectFrom('kloes')
      .selectAll()
      .where('partnership_id', '=', partnershipId)
      .where('submission_key', '=', key)
      .executeTakeFirst();
  const get = async (partnershipId: string, id: string) =>
    loadKloe(
      db,
      await db
        .selectFrom('kloes')
        .selectAll()
        .where('partnership_id', '=', partnershipId)
        .where('id', '=', id)
        .executeTakeFirst(),
    );

  return {
    get,
    async submit(command) {
      const existing = await findByKey(command.partnershipId, command.submissionKey);
      if (existing) return { kloe: (await loadKloe(db, existing))!, created: false };
      try {
        const row = await db.transaction().execute(async (trx) => {
          const reference = await nextReference(trx, command.partnershipId, 'KLOE', command.at);
          const inserted = await trx
            .insertInto('kloes')
            .values({
              partnership_id: command.partnershipId,
              reference,
              submission_key: command.submissionKey,
              request_hash: command.requestHash ?? null,
              status: 'submitted',
              values: JSON.stringify(command.values),
              submitted_by_id: command.submittedBy.aadObjectId,
              submitted_by_name: command.submittedBy.name,
              submitted_at: command.at,
              receipt_reference: JSON.stringify(command.receipt.conversationReference),
              receipt_activity_id: command.receipt.activityId ?? null,
            })
            .onConflict((oc) => oc.columns(['partnership_id', 'submission_key']).doNothing())
            .returningAll()
            .executeTakeFirst();
          // A concurrent redelivery won the race: undo our number and return theirs.
          if (!inserted) throw new AlreadySubmitted();
          await jobs.enqueue(executorFor(trx), POST_KLOE_QUEUE, { kloeId: inserted.id });
          await refreshKloeQueueItem(trx, inserted.id);
          await recordChange(
            trx,
            { id: inserted.id, partnershipId: command.partnershipId, version: 1 },
            command.submittedBy,
            command.at,
            'submitted',
          );
          return inserted;
        });
        jobs.wake(POST_KLOE_QUEUE);
        return { kloe: (await loadKloe(db, row))!, created: true };
      } catch (error) {
        if (!(error instanceof AlreadySubmitted)) throw error;
        const winner = await findByKey(command.partnershipId, command.submissionKey);
        if (!winner) throw error;
        return { kloe: (await loadKloe(db, winner))!, created: false };
      }
    },

    async triage(command) {
      const outcome = await db.transaction().execute(async (trx) => {
        // Locks the row: of two people deciding at once, the second waits, then sees the new version.
        const row = await trx
          .selectFrom('kloes')
          .selectAll()
          .where('partnership_id', '=', command.partnershipId)
          .where('id', '=', command.kloeId)
          .forUpdate()
          .executeTakeFirst();
        const kloe = await loadKloe(trx, row);
        if (!kloe) return { outcome: 'not-found' } as const;
        if (kloe.version !== command.expectedVersion) return { outcome: 'conflict', kloe } as const;
        const check = checkTriage(kloe, command.decision);
        if (!check.ok) return { outcome: 'refused', kloe, message: check.message } as const;
        // The lifecycle's rules are every kind's: a KLOE the Engine Room has taken up is past triage.
        const event = triageLifecycleEvent(command.decision);
        const move = event && moveLifecycle(await positionOfRecord(trx, 'kloe', kloe.id), event);
        if (move?.outcome === 'refused')
          return { outcome: 'refused', kloe, message: move.message } as const;

        const decision: TriageDecision = command.decision;
        const changes: Updateable<Tables['kloes']> = {
          status: check.status,
          version: kloe.version + 1,
          ...lastChange(command.by, command.at, describeDecision(decision)),
        };
        const detail: Record<string, string> = {};
        let questionId: string | undefined;
        switch (decision.kind) {
          case 'accept':
            changes.meeting_date = decision.meetingDate;
            detail.meetingDate = decision.meetingDate;
            break;
          case 'decline':
            changes.decline_reason = decision.reason;
            detail.reason = decision.reason;
            break;
          case 'ask': {
            const q = await trx
              .insertInto('kloe_questions')
              .values({
                kloe_id: kloe.id,
                question: decision.question,
                asked_by_id: command.by.aadObjectId,
                asked_by_name: command.by.name,
                asked_at: command.at,
              })
              .returning('id')
              .executeTakeFirstOrThrow();
            questionId = q.id;
            detail.question = decision.question;
            break;
          }
          case 'link': {
            const other = await trx
              .selectFrom('kloes')
              .select(['id', 'reference', 'duplicate_of_id'])
              .where('partnership_id', '=', command.partnershipId)
              .where('reference', '=', decision.otherReference)
              .executeTakeFirst();
            if (!other) {
              return {
                outcome: 'refused',
                kloe,
                message: `there is no ${decision.otherReference}. Check the reference on the other KLOE's card.`,
              } as const;
            }
            if (other.id === kloe.id) {
              return {
                outcome: 'refused',
                kloe,
                message: 'a KLOE cannot be linked to itself.',
              } as const;
            }
            detail.otherReference = other.reference;
            if (decision.linkKind === 'duplicate') {
              if (other.duplicate_of_id === kloe.id) {
                return {
                  outcome: 'refused',
                  kloe,
                  message: `${other.reference} is already a duplicate of this KLOE.`,
                } as const;
              }
              changes.duplicate_of_id = other.id;
            } else {
              if (kloe.related.some((r) => r.id === other.id)) {
                return {
                  outcome: 'refused',
                  kloe,
                  message: `it is already linked to ${other.reference}.`,
                } as const;
              }
              await trx
                .insertInto('kloe_links')
                .values({
                  kloe_id: kloe.id,
                  linked_id: other.id,
                  created_by_id: command.by.aadObjectId,
                  created_at: command.at,
                })
                .execute();
            }
            break;
          }
        }
        await trx.updateTable('kloes').set(changes).where('id', '=', kloe.id).execute();
        if (event) {
          await advanceLifecycle(trx, {
            partnershipId: kloe.partnershipId,
            type: 'kloe',
            id: kloe.id,
            event,
            by: command.by,
            at: command.at,
          });
        }
        await refreshKloeQueueItem(trx, kloe.id);
        await recordChange(
          trx,
          { id: kloe.id, partnershipId: kloe.partnershipId, version: kloe.version + 1 },
          command.by,
          command.at,
          decision.kind === 'link' ? `linked-${decision.linkKind}` : decision.kind,
          detail,
        );
        await jobs.enqueue(executorFor(trx), POST_KLOE_QUEUE, { kloeId: kloe.id });
        if (questionId) {
          await jobs.enqueue(executorFor(trx), ASK_SUBMITTER_QUEUE, { questionId });
        }
        return { outcome: 'done' } as const;
      });
      if (outcome.outcome !== 'done') return outcome;
      jobs.wake(POST_KLOE_QUEUE);
      jobs.wake(ASK_SUBMITTER_QUEUE);
      return { outcome: 'done', kloe: (await get(command.partnershipId, command.kloeId))! };
    },

    answeredWith: (questionId, submissionKey) => answeredWith(db, questionId, submissionKey),

    async answer(command) {
      const outcome = await db.transaction().execute(async (trx) => {
        const found = await trx
          .selectFrom('kloe_questions')
          .innerJoin('kloes', 'kloes.id', 'kloe_questions.kloe_id')
          .select(['kloe_questions.kloe_id', 'kloe_questions.answer', 'kloes.submitted_by_id'])
          .where('kloe_questions.id', '=', command.questionId)
          .where('kloes.partnership_id', '=', command.partnershipId)
          .executeTakeFirst();
        if (!found) return { outcome: 'not-found' } as const;
        if (found.submitted_by_id !== command.by.aadObjectId)
          return { outcome: 'not-yours' } as const;
        const row = await trx
          .selectFrom('kloes')
          .selectAll()
          .where('id', '=', found.kloe_id)
          .forUpdate()
          .executeTakeFirstOrThrow();
        // Only the first answer counts: a double press or a redelivery changes nothing.
        const answered = await trx
          .updateTable('kloe_questions')
          .set({ answer: command.answer, answered_at: command.at })
          .where('id', '=', command.questionId)
          .where('answer', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!answered) {
          // Two presses of one card at once: the other press stored this card's answer.
          const same =
            command.submissionKey !== undefined &&
            (await answeredWith(trx, command.questionId, command.submissionKey));
          return { outcome: same ? 'done' : 'already-answered', kloeId: row.id } as const;
        }
        if (command.submissionKey) {
          // The card instance's key, stored with the answer (see answeredWith).
          await trx
            .insertInto('activity_receipts')
            .values({
              activity_id: command.submissionKey,
              conversation_id: answerReceipt(command.questionId),
            })
            .onConflict((oc) => oc.column('activity_id').doNothing())
            .execute();
        }
        const unanswered = await trx
          .selectFrom('kloe_questions')
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .where('kloe_id', '=', row.id)
          .where('answer', 'is', null)
          .executeTakeFirstOrThrow();
        const status =
          row.status === 'more-information-requested' && Number(unanswered.n) === 0
            ? 'submitted'
            : row.status;
        await trx
          .updateTable('kloes')
          .set({
            status,
            version: row.version + 1,
            ...lastChange(command.by, command.at, "answered the Business Unit's question"),
          })
          .where('id', '=', row.id)
          .execute();
        await refreshKloeQueueItem(trx, row.id);
        await recordChange(
          trx,
          { id: row.id, partnershipId: row.partnership_id, version: row.version + 1 },
          command.by,
          command.at,
          'answered',
          { questionId: command.questionId, answer: command.answer },
        );
        await jobs.enqueue(executorFor(trx), POST_KLOE_QUEUE, { kloeId: row.id });
        return { outcome: 'done', kloeId: row.id } as const;
      });
      if (outcome.outcome === 'not-found' || outcome.outcome === 'not-yours') return outcome;
      if (outcome.outcome === 'done') jobs.wake(POST_KLOE_QUEUE);
      const kloe = (await get(command.partnershipId, outcome.kloeId))!;
      const question = kloe.questions.find((q) => q.id === command.questionId)!;
      return { outcome: outcome.outcome, kloe, question };
    },
  };
}
