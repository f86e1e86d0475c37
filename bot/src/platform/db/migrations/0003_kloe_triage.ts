import { sql, type Kysely } from 'kysely';

// Triage of KLOEs: decisions on the record, questions to the submitter,
// links between KLOEs, and a history of every change (for the tab).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('kloes')
    .addColumn('meeting_date', 'date')
    .addColumn('decline_reason', 'text')
    .addColumn('duplicate_of_id', 'uuid', (c) => c.references('kloes.id'))
    .addColumn('last_change_by_id', 'text')
    .addColumn('last_change_by_name', 'text')
    .addColumn('last_change_action', 'text')
    .addColumn('last_change_at', 'timestamptz')
    .execute();

  await db.schema
    .createTable('kloe_questions')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('kloe_id', 'uuid', (c) => c.notNull().references('kloes.id'))
    .addColumn('question', 'text', (c) => c.notNull())
    .addColumn('asked_by_id', 'text', (c) => c.notNull())
    .addColumn('asked_by_name', 'text', (c) => c.notNull())
    .addColumn('asked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('answer', 'text')
    .addColumn('answered_at', 'timestamptz')
    // Where the question card went, so a rerun of the job updates it, never re-sends.
    .addColumn('card_conversation_id', 'text')
    .addColumn('card_activity_id', 'text')
    .execute();
  await db.schema
    .createIndex('kloe_questions_kloe')
    .on('kloe_questions')
    .columns(['kloe_id', 'asked_at'])
    .execute();

  await db.schema
    .createTable('kloe_links')
    .addColumn('kloe_id', 'uuid', (c) => c.notNull().references('kloes.id'))
    .addColumn('linked_id', 'uuid', (c) => c.notNull().references('kloes.id'))
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('kloe_links_pk', ['kloe_id', 'linked_id'])
    .execute();
  await db.schema.createIndex('kloe_links_linked').on('kloe_links').column('linked_id').execute();

  await db.schema
    .createTable('kloe_events')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('kloe_id', 'uuid', (c) => c.notNull().references('kloes.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull())
    .addColumn('actor_id', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createIndex('kloe_events_kloe')
    .on('kloe_events')
    .columns(['kloe_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kloe_events').execute();
  await db.schema.dropTable('kloe_links').execute();
  await db.schema.dropTable('kloe_questions').execute();
  await db.schema
    .alterTable('kloes')
    .dropColumn('meeting_date')
    .dropColumn('decline_reason')
    .dropColumn('duplicate_of_id')
    .dropColumn('last_change_by_id')
    .dropColumn('last_change_by_name')
    .dropColumn('last_change_action')
    .dropColumn('last_change_at')
    .execute();
}
