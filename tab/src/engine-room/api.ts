import type {
  FormDescription,
  MySubmission,
  QuarterlyReport,
  QueueFacets,
  QueuePage,
  RecommendationList,
  RecommendationView,
  RecordDetail,
  RecordType,
  TriageDone,
} from '@pathways/core';
import { withQuery, type ApiClient } from '@pathways/ui-shell';

/** The Engine Room's REST API (contract: core/src/engine-room/api.ts), as the tab calls it. */

export interface QueueFilters {
  type?: string | undefined;
  status?: string | undefined;
  theme?: string | undefined;
  agency?: string | undefined;
  /** Received on or after (YYYY-MM-DD). */
  from?: string | undefined;
  /** Received on or before (YYYY-MM-DD). */
  to?: string | undefined;
  /** Full-text search. */
  q?: string | undefined;
}

export const filterKeys = ['type', 'status', 'theme', 'agency', 'from', 'to', 'q'] as const;

export const QUEUE_PAGE_SIZE = 50;

export function getQueue(
  api: ApiClient,
  filters: QueueFilters,
  cursor?: string | null,
): Promise<QueuePage> {
  return api.get<QueuePage>(
    withQuery('/api/queue', {
      ...filters,
      cursor: cursor ?? undefined,
      limit: QUEUE_PAGE_SIZE,
    }),
  );
}

export function getFacets(api: ApiClient): Promise<QueueFacets> {
  return api.get<QueueFacets>('/api/queue/facets');
}

const recordPath = (type: RecordType, id: string) =>
  `/api/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}`;

export function getRecord(api: ApiClient, type: RecordType, id: string): Promise<RecordDetail> {
  return api.get<RecordDetail>(recordPath(type, id));
}

/** A consideration request's full answers, the child's details among them (GET /api/serious-cases/:id/details). */
export interface CaseDetails {
  reference: string;
  fields: { id: string; label: string; value: string }[];
}

/**
 * The child's details of a consideration request. The service records every read in the audit
 * trail and answers `no-store`; the tab holds them in memory only while they are shown.
 */
export function getCaseDetails(api: ApiClient, id: string): Promise<CaseDetails> {
  return api.get<CaseDetails>(`/api/serious-cases/${encodeURIComponent(id)}/details`);
}

/** What the Engine Room can add to a record, each with its declared form. */
export type RecordPart = 'evidence' | 'activities' | 'recommendations' | 'outcome';

export const formIdFor: Record<RecordPart, string> = {
  evidence: 'engine-room.evidence',
  activities: 'engine-room.activity',
  recommendations: 'engine-room.recommendation',
  outcome: 'engine-room.outcome',
};

/** A triage decision on a KLOE: the channel card's use case, answered with what it did. */
export function triageRecord(
  api: ApiClient,
  id: string,
  formId: string,
  values: Record<string, string>,
  version: number,
): Promise<TriageDone> {
  return api.post<TriageDone>(`${recordPath('kloe', id)}/triage/${encodeURIComponent(formId)}`, {
    ...values,
    version: String(version),
  });
}

export function addToRecord(
  api: ApiClient,
  type: RecordType,
  id: string,
  part: RecordPart,
  values: Record<string, string>,
): Promise<RecordDetail> {
  return api.post<RecordDetail>(`${recordPath(type, id)}/${part}`, values);
}

// Declarations do not change while the page is open: ask once.
const forms = new Map<string, Promise<FormDescription>>();

export function getForm(api: ApiClient, formId: string): Promise<FormDescription> {
  let form = forms.get(formId);
  if (!form) {
    form = api.get<FormDescription>(`/api/forms/${encodeURIComponent(formId)}`);
    form.catch(() => forms.delete(formId));
    forms.set(formId, form);
  }
  return form;
}

export function getMySubmissions(api: ApiClient): Promise<MySubmission[]> {
  return api.get<MySubmission[]>('/api/my/submissions');
}

export function getQuarterlyReport(
  api: ApiClient,
  year: number,
  quarter: number,
): Promise<QuarterlyReport> {
  return api.get<QuarterlyReport>(withQuery('/api/reports/quarterly', { year, quarter }));
}

export const WORD_DOCUMENT =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Fetches the Word version of the report with the bearer token and saves it. */
export async function downloadQuarterlyReport(
  api: ApiClient,
  year: number,
  quarter: number,
): Promise<string> {
  const { blob, filename } = await api.download(
    withQuery('/api/reports/quarterly.docx', { year, quarter }),
    WORD_DOCUMENT,
  );
  const name = filename ?? `quarterly-report-${year}-q${quarter}.docx`;
  saveBlob(blob, name);
  return name;
}

function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file; give it a moment before the address is freed.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

// Moved to the shell (shared with the Outlook add-in); kept here for existing imports.
export { formProblemOf } from '@pathways/ui-shell';

export interface RecommendationFilters {
  source?: string | undefined;
  theme?: string | undefined;
}

/** Every recommendation, overdue first (contract: core/src/recommendations/recommendation.ts). */
export function getRecommendations(
  api: ApiClient,
  filters: RecommendationFilters,
): Promise<RecommendationList> {
  return api.get<RecommendationList>(withQuery('/api/recommendations', { ...filters }));
}

/** Fetches the list as CSV with the bearer token and saves it. */
export async function downloadRecommendations(
  api: ApiClient,
  filters: RecommendationFilters,
): Promise<string> {
  const { blob, filename } = await api.download(
    withQuery('/api/recommendations.csv', { ...filters }),
    'text/csv',
  );
  const name = filename ?? 'recommendations.csv';
  saveBlob(blob, name);
  return name;
}

/** One recommendation as it is now, with its history (GET /api/recommendations/:id). */
export function getRecommendation(api: ApiClient, id: string): Promise<RecommendationView> {
  return api.get<RecommendationView>(`/api/recommendations/${encodeURIComponent(id)}`);
}

/** What the Development Manager may change (PATCH /api/recommendations/:id). */
export interface RecommendationChanges {
  /** A number, or what was typed when it is not one (the service says what is wrong). */
  percentComplete?: number | string;
  dueDate?: string;
  /** The version the change was made against: a later one answers 409. */
  expectedVersion: number;
}

export function changeRecommendation(
  api: ApiClient,
  id: string,
  changes: RecommendationChanges,
): Promise<RecommendationView> {
  return api.patch<RecommendationView>(`/api/recommendations/${encodeURIComponent(id)}`, changes);
}

/** The id of the declared impact-test form (core: impactResultForm). */
export const IMPACT_FORM_ID = 'recommendation.impact';

/** The Engine Room's impact test result, from the declared form (POST /api/recommendations/:id/impact). */
export function recordImpact(
  api: ApiClient,
  id: string,
  values: Record<string, string>,
): Promise<RecommendationView> {
  return api.post<RecommendationView>(
    `/api/recommendations/${encodeURIComponent(id)}/impact`,
    values,
  );
}
