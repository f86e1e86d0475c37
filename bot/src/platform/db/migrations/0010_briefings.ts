import { sql, type Kysely } from 'kysely';

// Briefing notes and their cascade to every agency's leads: the note (immutable once
// sent), who it reached (resolved from the circulation lists at sending), the messages
// that carried it (each a Graph side effect of at most 500 recipients), and what each
// agency's leads did with it. Lead actions are added, never edited.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('briefings')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('theme', 'text', (c) => c.notNull())
    .addColumn('note', 'jsonb', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft'))
    .addColumn('created_by_id', 'text', (c) => c.notNull())
    .addColumn('created_by_name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('send_requested_at', 'timestamptz')
    .addColumn('send_requested_by_id', 'text')
    // Set once the recipients and messages are stored (the cascade is decided).
    .addColumn('prepared_at', 'timestamptz')
    .addUniqueConstraint('briefings_reference_unique', ['partnership_id', 'reference'])
    .execute();
  await db.schema
    .createIndex('briefings_partnership_created')
    .on('briefings')
    .columns(['partnership_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('briefing_messages')
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addColumn('effect_id', 'uuid', (c) => c.notNull().references('graph_side_effects.id'))
    .addColumn('recipients', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_messages_pk', ['briefing_id', 'chunk'])
    .execute();

  await db.schema
    .createTable('briefing_recipients')
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('chunk', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('briefing_recipients_pk', ['briefing_id', 'user_id'])
    .execute();
  await db.schema
    .createIndex('briefing_recipients_user')
    .on('briefing_recipients')
    .columns(['user_id', 'briefing_id'])
    .execute();

  await db.schema
    .createTable('briefing_acknowledgements')
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('briefing_acknowledgements_pk', ['briefing_id', 'user_id'])
    .execute();

  await db.schema
    .createTable('briefing_cascades')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('on_date', 'text', (c) => c.notNull())
    .addColumn('staff_reached', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('recorded_by_id', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('briefing_cascades_briefing')
    .on('briefing_cascades')
    .columns(['briefing_id', 'agency'])
    .execute();

  await db.schema
    .createTable('briefing_impact_reports')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('agency', 'text', (c) => c.notNull())
    .addColumn('recommendation', 'integer', (c) => c.notNull())
    .addColumn('change', 'text', (c) => c.notNull())
    .addColumn('impact', 'text', (c) => c.notNull())
    .addColumn('recorded_by_id', 'text', (c) => c.notNull())
    .addColumn('recorded_by_name', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createIndex('briefing_impact_reports_briefing')
    .on('briefing_impact_reports')
    .columns(['briefing_id', 'agency'])
    .execute();

  // One row per reminder decided: (briefing, lead, number) keeps each to once, across
  // restarts and instances.
  await db.schema
    .createTable('briefing_reminders')
    .addColumn('briefing_id', 'uuid', (c) => c.notNull().references('briefings.id'))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('effect_id', 'uuid', (c) => c.notNull().references('graph_side_effects.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('briefing_reminders_pk', ['briefing_id', 'user_id', 'number'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'briefing_reminders',
    'briefing_impact_reports',
    'briefing_cascades',
    'briefing_acknowledgements',
    'briefing_recipients',
    'briefing_messages',
    'briefings',
  ]) {
    await db.schema.dropTable(table).execute();
  }
}
