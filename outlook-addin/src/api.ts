import type {
  CascadeInput,
  FormDescription,
  ImpactInput,
  LeadBriefing,
  NominationRequest,
  PersonChoice,
  RaisedKloe,
} from '@pathways/core';
import { withQuery, type ApiClient } from '@pathways/ui-shell/app';

/** The lead routes (contract: core/src/briefings/api.ts) and KLOEs, as the add-in calls them. */
const briefingPath = (id: string) => `/api/lead/briefings/${encodeURIComponent(id)}`;

export const getLeadBriefing = (api: ApiClient, id: string) =>
  api.get<LeadBriefing>(briefingPath(id));

export const acknowledgeBriefing = (api: ApiClient, id: string) =>
  api.post<LeadBriefing>(`${briefingPath(id)}/acknowledgement`, {});

/** The form's answers as they are typed (strings); the service reads the number. */
export const recordCascade = (
  api: ApiClient,
  id: string,
  answers: Record<string, string> | CascadeInput,
) => api.post<LeadBriefing>(`${briefingPath(id)}/cascades`, answers);

export const reportImpact = (
  api: ApiClient,
  id: string,
  answers: Record<string, string> | ImpactInput,
) => api.post<LeadBriefing>(`${briefingPath(id)}/impact`, answers);

export const getForm = (api: ApiClient, formId: string) =>
  api.get<FormDescription>(`/api/forms/${encodeURIComponent(formId)}`);

/** A key made once per KLOE being written, so a retried send cannot raise it twice. */
export function newIdempotencyKey(): string {
  return `outlook-${crypto.randomUUID()}`;
}

export const raiseKloe = (api: ApiClient, answers: Record<string, string>, key: string) =>
  api.post<RaisedKloe>('/api/kloes', answers, { 'Idempotency-Key': key });

/** Active Learning for agency leads (contract: core/src/active-learning/api.ts). */
export const getNominationRequests = (api: ApiClient) =>
  api.get<NominationRequest[]>('/api/active-learning/nominations/mine');

/** Both nominees are saved together or not at all; a 422 says which answer to change. */
export const nominate = (api: ApiClient, setId: string, answers: Record<string, string>) =>
  api.post<NominationRequest>(
    `/api/active-learning/${encodeURIComponent(setId)}/nominations`,
    answers,
  );

/** People in the agency whose name starts with the text (a lead: only their own agency). */
export const findPeople = (api: ApiClient, agency: string, q: string) =>
  api.get<PersonChoice[]>(withQuery('/api/people', { agency, q }));
