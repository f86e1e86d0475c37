// The data behind the web page and GET /api/state: teams -> channels -> threads,
// 1:1 chats, people. Built fresh from the store on each request.
import type { ConversationStore } from '../state/conversationStore';
import type { Attachment, StoredActivity } from '../state/types';
import type { Directory, DirectoryUser } from '../tenant/directory';
import type { Persona } from '../tenant/personas';
import type { SandboxTeam } from '../tenant/topology';

export interface ActivityView {
  id: string;
  type: string;
  text?: string;
  summary?: string;
  attachments: Attachment[];
  from?: { id: string; name?: string };
  timestamp: string;
  replyToId?: string;
  updateCount: number;
  lastUpdated?: string;
  deleted: boolean;
}

export interface ThreadView {
  /** Conversation id that addresses this thread: `${channelId};messageid=${root.id}`. */
  conversationId: string;
  root: ActivityView;
  replies: ActivityView[];
}

export interface ChannelView {
  id: string;
  name: string;
  threads: ThreadView[];
}

export interface TeamView {
  id: string;
  name: string;
  memberIds: string[];
  channels: ChannelView[];
}

export interface PersonalChatView {
  id: string;
  member: { id: string; name: string };
  activities: ActivityView[];
}

export interface SandboxStateView {
  tenant: { id: string; url: string };
  /** Changes whenever anything in the sandbox changes. */
  version: number;
  teams: TeamView[];
  personalChats: PersonalChatView[];
  mailboxes: unknown[];
  calendars: unknown[];
  plannerBoards: unknown[];
  /** Every directory user with the Pathways roles their groups give; personas can sign in. */
  users: (DirectoryUser & { roles: string[]; persona: boolean })[];
}

export interface StateViewSources {
  tenantId: string;
  url: string;
  store: ConversationStore;
  teams: SandboxTeam[];
  personas: Persona[];
  directory: Directory;
}

function toView(a: StoredActivity): ActivityView {
  return {
    id: a.id,
    type: a.type,
    text: a.text,
    summary: a.summary,
    attachments: a.attachments,
    from: a.from,
    timestamp: a.timestamp,
    replyToId: a.replyToId,
    updateCount: a.updateCount,
    lastUpdated: a.lastUpdated,
    deleted: a.deleted,
  };
}

function threadsOf(channelId: string, activities: StoredActivity[]): ThreadView[] {
  const roots = activities.filter(
    (a) => !a.threadId || !activities.some((r) => r.id === a.threadId),
  );
  return roots.map((root) => ({
    conversationId: `${channelId};messageid=${root.id}`,
    root: toView(root),
    replies: activities.filter((a) => a.threadId === root.id).map(toView),
  }));
}

export function buildStateView(s: StateViewSources): SandboxStateView {
  const teams = s.teams.map((team) => ({
    id: team.id,
    name: team.displayName,
    memberIds: team.memberIds ?? s.personas.map((p) => p.id),
    channels: team.channels.map((channel) => ({
      id: channel.id,
      name: channel.displayName,
      threads: threadsOf(channel.id, s.store.get(channel.id)?.activities ?? []),
    })),
  }));
  const personalChats = s.store
    .all()
    .filter((c) => c.kind === 'personal')
    .map((c) => {
      const persona = s.personas.find((p) => p.id === c.memberIds[0]);
      return {
        id: c.id,
        member: { id: c.memberIds[0] ?? '', name: persona?.displayName ?? 'Unknown user' },
        activities: c.activities.map(toView),
      };
    });
  return {
    tenant: { id: s.tenantId, url: s.url },
    version: s.store.version,
    teams,
    personalChats,
    mailboxes: [],
    calendars: [],
    plannerBoards: [],
    users: s.directory.users.map((u) => ({
      ...u,
      roles: s.directory.rolesOf(u.id),
      persona: s.directory.isPersona(u.id),
    })),
  };
}
