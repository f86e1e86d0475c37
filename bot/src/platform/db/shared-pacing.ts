import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Tables } from './schema';

/** "At most `limit` units in any `windowMs`" (one of a limit's windows, LIMITS.md). */
export interface PacingWindow {
  limit: number;
  windowMs: number;
}

export type Reservation =
  /** A slot at `atMs` (database clock): wait `waitMs` before sending. */
  | { id: number; atMs: number; waitMs: number }
  /** No slot within `maxWaitMs`: room comes in `retryAfterMs` (Infinity: never, too many units). */
  | { refused: true; retryAfterMs: number };

/**
 * Pacing shared by every instance on one database: a send reserves its slot under every
 * window of its key before it goes, so N instances together keep to one published limit.
 *
 * Each key's reservations are made one at a time under a transaction-scoped advisory lock
 * (PostgreSQL's own, so nothing else to run; PGlite has it too). Slots go in order per key:
 * the next is no earlier than the last reserved, and late enough that no window holds more
 * than its limit. Times are the database's clock, the one clock the instances share. No
 * library we found paces several sliding windows per key in PostgreSQL from Kysely
 * (rate-limiter-flexible keeps one fixed window per key), hence this small one.
 */
export interface SharedPacing {
  reserve(
    key: string,
    windows: readonly PacingWindow[],
    options?: {
      units?: number;
      /** Added to every window: our clock and the service's are not the same clock. */
      marginMs?: number;
      /** Refuse rather than reserve a slot further away than this. */
      maxWaitMs?: number;
      /** No earlier than this (database clock), e.g. another key's slot for the same send. */
      notBeforeMs?: number;
    },
  ): Promise<Reservation>;
  /** The send was answered: it counts from now if that is later than its slot. */
  answered(slotId: number): Promise<void>;
  /** One of `limit` places held at once across instances (until released or `leaseMs` passes). */
  acquire(key: string, limit: number, leaseMs: number): Promise<number | undefined>;
  release(leaseId: number): Promise<void>;
}

/** Keys name mailboxes and people's chats: only a digest of them is kept. */
const stored = (key: string) => createHash('sha256').update(key).digest('base64url');

const NOW_MS = sql<string>`(extract(epoch from clock_timestamp()) * 1000)::bigint`;

async function locked<T>(
  db: Kysely<Tables>,
  key: string,
  run: (trx: Kysely<Tables>, now: number) => Promise<T>,
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(trx);
    const { rows } = await sql<{ now: string }>`SELECT ${NOW_MS} AS now`.execute(trx);
    return run(trx, Number(rows[0]!.now));
  });
}

export function sharedPacing(db: Kysely<Tables>): SharedPacing {
  return {
    async reserve(named, windows, options = {}) {
      const key = stored(named);
      const units = options.units ?? 1;
      const margin = options.marginMs ?? 0;
      const longest = Math.max(...windows.map((w) => w.windowMs)) + margin;
      if (windows.some((w) => units > w.limit)) return { refused: true, retryAfterMs: Infinity };
      return locked(db, key, async (trx, now) => {
        await trx
          .deleteFrom('pacing_slots')
          .where('key', '=', key)
          .where('at_ms', '<=', now - longest)
          .execute();
        // Counting back from the newest slot, the first slot past which `units` more would
        // not fit in a window: the new slot comes a window (and the margin) after it.
        const blockers = windows.map(
          (w, i) => sql`max(at_ms) FILTER (WHERE used > ${w.limit - units}) AS ${sql.ref(`w${i}`)}`,
        );
        const { rows } = await sql<Record<string, string | null>>`
          SELECT max(at_ms) AS last, ${sql.join(blockers)}
          FROM (SELECT at_ms, sum(units) OVER (ORDER BY at_ms DESC, id DESC) AS used
                FROM pacing_slots WHERE key = ${key}) newest_first`.execute(trx);
        const row = rows[0] ?? {};
        let at = Math.max(now, Number(row.last ?? now), options.notBeforeMs ?? now);
        windows.forEach((w, i) => {
          const blocker = row[`w${i}`];
          if (blocker != null) at = Math.max(at, Number(blocker) + w.windowMs + margin);
        });
        if (at - now > (options.maxWaitMs ?? Infinity))
          return { refused: true as const, retryAfterMs: at - now };
        const slot = await trx
          .insertInto('pacing_slots')
          .values({ key, at_ms: at, units })
          .returning('id')
          .executeTakeFirstOrThrow();
        return { id: Number(slot.id), atMs: at, waitMs: at - now };
      });
    },

    async answered(slotId) {
      await db
        .updateTable('pacing_slots')
        .set({ at_ms: sql<number>`greatest(at_ms, ${NOW_MS})` })
        .where('id', '=', slotId)
        .execute();
    },

    async acquire(named, limit, leaseMs) {
      const key = stored(named);
      return locked(db, key, async (trx, now) => {
        await trx
          .deleteFrom('pacing_leases')
          .where('key', '=', key)
          .where('expires_at_ms', '<=', now)
          .execute();
        const held = await trx
          .selectFrom('pacing_leases')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('key', '=', key)
          .executeTakeFirstOrThrow();
        if (Number(held.n) >= limit) return undefined;
        const lease = await trx
          .insertInto('pacing_leases')
          .values({ key, expires_at_ms: now + leaseMs })
          .returning('id')
          .executeTakeFirstOrThrow();
        return Number(lease.id);
      });
    },

    async release(leaseId) {
      await db.deleteFrom('pacing_leases').where('id', '=', leaseId).execute();
    },
  };
}
