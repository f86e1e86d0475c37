// What the sandbox remembers about Teams conversations. Plain JSON so it can be saved as-is.

export interface ChannelAccount {
  id: string;
  name?: string;
  aadObjectId?: string;
  role?: string;
}

export interface Attachment {
  contentType: string;
  content?: unknown;
  contentUrl?: string;
  name?: string;
}

export interface StoredActivity {
  id: string;
  type: string;
  text?: string;
  textFormat?: string;
  summary?: string;
  /** Activity.importance as the bot sent it ('high' shows as Important in Teams). */
  importance?: string;
  attachments: Attachment[];
  from?: ChannelAccount;
  timestamp: string;
  /** Set when the bot replied to a specific activity. */
  replyToId?: string;
  /** Channel posts only: id of the thread's root post (absent on the root itself). */
  threadId?: string;
  /** How many times the bot updated this activity in place. */
  updateCount: number;
  lastUpdated?: string;
  deleted: boolean;
}

export interface StoredConversation {
  /** Channel conversation id, or the 1:1 conversation id. Never includes ;messageid=. */
  id: string;
  kind: 'channel' | 'personal';
  teamId?: string;
  /** Persona ids of the 1:1 member; channels take their members from the team. */
  memberIds: string[];
  createdAt: string;
  activities: StoredActivity[];
}

export interface PersistedState {
  conversations: StoredConversation[];
  lastActivityId: number;
}
