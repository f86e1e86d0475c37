import type { AgencyBriefingStatus, BriefingSummary, CascadeMethod, DeliveryState } from './api';

/**
 * The rules of a briefing's progress, decided from what the store read: where a send has
 * got to, whether it may still be cancelled, and each agency's part. The store keeps the SQL.
 */

/** A Graph side effect still pending after every attempt pg-boss allows (8 retries). */
export const GAVE_UP_AFTER_ATTEMPTS = 9;

export function deliveryStateOf(status: string, attempts: number): DeliveryState {
  if (status === 'done') return 'sent';
  return attempts >= GAVE_UP_AFTER_ATTEMPTS ? 'failed' : 'queued';
}

/** The end of a requested send's undo window. */
export function undoWindowEnd(requestedAt: Date | string, undoSeconds: number): Date {
  return new Date(new Date(requestedAt).getTime() + undoSeconds * 1000);
}

/** A briefing's send as stored: requested (and when), and whether its cascade was decided. */
export interface SendState {
  status: string;
  preparedAt: Date | string | null;
  sendRequestedAt: Date | string | null;
}

/** Sent once the cascade is decided and every message has left. */
export function summaryStatus(
  send: SendState,
  messageStatuses: readonly string[],
): BriefingSummary['status'] {
  if (send.status === 'draft') return 'draft';
  const allSent = send.preparedAt !== null && messageStatuses.every((s) => s === 'done');
  return allSent ? 'sent' : 'sending';
}

/** Until when a send may be cancelled: requested, not yet decided, within its undo window. */
export function cancellableUntil(send: SendState, undoSeconds: number, now: Date): string | null {
  if (send.status !== 'sending' || send.preparedAt !== null || send.sendRequestedAt === null)
    return null;
  const end = undoWindowEnd(send.sendRequestedAt, undoSeconds);
  return end.getTime() > now.getTime() ? end.toISOString() : null;
}

/** Whether pressing cancel now stops the send. */
export type CancelDecision =
  | { decision: 'cancel' }
  /** Not sending, the cascade is decided, or the undo window has passed. */
  | { decision: 'too-late' };

export function decideCancel(send: SendState, undoSeconds: number, now: Date): CancelDecision {
  if (send.status !== 'sending' || send.preparedAt !== null) return { decision: 'too-late' };
  if (!send.sendRequestedAt || undoWindowEnd(send.sendRequestedAt, undoSeconds) <= now)
    return { decision: 'too-late' };
  return { decision: 'cancel' };
}

/** Only a draft starts sending: asking again while it sends (or once sent) changes nothing. */
export const maySend = (status: string): boolean => status === 'draft';

/** What to do with the quarter's newsletter briefing, found, when a version of it is sent. */
export type NewsletterDraftDecision =
  /** A draft left by an interrupted send: never sent, nobody has read it, so it may change. */
  | { decision: 'revise' }
  /** Sent (or sending) already, or already this version: it never changes. */
  | { decision: 'keep' };

export function decideNewsletterDraft(
  found: { status: string; version: number | null },
  version: number,
): NewsletterDraftDecision {
  if (found.status === 'draft' && found.version !== version) return { decision: 'revise' };
  return { decision: 'keep' };
}

/** The last message's completion: when a sent briefing was sent. */
export function sentAtOf(
  completedAt: readonly (Date | string | null)[],
  preparedAt: Date | string | null,
): Date | string | null {
  const latest = completedAt
    .filter((d): d is Date | string => d !== null)
    .sort((a, b) => new Date(b).getTime() - new Date(a).getTime())[0];
  return latest ?? preparedAt;
}

const toIso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : new Date(d).toISOString();

/** What the store read about one briefing's leads and what each agency has done with it. */
export interface BriefingProgressRows {
  recipients: readonly { agency: string; chunk: number }[];
  /** Each message's delivery, by chunk. */
  chunkState: ReadonlyMap<number, DeliveryState>;
  acks: readonly { agency: string; at: Date | string }[];
  /** In the order recorded. */
  cascades: readonly { agency: string; method: string; on_date: string; staff_reached: number }[];
  impact: readonly { agency: string; recommendation: number }[];
  reminders: readonly { agency: string; last: Date | string }[];
  /**
   * The name a stored agency is grouped under (currentAgencyName): rows stored under a
   * former name count with the agency's current name. As stored when not given.
   */
  currentName?: (stored: string) => string;
}

/** How many leads' copies are queued, sent or failed, and each agency's part. */
export function briefingProgress(rows: BriefingProgressRows): {
  delivery: Record<DeliveryState, number>;
  agencyStatus: AgencyBriefingStatus[];
} {
  const as = rows.currentName ?? ((stored: string) => stored);
  const current = <T extends { agency: string }>(list: readonly T[]): T[] =>
    list.map((r) => ({ ...r, agency: as(r.agency) }));
  const { chunkState } = rows;
  const recipients = current(rows.recipients);
  const acks = current(rows.acks);
  const cascades = current(rows.cascades);
  const impact = current(rows.impact);
  const reminders = current(rows.reminders);
  const delivery: Record<DeliveryState, number> = { queued: 0, sent: 0, failed: 0 };
  for (const r of recipients) delivery[chunkState.get(r.chunk) ?? 'queued'] += 1;
  const agencyNames = [...new Set(recipients.map((r) => r.agency))];
  const agencyStatus = agencyNames.map((agency): AgencyBriefingStatus => {
    const leads = recipients.filter((r) => r.agency === agency);
    const agencyAcks = acks.filter((a) => a.agency === agency);
    const agencyCascades = cascades.filter((c) => c.agency === agency);
    return {
      agency,
      leads: leads.length,
      delivered: leads.filter((l) => chunkState.get(l.chunk) === 'sent').length,
      acknowledged: agencyAcks.length,
      firstAcknowledgedAt: toIso(
        agencyAcks.map((a) => new Date(a.at)).sort((a, b) => a.getTime() - b.getTime())[0],
      ),
      cascades: agencyCascades.map((c) => ({
        method: c.method as CascadeMethod,
        on: c.on_date,
        staffReached: c.staff_reached,
      })),
      staffReached: agencyCascades.reduce((sum, c) => sum + c.staff_reached, 0),
      impactReportedOn: [
        ...new Set(impact.filter((i) => i.agency === agency).map((i) => i.recommendation)),
      ].sort((a, b) => a - b),
      lastReminderAt: toIso(
        reminders
          .filter((r) => r.agency === agency)
          .map((r) => new Date(r.last))
          .sort((a, b) => b.getTime() - a.getTime())[0],
      ),
    };
  });
  return { delivery, agencyStatus };
}
