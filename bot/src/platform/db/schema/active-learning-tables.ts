import type { ColumnType, Generated } from 'kysely';

/** Active Learning Sets and invitations to attend the Engine Room. */
export interface ActiveLearningTables {
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    set_id: string;
    agency: string;
    status: string;
    last_chased_at: Date | null;
    chases: ColumnType<number, number | undefined, number>;
  };
  active_learning_leads: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
}
