import { loadPartnership } from '@pathways/core';
import { sql } from 'kysely';
import request from 'supertest';
import type { Database } from '../platform/db/database';
import { openTestDatabase } from '../platform/db/test-database';
import { startApiUnderTest, type ApiUnderTest } from '../test-support/api-under-test';
import { catalogue, seededId, seedRow, type Catalogue } from '../test-support/seed-rows';
import { isPersonal, PERSONAL_DATA, type PersonalTable } from './personal-data';

// Every table the migrations make is declared in personal-data.ts: what it
// holds about people, whether a person's export includes it, and which
// retention rule removes it. Read from the database itself, so a table or a
// column added by a migration without a declaration fails here.

/** Columns that hold a person's id, by their names. */
const PERSON_ID = /(^|_)(user|user_aad|person|lead|actor|assignee)_id$|_by_id$/;
/** Columns that name or contact a person, by their names. */
const PERSON_DETAIL = /_by_name$|^(person|lead|actor|assignee)_(name|mail)$|^address$/;

type Entry = PersonalTable<never> | { none: string };
const entries = PERSONAL_DATA as unknown as Record<string, Entry>;

/** What the catalogue holds that personal-data.ts does not declare (empty when all is declared). */
function undeclared(cat: Catalogue) {
  const problems: string[] = [];
  for (const [table, columns] of cat.byTable) {
    const entry = entries[table];
    if (!entry) {
      problems.push(`${table}: not declared`);
      continue;
    }
    const declared = isPersonal(entry)
      ? [...(entry.people as string[]), ...((entry.details ?? []) as string[])]
      : [];
    for (const { column } of columns) {
      if (PERSON_ID.test(column) && !(isPersonal(entry) && entry.people.includes(column as never)))
        problems.push(`${table}.${column}: holds a person's id but is not in people`);
      else if (PERSON_DETAIL.test(column) && !declared.includes(column))
        problems.push(`${table}.${column}: names a person but is not declared`);
    }
    for (const column of declared) {
      if (!columns.some((c) => c.column === column))
        problems.push(`${table}.${column}: declared but not in the database`);
    }
  }
  for (const table of Object.keys(entries)) {
    if (!cat.byTable.has(table)) problems.push(`${table}: declared but not in the database`);
  }
  return problems;
}

describe(`personal data in every table, on ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`, () => {
  let database: Database;
  let cat: Catalogue;
  beforeAll(async () => {
    // Acting for the partnership, as the service does (row-level security, migration 0021).
    database = (await openTestDatabase()).forPartnership({ partnershipId: 'hsscp' });
    cat = await catalogue(database.db);
  });
  afterAll(async () => {
    await database.close();
  });

  it('when the migrations have run, then every table and every column that holds a person is declared', () => {
    expect(cat.byTable.size).toBeGreaterThan(30);
    expect(undeclared(cat)).toEqual([]);
  });

  it('when a migration adds a table or a column holding a person without declaring it, then the check names it', async () => {
    await sql`CREATE TABLE training_bookings (id uuid PRIMARY KEY, booked_by_id text, attendee_mail text)`.execute(
      database.db,
    );
    await sql`ALTER TABLE briefing_cascades ADD COLUMN witness_user_id text, ADD COLUMN actor_name text`.execute(
      database.db,
    );
    try {
      expect(undeclared(await catalogue(database.db))).toEqual([
        "briefing_cascades.witness_user_id: holds a person's id but is not in people",
        'briefing_cascades.actor_name: names a person but is not declared',
        'training_bookings: not declared',
      ]);
    } finally {
      await sql`DROP TABLE training_bookings`.execute(database.db);
      await sql`ALTER TABLE briefing_cascades DROP COLUMN witness_user_id, DROP COLUMN actor_name`.execute(
        database.db,
      );
    }
  });

  it('when a table’s export matches only some of its people columns, then the declaration says why', () => {
    for (const [table, entry] of Object.entries(entries)) {
      if (!isPersonal(entry) || !('section' in entry.export)) continue;
      const unmatched = (entry.people as string[]).filter(
        (c) => !(entry.export as { by: string[] }).by.includes(c),
      );
      if (unmatched.length > 0)
        expect([table, entry.export.rest]).toEqual([table, expect.any(String)]);
    }
  });

  it('when a retention rule is configured, then some table declares what it removes, and every rule named exists', () => {
    const rules = Object.keys(loadPartnership('hsscp').retention);
    const named = new Set(
      Object.values(entries).flatMap((e) =>
        isPersonal(e) && 'rules' in e.retention ? (e.retention.rules as string[]) : [],
      ),
    );
    expect([...named].sort()).toEqual([...rules].sort());
  });
});

describe('a person’s export reaches every table that holds them', () => {
  let api: ApiUnderTest;
  let cat: Catalogue;
  const person = '00000000-0000-4000-8000-00000000e001';
  const someoneElse = '00000000-0000-4000-8000-00000000e002';
  const admin = '00000000-0000-4000-8000-00000000e0ad';

  /** The tables a person's export includes (by its own section or as records). */
  const exported = Object.entries(entries).filter(
    ([, e]) => isPersonal(e) && !('not' in e.export),
  ) as [string, PersonalTable<never>][];

  beforeAll(async () => {
    api = await startApiUnderTest();
    cat = await catalogue(api.database.db);
    // One row in every exported table naming the person in every people column; the
    // same again for someone else, and for the person in another partnership.
    for (const [seed, partnershipId, id, number] of [
      ['mine', 'hsscp', person, 1],
      ['theirs', 'hsscp', someoneElse, 2],
      ['elsewhere', 'stockport', person, 3],
    ] as const) {
      const done = new Set<string>();
      // Each partnership's rows written acting for it (row-level security, migration 0021).
      const seeding = api.database.forPartnership({ partnershipId }).db;
      // The record (record_type, record_id) the Engine Room's notes are on: its queue line
      // says which partnership it is in.
      await seedRow(seeding, cat, 'queue_items', { seed, partnershipId, number, done });
      for (const [table, entry] of exported) {
        if (done.has(`${table}/${seed}`)) {
          // Made already as another table's parent: name the person in it too.
          await sql`UPDATE ${sql.table(table)} SET ${sql.join(
            (entry.people as string[]).map((c) => sql`${sql.ref(c)} = ${id}`),
          )} WHERE id = ${seededId(table, seed)}`.execute(seeding);
          continue;
        }
        await seedRow(seeding, cat, table, {
          seed,
          partnershipId,
          number,
          person: { id, columns: entry.people as string[] },
          done,
        });
      }
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('when an administrator exports the person, then each table holding them gives exactly their row in this partnership', async () => {
    const token = await api.issuer.sign({ roles: ['Administrator'], oid: admin, sub: admin });
    const res = await request(api.app)
      .get(`/api/people/${person}/export`)
      .set('authorization', `Bearer ${token}`);
    expect(res.status).toBe(200);
    const counts = Object.fromEntries(exported.map(([table]) => [table, res.body.tables[table]]));
    expect(counts).toEqual(Object.fromEntries(exported.map(([table]) => [table, 1])));
    for (const [table, entry] of exported) {
      if (!('scope' in entry.export)) continue;
      const [row] = res.body.records[table] as Record<string, unknown>[];
      expect([table, (entry.people as string[]).some((c) => row![c] === person)]).toEqual([
        table,
        true,
      ]);
      for (const column of (entry.export.omit ?? []) as string[])
        expect(row).not.toHaveProperty(column);
    }
    expect(JSON.stringify(res.body)).not.toContain(someoneElse);
  });
});
