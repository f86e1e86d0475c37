// What the briefing cascade's tests share: a note to send, sending it as the Business Unit
// does, and reading the sandbox mailboxes the way a test of delivery needs.
import type { BriefingAudience, BriefingStatus } from '@pathways/core';
import { BRIEFING_HEADER } from '@pathways/core';
import type { Harness } from './harness';
import { until } from './until';

/** Mail header names are case-insensitive (RFC 5322): MIME writes X-Pathways-Briefing. */
export function isBriefingHeader(header: { name: string; value: string }, value: string): boolean {
  return header.name.toLowerCase() === BRIEFING_HEADER && header.value === value;
}

export const note = {
  title: 'Learning from a rapid review: neglect',
  kind: 'reactive',
  theme: 'Neglect',
  identifiedLearning: 'Concerns about neglect were not shared early enough.',
  recommendations: ['Share concerns within one working day.', 'Use the neglect toolkit.'],
  proposedActions: 'Brief every team by the end of the month.',
};

export interface MessageView {
  subject: string;
  bcc: string[];
  to: string[];
  customHeaders: { name: string; value: string }[];
}
export interface MailboxState {
  mailboxes: {
    userId: string;
    address: string;
    folders: { name: string; messages: MessageView[] }[];
  }[];
  activityFeeds: {
    userId: string;
    notifications: { activityType: string; previewText?: string }[];
  }[];
}

export async function mailState(h: Harness): Promise<MailboxState> {
  return (await (await fetch(`${h.sandboxUrl}/api/state`)).json()) as MailboxState;
}

export const folder = (s: MailboxState, userId: string, name: string) =>
  s.mailboxes.find((m) => m.userId === userId)?.folders.find((f) => f.name === name)?.messages ??
  [];

/** The MIME of the copy of a briefing in a lead's inbox, read through Graph as a client would. */
export async function receivedMime(
  h: Harness,
  userId: string,
  briefingId: string,
): Promise<string> {
  const { tenantId } = (await (await fetch(`${h.service.url}/api/config`)).json()) as {
    tenantId: string;
  };
  const tokenRes = await fetch(`${h.sandboxUrl}/${tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: 'pathways-test-reader',
      client_secret: 'local',
      scope: 'https://graph.microsoft.com/.default',
    }),
  });
  const { access_token } = (await tokenRes.json()) as { access_token: string };
  const get = async (path: string) =>
    fetch(`${h.sandboxUrl}/v1.0${path}`, { headers: { authorization: `Bearer ${access_token}` } });
  const inbox = (await (
    await get(
      `/users/${userId}/mailFolders/inbox/messages?$select=id,internetMessageHeaders&$top=50`,
    )
  ).json()) as {
    value: { id: string; internetMessageHeaders: { name: string; value: string }[] }[];
  };
  const copy = inbox.value.find((m) =>
    m.internetMessageHeaders.some((x) => isBriefingHeader(x, briefingId)),
  );
  if (!copy) throw new Error('no copy of the briefing in the inbox');
  return (await get(`/users/${userId}/messages/${copy.id}/$value`)).text();
}

/** The audience the Business Unit is shown before sending, as the send confirms it. */
export async function audience(h: Harness): Promise<{ leads: number; agencies: number }> {
  const { body } = await h.api(h.persona('BusinessUnit'), 'GET', '/api/briefings/audience');
  const { leads, agencies } = body as BriefingAudience;
  return { leads, agencies };
}

/** Sends the note to every lead and waits (up to `seconds`) until the cascade is done. */
export async function sendBriefing(h: Harness, seconds = 90): Promise<BriefingStatus> {
  const billie = h.persona('BusinessUnit');
  const created = await h.api(billie, 'POST', '/api/briefings', note);
  expect(created.status).toBe(201);
  const id = (created.body as BriefingStatus).id;
  const sending = await h.api(billie, 'POST', `/api/briefings/${id}/send`, {
    audience: await audience(h),
  });
  expect(sending.status).toBe(200);
  return until(
    async () => {
      const { body } = await h.api(billie, 'GET', `/api/briefings/${id}`);
      const status = body as BriefingStatus;
      return status.status === 'sent' ? status : undefined;
    },
    'the briefing to be sent',
    seconds,
  );
}
