import {
  agencyNames,
  currentAgencyName,
  ENGLAND_TIME_ZONE,
  namesOfAgency,
  resolveAgency,
  kloeStatusText,
  type MySubmission,
  type Partnership,
  type QueueFacets,
  type QueueItem,
  type QueuePage,
  type RecordType,
} from '@pathways/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { historyOf } from '../records/record-history';
import { RECORD_KIND_LIST } from '../records/record-kinds';
import { decodeCursor, encodeCursor } from './queue-cursor';

export interface QueueQuery {
  type?: RecordType | undefined;
  status?: string | undefined;
  theme?: string | undefined;
  agency?: string | undefined;
  /** Received on or after (YYYY-MM-DD). */
  from?: string | undefined;
  /** Received on or before (YYYY-MM-DD). */
  to?: string | undefined;
  q?: string | undefined;
  cursor?: string | undefined;
  limit: number;
}

type QueueRow = Selectable<Tables['queue_items']>;

function toItem(partnership: Partnership, row: QueueRow): QueueItem {
  return {
    type: row.record_type as RecordType,
    id: row.record_id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    statusText: row.status_text,
    theme: row.theme,
    agency: row.agency === null ? null : currentAgencyName(partnership, row.agency),
    receivedAt: row.received_at.toISOString(),
    nextDeadline:
      row.next_deadline && row.next_deadline_what
        ? { what: row.next_deadline_what, due: row.next_deadline }
        : null,
  };
}

/** Counting stops here: "1000 or more" is all a person needs to narrow the search. */
const COUNT_CAP = 1000;

/** Labels of every status of every record type (the queue's status filter). */
const statusTitles: { value: string; title: string }[] = Object.entries(kloeStatusText).map(
  ([value, title]) => ({ value, title }),
);

/** The Engine Room queue of one partnership: filtered, searched and paged by cursor. */
export function queueStore(db: Kysely<Tables>, partnership: Partnership) {
  const deadlineKey = sql<string>`coalesce(next_deadline, 'infinity'::date)`;

  function filtered(query: Omit<QueueQuery, 'cursor' | 'limit'>) {
    let q = db.selectFrom('queue_items').where('partnership_id', '=', partnership.id);
    if (query.type) q = q.where('record_type', '=', query.type);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.theme) q = q.where('theme', '=', query.theme);
    // Records stored under an agency's former name (or other capitals) are found under its current one.
    if (query.agency) {
      const agency = resolveAgency(partnership, query.agency);
      const names = agency ? namesOfAgency(agency) : [query.agency];
      q = q.where(
        sql<string>`lower(agency)`,
        'in',
        names.map((n) => n.toLocaleLowerCase('en-GB')),
      );
    }
    if (query.from) q = q.where(sql<boolean>`received_at >= ${query.from}::date`);
    // "To" is inclusive: the whole of that day, in England.
    if (query.to)
      q = q.where(
        sql<boolean>`received_at < (${query.to}::date + 1)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`,
      );
    if (query.q) q = q.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${query.q})`);
    return q;
  }

  return {
    async queue(query: QueueQuery): Promise<QueuePage> {
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      let page = filtered(query).selectAll();
      if (cursor) {
        page = page.where(
          sql<boolean>`(${deadlineKey} > ${cursor.d}::date
            OR (${deadlineKey} = ${cursor.d}::date AND received_at < ${cursor.r}::timestamptz)
            OR (${deadlineKey} = ${cursor.d}::date AND received_at = ${cursor.r}::timestamptz AND record_id < ${cursor.i}::uuid))`,
        );
      }
      const [rows, count] = await Promise.all([
        page
          .orderBy(deadlineKey)
          .orderBy('received_at', 'desc')
          .orderBy('record_id', 'desc')
          .limit(query.limit + 1)
          .execute(),
        db
          .selectFrom(
            filtered(query)
              .select(sql`1`.as('one'))
              .limit(COUNT_CAP + 1)
              .as('matching'),
          )
          .select(({ fn }) => fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const total = Number(count.n);
      const more = rows.length > query.limit;
      const items = rows.slice(0, query.limit);
      return {
        items: items.map((r) => toItem(partnership, r)),
        nextCursor: more ? encodeCursor(items[items.length - 1]!) : null,
        total: Math.min(total, COUNT_CAP),
        totalIsAtLeast: total > COUNT_CAP,
      };
    },

    facets(): QueueFacets {
      return {
        types: RECORD_KIND_LIST.map((k) => ({ value: k.type, title: k.title })),
        statuses: statusTitles,
        themes: partnership.themes,
        agencies: agencyNames(partnership),
      };
    },

    /** What one person submitted, newest first, each with its history. */
    async mySubmissions(personId: string): Promise<MySubmission[]> {
      const rows = await db
        .selectFrom('queue_items')
        .selectAll()
        .where('partnership_id', '=', partnership.id)
        .where('submitted_by_id', '=', personId)
        .orderBy('received_at', 'desc')
        .limit(200)
        .execute();
      return Promise.all(
        rows.map(async (r) => ({
          type: r.record_type as RecordType,
          id: r.record_id,
          reference: r.reference,
          title: r.title,
          statusText: r.status_text,
          submittedAt: r.received_at.toISOString(),
          history: await historyOf(db, r.record_type as RecordType, r.record_id),
        })),
      );
    },
  };
}
