import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';

/**
 * Rows for tests that must reach every table, including tables added after
 * the test was written: each column is read from the database's catalogue
 * and given a plain value of its type, references point at the parent rows
 * this seeder made for the same `seed`, and `overrides` set what the test is
 * about. Not for tests of one feature's rules: use its store for those.
 */

export interface ColumnInfo {
  table: string;
  column: string;
  type: string;
  nullable: boolean;
  hasDefault: boolean;
}

export async function catalogue(db: Kysely<Tables>) {
  const columns = await sql<{
    table_name: string;
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
    is_generated: string;
  }>`SELECT table_name, column_name, data_type, is_nullable, column_default, is_generated
     FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name NOT LIKE 'kysely_migration%'
     ORDER BY table_name, ordinal_position`.execute(db);
  const references = await sql<{ table_name: string; column_name: string; parent: string }>`
    SELECT kcu.table_name, kcu.column_name, ccu.table_name AS parent
    FROM information_schema.table_constraints tc
    JOIN information_schema.key_column_usage kcu
      ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
    JOIN information_schema.constraint_column_usage ccu
      ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
    WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()`.execute(db);
  const byTable = new Map<string, ColumnInfo[]>();
  for (const c of columns.rows) {
    const list = byTable.get(c.table_name) ?? [];
    list.push({
      table: c.table_name,
      column: c.column_name,
      type: c.data_type,
      nullable: c.is_nullable === 'YES',
      hasDefault: c.column_default !== null || c.is_generated === 'ALWAYS',
    });
    byTable.set(c.table_name, list);
  }
  const parents = new Map<string, string>();
  for (const r of references.rows) parents.set(`${r.table_name}.${r.column_name}`, r.parent);
  return { byTable, parents };
}

export type Catalogue = Awaited<ReturnType<typeof catalogue>>;

/** The same uuid for the same table and seed: how a child finds its parent. */
export function seededId(table: string, seed: string): string {
  const h = createHash('sha256').update(`${table}/${seed}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function valueFor(
  c: ColumnInfo,
  seed: string,
  partnershipId: string,
  n: number,
  parent?: string,
): unknown {
  if (parent) return seededId(parent, seed);
  if (c.column === 'id' && c.type === 'uuid') return seededId(c.table, seed);
  if (c.column === 'partnership_id') return partnershipId;
  switch (c.type) {
    case 'uuid':
      // Every other id (record_id, activity_id) of one seed is the same record.
      return seededId('record', seed);
    case 'integer':
    case 'bigint':
    case 'smallint':
    case 'numeric':
      return n;
    case 'boolean':
      return true;
    case 'date':
      return '2020-01-01';
    case 'timestamp with time zone':
    case 'timestamp without time zone':
      return new Date('2020-01-01T12:00:00Z');
    case 'jsonb':
    case 'json':
      return JSON.stringify({});
    default:
      // Text: the same for the same column and seed (record_type in a queue line and its notes).
      return `${c.column}-${seed}`;
  }
}

/**
 * Inserts one row into `table` for `seed`, and first the parent rows it
 * references (once per seed). `people` fills every column in `personColumns`
 * (nullable ones too) with the person's id. Returns the values inserted.
 */
export async function seedRow(
  db: Kysely<Tables>,
  cat: Catalogue,
  table: string,
  options: {
    seed: string;
    partnershipId?: string;
    /** The value of every number column (1 to 4: a quarter is one), distinct per seed where keys need it. */
    number?: number;
    overrides?: Record<string, unknown>;
    person?: { id: string; columns: string[] };
    done?: Set<string>;
  },
): Promise<Record<string, unknown>> {
  const {
    seed,
    partnershipId = 'hsscp',
    number = 1,
    overrides = {},
    person,
    done = new Set(),
  } = options;
  const columns = cat.byTable.get(table);
  if (!columns) throw new Error(`No table ${table}`);
  const values: Record<string, unknown> = {};
  for (const c of columns) {
    const parent = cat.parents.get(`${table}.${c.column}`);
    if (parent && parent !== table && !done.has(`${parent}/${seed}`)) {
      done.add(`${parent}/${seed}`);
      await seedRow(db, cat, parent, { seed, partnershipId, number, done });
    }
    if (c.column in overrides) values[c.column] = overrides[c.column];
    else if (person?.columns.includes(c.column)) values[c.column] = person.id;
    else if (c.hasDefault && !(c.column === 'id' && c.type === 'uuid')) continue;
    else if (c.nullable && !parent) continue;
    else values[c.column] = valueFor(c, seed, partnershipId, number, parent);
  }
  done.add(`${table}/${seed}`);
  const names = Object.keys(values);
  await sql`INSERT INTO ${sql.table(table)} (${sql.join(names.map((n) => sql.ref(n)))})
    VALUES (${sql.join(names.map((n) => values[n]))})`.execute(db);
  return values;
}
