import { sql, type Kysely } from 'kysely';

// Serious cases (consideration requests and their Rapid Review clocks), the
// reminders already sent for them, and professional challenge records.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('serious_cases')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('referring_agency', 'text', (c) => c.notNull())
    .addColumn('criteria', 'jsonb', (c) => c.notNull())
    // Answers that do not identify the child; the child's details live apart.
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('child_details', 'jsonb', (c) => c.notNull())
    .addColumn('submitted_by_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    // Calendar dates in England (YYYY-MM-DD) the clocks run from and stop at.
    .addColumn('dates', 'jsonb', (c) => c.notNull())
    .addColumn('decision', 'text')
    .addColumn('decision_reasons', 'text')
    .addColumn('closed_reason', 'text')
    .addColumn('receipt_reference', 'jsonb', (c) => c.notNull())
    .addColumn('receipt_activity_id', 'text')
    .addColumn('channel_conversation_id', 'text')
    .addColumn('channel_activity_id', 'text')
    .addUniqueConstraint('serious_cases_reference_unique', ['partnership_id', 'reference'])
    .addUniqueConstraint('serious_cases_submission_unique', ['partnership_id', 'submission_key'])
    .execute();

  // One row per reminder sent: the marker that keeps each one to once, across restarts.
  await db.schema
    .createTable('serious_case_reminders')
    .addColumn('case_id', 'uuid', (c) => c.notNull().references('serious_cases.id'))
    .addColumn('clock', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('channel_conversation_id', 'text')
    .addColumn('channel_activity_id', 'text')
    .addPrimaryKeyConstraint('serious_case_reminders_pk', ['case_id', 'clock', 'kind'])
    .execute();

  await db.schema
    .createTable('professional_challenges')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('raising_organisation', 'text', (c) => c.notNull())
    .addColumn('receiving_organisation', 'text', (c) => c.notNull())
    .addColumn('resolution_stage', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('raised_date', 'text', (c) => c.notNull())
    .addColumn('resolved_date', 'text', (c) => c.notNull())
    .addColumn('submitted_by_id', 'text', (c) => c.notNull())
    .addColumn('submitted_by_name', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('professional_challenges_reference_unique', [
      'partnership_id',
      'reference',
    ])
    .addUniqueConstraint('professional_challenges_submission_unique', [
      'partnership_id',
      'submission_key',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('professional_challenges').execute();
  await db.schema.dropTable('serious_case_reminders').execute();
  await db.schema.dropTable('serious_cases').execute();
}
