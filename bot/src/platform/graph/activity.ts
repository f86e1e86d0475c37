import type { Client } from '@microsoft/microsoft-graph-client';
import type { ActivityType } from '@pathways/core';
import { graphCall } from './graph-errors';
import type { ClientLimits } from './client-limits';

export interface ActivityNotification {
  /** Declared in the Teams app manifest (ACTIVITY_TYPES); Graph refuses any other. */
  activityType: ActivityType;
  /** Plain text preview: never a child's details. */
  previewText: string;
  /** Where a click lands: a web URL (deep link) for the topic. */
  topic: { source: 'text'; value: string; webUrl: string } | { source: 'entityUrl'; value: string };
  templateParameters?: { name: string; value: string }[];
}

/** Teams activity feed (5 per second per app per tenant). */
export interface ActivityFeed {
  notifyUser(userId: string, notification: ActivityNotification): Promise<void>;
}

export function graphActivityFeed(client: Client, limits?: ClientLimits): ActivityFeed {
  return {
    async notifyUser(userId, n) {
      const paced = await limits?.activityNotification();
      try {
        await notify(userId, n);
      } finally {
        paced?.();
      }
    },
  };

  async function notify(userId: string, n: ActivityNotification): Promise<void> {
    await graphCall(() =>
      client.api(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`).post({
        topic: n.topic,
        activityType: n.activityType,
        previewText: { content: n.previewText },
        templateParameters: n.templateParameters ?? [],
      }),
    );
  }
}
