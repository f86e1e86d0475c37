/**
 * The REST API's shapes, shared by the service and the tab (types only).
 * Every route needs a bearer token; roles are checked on the server.
 *
 * GET  /api/queue?type=&status=&theme=&agency=&from=&to=&q=&cursor=&limit=
 *        -> QueuePage   (Business Unit, Engine Room, Development Manager)
 *        Next deadline first, then newest; `q` is PostgreSQL full-text search;
 *        `cursor` is opaque (server paging); limit 1-100, default 50.
 * GET  /api/queue/facets -> QueueFacets (the filter choices)
 * GET  /api/records/:type/:id -> RecordDetail (same roles; consideration
 *        request details only Business Unit and Engine Room; every read audited)
 * POST /api/records/:type/:id/evidence        body: evidence form values -> RecordDetail
 * POST /api/records/:type/:id/activities      body: activity form values -> RecordDetail
 * POST /api/records/:type/:id/recommendations body: recommendation form values -> RecordDetail
 * POST /api/records/:type/:id/outcome         body: outcome form values -> RecordDetail
 *        (Engine Room or Business Unit). Bad input: 422 FormProblem. Work the record's
 *        lifecycle does not allow now (it is closed): 409 with the reason.
 * POST /api/records/kloe/:id/triage/:formId  body: the triage form's values and `version`
 *        (Business Unit only, the channel card's use case and rules: triageKloe)
 *        -> TriageDone; 422 FormProblem; 409 when refused or changed by someone else first.
 * GET  /api/forms/:formId -> FormDescription (declaration with lists resolved)
 * GET  /api/my/submissions -> MySubmission[] (anyone signed in: their own only)
 * GET  /api/reports/quarterly?year=2026&quarter=3 -> QuarterlyReport
 * GET  /api/reports/quarterly.docx?year=2026&quarter=3 -> Word document
 */
import type { EngineRoomInvitation } from '../active-learning/api';
import type { LifecycleStep } from '../records/record-lifecycle';

export type RecordType = 'kloe' | 'consideration' | 'challenge';

/** A triage decision saved from the tab: what the card would have said. */
export interface TriageDone {
  message: string;
}

export interface QueueItem {
  type: RecordType;
  id: string;
  reference: string;
  /** Never identifying: for consideration requests, the agency and date only. */
  title: string;
  status: string;
  statusText: string;
  theme: string | null;
  agency: string | null;
  receivedAt: string;
  nextDeadline: { what: string; due: string } | null;
}

export interface QueuePage {
  items: QueueItem[];
  nextCursor: string | null;
  /**
   * How many match the filters (all pages), counted up to 1,000: beyond
   * that `totalIsAtLeast` is true ("1,000 or more"), as an exact count of a
   * large queue would cost more than the page itself.
   */
  total: number;
  totalIsAtLeast: boolean;
}

export interface QueueFacets {
  types: { value: RecordType; title: string }[];
  statuses: { value: string; title: string }[];
  themes: string[];
  agencies: string[];
}

export interface HistoryEntry {
  at: string;
  by: string;
  /** What was done, to follow `by`: "accepted it onto the Engine Room agenda". */
  action: string;
}

export interface Evidence {
  id: string;
  summary: string;
  source: string;
  sourceDate: string;
  addedBy: string;
  addedAt: string;
}

export interface PlannedActivity {
  id: string;
  kind: string;
  kindTitle: string;
  description: string;
  owner: string;
  startDate: string;
  endDate: string;
}

export interface Recommendation {
  id: string;
  /** REC-YYYY-NNNN: the Development Manager's view and the Planner task carry it. */
  reference: string;
  text: string;
  owningAgency: string;
  dueDate: string;
  /** RecommendationStatus (core/src/recommendations). */
  status: string;
  statusText: string;
}

export interface RecordDetail {
  type: RecordType;
  id: string;
  reference: string;
  title: string;
  status: string;
  statusText: string;
  version: number;
  /** The submitted form, as label and value, in form order. */
  fields: { id: string; label: string; value: string }[];
  history: HistoryEntry[];
  links: { type: RecordType; id: string; reference: string; relation: string }[];
  evidence: Evidence[];
  activities: PlannedActivity[];
  recommendations: Recommendation[];
  outcome: { learning: string; decision: string; decisionTitle: string } | null;
  /** Agencies' representatives invited to attend the Engine Room, and their answers. */
  invitations: EngineRoomInvitation[];
  /** Its steps through the lifecycle every kind shares (the KLOE's card shows the same), oldest first. */
  lifecycle: LifecycleStep[];
  /**
   * What the Business Unit may decide about it now, as on the KLOE's channel card: each a
   * declared form (GET /api/forms/:formId), sent to
   * POST /api/records/:type/:id/triage/:formId with the form's answers and `version`.
   */
  triage: { formId: string; title: string }[];
}

export interface FormDescription {
  id: string;
  title: string;
  intro: string;
  submitTitle: string;
  fields: {
    id: string;
    label: string;
    hint?: string;
    required: boolean;
    kind:
      | 'text'
      | 'multiline'
      | 'choice'
      | 'options'
      | 'checklist'
      | 'confirm'
      | 'date'
      | 'people'
      | 'list';
    maxLength?: number;
    /** An option's hint is said with its title: "Reactive: answers an incident quickly". */
    choices?: { value: string; title: string; hint?: string }[];
    /** For a confirmation: the statement to tick. */
    statement?: string;
    /**
     * For a list: what one item is called ("Recommendation" labels "Recommendation 1"), how
     * few and how many items, and the longest each may be. Its answer is sent as numbered
     * values "<id>.1", "<id>.2", … and an item's error comes back under the same key.
     */
    list?: { itemLabel: string; minItems: number; maxItems: number; itemMaxLength: number };
  }[];
}

/** 422 body: the message for each field, written for the person. */
export interface FormProblem {
  errors: Record<string, string>;
  warnings?: string[];
}

export interface MySubmission {
  type: RecordType;
  id: string;
  reference: string;
  title: string;
  statusText: string;
  submittedAt: string;
  history: HistoryEntry[];
}

export interface QuarterlyReport {
  /** quarterlyReportTitle: the tab and the Word document both show this. */
  title: string;
  partnership: string;
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** Financial-year style label, e.g. "Quarter 3, 2026 to 2027 (October to December 2026)". */
  period: string;
  /** Counted from the KLOEs' lifecycle (lifecycleFigures), as the newsletter counts them. */
  kloes: { received: number; explored: number; outcomeRecorded: number; closed: number };
  /** The same figures in order, with the words the tab and the document both use. */
  kloeFigures: { label: string; value: number }[];
  learningIdentified: { reference: string; learning: string }[];
  /**
   * Action figures from the recommendations records, for each quarter of the
   * financial year up to this one (this one last), so the Executive sees the trend.
   */
  actions: ActionFigures[];
  byTheme: { theme: string; received: number }[];
}

/** What happened to recommendations in one quarter (see bot/src/reports/action-figures.ts). */
export interface ActionFigures {
  quarter: 1 | 2 | 3 | 4;
  period: string;
  /** Recorded in the quarter. */
  made: number;
  /** Made by the quarter's end and not completed by then. */
  inProgress: number;
  /** Completed in the quarter. */
  completed: number;
  /** Of those in progress, due before the quarter's end. */
  overdue: number;
  /** Impact test recorded in the quarter. */
  impactTested: number;
}

/** The quarterly report's title: one declaration, the same in the tab and in the Word document. */
export function quarterlyReportTitle(report: Pick<QuarterlyReport, 'partnership'>): string {
  return `${report.partnership}: Engine Room quarterly report to the Executive`;
}

/** The report's KLOE figures, in order, with the words the tab and the document both use. */
export const QUARTERLY_KLOE_FIGURES: readonly {
  key: keyof QuarterlyReport['kloes'];
  label: string;
}[] = [
  { key: 'received', label: 'KLOEs received' },
  { key: 'explored', label: 'Explored by the Engine Room' },
  { key: 'outcomeRecorded', label: 'Outcome recorded' },
  { key: 'closed', label: 'Closed' },
];
