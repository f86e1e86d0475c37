import { sql, type Kysely } from 'kysely';

// KLOEs, and the counters that give each partnership gapless yearly references.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reference_counters')
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('last_value', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('reference_counters_pk', ['partnership_id', 'prefix', 'year'])
    .execute();

  await db.schema
    .createTable('kloes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_by_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('receipt_reference', 'jsonb', (c) => c.notNull())
    .addColumn('receipt_activity_id', 'text')
    .addColumn('channel_conversation_id', 'text')
    .addColumn('channel_activity_id', 'text')
    .addUniqueConstraint('kloes_reference_unique', ['partnership_id', 'reference'])
    .addUniqueConstraint('kloes_submission_unique', ['partnership_id', 'submission_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('kloes').execute();
  await db.schema.dropTable('reference_counters').execute();
}
