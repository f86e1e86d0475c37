import type { IsoDate } from '../calendar/working-days';
import type { FormValues } from '../forms/form';
import type { Person } from '../kloe/kloe';

/** A professional challenge, recorded at the point of resolution. */
export interface ProfessionalChallenge {
  id: string;
  partnershipId: string;
  /** PC-2026-0004: per partnership, per year, no gaps. */
  reference: string;
  raisingOrganisation: string;
  receivingOrganisation: string;
  resolutionStage: string;
  /** A value of challengeOutcomes. */
  outcome: string;
  raisedDate: IsoDate;
  resolvedDate: IsoDate;
  values: FormValues;
  submittedBy: Person;
  submittedAt: Date;
}

export interface SubmitChallenge {
  partnershipId: string;
  submissionKey: string;
  values: FormValues;
  submittedBy: Person;
  at: Date;
}

/** Storage of challenge records: one transaction gives the reference, the record and its audit entry. */
export interface ChallengeStore {
  submit(command: SubmitChallenge): Promise<{ challenge: ProfessionalChallenge; created: boolean }>;
  list(partnershipId: string): Promise<ProfessionalChallenge[]>;
}
