import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tables } from '../db/schema';

/** prev_hash of the first event in a partnership's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit event's hash covers, as text (as PostgreSQL prints them). */
export interface ChainedFields {
  prevHash: string;
  seq: number;
  /** `at` in microseconds since the epoch. */
  atMicros: string;
  partnershipId: string;
  actorId: string;
  action: string;
  subjectType: string;
  subjectId: string;
  /** `detail::text` (jsonb's canonical text). */
  detailText: string;
}

/**
 * SHA-256 (hex) over each field as `<UTF-8 byte length>:<text>;`, in the order
 * of ChainedFields. Computed here independently of the database's own
 * function (migration 0005), which must agree with it.
 */
export function auditEventHash(f: ChainedFields): string {
  const fields = [
    f.prevHash,
    String(f.seq),
    f.atMicros,
    f.partnershipId,
    f.actorId,
    f.action,
    f.subjectType,
    f.subjectId,
    f.detailText,
  ];
  const canonical = fields.map((v) => `${Buffer.byteLength(v, 'utf8')}:${v};`).join('');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}

export interface ChainBreak {
  partnershipId: string;
  /** Position in the chain where it breaks. */
  seq: number;
  /** The row there (absent when the row is missing). */
  id: number | undefined;
  problem: string;
}

export interface ChainReport {
  ok: boolean;
  chains: { partnershipId: string; events: number; headHash: string }[];
  /** The first broken link found (chains are checked in partnership order). */
  firstBreak: ChainBreak | undefined;
}

/**
 * Walks every partnership's chain from its first event, recomputing each hash,
 * and stops at the first link that does not hold: a row altered after it was
 * written, a row removed, rows added or reordered, or newest rows cut off.
 */
export async function verifyAuditChain(
  db: Kysely<Tables>,
  options: { batchSize?: number; partnershipId?: string } = {},
): Promise<ChainReport> {
  const batchSize = options.batchSize ?? 1000;
  const heads = new Map(
    (await db.selectFrom('audit_chain_heads').selectAll().execute()).map((h) => [
      h.partnership_id,
      h,
    ]),
  );
  const partnerships = new Set([
    ...heads.keys(),
    ...(await db.selectFrom('audit_events').select('partnership_id').distinct().execute()).map(
      (r) => r.partnership_id,
    ),
  ]);
  const chains: ChainReport['chains'] = [];
  const broken = (b: ChainBreak): ChainReport => ({ ok: false, chains, firstBreak: b });

  const chosen = options.partnershipId ? [options.partnershipId] : [...partnerships].sort();
  for (const partnershipId of chosen) {
    let prevHash = GENESIS_HASH;
    let lastSeq = 0;
    for (;;) {
      const rows = await db
        .selectFrom('audit_events')
        .select([
          'id',
          'seq',
          'prev_hash',
          'hash',
          'actor_id',
          'action',
          'subject_type',
          'subject_id',
          sql<string>`detail::text`.as('detail_text'),
          sql<string>`((extract(epoch FROM at) * 1000000)::bigint)::text`.as('at_micros'),
        ])
        .where('partnership_id', '=', partnershipId)
        .where('seq', '>', lastSeq)
        .orderBy('seq')
        .limit(batchSize)
        .execute();
      for (const row of rows) {
        const expected = lastSeq + 1;
        if (row.seq !== expected) {
          return broken({
            partnershipId,
            seq: expected,
            id: undefined,
            problem: `event ${expected} is missing (the next one is ${row.seq})`,
          });
        }
        if (row.prev_hash !== prevHash) {
          return broken({
            partnershipId,
            seq: row.seq,
            id: row.id,
            problem: 'it does not follow the event before it (prev_hash differs)',
          });
        }
        const hash = auditEventHash({
          prevHash,
          seq: row.seq,
          atMicros: row.at_micros,
          partnershipId,
          actorId: row.actor_id,
          action: row.action,
          subjectType: row.subject_type,
          subjectId: row.subject_id,
          detailText: row.detail_text,
        });
        if (hash !== row.hash) {
          return broken({
            partnershipId,
            seq: row.seq,
            id: row.id,
            problem: 'it was changed after it was written (its hash does not match its fields)',
          });
        }
        prevHash = row.hash;
        lastSeq = row.seq;
      }
      if (rows.length < batchSize) break;
    }
    const head = heads.get(partnershipId);
    const empty = !head && lastSeq === 0;
    if (!empty && (!head || head.last_seq !== lastSeq || head.last_hash !== prevHash)) {
      return broken({
        partnershipId,
        seq: lastSeq + 1,
        id: undefined,
        problem: head
          ? `the chain should run to event ${head.last_seq} but ends at ${lastSeq}`
          : 'the chain has no head record',
      });
    }
    chains.push({ partnershipId, events: lastSeq, headHash: prevHash });
  }
  return { ok: true, chains, firstBreak: undefined };
}

/** The report in plain English, one line per chain (for the command line). */
export function describeChainReport(report: ChainReport): string {
  const lines = report.chains.map(
    (c) => `${c.partnershipId}: ${c.events} events, chain intact (head ${c.headHash})`,
  );
  if (report.firstBreak) {
    const b = report.firstBreak;
    lines.push(
      `${b.partnershipId}: BROKEN at event ${b.seq}${b.id === undefined ? '' : ` (row id ${b.id})`}: ${b.problem}`,
    );
  } else if (report.chains.length === 0) {
    lines.push('No audit events yet.');
  }
  return lines.join('\n');
}
