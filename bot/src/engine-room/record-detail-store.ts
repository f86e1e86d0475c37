import {
  canTriageAt,
  currentPosition,
  decisionTitle,
  KLOE_VERBS,
  activityKindTitle,
  formView,
  isRecommendationStatus,
  isUuid,
  recommendationStatusText,
  type Evidence,
  type FormValues,
  type Partnership,
  type PlannedActivity,
  type Recommendation,
  type RecordDetail,
  type RecordType,
} from '@pathways/core';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { loadKloe } from '../kloe';
import { engineRoomInvitationsOf } from '../records/engine-room-invitations';
import { historyOf } from '../records/record-history';
import { lifecycleOf } from '../records/record-lifecycle';
import { recordKind, type RecordKind } from '../records/record-kinds';

type Links = RecordDetail['links'];

/** The same links the KLOE's channel card shows, read the same way. */
async function kloeLinks(db: Kysely<Tables>, id: string): Promise<Links> {
  const kloe = await db.selectFrom('kloes').selectAll().where('id', '=', id).executeTakeFirst();
  const full = await loadKloe(db, kloe);
  const links: Links = [];
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
  return links;
}

/**
 * The kinds whose records link to others. Kept here, not in the record-kind registry,
 * because bot/src/records may not depend on a feature (the KLOE feature reads KLOE links).
 */
const LINKS_OF: Partial<Record<RecordType, (db: Kysely<Tables>, id: string) => Promise<Links>>> = {
  kloe: kloeLinks,
};

/** The record's own fields, as its kind declares them: never what identifies anyone. */
async function fieldsOf(
  db: Kysely<Tables>,
  kind: RecordKind,
  id: string,
): Promise<Pick<RecordDetail, 'fields' | 'version'>> {
  const { form, versioned, extraFields } = kind.detail;
  const columns = [
    'values',
    ...(versioned ? ['version'] : []),
    ...extraFields.map((f) => f.column),
  ];
  const { rows } = await sql<Record<string, unknown>>`SELECT ${sql.join(
    columns.map((c) => sql.ref(c)),
  )} FROM ${sql.table(kind.table)} WHERE id = ${id}`.execute(db);
  const row = rows[0];
  if (!row) return { fields: [], version: 1 };
  const fields = formView(form, row.values as FormValues, { include: ['none', 'professional'] });
  for (const f of extraFields) {
    const value = row[f.column];
    if (typeof value === 'string' && value) fields.push({ id: f.id, label: f.label, value });
  }
  return { fields, version: versioned ? Number(row.version) : 1 };
}

/** One record as the Engine Room sees it: its fields, history, links and Engine Room work. */
export function recordDetailStore(db: Kysely<Tables>, partnership: Partnership) {
  return {
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
      const [own, links, history, evidence, activities, recommendations, outcome, invitations] =
        await Promise.all([
          fieldsOf(db, recordKind(type), id),
          LINKS_OF[type]?.(db, id) ?? [],
          historyOf(db, type, id),
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
      const lifecycle = await lifecycleOf(db, type, id);
      // Triage is open while the lifecycle allows it; a KLOE may still be linked as related after.
      const triageOpen = canTriageAt(currentPosition(lifecycle));
      const triage = recordKind(type)
        .triageForms.filter((f) => triageOpen || f.id === KLOE_VERBS.link)
        .map((f) => ({ formId: f.id, title: f.title }));
      return {
        type,
        id,
        reference: item.reference,
        title: item.title,
        status: item.status,
        statusText: item.status_text,
        version: own.version,
        fields: own.fields,
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
          kindTitle: activityKindTitle(a.kind),
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
              decisionTitle: decisionTitle(outcome.decision),
            }
          : null,
        invitations,
        lifecycle,
        triage,
      };
    },
  };
}
