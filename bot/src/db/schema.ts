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
  };
}
