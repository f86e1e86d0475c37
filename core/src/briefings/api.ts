/**
 * The briefing REST API's shapes, shared by the service, the tab and the Outlook add-in
 * (types and constants only). Every route needs a bearer token (Entra, or the sandbox's);
 * roles are checked on the server.
 *
 * How a lead's add-in finds the briefing: every cascade email carries the briefing's id
 * in the internet message header `x-pathways-briefing` (BRIEFING_HEADER). The add-in
 * reads it (Office.js getAllInternetHeadersAsync) and calls the lead routes with it. The
 * lead is recognised from their token (object id) and the directory: they must be one of
 * the briefing's recipients, resolved at sending from their agency's circulation list.
 * Anyone else gets 404 (never "this exists but is not yours").
 *
 * Lead routes (AgencyLead):
 * GET  /api/lead/briefings                          -> LeadBriefingSummary[] (newest first)
 * GET  /api/lead/briefings/:briefingId              -> LeadBriefing
 * POST /api/lead/briefings/:briefingId/acknowledgement   body: {}              -> LeadBriefing
 * POST /api/lead/briefings/:briefingId/cascades      body: CascadeInput         -> LeadBriefing
 * POST /api/lead/briefings/:briefingId/impact        body: ImpactInput          -> LeadBriefing
 *   Acknowledging twice is harmless (the first time stands). Cascades and impact reports
 *   are added, never edited: a later report on the same recommendation is a new version
 *   and the newest is shown first. Bad input: 422 BriefingProblem.
 *
 * Business Unit routes (BusinessUnit; the Development Manager may read):
 * GET  /api/briefings/form                 -> FormDescription (BRIEFING_NOTE_FORM, themes resolved)
 * POST /api/briefings/preview   body: BriefingInput -> BriefingPreview   (or 422 BriefingProblem)
 * POST /api/briefings           body: BriefingInput -> BriefingStatus   (201; a draft)
 * GET  /api/briefings/audience             -> BriefingAudience (who a briefing would go to now)
 * POST /api/briefings/:id/send  body: SendConfirmation -> BriefingStatus (sending starts; repeat is harmless)
 *   Sending to every lead is deliberate: the body repeats the audience the person was shown
 *   (422 without it; 409 AudienceChanged when the circulation lists now say otherwise). The
 *   first message leaves only after the undo window (cancellableUntil); until then
 * POST /api/briefings/:id/cancel body: {}           -> BriefingStatus   (back to a draft; nothing sent)
 *   409 TooLate once the window has passed.
 * POST /api/briefings/newsletter body: NewsletterSendInput & SendConfirmation -> BriefingStatus
 *   Sends a saved version of a quarter's newsletter as a briefing of kind 'newsletter' to the
 *   same leads, through the same cascade. A quarter's newsletter is sent once: 201 when this
 *   press sent it; 200 (the same briefing, nothing sent again) when that version was sent
 *   already; 409 when another version was sent already, or a later version has been saved
 *   since (send the latest); 404 when there is no such saved version.
 * GET  /api/briefings                      -> BriefingSummary[] (newest first)
 * GET  /api/briefings/:id                  -> BriefingStatus (per agency: acknowledged, cascaded, impact)
 * GET  /api/briefings/:id/recipients       -> BriefingRecipientStatus[] (each lead: delivery, acknowledgement)
 */
import type { BriefingContent, BriefingKind, BriefingNote, BriefingNoteKind } from './briefing';

/** The internet message header each cascade email carries: the briefing's id. */
export const BRIEFING_HEADER = 'x-pathways-briefing';

export const CASCADE_METHODS = [
  { value: 'team-meeting', title: 'Team meeting' },
  { value: 'email', title: 'Email' },
  { value: 'intranet', title: 'Intranet' },
  { value: 'supervision', title: 'Supervision' },
  { value: 'training', title: 'Training' },
] as const;

export type CascadeMethod = (typeof CASCADE_METHODS)[number]['value'];

export function isCascadeMethod(value: unknown): value is CascadeMethod {
  return CASCADE_METHODS.some((m) => m.value === value);
}

/** What the Business Unit writes (the declaration's fields: see BRIEFING_NOTE_FORM). */
export type BriefingInput = BriefingNote;

/** 422: errors by field id ("recommendations.2" for the second recommendation). */
export interface BriefingProblem {
  errors: Record<string, string>;
}

/** One recommendation, numbered from 1 in the order written; the number never changes. */
export interface BriefingRecommendation {
  number: number;
  text: string;
}

/** How one agency passed the briefing on inside its organisation. */
export interface CascadeInput {
  method: CascadeMethod;
  /** YYYY-MM-DD, not in the future. */
  on: string;
  /** About how many staff it reached (0-1,000,000). */
  staffReached: number;
  /** Optional: e.g. "minutes kept by the team manager". */
  note?: string;
}

export interface CascadeRecord extends CascadeInput {
  id: string;
  recordedBy: string;
  recordedAt: string;
}

/** The change an agency made against one recommendation, and its impact. */
export interface ImpactInput {
  recommendation: number;
  /** What changed in the agency (plain text, up to 4,000 characters). */
  change: string;
  /** What difference it made, or how the agency will know (up to 4,000 characters). */
  impact: string;
}

export interface ImpactRecord extends ImpactInput {
  id: string;
  recordedBy: string;
  recordedAt: string;
}

/** A short line for a lead's list of briefings. */
export interface LeadBriefingSummary {
  id: string;
  reference: string;
  title: string;
  sentAt: string;
  agency: string;
  acknowledgedByYou: boolean;
  cascaded: boolean;
  /** Recommendations the agency has reported on, of all of them. */
  impactReported: number;
  recommendationCount: number;
}

interface LeadBriefingCommon {
  id: string;
  /** BRF-YYYY-NNNN */
  reference: string;
  partnership: { id: string; name: string };
  title: string;
  kindTitle: string;
  /** Numbered; empty for a newsletter, which has no change or impact to report against. */
  recommendations: BriefingRecommendation[];
  sentAt: string;
  /** The lead's own agency (from the circulation list they were reached through). */
  agency: string;
  you: { acknowledgedAt: string | null };
  /** Only the lead's own agency: other agencies' progress is not shown to leads. */
  agencyProgress: {
    acknowledgedBy: { name: string; at: string }[];
    cascades: CascadeRecord[];
    /** Newest first; the first for each recommendation is the current report. */
    impact: ImpactRecord[];
  };
}

/** The briefing as a lead sees it: what was sent, and where their own agency has got to. */
export type LeadBriefing =
  | (LeadBriefingCommon & {
      kind: BriefingNoteKind;
      theme: string;
      identifiedLearning: string;
      proposedActions: string;
    })
  | (LeadBriefingCommon & {
      kind: 'newsletter';
      newsletter: {
        greeting: string;
        intro: string;
        /** Paragraphs separated by a blank line; a paragraph of "- " lines is a list. */
        sections: { heading: string; text: string }[];
        closing: string;
      };
    });

export type DeliveryState = 'queued' | 'sent' | 'failed';

/** Everyone a briefing would reach now: the partnership's circulation lists, once each. */
export interface BriefingAudience {
  leads: number;
  agencies: number;
  /** "78 leads in 32 agencies" (audienceText), as every screen puts it. */
  text: string;
  /** Seconds after sending during which it can be cancelled before anything leaves. */
  undoSeconds: number;
}

/** What a send repeats: the audience the person confirmed ("78 leads in 32 agencies"). */
export interface SendConfirmation {
  audience: { leads: number; agencies: number };
}

/** "78 leads in 32 agencies": how the audience is put everywhere it is shown. */
export function audienceText(a: { leads: number; agencies: number }): string {
  const n = (count: number, one: string, many: string) =>
    `${count.toLocaleString('en-GB')} ${count === 1 ? one : many}`;
  return `${n(a.leads, 'lead', 'leads')} in ${n(a.agencies, 'agency', 'agencies')}`;
}

/** The Business Unit's list of briefings. */
export interface BriefingSummary {
  id: string;
  reference: string;
  title: string;
  kind: BriefingKind;
  /** Empty for a newsletter: it covers the quarter's work, not one theme. */
  theme: string;
  status: 'draft' | 'sending' | 'sent';
  createdAt: string;
  /** While sending may still be cancelled (nothing has left yet): until when. */
  cancellableUntil: string | null;
  sentAt: string | null;
  agencies: number;
  recipients: number;
}

/** One agency's row in the Business Unit's status table. */
export interface AgencyBriefingStatus {
  agency: string;
  leads: number;
  delivered: number;
  acknowledged: number;
  /** The first time any of the agency's leads acknowledged. */
  firstAcknowledgedAt: string | null;
  cascades: { method: CascadeMethod; on: string; staffReached: number }[];
  /** Sum of staffReached over the agency's cascades. */
  staffReached: number;
  /** Recommendation numbers the agency has reported change and impact on. */
  impactReportedOn: number[];
  lastReminderAt: string | null;
}

export interface BriefingStatus extends BriefingSummary {
  /** What was written: a briefing note, or the newsletter's words (kind 'newsletter'). */
  note: BriefingContent;
  recommendations: BriefingRecommendation[];
  delivery: Record<DeliveryState, number>;
  /** Messages (each to at most 500 leads, Bcc) and how many were sent. */
  messages: { total: number; sent: number };
  agencyStatus: AgencyBriefingStatus[];
}

/** One lead the briefing was sent to, with where their copy and their part have got to. */
export interface BriefingRecipientStatus {
  name: string;
  agency: string;
  delivery: DeliveryState;
  acknowledgedAt: string | null;
  lastReminderAt: string | null;
}

/** The email as it will be sent: HTML, large-print HTML and the plain-text part. */
export interface BriefingPreview {
  subject: string;
  html: string;
  largePrintHtml: string;
  text: string;
}
