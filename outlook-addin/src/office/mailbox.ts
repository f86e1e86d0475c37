import type { BRIEFING_HEADER, EmailForKloe, NOMINATION_HEADER } from '@pathways/core';

/** The header every cascade email carries (tied to the contract's constant by its type). */
export const briefingHeader: typeof BRIEFING_HEADER = 'x-pathways-briefing';
/** The header every request to nominate for Active Learning carries: the set's id. */
export const nominationHeader: typeof NOMINATION_HEADER = 'x-pathways-nomination';

/** The email open in Outlook, as far as the task pane needs it. */
export type OpenedEmail =
  /** A briefing from the partnership: its id came in the x-pathways-briefing header. */
  | { kind: 'briefing'; briefingId: string; subject: string }
  /** A request to nominate for Active Learning: the set's id came in the x-pathways-nomination header. */
  | { kind: 'nomination'; setId: string; subject: string }
  /** Any other email: what "Raise a KLOE from this email" starts from. */
  | {
      kind: 'email';
      subject: string;
      body: string;
      sender?: { name?: string; email?: string };
    }
  /** Nothing open (a pinned pane between messages), or Outlook too old to read it. */
  | { kind: 'none'; reason: 'no-item' | 'unsupported' };

/** Email bodies can be long; the form takes 4,000 characters, so the start is plenty. */
const prefillBodyLimit = 100_000;

/**
 * What the pane sends to start a KLOE from the open email (POST /api/kloes/from-email):
 * the service takes identifying details out before anything reaches the form.
 */
export function kloePrefillRequest(email: Extract<OpenedEmail, { kind: 'email' }>): EmailForKloe {
  return {
    subject: email.subject,
    body: email.body.slice(0, prefillBodyLimit),
    ...(email.sender ? { sender: email.sender } : {}),
  };
}

/** The part of Office.js the pane uses (the real `Office`, or office-addin-mock's). */
export type OfficeApi = Pick<typeof Office, 'context' | 'CoercionType' | 'AsyncResultStatus'>;

/** Internet headers as Outlook gives them (RFC 5322: folded lines), by lower-case name. */
export function parseInternetHeaders(raw: string): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  // Unfold: a line starting with white space continues the one before.
  const unfolded = raw.replace(/\r\n/g, '\n').replace(/\n[ \t]+/g, ' ');
  for (const line of unfolded.split('\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[!-9;-~]+$/.test(name)) continue;
    const value = line.slice(colon + 1).trim();
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  return headers;
}

/** Briefing ids are the service's own: short, without spaces or slashes; anything else is ignored. */
const briefingIdPattern = /^[A-Za-z0-9._:-]{1,100}$/;

/** Active Learning sets are named by UUIDs. */
const setIdPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The one id a header holds, if the email carries exactly one value and it looks like an id. */
function oneIdIn(values: string[] | undefined, pattern: RegExp): string | undefined {
  const distinct = [...new Set(values ?? [])];
  if (distinct.length !== 1) return undefined;
  const id = distinct[0]!.replace(/^<|>$/g, '').trim();
  return pattern.test(id) ? id : undefined;
}

/** The briefing id the email carries, if it carries exactly one that looks like an id. */
export function briefingIdFrom(headers: Map<string, string[]>): string | undefined {
  return oneIdIn(headers.get(briefingHeader), briefingIdPattern);
}

/** The Active Learning set a request to nominate names, by the same rule: exactly one id. */
export function nominationIdFrom(headers: Map<string, string[]>): string | undefined {
  return oneIdIn(headers.get(nominationHeader), setIdPattern);
}

/**
 * A briefing named in the page's address (`taskpane.html?briefing=<id>`): the link in a
 * lead's reminder, opened outside Outlook. The same rule as the header: one plausible id.
 */
export function briefingIdFromAddress(search: string): string | undefined {
  const values = new URLSearchParams(search).getAll('briefing');
  if (values.length !== 1) return undefined;
  const id = values[0]!.trim();
  return briefingIdPattern.test(id) ? id : undefined;
}

/**
 * A request to nominate named in the page's address (`taskpane.html?nomination=<set id>`): the
 * link in the invitation email, opened outside Outlook. One plausible id, or none.
 */
export function nominationIdFromAddress(search: string): string | undefined {
  const values = new URLSearchParams(search).getAll('nomination');
  if (values.length !== 1) return undefined;
  const id = values[0]!.trim();
  return setIdPattern.test(id) ? id : undefined;
}

function promised<T>(
  office: OfficeApi,
  start: (callback: (result: Office.AsyncResult<T>) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      start((result) => {
        if (result.status === office.AsyncResultStatus.Succeeded) resolve(result.value);
        else reject(new Error(result.error?.message || 'Outlook could not read this email.'));
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
}

/**
 * Reads the email open in Outlook: its internet headers first (Mailbox 1.8), so a
 * briefing or a request to nominate is recognised by its header, whatever its subject
 * says (a briefing's header wins if, oddly, both are there); otherwise its subject,
 * plain-text body and sender, for raising a KLOE.
 */
export async function readOpenedEmail(office: OfficeApi): Promise<OpenedEmail> {
  const item = office.context.mailbox?.item as Office.MessageRead | null | undefined;
  if (!item) return { kind: 'none', reason: 'no-item' };
  if (!office.context.requirements.isSetSupported('Mailbox', '1.8')) {
    return { kind: 'none', reason: 'unsupported' };
  }
  const subject = typeof item.subject === 'string' ? item.subject : '';
  const raw = await promised<string>(office, (cb) => item.getAllInternetHeadersAsync(cb));
  const headers = parseInternetHeaders(raw ?? '');
  const briefingId = briefingIdFrom(headers);
  if (briefingId) return { kind: 'briefing', briefingId, subject };
  const setId = nominationIdFrom(headers);
  if (setId) return { kind: 'nomination', setId, subject };
  const body = await promised<string>(office, (cb) =>
    item.body.getAsync(office.CoercionType.Text, cb),
  );
  const from = item.from ?? item.sender;
  const sender =
    from && (from.displayName || from.emailAddress)
      ? {
          ...(from.displayName ? { name: from.displayName } : {}),
          ...(from.emailAddress ? { email: from.emailAddress } : {}),
        }
      : undefined;
  return { kind: 'email', subject, body: body ?? '', ...(sender ? { sender } : {}) };
}

/**
 * Calls `listener` when the person selects another email while the pane is pinned
 * (ItemChanged, Mailbox 1.5). Returns false where Outlook cannot tell us.
 */
export function onItemChanged(
  office: OfficeApi & Pick<typeof Office, 'EventType'>,
  listener: () => void,
): boolean {
  if (!office.context.requirements.isSetSupported('Mailbox', '1.5')) return false;
  try {
    office.context.mailbox.addHandlerAsync(office.EventType.ItemChanged, listener);
    return true;
  } catch {
    return false;
  }
}
