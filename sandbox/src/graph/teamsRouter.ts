// Teams through Graph: posting a channel message (delegated only, as Graph allows outside
// import mode) and activity feed notifications to a user or to a team's members. Channel
// messages land in the same channel the Bot Connector writes to, so the page shows both.
import { type Response, Router } from 'express';
import { randomUUID } from 'node:crypto';
import { isActivityType, templateParametersOf } from '@pathways/core';
import type { ConversationStore } from '../state/conversationStore';
import type { Attachment } from '../state/types';
import type { GraphStore, Json, StoredNotification } from '../state/graphStore';
import type { Directory } from '../tenant/directory';
import type { SandboxTeam } from '../tenant/topology';
import type { Groups } from '../tenant/groups';
import { graphClaims, isDelegated } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { GraphRequestError, actionParam, preview } from './outlookItems';

const ADAPTIVE_CARD = 'application/vnd.microsoft.card.adaptive';
const MAX_PREVIEW = 150;

export function teamsRouter(deps: {
  store: GraphStore;
  conversations: ConversationStore;
  directory: Directory;
  groups: Groups;
  teams: SandboxTeam[];
  tenantId: string;
  baseUrl: () => string;
}): Router {
  const { store, conversations, directory, groups, teams, tenantId, baseUrl } = deps;
  const router = Router();

  function handle(res: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof GraphRequestError)
        return sendGraphError(res, err.status, err.code, err.message);
      throw err;
    }
  }

  function teamOf(teamId: string): SandboxTeam | undefined {
    return teams.find((t) => t.groupId === teamId.toLowerCase());
  }

  router.post('/teams/:teamId/channels/:channelId/messages', (req, res) =>
    handle(res, () => {
      const claims = graphClaims(res);
      const team = teamOf(String(req.params.teamId));
      if (!team)
        return sendGraphError(
          res,
          404,
          'NotFound',
          `No team found with Group Id ${String(req.params.teamId)}`,
        );
      const channel = team.channels.find((c) => c.id === String(req.params.channelId));
      if (!channel) return sendGraphError(res, 404, 'NotFound', 'Channel not found.');
      if (!isDelegated(claims)) {
        return sendGraphError(
          res,
          401,
          'Unauthorized',
          'Message POST is allowed in application-only context only for import purposes.',
        );
      }
      const sender = directory.find(claims.oid ?? '');
      const members = groups.find(team.groupId ?? '')?.memberIds ?? [];
      if (!sender || !members.includes(sender.id)) {
        return sendGraphError(
          res,
          403,
          'Forbidden',
          'The signed-in user is not a member of this team.',
        );
      }
      const body = (req.body ?? {}) as Json;
      const content = (body.body ?? {}) as { contentType?: unknown; content?: unknown };
      if (typeof content.content !== 'string' || content.content.trim() === '') {
        throw new GraphRequestError(400, 'BadRequest', 'A message needs a body with content.');
      }
      const contentType =
        String(content.contentType ?? 'text').toLowerCase() === 'html' ? 'html' : 'text';
      const attachments = readAttachments(body.attachments);
      const conversation = conversations.ensure({
        id: channel.id,
        kind: 'channel',
        teamId: team.id,
        memberIds: [],
      });
      const id = conversations.nextActivityId();
      const now = new Date().toISOString();
      conversations.add(conversation, {
        id,
        type: 'message',
        text: preview({
          contentType,
          content: content.content.replace(/<attachment[^>]*><\/attachment>/g, ''),
        }),
        textFormat: 'plain',
        ...(typeof body.subject === 'string' ? { summary: body.subject } : {}),
        attachments: attachments.map((a) => a.stored),
        from: { id: `29:${sender.id}`, name: sender.displayName },
        timestamp: now,
        updateCount: 0,
        deleted: false,
      });
      res.status(201).json({
        '@odata.context': `${baseUrl()}/v1.0/$metadata#teams('${team.groupId}')/channels('${channel.id}')/messages/$entity`,
        id,
        replyToId: null,
        etag: id,
        messageType: 'message',
        createdDateTime: now,
        lastModifiedDateTime: now,
        lastEditedDateTime: null,
        deletedDateTime: null,
        subject: typeof body.subject === 'string' ? body.subject : null,
        summary: null,
        chatId: null,
        importance: ['normal', 'high', 'urgent'].includes(String(body.importance))
          ? body.importance
          : 'normal',
        locale: 'en-us',
        webUrl: `${baseUrl()}/#ch-${encodeURIComponent(channel.id)}`,
        channelIdentity: { teamId: team.groupId, channelId: channel.id },
        policyViolation: null,
        eventDetail: null,
        from: {
          application: null,
          device: null,
          user: {
            id: sender.id,
            displayName: sender.displayName,
            userIdentityType: 'aadUser',
            tenantId,
          },
        },
        body: { contentType, content: content.content },
        attachments: attachments.map((a) => a.graph),
        mentions: Array.isArray(body.mentions) ? body.mentions : [],
        reactions: [],
      });
    }),
  );

  // List a channel's root messages, newest first, as Graph does (ChannelMessage.Read.All or
  // the RSC ChannelMessage.Read.Group): $top up to 50, then @odata.nextLink. Bot posts carry
  // their Adaptive Card as a JSON string in attachments[].content, so a bot can find its own.
  router.get('/teams/:teamId/channels/:channelId/messages', (req, res) =>
    handle(res, () => {
      const team = teamOf(String(req.params.teamId));
      if (!team)
        return sendGraphError(
          res,
          404,
          'NotFound',
          `No team found with Group Id ${String(req.params.teamId)}`,
        );
      const channel = team.channels.find((c) => c.id === String(req.params.channelId));
      if (!channel) return sendGraphError(res, 404, 'NotFound', 'Channel not found.');
      const top = Number(req.query.$top ?? 20);
      if (!Number.isInteger(top) || top < 1 || top > 50) {
        throw new GraphRequestError(400, 'BadRequest', '$top must be between 1 and 50.');
      }
      const skip = Math.max(0, Number(req.query.$skiptoken ?? 0) || 0);
      const roots = (conversations.get(channel.id)?.activities ?? [])
        .filter((a) => !a.threadId && !a.deleted)
        .slice()
        .reverse();
      const page = roots.slice(skip, skip + top);
      const base = `${baseUrl()}/v1.0/teams/${team.groupId}/channels/${encodeURIComponent(channel.id)}/messages`;
      res.json({
        '@odata.context': `${baseUrl()}/v1.0/$metadata#teams('${team.groupId}')/channels('${channel.id}')/messages`,
        '@odata.count': page.length,
        ...(skip + top < roots.length
          ? { '@odata.nextLink': `${base}?$top=${top}&$skiptoken=${skip + top}` }
          : {}),
        value: page.map((a) => ({
          id: a.id,
          replyToId: null,
          etag: a.lastUpdated ?? a.id,
          messageType: 'message',
          createdDateTime: a.timestamp,
          lastModifiedDateTime: a.lastUpdated ?? a.timestamp,
          deletedDateTime: null,
          subject: null,
          summary: a.summary ?? null,
          importance: a.importance ?? 'normal',
          channelIdentity: { teamId: team.groupId, channelId: channel.id },
          from: a.from?.id?.startsWith('29:')
            ? { user: { id: a.from.id.slice(3), displayName: a.from.name ?? null } }
            : { application: { id: a.from?.id ?? null, displayName: a.from?.name ?? null } },
          body: { contentType: 'html', content: a.text ?? '' },
          attachments: a.attachments.map((x, i) => ({
            id: `${a.id}-${i}`,
            contentType: x.contentType,
            contentUrl: x.contentUrl ?? null,
            content:
              x.content === undefined || typeof x.content === 'string'
                ? (x.content ?? null)
                : JSON.stringify(x.content),
            name: x.name ?? null,
            thumbnailUrl: null,
            teamsAppId: null,
          })),
        })),
      });
    }),
  );

  function notify(recipientIds: string[], body: unknown, teamId?: string): void {
    const topic = actionParam(body, 'topic') as Json | undefined;
    const source = String(topic?.source ?? '');
    if (!topic || (source !== 'entityUrl' && source !== 'text')) {
      throw new GraphRequestError(400, 'BadRequest', "topic.source must be 'entityUrl' or 'text'.");
    }
    if (
      source === 'entityUrl' &&
      !/^https:\/\/graph\.microsoft\.com\/(v1\.0|beta)\//i.test(String(topic.value ?? ''))
    ) {
      throw new GraphRequestError(
        400,
        'BadRequest',
        'topic.value must be a Microsoft Graph URL when the source is entityUrl.',
      );
    }
    if (
      source === 'text' &&
      (typeof topic.value !== 'string' || typeof topic.webUrl !== 'string')
    ) {
      throw new GraphRequestError(400, 'BadRequest', 'A text topic needs both value and webUrl.');
    }
    const activityType = actionParam(body, 'activityType');
    if (typeof activityType !== 'string' || activityType.trim() === '') {
      throw new GraphRequestError(400, 'BadRequest', 'activityType is required.');
    }
    // Graph checks the type against the installed app's manifest; Pathways' manifest
    // declares exactly ACTIVITY_TYPES (manifest test), so the sandbox checks that list.
    if (!isActivityType(activityType)) {
      throw new GraphRequestError(
        400,
        'BadRequest',
        `The activity type '${activityType}' is not declared in the app manifest.`,
      );
    }
    const previewText = actionParam(body, 'previewText') as { content?: unknown } | undefined;
    const previewContent =
      typeof previewText?.content === 'string' ? previewText.content : undefined;
    if (previewContent && previewContent.length > MAX_PREVIEW) {
      throw new GraphRequestError(
        400,
        'BadRequest',
        `previewText may be at most ${MAX_PREVIEW} characters.`,
      );
    }
    const parameters = actionParam(body, 'templateParameters');
    const templateParameters = Array.isArray(parameters)
      ? parameters.map((p: Json) => ({ name: String(p.name ?? ''), value: String(p.value ?? '') }))
      : [];
    const missing = templateParametersOf(activityType).filter(
      (name) => !templateParameters.some((p) => p.name === name),
    );
    if (missing.length > 0) {
      throw new GraphRequestError(
        400,
        'BadRequest',
        `templateParameters must supply ${missing.join(', ')} for '${activityType}'.`,
      );
    }
    const now = new Date().toISOString();
    for (const recipientId of recipientIds) {
      const notification: StoredNotification = {
        id: randomUUID(),
        recipientId,
        createdDateTime: now,
        ...(teamId ? { teamId } : {}),
        activityType,
        topic,
        ...(previewContent ? { previewText: previewContent } : {}),
        templateParameters,
      };
      store.state.notifications.push(notification);
    }
    store.changed();
  }

  router.post('/users/:userId/teamwork/sendActivityNotification', (req, res) =>
    handle(res, () => {
      const user = directory.find(String(req.params.userId));
      if (!user) {
        return sendGraphError(
          res,
          404,
          'NotFound',
          `The recipient '${String(req.params.userId)}' was not found.`,
        );
      }
      notify([user.id], req.body);
      res.status(204).end();
    }),
  );

  router.post('/teams/:teamId/sendActivityNotification', (req, res) =>
    handle(res, () => {
      const team = teamOf(String(req.params.teamId));
      if (!team)
        return sendGraphError(
          res,
          404,
          'NotFound',
          `No team found with Group Id ${String(req.params.teamId)}`,
        );
      const members = groups.find(team.groupId ?? '')?.memberIds ?? [];
      const recipient = actionParam(req.body, 'recipient') as Json | undefined;
      const type = String(recipient?.['@odata.type'] ?? '').replace(/^#?microsoft\.graph\./, '');
      let ids: string[];
      if (type === 'aadUserNotificationRecipient') {
        const userId = String(recipient?.userId ?? '');
        if (!members.includes(userId)) {
          throw new GraphRequestError(
            400,
            'BadRequest',
            `The recipient '${userId}' is not a member of the team.`,
          );
        }
        ids = [userId];
      } else if (type === 'teamMembersNotificationRecipient') {
        ids = members;
      } else if (type === 'channelMembersNotificationRecipient') {
        if (!team.channels.some((c) => c.id === recipient?.channelId)) {
          throw new GraphRequestError(
            400,
            'BadRequest',
            `The channel '${String(recipient?.channelId)}' is not in the team.`,
          );
        }
        ids = members; // standard channels: every team member
      } else {
        throw new GraphRequestError(
          400,
          'BadRequest',
          'recipient must be an aadUserNotificationRecipient, teamMembersNotificationRecipient or channelMembersNotificationRecipient.',
        );
      }
      notify(ids, req.body, team.groupId);
      res.status(204).end();
    }),
  );

  return router;
}

/** Graph channel message attachments: cards travel as JSON strings. */
function readAttachments(value: unknown): { graph: Json; stored: Attachment }[] {
  if (!Array.isArray(value)) return [];
  return value.map((a: Json) => {
    const contentType = String(a.contentType ?? '');
    let content: unknown = a.content;
    if (contentType === ADAPTIVE_CARD && typeof content === 'string') {
      try {
        content = JSON.parse(content);
      } catch {
        throw new GraphRequestError(
          400,
          'BadRequest',
          'An Adaptive Card attachment must hold JSON.',
        );
      }
    }
    return {
      graph: {
        id: String(a.id ?? randomUUID()),
        contentType,
        contentUrl: a.contentUrl ?? null,
        content: a.content ?? null,
        name: a.name ?? null,
        thumbnailUrl: null,
        teamsAppId: null,
      },
      stored: {
        contentType,
        ...(content !== undefined && content !== null ? { content } : {}),
        ...(typeof a.contentUrl === 'string' ? { contentUrl: a.contentUrl } : {}),
        ...(typeof a.name === 'string' ? { name: a.name } : {}),
      },
    };
  });
}
