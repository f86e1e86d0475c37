import {
  ACTIVE_LEARNING_STATUS_TEXT,
  activeLearningStatus,
  activityKindTitle,
  currentAgencyName,
  plannedLine,
  type ActiveLearningDetail,
  type ActiveLearningSummary,
  type AgencyInvitation,
  type CreateSetOutcome,
  type Mailer,
  type NewSet,
  type Person,
} from '@pathways/core';
import { lockQueueItem } from '../records/queue-items';
import { addHistoryLine } from '../records/record-history';
import { askLead, type SetRow } from './nomination-requests';
import type { StoreContext } from './store-context';

/** Active Learning Sets: planning one from an Engine Room record, and reading them. */
export function activeLearningSets(ctx: StoreContext) {
  const { db, partnership, change } = ctx;

  async function meetingEffect(row: SetRow) {
    if (!row.meeting_effect_id) return undefined;
    return db
      .selectFrom('graph_side_effects')
      .select(['status', 'result'])
      .where('id', '=', row.meeting_effect_id)
      .executeTakeFirst();
  }

  async function summaryOf(row: SetRow): Promise<ActiveLearningSummary> {
    const [agencies, item, effect] = await Promise.all([
      db
        .selectFrom('active_learning_agencies')
        .select(['status'])
        .where('set_id', '=', row.id)
        .execute(),
      db
        .selectFrom('queue_items')
        .select('reference')
        .where('record_type', '=', row.record_type)
        .where('record_id', '=', row.record_id)
        .executeTakeFirst(),
      row.status === 'meeting-requested' ? meetingEffect(row) : undefined,
    ]);
    const status = activeLearningStatus(row.status, effect?.status);
    return {
      id: row.id,
      theme: row.theme,
      kind: row.kind,
      kindTitle: activityKindTitle(row.kind),
      description: row.description,
      plannedFrom: row.planned_from,
      plannedTo: row.planned_to,
      nominationsBy: row.nominations_by,
      status,
      statusText: ACTIVE_LEARNING_STATUS_TEXT[status],
      createdAt: row.created_at.toISOString(),
      plan: {
        recordType: row.record_type,
        recordId: row.record_id,
        reference: item?.reference ?? '',
        activityId: row.activity_id,
      },
      agenciesInvited: agencies.filter((a) => a.status !== 'no-lead').length,
      agenciesNominated: agencies.filter((a) => a.status === 'nominated').length,
    };
  }

  async function getRow(id: string) {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    return db
      .selectFrom('active_learning_sets')
      .selectAll()
      .where('partnership_id', '=', partnership.id)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  return {
    getRow,

    /** A set planned from a record's activity: every agency's leads asked, all or nothing. */
    async create(input: NewSet, by: Person, at: Date, mailer: Mailer): Promise<CreateSetOutcome> {
      const record = (trx: Parameters<typeof lockQueueItem>[0]) =>
        lockQueueItem(trx, partnership.id, input.recordType, input.recordId);
      return change(record, { ok: false, reason: 'no-record' } as const, async (_, trx, audit) => {
        if (input.activityId) {
          const activity = await trx
            .selectFrom('record_activities')
            .select('id')
            .where('id', '=', input.activityId)
            .where('record_type', '=', input.recordType)
            .where('record_id', '=', input.recordId)
            .executeTakeFirst();
          if (!activity) return { ok: false, reason: 'no-activity' } as const;
        }
        const set = await trx
          .insertInto('active_learning_sets')
          .values({
            partnership_id: partnership.id,
            record_type: input.recordType,
            record_id: input.recordId,
            activity_id: input.activityId ?? null,
            theme: input.theme,
            kind: input.kind,
            description: input.description,
            planned_from: input.plannedFrom,
            planned_to: input.plannedTo,
            nominations_by: input.nominationsBy,
            created_by_id: by.aadObjectId,
            created_by_name: by.name,
            created_at: at,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        let asked = 0;
        for (const { agency, leads } of input.agencies) {
          await trx
            .insertInto('active_learning_agencies')
            .values({ set_id: set.id, agency, status: leads.length > 0 ? 'invited' : 'no-lead' })
            .execute();
          for (const lead of leads) {
            const row = await trx
              .insertInto('active_learning_leads')
              .values({
                set_id: set.id,
                agency,
                lead_id: lead.id,
                lead_name: lead.name,
                lead_mail: lead.mail ?? null,
              })
              // A person who leads for two agencies is asked once, for the first.
              .onConflict((oc) => oc.columns(['set_id', 'lead_id']).doNothing())
              .returningAll()
              .executeTakeFirst();
            if (row) await askLead(ctx, trx, set, row, 0, mailer);
          }
          if (leads.length > 0) asked += 1;
        }
        await addHistoryLine(trx, {
          type: input.recordType,
          id: input.recordId,
          by,
          at,
          action: plannedLine(input.kind, input.theme, asked),
        });
        await audit({
          by,
          action: 'active-learning.created',
          subjectType: 'active-learning',
          subjectId: set.id,
          detail: { agencies: input.agencies.length, asked },
        });
        return { ok: true, id: set.id } as const;
      });
    },

    async list(): Promise<ActiveLearningSummary[]> {
      const rows = await db
        .selectFrom('active_learning_sets')
        .selectAll()
        .where('partnership_id', '=', partnership.id)
        .orderBy('created_at', 'desc')
        .limit(200)
        .execute();
      return Promise.all(rows.map(summaryOf));
    },

    async detail(id: string): Promise<ActiveLearningDetail | undefined> {
      const row = await getRow(id);
      if (!row) return undefined;
      const [summary, agencies, leads, nominations, attendance, effect] = await Promise.all([
        summaryOf(row),
        db
          .selectFrom('active_learning_agencies')
          .selectAll()
          .where('set_id', '=', id)
          .orderBy('agency')
          .execute(),
        db
          .selectFrom('active_learning_leads')
          .select(['agency', 'lead_name'])
          .where('set_id', '=', id)
          .orderBy('lead_name')
          .execute(),
        db
          .selectFrom('active_learning_nominations')
          .selectAll()
          .where('set_id', '=', id)
          .orderBy('nominated_at')
          .orderBy('person_name')
          .execute(),
        db.selectFrom('active_learning_attendance').selectAll().where('set_id', '=', id).execute(),
        meetingEffect(row),
      ]);
      const attended = new Map(attendance.map((a) => [a.nomination_id, a.attended]));
      const result = (effect?.result ?? {}) as { joinUrl?: string | null };
      return {
        ...summary,
        // Stored under the name asked by; shown under the agency's current name.
        agencies: agencies.map((a): AgencyInvitation => ({
          agency: currentAgencyName(partnership, a.agency),
          status: a.status as AgencyInvitation['status'],
          leads: leads.filter((l) => l.agency === a.agency).map((l) => l.lead_name),
          lastChasedAt: a.last_chased_at?.toISOString() ?? null,
          chases: a.chases,
          nominations: nominations
            .filter((n) => n.agency === a.agency)
            .map((n) => ({
              id: n.id,
              agency: currentAgencyName(partnership, n.agency),
              personId: n.person_id,
              name: n.person_name,
              nominatedBy: n.nominated_by_name,
              nominatedAt: n.nominated_at.toISOString(),
              attended: attended.get(n.id) ?? null,
            })),
        })),
        meeting:
          row.meeting_start && row.meeting_end
            ? {
                start: row.meeting_start.toISOString(),
                end: row.meeting_end.toISOString(),
                state: effect?.status === 'done' ? 'created' : 'requested',
                joinUrl: result.joinUrl ?? null,
                attendanceRecorded: row.attendance_recorded_at !== null,
              }
            : null,
      };
    },
  };
}
