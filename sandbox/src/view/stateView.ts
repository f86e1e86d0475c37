// The data behind the web page and GET /api/state: teams -> channels -> threads,
// 1:1 chats, people. Built fresh from the store on each request.
import type { ConversationStore } from '../state/conversationStore';
import type { GraphStore, Json, MailFolder } from '../state/graphStore';
import type { Attachment, StoredActivity } from '../state/types';
import type { Directory, DirectoryUser } from '../tenant/directory';
import type { Persona } from '../tenant/personas';
import type { SandboxTeam } from '../tenant/topology';

export interface ActivityView {
  id: string;
  type: string;
  text?: string;
  summary?: string;
  importance?: string;
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
  /** Mailboxes that hold any message. */
  mailboxes: MailboxView[];
  /** Calendars that hold any event. */
  calendars: CalendarView[];
  plannerBoards: PlannerBoardView[];
  /** Teams activity feed notifications, per person. */
  activityFeeds: ActivityFeedView[];
  /** Every directory user with the Pathways roles their groups give; personas can sign in. */
  users: (DirectoryUser & { roles: string[]; persona: boolean })[];
}

export interface MessageView {
  id: string;
  subject: string;
  from: string;
  to: string[];
  cc: string[];
  bcc: string[];
  sentDateTime: string | null;
  receivedDateTime: string;
  isDraft: boolean;
  isRead: boolean;
  bodyPreview: string;
  /** The x- headers the sender set (Pathways' own keys). */
  customHeaders: { name: string; value: string }[];
}

export interface MailboxView {
  userId: string;
  displayName: string;
  address: string;
  folders: { name: string; messages: MessageView[] }[];
}

export interface EventView {
  id: string;
  subject: string;
  /** UTC, ISO 8601. */
  start: string;
  end: string;
  organizer: string;
  isOrganizer: boolean;
  attendees: string[];
  isCancelled: boolean;
  showAs: string;
  joinUrl: string | null;
  transactionId: string | null;
}

export interface CalendarView {
  userId: string;
  displayName: string;
  events: EventView[];
}

export interface PlannerTaskView {
  id: string;
  title: string;
  percentComplete: number;
  assignees: string[];
  dueDateTime: string | null;
}

export interface PlannerBoardView {
  id: string;
  title: string;
  buckets: { id: string; name: string; tasks: PlannerTaskView[] }[];
  /** Tasks in no bucket. */
  unbucketed: PlannerTaskView[];
}

export interface ActivityFeedView {
  userId: string;
  displayName: string;
  notifications: {
    id: string;
    createdDateTime: string;
    activityType: string;
    previewText?: string;
    topic: string;
    teamId?: string;
  }[];
}

export interface StateViewSources {
  tenantId: string;
  url: string;
  store: ConversationStore;
  graph: GraphStore;
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
    importance: a.importance,
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
        member: {
          id: c.memberIds[0] ?? '',
          name:
            persona?.displayName ??
            s.directory.find(c.memberIds[0] ?? '')?.displayName ??
            'Unknown user',
        },
        activities: c.activities.map(toView),
      };
    });
  return {
    tenant: { id: s.tenantId, url: s.url },
    version: s.store.version + s.graph.version,
    teams,
    personalChats,
    ...graphViews(s),
    users: s.directory.users.map((u) => ({
      ...u,
      roles: s.directory.rolesOf(u.id),
      persona: s.directory.isPersona(u.id),
    })),
  };
}

const FOLDER_NAMES: [MailFolder, string][] = [
  ['inbox', 'Inbox'],
  ['sentitems', 'Sent Items'],
  ['drafts', 'Drafts'],
];

function addresses(list: unknown): string[] {
  return ((list as { emailAddress: { address: string } }[] | undefined) ?? []).map(
    (r) => r.emailAddress.address,
  );
}

function utcIso(value: unknown): string {
  return `${String((value as { dateTime?: string })?.dateTime ?? '').slice(0, 19)}Z`;
}

function graphViews(
  s: StateViewSources,
): Pick<SandboxStateView, 'mailboxes' | 'calendars' | 'plannerBoards' | 'activityFeeds'> {
  const state = s.graph.state;
  const name = (id: string) => s.directory.find(id)?.displayName ?? id;
  const usersWith = (ids: string[]) =>
    s.directory.users.filter((u) => ids.includes(u.id)).map((u) => u);

  const mailboxes = usersWith(state.messages.map((m) => m.mailboxId)).map((u) => ({
    userId: u.id,
    displayName: u.displayName,
    address: u.mail,
    folders: FOLDER_NAMES.map(([folder, folderName]) => ({
      name: folderName,
      messages: state.messages
        .filter((m) => m.mailboxId === u.id && m.folder === folder)
        .map(({ message: m, extendedProperties }) => ({
          id: String(m.id),
          subject: String(m.subject ?? ''),
          from: String(
            (m.from as { emailAddress?: { address?: string } })?.emailAddress?.address ?? '',
          ),
          to: addresses(m.toRecipients),
          cc: addresses(m.ccRecipients),
          bcc: addresses(m.bccRecipients),
          sentDateTime: (m.sentDateTime as string | null) ?? null,
          receivedDateTime: String(m.receivedDateTime),
          isDraft: m.isDraft === true,
          isRead: m.isRead === true,
          bodyPreview: String(m.bodyPreview ?? ''),
          customHeaders: extendedProperties
            .filter((p) => /Name x-/i.test(p.id))
            .map((p) => ({ name: p.id.replace(/^.*Name /, ''), value: p.value })),
        })),
    })),
  }));

  const calendars = usersWith(state.events.map((e) => e.calendarOwnerId)).map((u) => ({
    userId: u.id,
    displayName: u.displayName,
    events: state.events
      .filter((e) => e.calendarOwnerId === u.id)
      .map(({ event: e }) => ({
        id: String(e.id),
        subject: String(e.subject ?? ''),
        start: utcIso(e.start),
        end: utcIso(e.end),
        organizer: String(
          (e.organizer as { emailAddress?: { address?: string } })?.emailAddress?.address ?? '',
        ),
        isOrganizer: e.isOrganizer === true,
        attendees: addresses(e.attendees),
        isCancelled: e.isCancelled === true,
        showAs: String(e.showAs ?? 'busy'),
        joinUrl: ((e.onlineMeeting as { joinUrl?: string } | null)?.joinUrl ?? null) as
          string | null,
        transactionId: (e.transactionId as string | null) ?? null,
      }))
      .sort((a, b) => a.start.localeCompare(b.start)),
  }));

  const taskView = (t: Json): PlannerTaskView => ({
    id: String(t.id),
    title: String(t.title ?? ''),
    percentComplete: Number(t.percentComplete ?? 0),
    assignees: Object.keys((t.assignments as Json) ?? {}).map(name),
    dueDateTime: (t.dueDateTime as string | null) ?? null,
  });
  const plannerBoards = state.plans.map(({ item: plan }) => {
    const tasks = state.tasks.filter((t) => t.item.planId === plan.id).map((t) => t.item);
    const buckets = state.buckets
      .filter((b) => b.item.planId === plan.id)
      .map(({ item: b }) => ({
        id: String(b.id),
        name: String(b.name),
        tasks: tasks.filter((t) => t.bucketId === b.id).map(taskView),
      }));
    const bucketIds = new Set(buckets.map((b) => b.id));
    return {
      id: String(plan.id),
      title: String(plan.title),
      buckets,
      unbucketed: tasks.filter((t) => !bucketIds.has(String(t.bucketId))).map(taskView),
    };
  });

  const activityFeeds = usersWith(state.notifications.map((n) => n.recipientId)).map((u) => ({
    userId: u.id,
    displayName: u.displayName,
    notifications: state.notifications
      .filter((n) => n.recipientId === u.id)
      .map((n) => ({
        id: n.id,
        createdDateTime: n.createdDateTime,
        activityType: n.activityType,
        ...(n.previewText ? { previewText: n.previewText } : {}),
        topic: String(n.topic.value ?? ''),
        ...(n.teamId ? { teamId: n.teamId } : {}),
      })),
  }));

  return { mailboxes, calendars, plannerBoards, activityFeeds };
}
