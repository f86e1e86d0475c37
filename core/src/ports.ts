/**
 * What the domain needs from the outside world, as small interfaces. The
 * service (bot/) implements them with PostgreSQL, botbuilder and Graph.
 */

/** Teams may deliver the same activity more than once: claim each id once. */
export interface ActivityReceipts {
  /** True the first time an activity id is seen; false for a redelivery. */
  claim(activityId: string, conversationId: string): Promise<boolean>;
}

/** Where to reach a person proactively (their 1:1 chat with the bot). */
export interface ConversationReferences {
  save(
    partnershipId: string,
    userAadId: string,
    conversationId: string,
    reference: object,
  ): Promise<void>;
  find(partnershipId: string, userAadId: string): Promise<object | undefined>;
}

/** The audit trail: who read or changed what, when. Never the content itself. */
export interface AuditEvent {
  partnershipId: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  detail?: Record<string, string | number | boolean>;
}

export interface AuditLog {
  record(event: AuditEvent): Promise<void>;
  forSubject(
    partnershipId: string,
    subjectType: string,
    subjectId: string,
  ): Promise<(AuditEvent & { at: Date })[]>;
}
