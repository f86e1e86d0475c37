import type { FormValues } from '../forms/form';
import type { LifecycleEvent, LifecycleStep } from '../records/record-lifecycle';

export type KloeStatus =
  'submitted' | 'more-information-requested' | 'accepted' | 'declined' | 'duplicate';

export const kloeStatusText: Record<KloeStatus, string> = {
  submitted: 'Waiting to be triaged by the Business Unit',
  'more-information-requested': 'The Business Unit has asked for more information',
  accepted: 'Accepted onto the Engine Room agenda',
  declined: 'Declined',
  duplicate: 'Closed as a duplicate of another KLOE',
};

export interface Person {
  aadObjectId: string;
  name: string;
}

/** A question the Business Unit asked the person who raised the KLOE, and their answer. */
export interface KloeQuestion {
  id: string;
  question: string;
  askedBy: Person;
  askedAt: Date;
  answer?: string;
  answeredAt?: Date;
}

export type KloeLinkKind = 'duplicate' | 'related';

export interface KloeLink {
  id: string;
  reference: string;
  kind: KloeLinkKind;
}

export interface KloeChange {
  by: Person;
  at: Date;
  /** What happened, in words that finish "Billie ...": "accepted it", "declined it". */
  action: string;
}

export interface Kloe {
  id: string;
  partnershipId: string;
  /** KLOE-2026-0007: per partnership, per year, no gaps. */
  reference: string;
  status: KloeStatus;
  /** Goes up by one with every change: two people acting at once cannot both win. */
  version: number;
  values: FormValues;
  submittedBy: Person;
  submittedAt: Date;
  /** The Engine Room meeting it is on the agenda for (YYYY-MM-DD), once accepted. */
  meetingDate?: string;
  declineReason?: string;
  duplicateOf?: KloeLink;
  /** KLOEs linked as related, in either direction. */
  related: KloeLink[];
  questions: KloeQuestion[];
  lastChange?: KloeChange;
  /** Its steps through the lifecycle every record kind shares, oldest first. */
  lifecycle?: LifecycleStep[];
}

export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

export interface SubmitKloe {
  partnershipId: string;
  /** Teams' activity id of the submit: a redelivery carries the same one. */
  submissionKey: string;
  /**
   * SHA-256 of the request that carried the submission, when its key is the
   * caller's own (the REST API's Idempotency-Key): stored with the key so the
   * key reused for a different request can be told from a retry.
   */
  requestHash?: string;
  values: FormValues;
  submittedBy: Person;
  /** Where the submitter's receipt lives, to update it when the status changes. */
  receipt: { conversationReference: object; activityId: string | undefined };
  at: Date;
}

/** What the Business Unit can decide about a KLOE from its channel card. */
export type TriageDecision =
  | { kind: 'accept'; meetingDate: string }
  | { kind: 'ask'; question: string }
  | { kind: 'decline'; reason: string }
  | { kind: 'link'; otherReference: string; linkKind: KloeLinkKind };

export interface TriageKloe {
  partnershipId: string;
  kloeId: string;
  /** The version the person was looking at when they decided. */
  expectedVersion: number;
  decision: TriageDecision;
  by: Person;
  at: Date;
}

export type TriageOutcome =
  | { outcome: 'done'; kloe: Kloe }
  /** Someone else changed it first: nothing was saved; here is how it stands. */
  | { outcome: 'conflict'; kloe: Kloe }
  | { outcome: 'refused'; kloe: Kloe; message: string }
  | { outcome: 'not-found' };

export interface AnswerKloeQuestion {
  partnershipId: string;
  questionId: string;
  answer: string;
  by: Person;
  at: Date;
  /** The answer card instance's key: its second press is the first answer, not a new one. */
  submissionKey?: string;
}

export type AnswerOutcome =
  | { outcome: 'done'; kloe: Kloe; question: KloeQuestion }
  | { outcome: 'already-answered'; kloe: Kloe; question: KloeQuestion }
  | { outcome: 'not-yours' }
  | { outcome: 'not-found' };

/**
 * Storage of KLOEs. `submit` is one transaction: the next reference, the
 * record, and the job that posts it to the Business Unit channel. A second
 * submit with the same key returns the first KLOE and changes nothing.
 * `triage` and `answer` change the record only at the version the person saw,
 * and enqueue the card updates in the same transaction.
 */
export interface KloeStore {
  submit(command: SubmitKloe): Promise<{ kloe: Kloe; created: boolean }>;
  get(partnershipId: string, id: string): Promise<Kloe | undefined>;
  triage(command: TriageKloe): Promise<TriageOutcome>;
  answer(command: AnswerKloeQuestion): Promise<AnswerOutcome>;
  /** Whether the question's answer came from this card instance (AnswerKloeQuestion.submissionKey). */
  answeredWith(questionId: string, submissionKey: string): Promise<boolean>;
}

const open: KloeStatus[] = ['submitted', 'more-information-requested'];

/** Whether a decision may be taken now; if not, why not, in words for the person. */
export function checkTriage(
  kloe: Kloe,
  decision: TriageDecision,
): { ok: true; status: KloeStatus } | { ok: false; message: string } {
  if (decision.kind === 'link' && decision.linkKind === 'related') {
    return { ok: true, status: kloe.status };
  }
  if (!open.includes(kloe.status)) {
    return {
      ok: false,
      message: `${kloe.reference} has already been triaged (${kloeStatusText[kloe.status].toLowerCase()}), so this cannot be done now. You can still link it to a related KLOE.`,
    };
  }
  switch (decision.kind) {
    case 'accept':
      return { ok: true, status: 'accepted' };
    case 'ask':
      return { ok: true, status: 'more-information-requested' };
    case 'decline':
      return { ok: true, status: 'declined' };
    case 'link':
      return { ok: true, status: 'duplicate' };
  }
}

/** "accepted it for the meeting on ...": how a decision reads in a history line. */
export function describeDecision(decision: TriageDecision): string {
  switch (decision.kind) {
    case 'accept':
      return 'accepted it onto the Engine Room agenda';
    case 'ask':
      return 'asked the person who raised it for more information';
    case 'decline':
      return 'declined it';
    case 'link':
      return decision.linkKind === 'duplicate'
        ? `closed it as a duplicate of ${decision.otherReference}`
        : `linked it to ${decision.otherReference} as related`;
  }
}

export function isOpenForTriage(kloe: Kloe): boolean {
  return open.includes(kloe.status);
}

/** What a triage decision does to the KLOE's lifecycle (a related link does nothing to it). */
export function triageLifecycleEvent(decision: TriageDecision): LifecycleEvent | undefined {
  switch (decision.kind) {
    case 'accept':
      return { kind: 'triage', result: 'accepted' };
    case 'ask':
      return { kind: 'triage', result: 'more-information-asked' };
    case 'decline':
      return { kind: 'triage', result: 'declined', closes: true };
    case 'link':
      return decision.linkKind === 'duplicate'
        ? { kind: 'triage', result: 'linked', closes: true }
        : undefined;
  }
}
