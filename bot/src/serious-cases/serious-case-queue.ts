import { caseClocks, caseStatusText, clockText, type CaseStatus } from '@pathways/core';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { upsertQueueItem } from '../records/queue-items';
import { caseColumns, toSeriousCase } from './serious-case-rows';

/**
 * A case's line in the Engine Room queue, written in the transaction that
 * changed the case. It never holds the child's details: the title names the
 * referring agency only, and nothing of the case is made searchable.
 */
export async function refreshCaseQueueItem(trx: Kysely<Tables>, caseId: string): Promise<void> {
  const row = await trx
    .selectFrom('serious_cases')
    .select(caseColumns)
    .where('id', '=', caseId)
    .executeTakeFirst();
  if (!row) return;
  const seriousCase = toSeriousCase({ ...row, child_details: {} });
  const next = caseClocks(seriousCase)
    .flatMap((c) => (c.clock.state === 'running' ? [{ name: c.name, due: c.clock.due }] : []))
    .sort((a, b) => a.due.localeCompare(b.due))[0];
  await upsertQueueItem(trx, {
    record_type: 'consideration',
    record_id: row.id,
    partnership_id: row.partnership_id,
    reference: row.reference,
    title: `Consideration request from ${row.referring_agency}`,
    status: row.status,
    status_text: caseStatusText[row.status as CaseStatus] ?? row.status,
    theme: null,
    agency: row.referring_agency,
    received_at: row.submitted_at,
    next_deadline: next?.due ?? null,
    next_deadline_what: next ? clockText[next.name] : null,
    submitted_by_id: row.submitted_by_id,
    search_text: '',
  });
}

/** A challenge record's line in the queue: nothing in it identifies anyone (the form blocks it). */
export async function refreshChallengeQueueItem(
  trx: Kysely<Tables>,
  challengeId: string,
): Promise<void> {
  const row = await trx
    .selectFrom('professional_challenges')
    .selectAll()
    .where('id', '=', challengeId)
    .executeTakeFirst();
  if (!row) return;
  await upsertQueueItem(trx, {
    record_type: 'challenge',
    record_id: row.id,
    partnership_id: row.partnership_id,
    reference: row.reference,
    title: `Challenge from ${row.raising_organisation} to ${row.receiving_organisation}`,
    status: 'resolved',
    status_text: 'Resolved',
    theme: null,
    agency: row.raising_organisation,
    received_at: row.submitted_at,
    next_deadline: null,
    next_deadline_what: null,
    submitted_by_id: row.submitted_by_id,
    search_text: [row.values.about, row.values.learning].filter(Boolean).join(' '),
  });
}
