import type { FormValues } from '../forms/form';

export type KloeStatus =
  'submitted' | 'accepted' | 'more-information-requested' | 'declined' | 'linked';

export const kloeStatusText: Record<KloeStatus, string> = {
  submitted: 'Received by the Business Unit, waiting to be triaged',
  accepted: 'Accepted onto the Engine Room agenda',
  'more-information-requested': 'The Business Unit has asked for more information',
  declined: 'Declined',
  linked: 'Linked to another KLOE',
};

export interface Person {
  aadObjectId: string;
  name: string;
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
}

export function formatReference(prefix: string, year: number, sequence: number): string {
  return `${prefix}-${year}-${String(sequence).padStart(4, '0')}`;
}

export interface SubmitKloe {
  partnershipId: string;
  /** Teams' activity id of the submit: a redelivery carries the same one. */
  submissionKey: string;
  values: FormValues;
  submittedBy: Person;
  /** Where the submitter's receipt lives, to update it when the status changes. */
  receipt: { conversationReference: object; activityId: string | undefined };
  at: Date;
}

/**
 * Storage of KLOEs. `submit` is one transaction: the next reference, the
 * record, and the job that posts it to the Business Unit channel. A second
 * submit with the same key returns the first KLOE and changes nothing.
 */
export interface KloeStore {
  submit(command: SubmitKloe): Promise<{ kloe: Kloe; created: boolean }>;
  get(partnershipId: string, id: string): Promise<Kloe | undefined>;
}
