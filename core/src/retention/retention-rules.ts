import { subMonths } from 'date-fns/subMonths';
import { londonDate } from '../calendar/working-days';
import type { Partnership } from '../partnerships/partnership';

/** One of the partnership's retention rules (configuration, `retention`). */
export type RetentionRule = keyof Partnership['retention'];

/** What stands in for a removed person's identity. */
export const REMOVED = 'Removed (retention)';

/** The age setting of a rule, as configured (`monthsAfterClosed`, `monthsAfterSent`...). */
export type RetentionAge<R extends RetentionRule> = keyof NonNullable<Partnership['retention'][R]>;

/**
 * How old a record must be, in months, for the rule to apply to it, with the
 * name of the setting; undefined when the partnership has not configured the rule.
 */
export function retentionMonths<R extends RetentionRule>(
  partnership: Partnership,
  rule: R,
  age: RetentionAge<R>,
): number | undefined {
  const setting = partnership.retention[rule] as Record<RetentionAge<R>, number> | undefined;
  return setting?.[age];
}

/**
 * The last calendar date (in England) on which something `months` old falls
 * due at `now`: a record dated on or before it is due.
 */
export function retentionCutoff(now: Date, months: number): string {
  const [y, m, d] = londonDate(now).split('-').map(Number) as [number, number, number];
  const date = subMonths(new Date(Date.UTC(y, m - 1, d)), months);
  return date.toISOString().slice(0, 10);
}

/**
 * A stand-in for each person id of one record, numbered: rows that must stay
 * distinct (one per recipient, one per nominee) stay distinct and still join,
 * but name no one. Sorted, so the same ids give the same stand-ins.
 */
export function standIns(ids: (string | null)[]): Record<string, string> {
  const unique = [...new Set(ids.filter((id): id is string => id !== null))].sort();
  return Object.fromEntries(unique.map((id, i) => [id, `${REMOVED} #${i + 1}`]));
}
