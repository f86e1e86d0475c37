import {
  challengeForm,
  considerationForm,
  describeKloeEvent,
  kloeForm,
  triageForms,
  type FormDecl,
  type RecordType,
  type RetentionRule,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/**
 * What the shared machinery (retention, a person's export, the Engine Room)
 * needs to know about one kind of record, declared once instead of
 * `if (type === 'kloe')` chains wherever kinds differ.
 */
export interface RecordKind {
  type: RecordType;
  /** What the Engine Room calls it ("Consideration request"). */
  title: string;
  /** The table holding the record, its reference and who submitted it (`submitted_by_*`). */
  table: 'kloes' | 'serious_cases' | 'professional_challenges';
  /** Its subject type in the audit trail. */
  auditSubject: 'kloe' | 'serious-case' | 'professional-challenge';
  /** Where its history lines live: KLOEs keep their own; other kinds share record_events. */
  history:
    | {
        table: 'kloe_events';
        record: 'kloe_id';
        /** How one of its own event codes reads after who did it. */
        describe: (action: string, detail: unknown) => string;
      }
    | { table: 'record_events' };
  /** What the Engine Room shows of it: never what identifies anyone. */
  detail: {
    /** The form its `values` were given through. */
    form: FormDecl;
    /** Whether its table keeps a `version` (otherwise it is always 1). */
    versioned: boolean;
    /** Columns shown after the form's fields when they have a value. */
    extraFields: readonly { column: string; id: string; label: string }[];
  };
  /** What a person's export lists of the records they submitted: its section and columns. */
  submissions: { section: string; columns: readonly string[] };
  /** The retention rule that removes who submitted it (by anonymising or deleting the record). */
  submitterRemovedBy: RetentionRule;
  /** The declared forms the Business Unit triages it with (card and tab alike); none: not triaged. */
  triageForms: readonly FormDecl[];
  /**
   * Whether its queue line reads the lifecycle once the Engine Room takes it up ("Being
   * explored by the Engine Room"); false when its own status says more (a Rapid Review's stage).
   */
  statusFromLifecycle: boolean;
}

export const RECORD_KINDS = {
  kloe: {
    type: 'kloe',
    title: 'KLOE',
    table: 'kloes',
    auditSubject: 'kloe',
    history: { table: 'kloe_events', record: 'kloe_id', describe: describeKloeEvent },
    detail: {
      form: kloeForm,
      versioned: true,
      extraFields: [
        { column: 'meeting_date', id: 'meetingDate', label: 'Engine Room meeting' },
        { column: 'decline_reason', id: 'declineReason', label: 'Reason for declining' },
      ],
    },
    submissions: {
      section: 'kloes',
      columns: [
        'id',
        'reference',
        'status',
        'values',
        'submitted_by_name',
        'submitted_at',
        'decline_reason',
        'meeting_date',
      ],
    },
    submitterRemovedBy: 'kloes',
    triageForms: Object.values(triageForms),
    statusFromLifecycle: true,
  },
  consideration: {
    type: 'consideration',
    title: 'Consideration request',
    table: 'serious_cases',
    auditSubject: 'serious-case',
    history: { table: 'record_events' },
    // Only what identifies no one: the child's details are read, audited, through
    // GET /api/serious-cases/:id/details, by the Business Unit and the Engine Room only.
    detail: { form: considerationForm, versioned: true, extraFields: [] },
    // Never the child's details: those are the child's, read through the audited route.
    submissions: {
      section: 'considerationRequests',
      columns: ['id', 'reference', 'status', 'values', 'submitted_by_name', 'submitted_at'],
    },
    submitterRemovedBy: 'considerationRequests',
    // Its own pathway (notification, Rapid Review, decision) moves it through the lifecycle.
    triageForms: [],
    statusFromLifecycle: false,
  },
  challenge: {
    type: 'challenge',
    title: 'Professional challenge',
    table: 'professional_challenges',
    auditSubject: 'professional-challenge',
    history: { table: 'record_events' },
    detail: { form: challengeForm, versioned: false, extraFields: [] },
    submissions: {
      section: 'professionalChallenges',
      columns: ['id', 'reference', 'values', 'submitted_by_name', 'submitted_at'],
    },
    submitterRemovedBy: 'professionalChallenges',
    // Recorded at the point of resolution: nothing to triage.
    triageForms: [],
    statusFromLifecycle: true,
  },
} as const satisfies { [T in RecordType]: RecordKind & { type: T } };

export const RECORD_KIND_LIST: readonly RecordKind[] = Object.values(RECORD_KINDS);

export function recordKind(type: RecordType): RecordKind {
  return RECORD_KINDS[type];
}

/** The history lines of one record written by `personId`, now attributed to `as`. */
export async function reattributeHistory(
  trx: Kysely<Tables>,
  kind: RecordKind,
  recordId: string,
  personId: string,
  as: string,
): Promise<void> {
  const ofRecord =
    kind.history.table === 'kloe_events'
      ? sql`kloe_id = ${recordId}`
      : sql`record_type = ${kind.type} AND record_id = ${recordId}`;
  await sql`UPDATE ${sql.table(kind.history.table)} SET actor_id = ${as}, actor_name = ${as}
    WHERE ${ofRecord} AND actor_id = ${personId}`.execute(trx);
  // The lifecycle's steps say who took them too (receiving it, for the submitter).
  await sql`UPDATE record_lifecycle SET actor_id = ${as}, actor_name = ${as}
    WHERE record_type = ${kind.type} AND record_id = ${recordId} AND actor_id = ${personId}`.execute(
    trx,
  );
}

/**
 * The queue line's copy of who submitted a record, made to match the record
 * again after the submitter changed (retention anonymised them). In the
 * caller's transaction, so the queue never disagrees with the record.
 */
export async function refreshQueueSubmitter(
  trx: Kysely<Tables>,
  kind: RecordKind,
  recordId: string,
): Promise<void> {
  await sql`UPDATE queue_items SET submitted_by_id = r.submitted_by_id
    FROM ${sql.table(kind.table)} r
    WHERE r.id = ${recordId} AND queue_items.record_type = ${kind.type}
      AND queue_items.record_id = ${recordId}`.execute(trx);
}
