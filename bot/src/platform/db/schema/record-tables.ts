import type { ColumnType, Generated } from 'kysely';

/** The records (KLOEs, consideration requests, challenges), their queue lines and the Engine Room's work on them. */
export interface RecordTables {
  /** Answers given so far to a form asked in steps (migration 0021). */
  form_drafts: {
    partnership_id: string;
    submission_key: string;
    form_id: string;
    owner_id: string;
    submission_id: string | null;
    step: string;
    values: ColumnType<Record<string, string>, string, string>;
    updated_at: ColumnType<Date, Date | undefined, Date>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    kloe_id: string;
    linked_id: string;
    created_by_id: string;
    created_at: Date;
  };
  kloe_events: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    id: Generated<string>;
    record_type: string;
    record_id: string;
    at: Date;
    actor_id: string;
    actor_name: string;
    action: string;
  };
  /** Each record's lifecycle steps (migration 0022; core/src/records/record-lifecycle.ts). */
  record_lifecycle: {
    id: Generated<string>;
    partnership_id: string;
    record_type: string;
    record_id: string;
    stage: string;
    result: string | null;
    actor_id: string;
    actor_name: string;
    at: Date;
  };
  record_evidence: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
}
