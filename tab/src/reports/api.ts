import type {
  BriefingStatus,
  CirculationView,
  NewsletterEdit,
  NewsletterSendInput,
  SendConfirmation,
  NewsletterVersion,
  NewsletterView,
} from '@pathways/core';
import { withQuery, type ApiClient } from '@pathways/ui-shell';

/**
 * The newsletter and circulation plan API (contracts: core/src/reports/newsletter.ts,
 * core/src/circulation/circulation-plan.ts), as the tab calls it.
 */
export function getNewsletter(api: ApiClient, year: number, quarter: number) {
  return api.get<NewsletterView>(withQuery('/api/reports/newsletter', { year, quarter }));
}

export function getFreshNewsletter(api: ApiClient, year: number, quarter: number) {
  return api.get<NewsletterVersion>(withQuery('/api/reports/newsletter/draft', { year, quarter }));
}

export function getNewsletterVersion(
  api: ApiClient,
  year: number,
  quarter: number,
  version: number,
) {
  return api.get<NewsletterVersion>(
    withQuery(`/api/reports/newsletter/versions/${version}`, { year, quarter }),
  );
}

export function saveNewsletter(
  api: ApiClient,
  year: number,
  quarter: number,
  edit: NewsletterEdit,
) {
  return api.post<NewsletterVersion>(withQuery('/api/reports/newsletter', { year, quarter }), edit);
}

/** Sends a saved version as a briefing to every agency's leads (once per quarter). */
export function sendNewsletterAsBriefing(
  api: ApiClient,
  input: NewsletterSendInput & SendConfirmation,
) {
  return api.post<BriefingStatus>('/api/briefings/newsletter', input);
}

export function getCirculation(api: ApiClient, window: { from?: string; to?: string } = {}) {
  return api.get<CirculationView>(withQuery('/api/circulation', window));
}

export function recordEvent(
  api: ApiClient,
  event: { kind: string; title: string; on: string; delivery?: string },
) {
  return api.post<{ id: string }>('/api/circulation/events', event);
}

export function markDone(
  api: ApiClient,
  mark: { itemId: string; occurrence: string; doneOn: string },
) {
  return api.post<{ ok: true }>('/api/circulation/done', mark);
}
