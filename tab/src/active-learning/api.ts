import type {
  ActiveLearningDetail,
  ActiveLearningSummary,
  ChaseResult,
  NewActiveLearning,
  PersonChoice,
  ProposedTimes,
  RecordDetail,
  RecordType,
} from '@pathways/core';
import { withQuery, type ApiClient } from '@pathways/ui-shell';

/** Active Learning's REST API (contract: core/src/active-learning/api.ts), as the tab calls it. */

const setPath = (id: string) => `/api/active-learning/${encodeURIComponent(id)}`;

export const listActiveLearning = (api: ApiClient) =>
  api.get<ActiveLearningSummary[]>('/api/active-learning');

export const getActiveLearning = (api: ApiClient, id: string) =>
  api.get<ActiveLearningDetail>(setPath(id));

export const createActiveLearning = (api: ApiClient, body: NewActiveLearning) =>
  api.post<ActiveLearningDetail>('/api/active-learning', body);

export const chaseAgencies = (api: ApiClient, id: string) =>
  api.post<ChaseResult>(`${setPath(id)}/chase`, {});

export const proposeTimes = (
  api: ApiClient,
  id: string,
  window: { from: string; to: string; minutes: number },
) => api.get<ProposedTimes>(withQuery(`${setPath(id)}/proposed-times`, window));

export const arrangeMeeting = (api: ApiClient, id: string, slot: { start: string; end: string }) =>
  api.post<ActiveLearningDetail>(`${setPath(id)}/meeting`, slot);

export const recordAttendance = (api: ApiClient, id: string, attended: string[]) =>
  api.post<ActiveLearningDetail>(`${setPath(id)}/attendance`, { attended });

export const peopleIn = (api: ApiClient, agency: string) =>
  api.get<PersonChoice[]>(withQuery('/api/people', { agency }));

export const inviteToEngineRoom = (
  api: ApiClient,
  type: RecordType,
  id: string,
  values: Record<string, string>,
) =>
  api.post<RecordDetail>(
    `/api/records/${encodeURIComponent(type)}/${encodeURIComponent(id)}/invitations`,
    values,
  );
