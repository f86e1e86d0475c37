import type { IsoDate } from '../calendar/working-days';
import type { FormValues } from '../forms/form';
import type { Person } from '../kloe/kloe';

/**
 * A serious case: a consideration request and what the partnership does with
 * it, from receipt to the Rapid Review, the Executive's decision and any LCSPR.
 */
export type CaseStatus =
  | 'received'
  | 'notification-recorded'
  | 'rapid-review-in-progress'
  | 'rapid-review-sent'
  | 'decided'
  | 'lcspr-in-progress'
  | 'published'
  | 'closed';

export const caseStatusText: Record<CaseStatus, string> = {
  received: 'Received by the Business Unit',
  'notification-recorded': 'Notification to the Panel recorded',
  'rapid-review-in-progress': 'Rapid Review in progress',
  'rapid-review-sent': 'Rapid Review sent to the Panel',
  decided: 'Decision made',
  'lcspr-in-progress': 'LCSPR in progress',
  published: 'LCSPR published',
  closed: 'Closed',
};

export type CaseDecision = 'lcspr' | 'no-lcspr' | 'other-learning-review';

export const caseDecisionText: Record<CaseDecision, string> = {
  lcspr: 'Progress to a Local Child Safeguarding Practice Review (LCSPR)',
  'no-lcspr': 'No LCSPR',
  'other-learning-review': 'Another kind of learning review',
};

/** The dates a case's clocks run from and stop at (calendar dates in England). */
export interface CaseDates {
  /** When the local authority became aware: the Panel notification clock starts here. */
  laAware: IsoDate;
  notificationSent?: IsoDate;
  rapidReviewStarted?: IsoDate;
  rapidReviewSent?: IsoDate;
  decided?: IsoDate;
  lcsprInitiated?: IsoDate;
  published?: IsoDate;
  closed?: IsoDate;
}

export interface SeriousCase {
  id: string;
  partnershipId: string;
  /** CSPR-2026-0003: per partnership, per year, no gaps. */
  reference: string;
  status: CaseStatus;
  version: number;
  referringAgency: string;
  /** The criteria the referrer ticked (values of considerationCriteria). */
  criteria: string[];
  /** Answers that do not identify the child ("none" and "professional" fields). */
  values: FormValues;
  submittedBy: Person;
  receivedAt: Date;
  dates: CaseDates;
  decision?: CaseDecision;
  /** Why: required for "no LCSPR" and for closing without a review. */
  decisionReasons?: string;
  closedReason?: string;
}

export interface SubmitConsideration {
  partnershipId: string;
  /** Teams' activity id of the submit: a redelivery carries the same one. */
  submissionKey: string;
  /** Every answer; the store keeps the child's details apart from the rest. */
  values: FormValues;
  submittedBy: Person;
  receipt: { conversationReference: object; activityId: string | undefined };
  at: Date;
}

/**
 * Storage of serious cases. `submit` is one transaction: the next reference,
 * the record, the audit entry and the job that posts the (non-identifying)
 * card to the Business Unit channel. A second submit with the same key returns
 * the first case. `get` never returns the child's details; `readDetails` does,
 * and records who read them.
 */
export interface SeriousCaseStore {
  submit(command: SubmitConsideration): Promise<{ seriousCase: SeriousCase; created: boolean }>;
  get(partnershipId: string, id: string): Promise<SeriousCase | undefined>;
  /** The case a card instance already made, if it made one. */
  findBySubmission(partnershipId: string, submissionKey: string): Promise<SeriousCase | undefined>;
  readDetails(
    partnershipId: string,
    id: string,
    reader: { aadObjectId: string },
  ): Promise<FormValues | undefined>;
  /** Every case of the partnership, newest first, without the child's details. */
  list(partnershipId: string): Promise<SeriousCase[]>;
  /**
   * Records an event (see applyCaseEvent) in one transaction with its audit
   * entry. With expectedVersion, a case changed meanwhile is a conflict.
   */
  transition(
    partnershipId: string,
    id: string,
    event: CaseEvent,
    /** Who records it: the name goes into the record's history. */
    actor: { aadObjectId: string; name: string },
    options: { today: IsoDate; expectedVersion?: number },
  ): Promise<
    | { ok: true; seriousCase: SeriousCase }
    | { ok: false; reason: 'not-found' | 'refused' | 'conflict'; message: string }
  >;
}

/** What can be recorded on a case. Each names the date it happened (a date in England). */
export type CaseEvent =
  | { type: 'record-notification'; on: IsoDate; laAware?: IsoDate }
  | { type: 'start-rapid-review'; on: IsoDate }
  | { type: 'send-rapid-review'; on: IsoDate }
  | { type: 'decide'; on: IsoDate; decision: CaseDecision; reasons?: string }
  | { type: 'start-lcspr'; on: IsoDate }
  | { type: 'publish'; on: IsoDate }
  | { type: 'close'; on: IsoDate; reason?: string };
