// In-memory conversations and activities; calls onChange after each change so the
// server can save state and the web page can tell that something new arrived.
import type { PersistedState, StoredActivity, StoredConversation } from './types';

export class ConversationStore {
  private readonly conversations = new Map<string, StoredConversation>();
  private lastActivityId = 0;
  /** Bumps on every change; the web page polls it. */
  version = 0;
  onChange: () => void = () => {};

  constructor(saved?: PersistedState) {
    for (const c of saved?.conversations ?? []) this.conversations.set(c.id, c);
    this.lastActivityId = saved?.lastActivityId ?? 0;
  }

  snapshot(): PersistedState {
    return { conversations: this.all(), lastActivityId: this.lastActivityId };
  }

  all(): StoredConversation[] {
    return [...this.conversations.values()];
  }

  get(id: string): StoredConversation | undefined {
    return this.conversations.get(id);
  }

  /** Returns the existing conversation when there is one: Teams reuses 1:1 chats. */
  ensure(conversation: Omit<StoredConversation, 'activities' | 'createdAt'>): StoredConversation {
    const existing = this.conversations.get(conversation.id);
    if (existing) return existing;
    const created = { ...conversation, createdAt: new Date().toISOString(), activities: [] };
    this.conversations.set(created.id, created);
    this.changed();
    return created;
  }

  /** Teams activity ids are millisecond timestamps; keep them strictly increasing. */
  nextActivityId(): string {
    this.lastActivityId = Math.max(Date.now(), this.lastActivityId + 1);
    return String(this.lastActivityId);
  }

  add(conversation: StoredConversation, activity: StoredActivity): StoredActivity {
    conversation.activities.push(activity);
    this.changed();
    return activity;
  }

  findActivity(conversation: StoredConversation, id: string): StoredActivity | undefined {
    return conversation.activities.find((a) => a.id === id);
  }

  update(activity: StoredActivity, changes: Partial<StoredActivity>): StoredActivity {
    Object.assign(activity, changes, {
      updateCount: activity.updateCount + 1,
      lastUpdated: new Date().toISOString(),
    });
    this.changed();
    return activity;
  }

  /** Teams keeps a "message deleted" placeholder, so we keep the record but drop content. */
  remove(activity: StoredActivity): void {
    activity.deleted = true;
    activity.text = undefined;
    activity.summary = undefined;
    activity.attachments = [];
    activity.lastUpdated = new Date().toISOString();
    this.changed();
  }

  private changed(): void {
    this.version++;
    this.onChange();
  }
}
