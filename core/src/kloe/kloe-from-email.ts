import type { FormValues } from '../forms/form';
import {
  describeIdentifyingKind,
  identifyingKinds,
  identifyingMarker,
  screenText,
  type IdentifyingKind,
} from '../identifying/screen';
import { kloeForm } from './kloe-form';

/** The parts of an email the Outlook add-in reads to start a KLOE. */
export interface EmailForKloe {
  subject: string;
  /** The body as plain text. */
  body: string;
  sender?: { name?: string | undefined; email?: string | undefined } | undefined;
}

export interface KloePrefill {
  /** Answers to start the KLOE form with (never sent without the person checking them). */
  values: FormValues;
  /** Kinds of identifying detail taken out of the copied text. */
  removed: IdentifyingKind[];
  /** True when the copied text was cut short to fit the form. */
  shortened: boolean;
  /** What was done to the copied text, in plain English, to show beside the form. */
  notices: string[];
}

function listOf(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

const maxLength = (id: string) => {
  const field = kloeForm.fields.find((f) => f.id === id);
  return field && 'maxLength' in field ? field.maxLength : 200;
};

/** "RE: FW: Strategy meetings" -> "Strategy meetings". */
function cleanSubject(subject: string): string {
  return subject
    .replace(/^(?:\s*(?:re|fw|fwd|aw|wg)\s*(?:\[\d+\])?\s*:\s*)+/i, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Where an earlier message or a signature starts: everything from there on is left out. */
const endMarkers = [
  /^-{2,}\s*Original Message\s*-{2,}/im,
  /^_{5,}\s*$/m,
  /^From:\s.+$\n^(?:Sent|Date):\s/im,
  /^On .{1,200} wrote:\s*$/im,
  /^>/m,
  /^--\s*$/m,
  /^(?:kind|best|warm|many thanks(?: and)?)?\s*regards,?\s*$/im,
  /^(?:best wishes|many thanks|thanks|thank you|cheers),?\s*$/im,
];

function newestPart(body: string): string {
  let end = body.length;
  for (const marker of endMarkers) {
    const found = marker.exec(body);
    if (found && found.index < end) end = found.index;
  }
  return body.slice(0, end);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The sender's own name (whole, or first and last on their own) is a person's name. */
function withoutName(text: string, name: string | undefined): { text: string; found: boolean } {
  const parts = (name ?? '')
    .replace(/\(.*?\)|\[.*?\]/g, ' ')
    .split(/[\s,]+/)
    .filter((p) => /^[\p{L}'-]{2,}$/u.test(p));
  if (parts.length === 0) return { text, found: false };
  const candidates = [parts.join(' '), ...parts.filter((p) => p.length >= 3)].map(escapeRegExp);
  const pattern = new RegExp(`\\b(?:${candidates.join('|')})\\b`, 'giu');
  let found = false;
  const out = text.replace(pattern, () => {
    found = true;
    return '[name removed]';
  });
  // "Sam Sender" written as two matches reads as one name.
  return {
    text: out.replace(/\[name removed\](?:\s+\[name removed\])+/g, '[name removed]'),
    found,
  };
}

function fit(text: string, max: number): { text: string; shortened: boolean } {
  if (text.length <= max) return { text, shortened: false };
  const cut = text.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  return {
    text: `${cut.slice(0, lastSpace > max / 2 ? lastSpace : cut.length)}…`,
    shortened: true,
  };
}

/**
 * A KLOE started from an email (the Outlook add-in's "Raise a KLOE from this email"):
 * the subject and the newest part of the body, with what looks identifying taken out
 * and marked by the one screen (core/src/identifying) and the sender's name, so
 * nothing identifying is copied
 * without the person seeing it. The contact officer is the person raising it, and the
 * organisation theirs; the sender's details are not copied. The KLOE form's own warning still applies on sending.
 */
export function kloePrefillFromEmail(
  email: EmailForKloe,
  raisedBy: {
    name: string;
    /** Their organisation in the partnership's agency list (agencyOfOrganisation), when it has it. */
    agency?: string | undefined;
  },
): KloePrefill {
  const removed = new Set<IdentifyingKind>();
  const clean = (text: string) => {
    const named = withoutName(text, email.sender?.name);
    if (named.found) removed.add('name');
    const screened = screenText(named.text);
    screened.kinds.forEach((k) => removed.add(k));
    return screened.redacted;
  };
  const subject = fit(clean(cleanSubject(email.subject)), maxLength('subject'));
  const body = newestPart(email.body.replace(/\r\n?/g, '\n'))
    .replace(/[ \t]+/g, ' ')
    .replace(/\n\s*\n+/g, '\n\n')
    .trim();
  const details = fit(clean(body), maxLength('details'));
  const values: FormValues = {};
  if (raisedBy.agency) values.organisation = raisedBy.agency;
  if (raisedBy.name.trim())
    values.contactOfficer = raisedBy.name.trim().slice(0, maxLength('contactOfficer'));
  if (subject.text) values.subject = subject.text;
  if (details.text) values.details = details.text;
  const kinds = identifyingKinds.filter((k) => removed.has(k));
  const shortened = subject.shortened || details.shortened;
  const notices: string[] = [];
  if (kinds.length > 0)
    notices.push(
      `Pathways took out ${listOf(kinds.map(describeIdentifyingKind))}, marked like ${identifyingMarker(kinds[0]!)}.`,
    );
  if (shortened)
    notices.push('The email was longer than the form allows, so only its start was copied.');
  return { values, removed: kinds, shortened, notices };
}
