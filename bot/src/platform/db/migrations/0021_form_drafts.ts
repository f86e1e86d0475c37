import { sql, type Kysely } from 'kysely';

// A long form asked in chat one card at a time (the consideration request) keeps
// the answers given so far here, so the service itself stays stateless: any
// instance can take the next press, and a person who comes back later finds what
// they entered. One row per card instance and person; it goes when the record is
// made, and drafts not touched for 30 days are pruned (they may identify a child).
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('form_drafts')
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('submission_key', 'text', (c) => c.notNull())
    .addColumn('form_id', 'text', (c) => c.notNull())
    .addColumn('owner_id', 'text', (c) => c.notNull())
    // The card instance's id, to draw the card again with it (resume).
    .addColumn('submission_id', 'text')
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('values', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('form_drafts_pk', ['partnership_id', 'submission_key'])
    .execute();
  await db.schema
    .createIndex('form_drafts_owner')
    .on('form_drafts')
    .columns(['partnership_id', 'owner_id', 'form_id', 'updated_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('form_drafts').execute();
}
