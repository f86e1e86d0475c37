import type {
  BriefingAudience,
  BriefingInput,
  SendConfirmation,
  FormDescription,
  BriefingPreview,
  BriefingRecipientStatus,
  BriefingStatus,
  BriefingSummary,
} from '@pathways/core';
import type { ApiClient } from '@pathways/ui-shell';

/** The briefing API (contract: core/src/briefings/api.ts), as the Business Unit's tab calls it. */
let form: Promise<FormDescription> | undefined;

export function getBriefingForm(api: ApiClient): Promise<FormDescription> {
  // The declaration does not change while the page is open: ask once (again after a failure).
  form ??= api.get<FormDescription>('/api/briefings/form').catch((error: unknown) => {
    form = undefined;
    throw error;
  });
  return form;
}

export const previewBriefing = (api: ApiClient, note: BriefingInput) =>
  api.post<BriefingPreview>('/api/briefings/preview', note);

export const createBriefing = (api: ApiClient, note: BriefingInput) =>
  api.post<BriefingStatus>('/api/briefings', note);

/** Who a briefing would reach now, and how long there is to cancel after sending. */
export const getAudience = (api: ApiClient) => api.get<BriefingAudience>('/api/briefings/audience');

/** Sends to the audience the person confirmed (refused if the lists have changed since). */
export const sendBriefing = (api: ApiClient, id: string, confirmed: SendConfirmation) =>
  api.post<BriefingStatus>(`/api/briefings/${encodeURIComponent(id)}/send`, confirmed);

/** Cancels a send within its undo window: nothing has left, and it is a draft again. */
export const cancelSending = (api: ApiClient, id: string) =>
  api.post<BriefingStatus>(`/api/briefings/${encodeURIComponent(id)}/cancel`, {});

export const listBriefings = (api: ApiClient) => api.get<BriefingSummary[]>('/api/briefings');

export const getBriefing = (api: ApiClient, id: string) =>
  api.get<BriefingStatus>(`/api/briefings/${encodeURIComponent(id)}`);

export const getRecipients = (api: ApiClient, id: string) =>
  api.get<BriefingRecipientStatus[]>(`/api/briefings/${encodeURIComponent(id)}/recipients`);
