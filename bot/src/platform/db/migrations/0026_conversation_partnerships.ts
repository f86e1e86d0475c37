import { sql, type Kysely } from 'kysely';

// Which partnership a person chose for a chat with Pathways, when they belong to several:
// their messages in that chat act in it until they switch. Global (no row-level security,
// like activity_receipts): it names a partnership but holds none of its data.
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE TABLE conversation_partnerships (
    conversation_id text NOT NULL,
    person_id text NOT NULL,
    partnership_id text NOT NULL,
    chosen_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (conversation_id, person_id)
  )`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('conversation_partnerships').execute();
}
