import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall } from './graph-errors';

export interface ActivityNotification {
  /** The Teams app's activity type (declared in the manifest). */
  activityType: string;
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

export function graphActivityFeed(client: Client): ActivityFeed {
  return {
    async notifyUser(userId, n) {
      await graphCall(() =>
        client.api(`/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`).post({
          topic: n.topic,
          activityType: n.activityType,
          previewText: { content: n.previewText },
          templateParameters: n.templateParameters ?? [],
        }),
      );
    },
  };
}
