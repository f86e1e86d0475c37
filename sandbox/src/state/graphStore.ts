// What the sandbox's Microsoft Graph remembers: mailboxes, calendars, Planner and the
// Teams activity feed. Items are kept in the shape Graph returns them (plain JSON, saved
// as-is in the state file) beside the few fields the sandbox needs to find them.

export type Json = Record<string, unknown>;

export type MailFolder = 'inbox' | 'drafts' | 'sentitems';

export interface ExtendedProperty {
  id: string;
  value: string;
}

export interface StoredMessage {
  /** Object id of the mailbox's user. */
  mailboxId: string;
  folder: MailFolder;
  /** The Graph message (id, subject, body, recipients, internetMessageHeaders...). */
  message: Json;
  /** singleValueExtendedProperties, including named properties for x- headers. */
  extendedProperties: ExtendedProperty[];
  /** The message in MIME, when it was created from MIME (GET .../$value returns it). */
  mime?: string;
}

export interface StoredEvent {
  calendarOwnerId: string;
  /** The Graph event; start and end are held in UTC. */
  event: Json;
  /** The organiser's event id, on attendees' copies. */
  organizerEventId?: string;
}

export interface StoredPlannerItem {
  /** Bumps on every change; the etag is derived from it. */
  version: number;
  item: Json;
}

export interface StoredNotification {
  id: string;
  recipientId: string;
  createdDateTime: string;
  /** The teamId when sent through /teams/{id}/sendActivityNotification. */
  teamId?: string;
  activityType: string;
  topic: Json;
  previewText?: string;
  templateParameters: { name: string; value: string }[];
}

export interface GraphState {
  messages: StoredMessage[];
  events: StoredEvent[];
  plans: StoredPlannerItem[];
  buckets: StoredPlannerItem[];
  tasks: StoredPlannerItem[];
  taskDetails: StoredPlannerItem[];
  notifications: StoredNotification[];
}

export function emptyGraphState(): GraphState {
  return {
    messages: [],
    events: [],
    plans: [],
    buckets: [],
    tasks: [],
    taskDetails: [],
    notifications: [],
  };
}

export class GraphStore {
  readonly state: GraphState;
  /** Bumps on every change; the web page polls it. */
  version = 0;
  onChange: () => void = () => {};

  constructor(saved?: GraphState) {
    this.state = { ...emptyGraphState(), ...saved };
  }

  snapshot(): GraphState {
    return this.state;
  }

  /** Call after any change so the state is saved and the page refreshes. */
  changed(): void {
    this.version++;
    this.onChange();
  }
}
