import { sql, type Kysely } from 'kysely';

// Graph side effects (mail, events, Planner tasks, activity notifications) decided in a
// transaction and carried out by a job: one row per effect, keyed so a decision taken
// twice is one effect, with the progress the job needs to be idempotent after a crash.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('graph_side_effects')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
    .addColumn('partnership_id', 'text', (c) => c.notNull())
    .addColumn('effect_key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('progress', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('pending'))
    .addColumn('result', 'jsonb')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('completed_at', 'timestamptz')
    .addUniqueConstraint('graph_side_effects_key_unique', ['partnership_id', 'effect_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('graph_side_effects').execute();
}
