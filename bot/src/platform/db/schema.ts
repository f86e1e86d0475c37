import type { ColumnType, Generated } from 'kysely';

/** Table types for Kysely; the migrations in ./migrations are the source of truth. */
export interface Tables {
  activity_receipts: {
    activity_id: string;
    conversation_id: string;
    received_at: Generated<Date>;
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
  kloes: {
    id: Generated<string>;
    partnership_id: string;
    reference: string;
    submission_key: string;
    status: string;
    version: Generated<number>;
    values: ColumnType<Record<string, string>, string, string>;
    submitted_by_id: string;
    submitted_by_name: string;
    submitted_at: Date;
    receipt_reference: ColumnType<object, string, string>;
    receipt_activity_id: string | null;
    channel_conversation_id: string | null;
    channel_activity_id: string | null;
    /** A date column: kept as the text 'YYYY-MM-DD' (see database.ts type parsers). */
    meeting_date: ColumnType<string | null, string | null, string | null>;
    decline_reason: string | null;
    duplicate_of_id: string | null;
    last_change_by_id: string | null;
    last_change_by_name: string | null;
    last_change_action: string | null;
    last_change_at: Date | null;
    /** When the submitter's identity was removed under the retention rules (migration 0014). */
    anonymised_at: ColumnType<Date | null, never, Date>;
    /** SHA-256 of the REST request that raised it, kept with its Idempotency-Key (migration 0019). */
    request_hash: ColumnType<string | null, string | null | undefined, string | null>;
  };
  kloe_questions: {
    id: Generated<string>;
    kloe_id: string;
    question: string;
    asked_by_id: string;
    asked_by_name: string;
    asked_at: Date;
    answer: string | null;
    answered_at: Date | null;
    card_conversation_id: string | null;
    card_activity_id: string | null;
  };
  kloe_links: {
    kloe_id: string;
    linked_id: string;
    created_by_id: string;
    created_at: Date;
  };
  kloe_events: {
    id: Generated<string>;
    kloe_id: string;
    version: number;
    at: Date;
    actor_id: string;
    actor_name: string;
    action: string;
    detail: ColumnType<unknown, string | undefined, never>;
  };
  queue_items: {
    record_type: string;
    record_id: string;
    partnership_id: string;
    reference: string;
    title: string;
    status: string;
    status_text: string;
    theme: string | null;
    agency: string | null;
    received_at: Date;
    next_deadline: string | null;
    next_deadline_what: string | null;
    submitted_by_id: string;
    search_text: ColumnType<string, string | undefined, string>;
  };
  record_events: {
    id: Generated<string>;
    record_type: string;
    record_id: string;
    at: Date;
    actor_id: string;
    actor_name: string;
    action: string;
  };
  record_evidence: {
    id: Generated<string>;
    record_type: string;
    record_id: string;
    summary: string;
    source: string;
    source_date: string;
    added_by_id: string;
    added_by_name: string;
    added_at: Date;
  };
  record_activities: {
    id: Generated<string>;
    record_type: string;
    record_id: string;
    kind: string;
    description: string;
    owner: string;
    start_date: string;
    end_date: string;
    added_by_id: string;
    added_at: Date;
  };
  record_recommendations: {
    id: Generated<string>;
    partnership_id: string;
    record_type: string;
    record_id: string;
    text: string;
    owning_agency: string;
    due_date: string;
    status: Generated<string>;
    created_by_id: string;
    created_at: Date;
    completed_at: Date | null;
    reference: string;
    source: string;
    source_reference: string | null;
    theme: string | null;
    percent_complete: Generated<number>;
    version: Generated<number>;
    assignee_id: string | null;
    assignee_name: string | null;
    pathways_edited_at: Date | null;
    planner_task_id: string | null;
    planner_etag: string | null;
    /** What Pathways and Planner last agreed: { percentComplete, dueDate }. */
    planner_synced: ColumnType<unknown, string | null | undefined, string | null>;
    planner_checked_at: Date | null;
    impact_due_on: string | null;
    impact_task_id: string | null;
    impact_rating: string | null;
    impact_evidence: string | null;
    impact_recorded_by_id: string | null;
    impact_recorded_at: Date | null;
  };
  recommendation_events: {
    id: Generated<number>;
    recommendation_id: string;
    at: Date;
    actor_id: string;
    actor_name: string;
    action: string;
    detail: ColumnType<unknown, string | null | undefined, string | null>;
  };
  planner_buckets: {
    partnership_id: string;
    plan_id: string;
    name: string;
    bucket_id: string;
  };
  record_outcomes: {
    record_type: string;
    record_id: string;
    partnership_id: string;
    learning: string;
    decision: string;
    recorded_by_id: string;
    recorded_at: Date;
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
  };
  serious_cases: {
    id: Generated<string>;
    partnership_id: string;
    reference: string;
    submission_key: string;
    status: string;
    version: Generated<number>;
    referring_agency: string;
    criteria: ColumnType<string[], string, string>;
    values: ColumnType<Record<string, string>, string, string>;
    child_details: ColumnType<Record<string, string>, string, string>;
    submitted_by_id: string;
    submitted_by_name: string;
    submitted_at: Date;
    dates: ColumnType<Record<string, string>, string, string>;
    decision: string | null;
    decision_reasons: string | null;
    closed_reason: string | null;
    receipt_reference: ColumnType<object, string, string>;
    receipt_activity_id: string | null;
    channel_conversation_id: string | null;
    channel_activity_id: string | null;
    /** When the child's details were removed under the retention rules (migration 0014). */
    child_details_removed_at: ColumnType<Date | null, never, Date>;
  };
  serious_case_reminders: {
    case_id: string;
    clock: string;
    kind: string;
    due_date: string;
    created_at: Generated<Date>;
    channel_conversation_id: string | null;
    channel_activity_id: string | null;
  };
  professional_challenges: {
    id: Generated<string>;
    partnership_id: string;
    reference: string;
    submission_key: string;
    values: ColumnType<Record<string, string>, string, string>;
    raising_organisation: string;
    receiving_organisation: string;
    resolution_stage: string;
    outcome: string;
    raised_date: string;
    resolved_date: string;
    submitted_by_id: string;
    submitted_by_name: string;
    submitted_at: Date;
    /** When the submitter's identity was removed under the retention rules (migration 0014). */
    anonymised_at: ColumnType<Date | null, never, Date>;
  };
  briefings: {
    id: Generated<string>;
    partnership_id: string;
    reference: string;
    title: string;
    kind: string;
    theme: string;
    note: ColumnType<unknown, string, never>;
    status: ColumnType<string, string | undefined, string>;
    created_by_id: string;
    created_by_name: string;
    created_at: Generated<Date>;
    /** Back to null when a send is cancelled within its undo window. */
    send_requested_at: ColumnType<Date | null, never, Date | null>;
    send_requested_by_id: ColumnType<string | null, never, string | null>;
    prepared_at: ColumnType<Date | null, never, Date>;
    /** When the leads named in its cascade were removed under the retention rules (migration 0017). */
    people_removed_at: ColumnType<Date | null, never, Date>;
    /** A newsletter sent as a briefing: its quarter and saved version (migration 0016). */
    newsletter_year: ColumnType<number | null, number | undefined, number>;
    newsletter_quarter: ColumnType<number | null, number | undefined, number>;
    newsletter_version: ColumnType<number | null, number | undefined, number>;
  };
  briefing_messages: {
    briefing_id: string;
    chunk: number;
    effect_id: string;
    recipients: number;
  };
  briefing_recipients: {
    briefing_id: string;
    user_id: string;
    agency: string;
    name: string;
    address: string;
    chunk: number;
  };
  briefing_acknowledgements: {
    briefing_id: string;
    user_id: string;
    agency: string;
    name: string;
    at: Generated<Date>;
  };
  briefing_cascades: {
    id: Generated<string>;
    briefing_id: string;
    agency: string;
    method: string;
    on_date: string;
    staff_reached: number;
    note: string | null;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Generated<Date>;
  };
  briefing_impact_reports: {
    id: Generated<string>;
    briefing_id: string;
    agency: string;
    recommendation: number;
    change: string;
    impact: string;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Generated<Date>;
  };
  briefing_reminders: {
    briefing_id: string;
    user_id: string;
    number: number;
    step: string;
    effect_id: string;
    at: Generated<Date>;
  };
  active_learning_sets: {
    id: Generated<string>;
    partnership_id: string;
    record_type: string;
    record_id: string;
    activity_id: string | null;
    theme: string;
    kind: string;
    description: string;
    planned_from: ColumnType<string, string, string>;
    planned_to: ColumnType<string, string, string>;
    nominations_by: ColumnType<string, string, string>;
    status: ColumnType<string, string | undefined, string>;
    created_by_id: string;
    created_by_name: string;
    created_at: Date;
    meeting_start: Date | null;
    meeting_end: Date | null;
    meeting_effect_id: string | null;
    attendance_recorded_at: Date | null;
    /** When the people named in it were removed under the retention rules (migration 0017). */
    people_removed_at: ColumnType<Date | null, never, Date>;
  };
  active_learning_agencies: {
    set_id: string;
    agency: string;
    status: string;
    last_chased_at: Date | null;
    chases: ColumnType<number, number | undefined, number>;
  };
  active_learning_leads: {
    id: Generated<string>;
    set_id: string;
    agency: string;
    lead_id: string;
    lead_name: string;
    lead_mail: string | null;
    cards_sent: ColumnType<number, number | undefined, number>;
    card_conversation_id: string | null;
    card_activity_id: string | null;
  };
  active_learning_nominations: {
    id: Generated<string>;
    set_id: string;
    agency: string;
    person_id: string;
    person_name: string;
    person_mail: string | null;
    nominated_by_id: string;
    nominated_by_name: string;
    nominated_at: Date;
    note: string | null;
  };
  active_learning_attendance: {
    nomination_id: string;
    set_id: string;
    attended: boolean;
    recorded_by_id: string;
    recorded_at: Date;
  };
  engine_room_invitations: {
    id: Generated<string>;
    partnership_id: string;
    record_type: string;
    record_id: string;
    agency: string;
    person_id: string;
    person_name: string;
    meeting_date: ColumnType<string, string, string>;
    note: string | null;
    status: ColumnType<string, string | undefined, string>;
    answer_note: string | null;
    answered_at: Date | null;
    invited_by_id: string;
    invited_by_name: string;
    invited_at: Date;
    card_conversation_id: string | null;
    card_activity_id: string | null;
    /** When the people named in it were removed under the retention rules (migration 0017). */
    people_removed_at: ColumnType<Date | null, never, Date>;
  };
  partnership_events: {
    id: Generated<string>;
    partnership_id: string;
    kind: string;
    title: string;
    /** A date column: kept as the text 'YYYY-MM-DD'. */
    occurs_on: string;
    delivery: 'in-person' | 'virtual' | 'hybrid' | null;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  circulation_done: {
    id: Generated<number>;
    partnership_id: string;
    item_id: string;
    occurrence: string;
    done_on: string;
    recorded_by_id: string;
    recorded_by_name: string;
    recorded_at: Date;
  };
  newsletter_drafts: {
    partnership_id: string;
    year: number;
    quarter: number;
    version: number;
    content: ColumnType<unknown, string, never>;
    saved_by_id: string;
    saved_by_name: string;
    saved_at: Date;
  };
}
