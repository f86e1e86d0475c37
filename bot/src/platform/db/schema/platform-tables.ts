import type { ColumnType, Generated } from 'kysely';

/** What the platform keeps: deliveries, chats, the audit trail, rate limits, references, side effects, posts. */
export interface PlatformTables {
  activity_receipts: {
    activity_id: string;
    conversation_id: string;
    received_at: Generated<Date>;
  };
  /** The partnership a person chose for a chat (migration 0026); global, no partnership's data. */
  conversation_partnerships: {
    conversation_id: string;
    person_id: string;
    partnership_id: string;
    chosen_at: Generated<Date>;
  };
  conversation_references: {
    user_aad_id: string;
    partnership_id: string;
    conversation_id: string;
    reference: ColumnType<unknown, string, string>;
    updated_at: Generated<Date>;
  };
  audit_events: {
    id: Generated<number>;
    at: Generated<Date>;
    partnership_id: string;
    actor_id: string;
    action: string;
    subject_type: string;
    subject_id: string;
    detail: ColumnType<unknown, string | undefined, never>;
    /** Set by the chaining trigger (migration 0005); never by the application. */
    seq: ColumnType<number, never, never>;
    prev_hash: ColumnType<string, never, never>;
    hash: ColumnType<string, never, never>;
  };
  teams_post_attempts: {
    marker: string;
    conversation: string;
    attempted_at: Generated<Date>;
    /** The run making the post, until `claimed_until` (migration 0027). */
    claim_token: string | null;
    claimed_until: Date | null;
    /** Where it was posted, once it was (a rerun returns this rather than posting). */
    posted_conversation_id: string | null;
    posted_activity_id: string | null;
  };
  /** Sends reserved against a published limit, shared by every instance (migration 0024). */
  pacing_slots: {
    id: Generated<number>;
    key: string;
    at_ms: number;
    units: number;
  };
  pacing_leases: {
    id: Generated<number>;
    key: string;
    expires_at_ms: number;
  };
  rate_limit_hits: {
    key: string;
    hits: number;
    reset_at: Date;
  };
  audit_chain_heads: {
    partnership_id: string;
    last_seq: number;
    last_hash: string;
  };
  /** The audit chain's head, signed with a key outside the database (migration 0019). */
  audit_head_signatures: {
    id: Generated<number>;
    partnership_id: string;
    seq: number;
    head_hash: string;
    signed_at: Date;
    key_id: string;
    signature: string;
  };
  reference_counters: {
    partnership_id: string;
    prefix: string;
    year: number;
    last_value: number;
  };
  graph_side_effects: {
    id: Generated<string>;
    partnership_id: string;
    effect_key: string;
    kind: string;
    payload: ColumnType<unknown, string, never>;
    progress: ColumnType<Record<string, unknown>, string | undefined, string>;
    status: ColumnType<string, string | undefined, string>;
    result: ColumnType<unknown, never, string>;
    attempts: ColumnType<number, never, number>;
    created_at: Generated<Date>;
    completed_at: ColumnType<Date | null, never, Date>;
    /** The worker holding it and until when (migration 0025); a lapsed claim is free. */
    claim_token: ColumnType<string | null, never, string | null>;
    claimed_until: ColumnType<Date | null, never, Date | null>;
  };
}
