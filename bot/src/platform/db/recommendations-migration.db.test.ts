import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './database';
import { createMigrator, listedMigrations, migrateToLatest } from './migrate';
import { openTestDatabase } from './test-database';

let database: Database;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

describe('migration 0012: one recommendations model', () => {
  it('when a database already has every later migration, then 0012 is still applied when it arrives', async () => {
    await createMigrator(database.db).migrateTo('0009_serious_cases');
    // As main was before recommendations landed: every other migration, 0013's
    // impact_recorded_at included, without 0012 (and 0023, which came after it).
    const {
      '0012_recommendations': _planner,
      '0023_partnership_isolation': _isolation,
      ...others
    } = listedMigrations();
    const before = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => others },
      allowUnorderedMigrations: true,
    });
    expect((await before.migrateToLatest()).error).toBeUndefined();
    expect(await migrateToLatest(database.db)).toEqual([
      '0012_recommendations',
      '0023_partnership_isolation',
    ]);
  });

  it('when recommendations were recorded before it, then each gets its source, theme, record reference and a REC reference, and numbering carries on', async () => {
    // Back to before 0012 (and whatever came after it), as a database deployed before it.
    const { error, results } = await createMigrator(database.db).migrateTo('0009_serious_cases');
    expect(error).toBeUndefined();
    expect(results).toContainEqual(
      expect.objectContaining({ migrationName: '0012_recommendations', status: 'Success' }),
    );

    const kloe = '6c5e3d0a-1b2c-4d5e-8f90-a1b2c3d4e5f6';
    await sql`INSERT INTO queue_items (record_type, record_id, partnership_id, reference, title,
        status, status_text, theme, received_at, submitted_by_id)
      VALUES ('kloe', ${kloe}, 'hsscp', 'KLOE-2026-0004', 'A KLOE', 'accepted', 'Accepted',
        'Neglect', now(), 'pat')`.execute(database.db);
    for (const [text, at] of [
      ['Second, by date', '2026-05-02T10:00:00Z'],
      ['First, by date', '2026-05-01T10:00:00Z'],
    ])
      await sql`INSERT INTO record_recommendations (partnership_id, record_type, record_id, text,
          owning_agency, due_date, created_by_id, created_at)
        VALUES ('hsscp', 'kloe', ${kloe}, ${text}, 'Cleveland Police', '2026-09-30', 'eli',
          ${at}::timestamptz)`.execute(database.db);

    await migrateToLatest(database.db);
    const rows = await database.db
      .selectFrom('record_recommendations')
      .select(['text', 'reference', 'source', 'theme', 'source_reference', 'status'])
      .orderBy('reference')
      .execute();
    expect(rows).toEqual([
      {
        text: 'First, by date',
        reference: 'REC-2026-0001',
        source: 'kloe',
        theme: 'Neglect',
        source_reference: 'KLOE-2026-0004',
        status: 'open',
      },
      expect.objectContaining({ text: 'Second, by date', reference: 'REC-2026-0002' }),
    ]);
    const counter = await database.db
      .selectFrom('reference_counters')
      .select('last_value')
      .where('prefix', '=', 'REC')
      .where('year', '=', 2026)
      .executeTakeFirstOrThrow();
    expect(counter.last_value).toBe(2);
  });
});
