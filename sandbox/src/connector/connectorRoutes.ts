// The Bot Connector REST API (v3) as Teams serves it: what botbuilder's ConnectorClient calls.
import express, { type NextFunction, type Request, type Response, Router } from 'express';
import type { PlaygroundMirror } from './playgroundMirror';
import type { TokenService } from '../auth/tokens';
import { bearerToken } from '../auth/tokens';
import type { ConversationStore } from '../state/conversationStore';
import type {
  Attachment,
  ChannelAccount,
  StoredActivity,
  StoredConversation,
} from '../state/types';
import type { Persona } from '../tenant/personas';
import type { SandboxTeam } from '../tenant/topology';
import type { BotRateLimits } from './botRateLimits';
import { sendConnectorError } from './connectorErrors';
import { findPersona, toTeamsMember } from './teamsMembers';

interface ConnectorDeps {
  tenantId: string;
  tokens: TokenService;
  store: ConversationStore;
  limits: BotRateLimits;
  teams: SandboxTeam[];
  personas: Persona[];
  /**
   * Everyone else in the tenant's directory (agency leads and the rest), as
   * Teams users: the bot may open a 1:1 chat with any of them, as in Teams
   * once the app is installed for them.
   */
  otherUsers?: Persona[];
  /** Local runs: Agents Playgrounds that show the channels' posts too. */
  mirror?: PlaygroundMirror;
}

/** Incoming activity JSON: only the fields the sandbox keeps. */
interface ActivityBody {
  type?: string;
  text?: string;
  textFormat?: string;
  summary?: string;
  importance?: string;
  attachments?: Attachment[];
  from?: ChannelAccount;
}

/** `19:x@thread.tacv2;messageid=123` addresses thread 123 of channel 19:x. */
function parseConversationId(raw: string): { baseId: string; threadId?: string } {
  const match = /^(.*);messageid=(\d+)$/.exec(raw);
  return match ? { baseId: match[1] as string, threadId: match[2] } : { baseId: raw };
}

function botIdOf(res: Response): string {
  return (res.locals.botId as string | undefined) ?? 'anonymous';
}

export function connectorRouter(deps: ConnectorDeps): Router {
  const { store } = deps;
  const router = Router();
  router.use('/v3', express.json({ limit: '1mb' }));

  // A local bot with no app id sends no token: accept that. A token, if sent, must be ours.
  router.use('/v3', async (req: Request, res: Response, next: NextFunction) => {
    if (req.headers.authorization === undefined) return next();
    const token = bearerToken(req.headers.authorization);
    const claims = token ? await deps.tokens.verify(token).catch(() => undefined) : undefined;
    if (!claims) {
      return sendConnectorError(
        res,
        401,
        'Unauthorized',
        'Authorization has been denied for this request.',
      );
    }
    res.locals.botId = claims.appid ?? claims.azp ?? 'anonymous';
    next();
  });

  /**
   * Applies the Teams limits; on refusal answers 429 and returns false. `sendTo` is the
   * channel or chat id without ;messageid=, so all threads of a channel share one budget:
   * the stricter reading, so local throughput never looks better than a real tenant's.
   */
  function admit(res: Response, sendTo?: string): boolean {
    const decision = deps.limits.admit(botIdOf(res), sendTo);
    if (decision.allowed) return true;
    res.setHeader('Retry-After', String(Math.max(1, Math.ceil(decision.retryAfterMs / 1000))));
    sendConnectorError(
      res,
      429,
      'Throttled',
      'Too many requests. Retry after the Retry-After delay.',
    );
    return false;
  }

  /** Channel conversations are created at start-up (see server.ts), like a team's channels. */
  function lookup(baseId: string): StoredConversation | undefined {
    return store.get(baseId);
  }

  function membersOf(conversation: StoredConversation): Persona[] {
    if (conversation.kind === 'personal') {
      return [...deps.personas, ...(deps.otherUsers ?? [])].filter((p) =>
        conversation.memberIds.includes(p.id),
      );
    }
    const team = deps.teams.find((t) => t.id === conversation.teamId);
    const ids = team?.memberIds;
    return ids ? deps.personas.filter((p) => ids.includes(p.id)) : deps.personas;
  }

  function toStored(
    body: ActivityBody,
    id: string,
    extra: Pick<StoredActivity, 'replyToId' | 'threadId'>,
  ): StoredActivity {
    return {
      id,
      type: body.type ?? 'message',
      text: body.text,
      textFormat: body.textFormat,
      summary: body.summary,
      ...(typeof body.importance === 'string' ? { importance: body.importance } : {}),
      attachments: Array.isArray(body.attachments) ? body.attachments : [],
      from: body.from,
      timestamp: new Date().toISOString(),
      ...(extra.replyToId ? { replyToId: extra.replyToId } : {}),
      ...(extra.threadId ? { threadId: extra.threadId } : {}),
      updateCount: 0,
      deleted: false,
    };
  }

  /**
   * Posts into a conversation. In a channel, no thread means a new root post; a thread id
   * (from ;messageid= or the activity replied to) means a reply in that thread.
   */
  function post(
    conversation: StoredConversation,
    body: ActivityBody,
    thread: { threadId?: string; replyToId?: string },
  ): StoredActivity {
    const id = store.nextActivityId();
    const added =
      conversation.kind === 'channel' && thread.threadId
        ? store.add(conversation, toStored(body, id, thread))
        : store.add(conversation, toStored(body, id, { replyToId: thread.replyToId }));
    deps.mirror?.posted(conversation, added);
    return added;
  }

  function isActivity(body: unknown): body is ActivityBody {
    return typeof body === 'object' && body !== null && !Array.isArray(body);
  }

  // Create conversation: a 1:1 chat with a member, or a new thread in a channel.
  router.post('/v3/conversations', (req, res) => {
    const params = (req.body ?? {}) as {
      isGroup?: boolean;
      members?: ChannelAccount[];
      activity?: ActivityBody;
      tenantId?: string;
      channelData?: { channel?: { id?: string }; tenant?: { id?: string } };
    };
    const tenant = params.tenantId ?? params.channelData?.tenant?.id;
    if (tenant && tenant !== deps.tenantId) {
      return sendConnectorError(res, 400, 'BadArgument', `Unknown tenant '${tenant}'.`);
    }
    const channelId = params.channelData?.channel?.id;
    if (channelId) {
      const conversation = lookup(channelId);
      if (!conversation || conversation.kind !== 'channel') {
        return sendConnectorError(
          res,
          404,
          'ConversationNotFound',
          `Channel '${channelId}' not found.`,
        );
      }
      if (!isActivity(params.activity)) {
        return sendConnectorError(
          res,
          400,
          'BadArgument',
          'A channel conversation needs an activity.',
        );
      }
      if (!admit(res, conversation.id)) return;
      const root = post(conversation, params.activity, {});
      return res.status(201).json({ id: `${channelId};messageid=${root.id}`, activityId: root.id });
    }
    const member = params.members?.[0];
    const everyone = [...deps.personas, ...(deps.otherUsers ?? [])];
    const persona =
      member &&
      (findPersona(everyone, member.id) ?? findPersona(everyone, member.aadObjectId ?? ''));
    if (!persona || (params.members?.length ?? 0) !== 1 || params.isGroup) {
      return sendConnectorError(
        res,
        400,
        'BadArgument',
        'A 1:1 conversation needs exactly one member who is a user of the sandbox tenant.',
      );
    }
    const id = `a:sandbox-personal-${persona.id}`;
    if (!admit(res, isActivity(params.activity) ? id : undefined)) return;
    const conversation = store.ensure({ id, kind: 'personal', memberIds: [persona.id] });
    if (!isActivity(params.activity)) return res.status(201).json({ id });
    const activity = post(conversation, params.activity, {});
    res.status(201).json({ id, activityId: activity.id });
  });

  function withConversation(
    handler: (req: Request, res: Response, c: StoredConversation, threadId?: string) => void,
  ) {
    return (req: Request, res: Response) => {
      const { baseId, threadId } = parseConversationId(String(req.params.conversationId));
      const conversation = lookup(baseId);
      const threadMissing = conversation && threadId && !store.findActivity(conversation, threadId);
      if (!conversation || threadMissing) {
        return sendConnectorError(
          res,
          404,
          'ConversationNotFound',
          `Conversation '${String(req.params.conversationId)}' not found.`,
        );
      }
      handler(req, res, conversation, threadId);
    };
  }

  router.post(
    '/v3/conversations/:conversationId/activities',
    withConversation((req, res, conversation, threadId) => {
      if (!isActivity(req.body)) return sendConnectorError(res, 400, 'BadArgument', 'No activity.');
      if (!admit(res, conversation.id)) return;
      const activity = post(conversation, req.body, { threadId, replyToId: threadId });
      res.status(201).json({ id: activity.id });
    }),
  );

  router.post(
    '/v3/conversations/:conversationId/activities/:activityId',
    withConversation((req, res, conversation) => {
      if (!isActivity(req.body)) return sendConnectorError(res, 400, 'BadArgument', 'No activity.');
      const replyTo = String(req.params.activityId);
      const target = store.findActivity(conversation, replyTo);
      // A 1:1 chat has no threads, and the person's own messages reach the bot from
      // the Teams client (here: Agents Playground or a test), not through this store:
      // Teams accepts a reply to them as a plain send, and so does the sandbox.
      if (!target && conversation.kind !== 'personal') {
        return sendConnectorError(res, 404, 'ActivityNotFound', 'Activity not found.');
      }
      if (!admit(res, conversation.id)) return;
      const activity = target
        ? post(conversation, req.body, {
            threadId: target.threadId ?? target.id,
            replyToId: target.id,
          })
        : post(conversation, req.body, { replyToId: replyTo });
      res.status(201).json({ id: activity.id });
    }),
  );

  router.put(
    '/v3/conversations/:conversationId/activities/:activityId',
    withConversation((req, res, conversation) => {
      if (!isActivity(req.body)) return sendConnectorError(res, 400, 'BadArgument', 'No activity.');
      const target = store.findActivity(conversation, String(req.params.activityId));
      if (!target || target.deleted) {
        return sendConnectorError(res, 404, 'ActivityNotFound', 'Activity not found.');
      }
      if (!admit(res, conversation.id)) return;
      const body = req.body;
      store.update(target, {
        text: body.text,
        textFormat: body.textFormat,
        summary: body.summary,
        ...(typeof body.importance === 'string' ? { importance: body.importance } : {}),
        attachments: Array.isArray(body.attachments) ? body.attachments : [],
      });
      deps.mirror?.updated(conversation, target);
      res.status(200).json({ id: target.id });
    }),
  );

  router.delete(
    '/v3/conversations/:conversationId/activities/:activityId',
    withConversation((req, res, conversation) => {
      const target = store.findActivity(conversation, String(req.params.activityId));
      if (!target || target.deleted) {
        return sendConnectorError(res, 404, 'ActivityNotFound', 'Activity not found.');
      }
      if (!admit(res, conversation.id)) return;
      store.remove(target);
      res.status(200).end();
    }),
  );

  router.get(
    '/v3/conversations/:conversationId/members',
    withConversation((_req, res, conversation) => {
      if (!admit(res)) return;
      res.json(membersOf(conversation).map((p) => toTeamsMember(p, deps.tenantId)));
    }),
  );

  router.get(
    '/v3/conversations/:conversationId/pagedmembers',
    withConversation((req, res, conversation) => {
      if (!admit(res)) return;
      const all = membersOf(conversation);
      const size = Math.min(500, Math.max(1, Number(req.query.pageSize) || 200));
      const start = Number(req.query.continuationToken) || 0;
      const page = all.slice(start, start + size).map((p) => toTeamsMember(p, deps.tenantId));
      const more = start + size < all.length;
      res.json({ members: page, ...(more ? { continuationToken: String(start + size) } : {}) });
    }),
  );

  router.get(
    '/v3/conversations/:conversationId/members/:userId',
    withConversation((req, res, conversation) => {
      if (!admit(res)) return;
      const persona = findPersona(membersOf(conversation), String(req.params.userId));
      if (!persona) {
        return sendConnectorError(res, 404, 'MemberNotFoundInConversation', 'Member not found.');
      }
      res.json(toTeamsMember(persona, deps.tenantId));
    }),
  );

  // Teams extensions used by TeamsInfo: team details and channel list.
  router.get('/v3/teams/:teamId', (req, res) => {
    const team = deps.teams.find((t) => t.id === req.params.teamId);
    if (!team) return sendConnectorError(res, 404, 'NotFound', 'Team not found.');
    if (!admit(res)) return;
    res.json({ id: team.id, name: team.displayName, aadGroupId: team.id });
  });

  router.get('/v3/teams/:teamId/conversations', (req, res) => {
    const team = deps.teams.find((t) => t.id === req.params.teamId);
    if (!team) return sendConnectorError(res, 404, 'NotFound', 'Team not found.');
    if (!admit(res)) return;
    res.json({ conversations: team.channels.map((c) => ({ id: c.id, name: c.displayName })) });
  });

  return router;
}
