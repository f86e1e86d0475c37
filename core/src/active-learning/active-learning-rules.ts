import { formatLongDate } from '../calendar/working-days';
import { ACTIVITY_KINDS } from '../engine-room/forms';
import type { ActiveLearningStatus } from './api';
import { INVITATION_RESPONSES } from './forms';

// The rules of Active Learning and Engine Room invitations, apart from where they are stored:
// what each state is called, who is asked and chased, who the meeting is for, and when
// attendance and answers may be recorded.

export const ACTIVE_LEARNING_STATUS_TEXT: Record<ActiveLearningStatus, string> = {
  inviting: 'Collecting nominations',
  'meeting-requested': 'Meeting being arranged',
  'meeting-created': 'Meeting arranged',
  held: 'Held: attendance recorded',
};

/** The title of a kind of activity (its value when the partnership no longer lists it). */
export const activityKindTitle = (kind: string) =>
  ACTIVITY_KINDS.find((k) => k.value === kind)?.title ?? kind;

export const invitationResponseTitle = (value: string) =>
  INVITATION_RESPONSES.find((r) => r.value === value)?.title ?? value;

/**
 * A set's state as people see it: a requested meeting counts as arranged once
 * its calendar side effect is done.
 */
export function activeLearningStatus(
  stored: string,
  meetingEffect: string | undefined,
): ActiveLearningStatus {
  if (stored !== 'meeting-requested') return stored as ActiveLearningStatus;
  return meetingEffect === 'done' ? 'meeting-created' : 'meeting-requested';
}

/** The line a new set adds to its record's history. */
export const plannedLine = (kind: string, theme: string, asked: number) =>
  `planned Active Learning (${activityKindTitle(kind).toLowerCase()} on ${theme}) and asked ${asked} ${asked === 1 ? 'agency' : 'agencies'} to nominate representatives`;

/** What a set's invitation to nominate says. */
export interface NominationRequestWords {
  set: {
    kind: string;
    theme: string;
    description: string;
    plannedFrom: string;
    plannedTo: string;
    nominationsBy: string;
  };
  partnership: { shortName: string; primaryColour: string };
  agency: string;
  /** A chase, not the first request. */
  reminder: boolean;
  /** The Outlook add-in's task pane for the set, when there is one. */
  link: string | undefined;
}

/** The email asking an agency's lead to nominate (or reminding them). */
export function nominationRequestMail(w: NominationRequestWords) {
  const { set } = w;
  const what = `${activityKindTitle(set.kind)} on ${set.theme}`;
  const lines = [
    w.reminder
      ? `Reminder: the Business Unit has not yet had ${w.agency}\u2019s nominations for Active Learning.`
      : `${w.partnership.shortName} is holding Active Learning and asks ${w.agency} to nominate representatives.`,
    '',
    `Activity: ${what}`,
    `Planned: ${formatLongDate(set.plannedFrom)} to ${formatLongDate(set.plannedTo)}`,
    `Nominations by: ${formatLongDate(set.nominationsBy)}`,
    '',
    set.description,
    '',
    'Nominate in Teams: the card from Pathways in your chat lists the people in your organisation.',
    'Or nominate in Outlook: with this email open, select Pathways on the ribbon or in the Apps menu.',
  ];
  const escape = (t: string) =>
    t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const html = `<html><body style="font-family: Arial, sans-serif; font-size: 11pt; color: #000">
<h1 style="font-size: 14pt; color: ${w.partnership.primaryColour}">Active Learning: ${escape(what)}</h1>
${lines
  .filter((l) => l !== '')
  .map((l) => `<p>${escape(l)}</p>`)
  .join('\n')}
${w.link ? `<p><a href="${escape(w.link).replace(/"/g, '&quot;')}">Nominate in Pathways</a></p>\n` : ''}</body></html>`;
  return {
    subject: `${w.reminder ? 'Reminder: ' : ''}Active Learning: please nominate representatives (${set.theme})`,
    html,
  };
}

/** Why an agency is not chased whatever its last chase: undefined when it may be. */
export function whyNotChased(agencyStatus: string): string | undefined {
  if (agencyStatus === 'nominated') return 'has nominated';
  if (agencyStatus === 'no-lead') return 'has no lead in the directory';
  return undefined;
}

export const chasedTooRecently = (intervalHours: number) =>
  `was chased less than ${intervalHours} hours ago`;

export interface MeetingAttendee {
  address: string;
  name: string;
  type: 'required';
}

/**
 * Who the meeting invites: every nominee with a mailbox, and the organiser
 * (once). None: there is nobody to invite yet.
 */
export function meetingAttendees(
  nominees: { person_name: string; person_mail: string | null }[],
  organiser: { name: string; mail?: string | undefined },
): MeetingAttendee[] {
  const attendees = nominees.flatMap((p) =>
    p.person_mail
      ? [{ address: p.person_mail, name: p.person_name, type: 'required' as const }]
      : [],
  );
  if (attendees.length === 0) return [];
  const mail = organiser.mail;
  if (mail && !attendees.some((a) => a.address.toLowerCase() === mail.toLowerCase()))
    attendees.push({ address: mail, name: organiser.name, type: 'required' });
  return attendees;
}

/** Whether attendance may be recorded now, for these nominees; if not, why not. */
export function checkAttendance(
  set: { meetingArranged: boolean; attendanceRecorded: boolean },
  nominationIds: string[],
  attendedIds: string[],
): { ok: true } | { ok: false; reason: 'no-meeting' | 'already-recorded' | 'unknown-nominee' } {
  if (!set.meetingArranged) return { ok: false, reason: 'no-meeting' };
  if (set.attendanceRecorded) return { ok: false, reason: 'already-recorded' };
  const ids = new Set(nominationIds);
  if (attendedIds.some((id) => !ids.has(id))) return { ok: false, reason: 'unknown-nominee' };
  return { ok: true };
}

/** The line an invitation to attend the Engine Room adds to its record's history. */
export const invitedLine = (personName: string, agency: string, meetingDate: string) =>
  `invited ${personName} (${agency}) to attend the Engine Room on ${formatLongDate(meetingDate)}`;

/**
 * The invited person's answer to an invitation to attend the Engine Room:
 * theirs alone, once. On success, the new status and the line for the record's history.
 */
export function answerInvitation(
  invitation: { personId: string; status: string; meetingDate: string },
  personId: string,
  answer: { response: string; note: string | undefined },
):
  | { ok: true; status: 'accepted' | 'declined'; historyLine: string }
  | { ok: false; reason: 'not-theirs' | 'already-answered' } {
  if (invitation.personId !== personId) return { ok: false, reason: 'not-theirs' };
  if (invitation.status !== 'invited') return { ok: false, reason: 'already-answered' };
  const status = answer.response === 'accept' ? 'accepted' : 'declined';
  const said = status === 'accepted' ? 'will attend' : 'cannot attend';
  return {
    ok: true,
    status,
    historyLine: `answered the invitation to the Engine Room on ${formatLongDate(invitation.meetingDate)}: ${said}${answer.note ? ` (\u201c${answer.note}\u201d)` : ''}`,
  };
}
