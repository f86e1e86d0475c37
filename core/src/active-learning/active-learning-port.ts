import type { Person } from '../kloe/kloe';
import type { Partnership } from '../partnerships/partnership';
import type { RecordType } from '../engine-room/api';
import type { ChaseResult } from './api';

/** A person as Active Learning needs them: who, and where to write to them. */
export interface OrganisationPerson {
  id: string;
  name: string;
  mail: string | undefined;
}

/** A set planned from an Engine Room record's activity. */
export interface NewSet {
  recordType: RecordType;
  recordId: string;
  activityId: string | undefined;
  theme: string;
  kind: string;
  description: string;
  plannedFrom: string;
  plannedTo: string;
  nominationsBy: string;
  /** Every invited agency, with its leads from the directory (none: nobody can be asked). */
  agencies: { agency: string; leads: OrganisationPerson[] }[];
}

/** What the mail side effects need: the mailbox, and the words. */
export interface Mailer {
  mailbox: string | undefined;
  partnership: Partnership;
  tabUrl: string;
  /** The Outlook add-in's task pane for one set's request, for a link in the email. */
  nominationLink?: (setId: string) => string;
}

export type CreateSetOutcome =
  { ok: true; id: string } | { ok: false; reason: 'no-record' | 'no-activity' };
export type NominateOutcome = 'done' | 'not-invited' | 'closed';
export type MeetingOutcome = 'done' | 'not-found' | 'already-arranged' | 'no-nominees';
export type AttendanceOutcome =
  'done' | 'not-found' | 'no-meeting' | 'already-recorded' | 'unknown-nominee';
export type InviteOutcome = 'done' | 'not-found';
export type InvitationAnswerOutcome = 'done' | 'not-found' | 'not-theirs' | 'already-answered';

/**
 * What Active Learning's use cases change, each all or nothing, once however
 * often it is pressed. The service implements it with PostgreSQL (bot/src/active-learning),
 * one part per aggregate; the rules each applies are active-learning-rules.ts.
 */
export interface ActiveLearningCommands {
  /** A set planned from a record's activity: every agency's leads asked. */
  create(input: NewSet, by: Person, at: Date, mailer: Mailer): Promise<CreateSetOutcome>;
  /** A lead's nominations, added to earlier ones; the agency counts as nominated. */
  nominate(
    setId: string,
    lead: Person,
    nominees: OrganisationPerson[],
    note: string | undefined,
    at: Date,
    /** The card instance's key: a second press of the same card stores nothing more. */
    submissionKey?: string,
  ): Promise<NominateOutcome>;
  /** Agencies that have not nominated, chased at most once per `intervalHours`. Undefined: no such set. */
  chase(
    setId: string,
    by: Person,
    at: Date,
    intervalHours: number,
    mailer: Mailer,
  ): Promise<ChaseResult | undefined>;
  /** The Teams meeting, asked for once. */
  requestMeeting(
    setId: string,
    slot: { start: Date; end: Date },
    by: Person & { mail?: string | undefined },
    at: Date,
    mailbox: string,
  ): Promise<MeetingOutcome>;
  /** Attendance, once, after the meeting. */
  recordAttendance(
    setId: string,
    attendedIds: string[],
    by: Person,
    at: Date,
  ): Promise<AttendanceOutcome>;
  /** An invitation to attend the Engine Room for a record. */
  invite(
    type: RecordType,
    id: string,
    invitation: {
      agency: string;
      person: OrganisationPerson;
      meetingDate: string;
      note: string | undefined;
    },
    by: Person,
    at: Date,
  ): Promise<InviteOutcome>;
  /** The invited person's answer, once. */
  answer(
    invitationId: string,
    person: Person,
    answer: { response: string; note: string | undefined },
    at: Date,
  ): Promise<InvitationAnswerOutcome>;
}
