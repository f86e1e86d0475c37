import type {
  FormDescription,
  FormProblem,
  MySubmission,
  QuarterlyReport,
  QueueFacets,
  QueuePage,
  RecordDetail,
  RecordType,
} from '@pathways/core';
import { ApiError, withQuery, type ApiClient } from '../shell';

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

/** What the Engine Room can add to a record, each with its declared form. */
export type RecordPart = 'evidence' | 'activities' | 'recommendations' | 'outcome';

export const formIdFor: Record<RecordPart, string> = {
  evidence: 'engine-room.evidence',
  activities: 'engine-room.activity',
  recommendations: 'engine-room.recommendation',
  outcome: 'engine-room.outcome',
};

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

/** The problems a 422 reply carries, or undefined for any other failure. */
export function formProblemOf(error: unknown): FormProblem | undefined {
  if (!(error instanceof ApiError) || error.status !== 422) return undefined;
  const body = error.body as Partial<FormProblem> | undefined;
  if (!body || typeof body !== 'object') return { errors: {} };
  const errors: Record<string, string> = {};
  if (body.errors && typeof body.errors === 'object') {
    for (const [field, message] of Object.entries(body.errors)) {
      if (typeof message === 'string') errors[field] = message;
    }
  }
  const warnings = Array.isArray(body.warnings)
    ? body.warnings.filter((w): w is string => typeof w === 'string')
    : [];
  return warnings.length > 0 ? { errors, warnings } : { errors };
}
