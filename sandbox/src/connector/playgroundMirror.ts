import type { StoredActivity, StoredConversation } from '../state/types';

/**
 * Local runs only. Microsoft 365 Agents Playground draws one signed-in person
 * per process (its `currentUser`), so `npm start` runs one Playground per
 * sandbox persona. The bot posts to its channels once, here, as to Teams; this
 * shows every new channel post, and every later update of it, in each
 * Playground's channel view too, through the Playground's own Bot Connector
 * (its `/_connector` endpoints: POST /v3/conversations with the channel's id
 * creates a post; PUT .../activities/{id} replaces it). The sandbox stays the
 * record (its page shows everything); a Playground that is not running yet or
 * has restarted simply misses the post, as a client that was offline would
 * until the next update.
 */
export interface PlaygroundMirror {
  posted(conversation: StoredConversation, activity: StoredActivity): void;
  updated(conversation: StoredConversation, activity: StoredActivity): void;
}

export interface PlaygroundTarget {
  /** The persona shown in that Playground (for the sandbox page). */
  personaId: string;
  /** Its Bot Connector, e.g. http://127.0.0.1:56151/_connector */
  connectorUrl: string;
}

/** Parses `PERSONA_ID=URL,PERSONA_ID=URL` (the form `npm start` passes). */
export function parsePlaygroundTargets(raw: string | undefined): PlaygroundTarget[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const at = pair.indexOf('=');
      const personaId = pair.slice(0, at);
      const connectorUrl = pair.slice(at + 1).replace(/\/+$/, '');
      if (at <= 0 || !/^https?:\/\//.test(connectorUrl)) {
        throw new Error(
          `"${pair}" is not persona-id=http://host:port/_connector (an Agents Playground's connector).`,
        );
      }
      return { personaId, connectorUrl };
    });
}

function content(activity: StoredActivity) {
  return {
    type: 'message',
    ...(activity.text !== undefined ? { text: activity.text } : {}),
    ...(activity.summary !== undefined ? { summary: activity.summary } : {}),
    attachments: activity.attachments,
  };
}

export function playgroundMirror(
  targets: PlaygroundTarget[],
  onError: (what: string, error: unknown) => void = () => {},
): PlaygroundMirror {
  // Sandbox activity id to where each Playground shows it.
  const shown = new Map<string, Map<string, { conversationId: string; activityId: string }>>();
  // One request at a time per post, so an update never overtakes the post it replaces.
  const queues = new Map<string, Promise<void>>();
  const enqueue = (key: string, work: () => Promise<void>) => {
    const next = (queues.get(key) ?? Promise.resolve()).then(work);
    queues.set(key, next);
    void next.finally(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
  };
  const send = async (url: string, method: 'POST' | 'PUT', body: object) => {
    const res = await fetch(url, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status}`);
    return (await res.json().catch(() => ({}))) as { id?: string; activityId?: string };
  };
  return {
    posted(conversation, activity) {
      // Channel posts that start a thread: the cards the Business Unit acts on.
      if (conversation.kind !== 'channel' || activity.threadId) return;
      enqueue(activity.id, async () => {
        const places = new Map<string, { conversationId: string; activityId: string }>();
        shown.set(activity.id, places);
        await Promise.all(
          targets.map(async (t) => {
            try {
              const created = await send(`${t.connectorUrl}/v3/conversations`, 'POST', {
                isGroup: true,
                channelData: { channel: { id: conversation.id } },
                activity: content(activity),
              });
              if (created.id && created.activityId)
                places.set(t.connectorUrl, {
                  conversationId: created.id,
                  activityId: created.activityId,
                });
            } catch (error) {
              onError(`showing a post in the Playground at ${t.connectorUrl}`, error);
            }
          }),
        );
      });
    },
    updated(conversation, activity) {
      if (conversation.kind !== 'channel' || activity.threadId) return;
      enqueue(activity.id, async () => {
        const places = shown.get(activity.id);
        if (!places) return;
        await Promise.all(
          [...places].map(async ([url, at]) => {
            try {
              await send(
                `${url}/v3/conversations/${encodeURIComponent(at.conversationId)}/activities/${encodeURIComponent(at.activityId)}`,
                'PUT',
                { ...content(activity), id: at.activityId },
              );
            } catch (error) {
              onError(`updating a post in the Playground at ${url}`, error);
            }
          }),
        );
      });
    },
  };
}
