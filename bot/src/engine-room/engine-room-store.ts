import {
  ACTIVITY_KINDS,
  withIndefiniteArticle,
  DECISIONS,
  challengeForm,
  considerationForm,
  formView,
  isRecommendationStatus,
  kloeForm,
  recommendationStatusText,
  kloeStatusText,
  type Evidence,
  type HistoryEntry,
  type MySubmission,
  type PlannedActivity,
  type QueueFacets,
  type QueueItem,
  type QueuePage,
  type Recommendation,
  type RecordDetail,
  type RecordType,
  type Partnership,
  type Person,
  ENGLAND_TIME_ZONE,
  isUuid,
} from '@pathways/core';
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { auditLog } from '../platform/db/repositories';
import { lockQueueItem } from '../records/queue-items';
import { addHistoryLine } from '../records/record-history';
import { loadKloe } from '../kloe';
import { engineRoomInvitationsOf } from '../records/engine-room-invitations';
import type { Recommendations } from '../recommendations';

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

function toItem(row: QueueRow): QueueItem {
  return {
    type: row.record_type as RecordType,
    id: row.record_id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    statusText: row.status_text,
    theme: row.theme,
    agency: row.agency,
    receivedAt: row.received_at.toISOString(),
    nextDeadline:
      row.next_deadline && row.next_deadline_what
        ? { what: row.next_deadline_what, due: row.next_deadline }
        : null,
  };
}

interface Cursor {
  /** coalesce(next_deadline, 'infinity') as text. */
  d: string;
  r: string;
  i: string;
}

const COUNT_CAP = 1000;

export class BadCursorError extends Error {}

function encodeCursor(row: QueueRow): string {
  const cursor: Cursor = {
    d: row.next_deadline ?? 'infinity',
    r: row.received_at.toISOString(),
    i: row.record_id,
  };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(text: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof c.d !== 'string' || typeof c.r !== 'string' || typeof c.i !== 'string') throw 0;
    if (Number.isNaN(Date.parse(c.r)) || !isUuid(c.i)) throw 0;
    if (c.d !== 'infinity' && !/^\d{4}-\d{2}-\d{2}$/.test(c.d)) throw 0;
    return c;
  } catch {
    throw new BadCursorError(
      'That page link is not valid any more: start again from the first page.',
    );
  }
}

/** Labels of every status of every record type (the queue's status filter). */
const statusTitles: { value: string; title: string }[] = Object.entries(kloeStatusText).map(
  ([value, title]) => ({ value, title }),
);

export function engineRoomStore(
  db: Kysely<Tables>,
  partnership: Partnership,
  /** The one recommendations use case; needed only to record recommendations. */
  recs?: Pick<Recommendations, 'add'>,
) {
  const deadlineKey = sql<string>`coalesce(next_deadline, 'infinity'::date)`;

  function filtered(query: Omit<QueueQuery, 'cursor' | 'limit'>) {
    let q = db.selectFrom('queue_items').where('partnership_id', '=', partnership.id);
    if (query.type) q = q.where('record_type', '=', query.type);
    if (query.status) q = q.where('status', '=', query.status);
    if (query.theme) q = q.where('theme', '=', query.theme);
    if (query.agency) q = q.where('agency', '=', query.agency);
    if (query.from) q = q.where(sql<boolean>`received_at >= ${query.from}::date`);
    // "To" is inclusive: the whole of that day, in England.
    if (query.to)
      q = q.where(
        sql<boolean>`received_at < (${query.to}::date + 1)::timestamp AT TIME ZONE ${ENGLAND_TIME_ZONE}`,
      );
    if (query.q) q = q.where(sql<boolean>`search @@ websearch_to_tsquery('english', ${query.q})`);
    return q;
  }

  async function historyOf(type: RecordType, id: string): Promise<HistoryEntry[]> {
    const general = await db
      .selectFrom('record_events')
      .select(['at', 'actor_name', 'action'])
      .where('record_type', '=', type)
      .where('record_id', '=', id)
      .execute();
    const specific =
      type === 'kloe'
        ? await db
            .selectFrom('kloe_events')
            .select(['at', 'actor_name', 'action', 'detail'])
            .where('kloe_id', '=', id)
            .execute()
        : [];
    const kloeWords: Record<string, string> = {
      submitted: 'raised it',
      accept: 'accepted it onto the Engine Room agenda',
      ask: 'asked for more information',
      decline: 'declined it',
      'linked-duplicate': 'closed it as a duplicate',
      'linked-related': 'linked it to a related KLOE',
      answered: "answered the Business Unit's question",
    };
    return [
      ...specific.map((e) => {
        const detail = (e.detail ?? {}) as Record<string, string>;
        const other = detail.otherReference ? ` (${detail.otherReference})` : '';
        return { at: e.at, by: e.actor_name, action: `${kloeWords[e.action] ?? e.action}${other}` };
      }),
      ...general.map((e) => ({ at: e.at, by: e.actor_name, action: e.action })),
    ]
      .sort((a, b) => a.at.getTime() - b.at.getTime())
      .map((e) => ({ at: e.at.toISOString(), by: e.by, action: e.action }));
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
        items: items.map(toItem),
        nextCursor: more ? encodeCursor(items[items.length - 1]!) : null,
        total: Math.min(total, COUNT_CAP),
        totalIsAtLeast: total > COUNT_CAP,
      };
    },

    facets(): QueueFacets {
      return {
        types: [
          { value: 'kloe', title: 'KLOE' },
          { value: 'consideration', title: 'Consideration request' },
          { value: 'challenge', title: 'Professional challenge' },
        ],
        statuses: statusTitles,
        themes: partnership.themes,
        agencies: partnership.agencies,
      };
    },

    async detail(type: RecordType, id: string): Promise<RecordDetail | undefined> {
      if (!isUuid(id)) return undefined;
      const item = await db
        .selectFrom('queue_items')
        .selectAll()
        .where('partnership_id', '=', partnership.id)
        .where('record_type', '=', type)
        .where('record_id', '=', id)
        .executeTakeFirst();
      if (!item) return undefined;
      let fields: RecordDetail['fields'] = [];
      let version = 1;
      const links: RecordDetail['links'] = [];
      if (type === 'kloe') {
        const kloe = await db
          .selectFrom('kloes')
          .selectAll()
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        fields = formView(kloeForm, kloe.values, { include: ['none', 'professional'] });
        version = kloe.version;
        if (kloe.meeting_date)
          fields.push({
            id: 'meetingDate',
            label: 'Engine Room meeting',
            value: kloe.meeting_date,
          });
        if (kloe.decline_reason)
          fields.push({
            id: 'declineReason',
            label: 'Reason for declining',
            value: kloe.decline_reason,
          });
        // The same links the channel card shows, read the same way.
        const full = await loadKloe(db, kloe);
        if (full?.duplicateOf)
          links.push({
            type: 'kloe',
            id: full.duplicateOf.id,
            reference: full.duplicateOf.reference,
            relation: 'Duplicate of',
          });
        for (const r of full?.related ?? [])
          links.push({ type: 'kloe', id: r.id, reference: r.reference, relation: 'Related' });
        const duplicates = await db
          .selectFrom('kloes')
          .select(['id', 'reference'])
          .where('duplicate_of_id', '=', id)
          .execute();
        for (const d of duplicates)
          links.push({ type: 'kloe', id: d.id, reference: d.reference, relation: 'Has duplicate' });
      }
      if (type === 'consideration') {
        // Only what identifies no one: the child's details are read, audited, through
        // GET /api/serious-cases/:id/details, by the Business Unit and the Engine Room only.
        const row = await db
          .selectFrom('serious_cases')
          .select(['values', 'version'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (row) {
          fields = formView(considerationForm, row.values, { include: ['none', 'professional'] });
          version = row.version;
        }
      }
      if (type === 'challenge') {
        const row = await db
          .selectFrom('professional_challenges')
          .select(['values'])
          .where('id', '=', id)
          .executeTakeFirst();
        if (row)
          fields = formView(challengeForm, row.values, { include: ['none', 'professional'] });
      }
      const [history, evidence, activities, recommendations, outcome, invitations] =
        await Promise.all([
          historyOf(type, id),
          db
            .selectFrom('record_evidence')
            .selectAll()
            .where('record_type', '=', type)
            .where('record_id', '=', id)
            .orderBy('added_at')
            .execute(),
          db
            .selectFrom('record_activities')
            .selectAll()
            .where('record_type', '=', type)
            .where('record_id', '=', id)
            .orderBy('start_date')
            .execute(),
          db
            .selectFrom('record_recommendations')
            .selectAll()
            .where('record_type', '=', type)
            .where('record_id', '=', id)
            .orderBy('created_at')
            .execute(),
          db
            .selectFrom('record_outcomes')
            .selectAll()
            .where('record_type', '=', type)
            .where('record_id', '=', id)
            .executeTakeFirst(),
          engineRoomInvitationsOf(db, partnership.id, type, id),
        ]);
      return {
        type,
        id,
        reference: item.reference,
        title: item.title,
        status: item.status,
        statusText: item.status_text,
        version,
        fields,
        history,
        links,
        evidence: evidence.map((e): Evidence => ({
          id: e.id,
          summary: e.summary,
          source: e.source,
          sourceDate: e.source_date,
          addedBy: e.added_by_name,
          addedAt: e.added_at.toISOString(),
        })),
        activities: activities.map((a): PlannedActivity => ({
          id: a.id,
          kind: a.kind,
          kindTitle: ACTIVITY_KINDS.find((k) => k.value === a.kind)?.title ?? a.kind,
          description: a.description,
          owner: a.owner,
          startDate: a.start_date,
          endDate: a.end_date,
        })),
        recommendations: recommendations.map((r): Recommendation => ({
          id: r.id,
          reference: r.reference,
          text: r.text,
          owningAgency: r.owning_agency,
          dueDate: r.due_date,
          status: r.status,
          statusText: isRecommendationStatus(r.status)
            ? recommendationStatusText[r.status]
            : r.status,
        })),
        outcome: outcome
          ? {
              learning: outcome.learning,
              decision: outcome.decision,
              decisionTitle:
                DECISIONS.find((d) => d.value === outcome.decision)?.title ?? outcome.decision,
            }
          : null,
        invitations,
      };
    },

    /** Adds Engine Room work to a record: one transaction with its history line and audit. */
    async addWork(
      type: RecordType,
      id: string,
      by: Person,
      at: Date,
      work:
        | { kind: 'evidence'; summary: string; source: string; sourceDate: string }
        | {
            kind: 'activity';
            activity: string;
            description: string;
            owner: string;
            startDate: string;
            endDate: string;
          }
        | { kind: 'recommendation'; text: string; owningAgency: string; dueDate: string }
        | { kind: 'outcome'; learning: string; decision: string },
    ): Promise<'done' | 'not-found' | 'already-recorded'> {
      return db.transaction().execute(async (trx) => {
        if (!(await lockQueueItem(trx, partnership.id, type, id))) return 'not-found' as const;
        let action: string;
        switch (work.kind) {
          case 'evidence':
            await trx
              .insertInto('record_evidence')
              .values({
                record_type: type,
                record_id: id,
                summary: work.summary,
                source: work.source,
                source_date: work.sourceDate,
                added_by_id: by.aadObjectId,
                added_by_name: by.name,
                added_at: at,
              })
              .execute();
            action = `added evidence from ${work.source}`;
            break;
          case 'activity':
            await trx
              .insertInto('record_activities')
              .values({
                record_type: type,
                record_id: id,
                kind: work.activity,
                description: work.description,
                owner: work.owner,
                start_date: work.startDate,
                end_date: work.endDate,
                added_by_id: by.aadObjectId,
                added_at: at,
              })
              .execute();
            action = `planned ${withIndefiniteArticle((ACTIVITY_KINDS.find((k) => k.value === work.activity)?.title ?? work.activity).toLowerCase())}`;
            break;
          case 'recommendation': {
            const source = await trx
              .selectFrom('queue_items')
              .select(['reference', 'theme'])
              .where('record_type', '=', type)
              .where('record_id', '=', id)
              .executeTakeFirstOrThrow();
            // One recommendations model: the same use case a briefing or a review calls.
            if (!recs)
              throw new Error('Recording a recommendation needs the recommendations use case.');
            await recs.add(
              trx,
              {
                source: type,
                record: { type, id, reference: source.reference },
                theme: source.theme,
                text: work.text,
                owningAgency: work.owningAgency,
                dueDate: work.dueDate,
                by,
                at,
              },
              { audit: false },
            );
            action = `recorded a recommendation for ${work.owningAgency}`;
            break;
          }
          case 'outcome': {
            const inserted = await trx
              .insertInto('record_outcomes')
              .values({
                record_type: type,
                record_id: id,
                partnership_id: partnership.id,
                learning: work.learning,
                decision: work.decision,
                recorded_by_id: by.aadObjectId,
                recorded_at: at,
              })
              .onConflict((oc) => oc.columns(['record_type', 'record_id']).doNothing())
              .returning('record_id')
              .executeTakeFirst();
            if (!inserted) return 'already-recorded' as const;
            action = 'recorded the outcome';
            break;
          }
        }
        await addHistoryLine(trx, { type, id, by, at, action });
        await auditLog(trx).record({
          partnershipId: partnership.id,
          actorId: by.aadObjectId,
          action: `${type}.engine-room.${work.kind}`,
          subjectType: type,
          subjectId: id,
        });
        return 'done' as const;
      });
    },

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
          history: await historyOf(r.record_type as RecordType, r.record_id),
        })),
      );
    },
  };
}

export type EngineRoomStore = ReturnType<typeof engineRoomStore>;
