import type { ColumnType, Generated } from 'kysely';

/** Briefing notes and their cascade, the circulation plan and the newsletter. */
export interface BriefingTables {
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    briefing_id: string;
    chunk: number;
    effect_id: string;
    recipients: number;
  };
  briefing_recipients: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    briefing_id: string;
    user_id: string;
    agency: string;
    name: string;
    address: string;
    chunk: number;
  };
  briefing_acknowledgements: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    briefing_id: string;
    user_id: string;
    agency: string;
    name: string;
    at: Generated<Date>;
  };
  briefing_cascades: {
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
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
    /** Set from the transaction's partnership by default (migration 0023). */
    partnership_id: Generated<string>;
    briefing_id: string;
    user_id: string;
    number: number;
    step: string;
    effect_id: string;
    at: Generated<Date>;
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
