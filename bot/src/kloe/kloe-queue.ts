import { kloeStatusText, type KloeStatus } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { upsertQueueItem } from '../records/queue-items';

/** Brings a KLOE's line in the Engine Room queue up to date (inside the changing transaction). */
export async function refreshKloeQueueItem(trx: Kysely<Tables>, kloeId: string): Promise<void> {
  const row = await trx.selectFrom('kloes').selectAll().where('id', '=', kloeId).executeTakeFirst();
  if (!row) return;
  const values = row.values;
  await upsertQueueItem(trx, {
    record_type: 'kloe',
    record_id: row.id,
    partnership_id: row.partnership_id,
    reference: row.reference,
    title: values.subject ?? row.reference,
    status: row.status,
    status_text: kloeStatusText[row.status as KloeStatus] ?? row.status,
    theme: values.theme ?? null,
    agency: values.organisation ?? null,
    received_at: row.submitted_at,
    next_deadline: row.status === 'accepted' ? row.meeting_date : null,
    next_deadline_what: row.status === 'accepted' ? 'Engine Room meeting' : null,
    submitted_by_id: row.submitted_by_id,
    // KLOEs are about systems (the form screens for identifying details), so their text is searchable.
    search_text: [values.details, values.actionWanted].filter(Boolean).join(' '),
  });
}
