import { z } from 'zod';
import {
  addCalendarDays,
  addWorkingDays,
  formatLongDate,
  isIsoDate,
  MONTH_NAMES,
  type IsoDate,
} from '../calendar/working-days';
import hsscp from '../partnerships/hsscp-circulation.json';
import leeds from '../partnerships/leeds-circulation.json';
import stockport from '../partnerships/stockport-circulation.json';

/**
 * A partnership's circulation plan (DOMAIN.md, pathway 8): for each kind of
 * communication, what, to whom, how, by whom and when. "When" is kept twice:
 * as the words of the partnership's strategy (`when`, shown to people) and as
 * a rule Pathways can compute (`timing`):
 *
 * - `relative`: before or after a recorded event ("within one week of the
 *   meeting": after, 1 week; "one week in advance": before, 1 week), counted
 *   in calendar days or weeks, or in England and Wales working days where
 *   the strategy says working days;
 * - `on-event`: once the event happens, with no deadline stated ("on
 *   publication"): due, never overdue;
 * - `periodic`: every month or quarter, by the period's last day (+ N days);
 * - `annual`: in a named month each year ("in June each year");
 * - `as-needed`: no time Pathways can compute ("as required", "on-going").
 *
 * Each partnership's plan is a JSON file in core/src/partnerships, checked
 * against this schema when loaded.
 */
const id = z.string().regex(/^[a-z0-9-]+$/, 'must be lower-case letters, digits and hyphens');

export const timingSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('relative'),
    events: z.array(id).min(1),
    direction: z.enum(['before', 'after']),
    amount: z.number().int().min(0).max(366),
    unit: z.enum(['days', 'weeks', 'working-days']),
  }),
  z.object({ kind: z.literal('on-event'), events: z.array(id).min(1) }),
  z.object({
    kind: z.literal('periodic'),
    every: z.enum(['month', 'quarter']),
    /** Days after the period's last day it is due by (0: the last day itself). */
    daysAfterPeriod: z.number().int().min(0).max(90).default(0),
  }),
  z.object({ kind: z.literal('annual'), month: z.number().int().min(1).max(12) }),
  z.object({ kind: z.literal('as-needed') }),
]);

export type CirculationTiming = z.infer<typeof timingSchema>;

export const circulationPlanSchema = z
  .object({
    partnershipId: id,
    /** Where the plan comes from (the strategy and its section). */
    source: z.string().min(1),
    /** The meetings and events Pathways records, which relative timings count from. */
    events: z
      .array(
        z.object({
          id,
          title: z.string().min(1),
          /** Training sessions are counted in the newsletter by how they were delivered. */
          training: z.boolean().default(false),
        }),
      )
      .min(1),
    items: z
      .array(
        z.object({
          id,
          what: z.string().min(1),
          toWhom: z.array(z.string().min(1)).min(1),
          how: z.array(z.string().min(1)).min(1),
          byWhom: z.array(z.string().min(1)).min(1),
          /** The strategy's own words. */
          when: z.string().min(1),
          timing: timingSchema,
        }),
      )
      .min(1),
  })
  .superRefine((plan, ctx) => {
    const events = new Set(plan.events.map((e) => e.id));
    const seen = new Set<string>();
    plan.items.forEach((item, i) => {
      if (seen.has(item.id))
        ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: 'is used twice' });
      seen.add(item.id);
      if (item.timing.kind === 'relative' || item.timing.kind === 'on-event')
        for (const e of item.timing.events)
          if (!events.has(e))
            ctx.addIssue({
              code: 'custom',
              path: ['items', i, 'timing', 'events'],
              message: `"${e}" is not one of the plan's events`,
            });
    });
  });

export type CirculationPlan = z.infer<typeof circulationPlanSchema>;
export type CirculationItem = CirculationPlan['items'][number];

const plans: Record<string, unknown> = { hsscp, stockport, leeds };

/** The partnership's circulation plan, checked; an error names what is wrong. */
export function loadCirculationPlan(partnershipId: string): CirculationPlan {
  const raw = plans[partnershipId];
  if (raw === undefined) throw new Error(`No circulation plan for "${partnershipId}".`);
  const parsed = circulationPlanSchema.safeParse(raw);
  if (!parsed.success)
    throw new Error(
      `Circulation plan "${partnershipId}" is not valid: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  return parsed.data;
}

/** A meeting or event the partnership recorded. */
export interface RecordedEvent {
  id: string;
  kind: string;
  title: string;
  /** The date it takes (or took) place, in England. */
  on: IsoDate;
  /** When it was recorded: items due before it are due from then. */
  recordedOn: IsoDate;
  /** For a training session: how it was delivered. */
  delivery?: 'in-person' | 'virtual' | 'hybrid' | null;
}

/** That an item was communicated for one occurrence. */
export interface CirculationDone {
  itemId: string;
  occurrence: string;
  doneOn: IsoDate;
}

export type DueStatus = 'upcoming' | 'due' | 'overdue' | 'done';

/** One communication the plan asks for, for one event or period. */
export interface DueItem {
  itemId: string;
  what: string;
  toWhom: string[];
  how: string[];
  byWhom: string[];
  when: string;
  /** The event id, or the period ("2026-06", "2026-Q1", "2026"): what it is done for. */
  occurrence: string;
  /** "SSCB meeting on 12 March 2026", "June 2026". */
  occurrenceTitle: string;
  /** From when it can be done. */
  opensOn: IsoDate;
  /** Due by this date; null where the plan gives no deadline. */
  dueBy: IsoDate | null;
  status: DueStatus;
  doneOn: IsoDate | null;
}

function shift(date: IsoDate, amount: number, unit: 'days' | 'weeks' | 'working-days'): IsoDate {
  if (unit === 'working-days') return addWorkingDays(date, amount);
  return addCalendarDays(date, unit === 'weeks' ? amount * 7 : amount);
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDayOfMonth = (year: number, month: number): IsoDate =>
  `${year}-${pad(month)}-${pad(new Date(Date.UTC(year, month, 0)).getUTCDate())}`;

/** The periods (month, quarter or year) that overlap [from, to]. */
function periods(
  timing: Extract<CirculationTiming, { kind: 'periodic' | 'annual' }>,
  from: IsoDate,
  to: IsoDate,
): { key: string; title: string; opensOn: IsoDate; dueBy: IsoDate }[] {
  const out: { key: string; title: string; opensOn: IsoDate; dueBy: IsoDate }[] = [];
  const firstYear = Number(from.slice(0, 4)) - 1;
  const lastYear = Number(to.slice(0, 4)) + 1;
  for (let year = firstYear; year <= lastYear; year++) {
    if (timing.kind === 'annual') {
      const m = timing.month;
      out.push({
        key: String(year),
        title: `${MONTH_NAMES[m - 1]} ${year}`,
        opensOn: `${year}-${pad(m)}-01`,
        dueBy: lastDayOfMonth(year, m),
      });
      continue;
    }
    const step = timing.every === 'month' ? 1 : 3;
    for (let m = 1; m <= 12; m += step) {
      const end = m + step - 1;
      const calendarQuarter = (m + 2) / 3;
      // Financial quarters: April to June is quarter 1 of the year that starts in April.
      const financial =
        calendarQuarter === 1
          ? { year: year - 1, quarter: 4 }
          : { year, quarter: calendarQuarter - 1 };
      out.push({
        key:
          timing.every === 'month'
            ? `${year}-${pad(m)}`
            : `${financial.year}-Q${financial.quarter}`,
        title:
          timing.every === 'month'
            ? `${MONTH_NAMES[m - 1]} ${year}`
            : `${MONTH_NAMES[m - 1]} to ${MONTH_NAMES[end - 1]} ${year}`,
        opensOn: `${year}-${pad(m)}-01`,
        dueBy: addCalendarDays(lastDayOfMonth(year, end), timing.daysAfterPeriod),
      });
    }
  }
  return out.filter((p) => p.dueBy >= from && p.opensOn <= to);
}

function statusOf(
  opensOn: IsoDate,
  dueBy: IsoDate | null,
  doneOn: IsoDate | null,
  today: IsoDate,
): DueStatus {
  if (doneOn) return 'done';
  if (today < opensOn) return 'upcoming';
  if (dueBy && today > dueBy) return 'overdue';
  return 'due';
}

const statusOrder: Record<DueStatus, number> = { overdue: 0, due: 1, upcoming: 2, done: 3 };

/**
 * What the plan asks for against the recorded events, as of `today`, for
 * occurrences whose deadline falls in [from, to] (events: those on a date in
 * it, or with an open item; periods: those overlapping it). Overdue first,
 * then due, upcoming and done, each by date. Items with no computable time
 * (`as-needed`) are not listed: they are standing instructions.
 */
export function circulationDue(input: {
  plan: CirculationPlan;
  events: RecordedEvent[];
  done: CirculationDone[];
  today: IsoDate;
  from: IsoDate;
  to: IsoDate;
  /** Periods from this date are looked at too, for what is overdue (default: `from`). */
  overdueSince?: IsoDate;
}): DueItem[] {
  const { plan, today, from, to } = input;
  if (![today, from, to].every(isIsoDate)) throw new Error('Dates must be YYYY-MM-DD');
  const doneBy = new Map(input.done.map((d) => [`${d.itemId}|${d.occurrence}`, d.doneOn]));
  const titles = new Map(plan.events.map((e) => [e.id, e.title]));
  const out: DueItem[] = [];
  for (const item of plan.items) {
    const base = {
      itemId: item.id,
      what: item.what,
      toWhom: item.toWhom,
      how: item.how,
      byWhom: item.byWhom,
      when: item.when,
    };
    const push = (
      occurrence: string,
      occurrenceTitle: string,
      opensOn: IsoDate,
      dueBy: IsoDate | null,
    ) => {
      const doneOn = doneBy.get(`${item.id}|${occurrence}`) ?? null;
      const status = statusOf(opensOn, dueBy, doneOn, today);
      const key = dueBy ?? opensOn;
      // Within the window, everything; before it, only what is overdue.
      if (!((key >= from && key <= to) || status === 'overdue')) return;
      out.push({ ...base, occurrence, occurrenceTitle, opensOn, dueBy, status, doneOn });
    };
    const t = item.timing;
    switch (t.kind) {
      case 'relative':
      case 'on-event':
        for (const event of input.events) {
          if (!t.events.includes(event.kind)) continue;
          const title = `${event.title || titles.get(event.kind)}, ${formatLongDate(event.on)}`;
          if (t.kind === 'on-event') {
            push(event.id, title, event.on, null);
            continue;
          }
          const dueBy =
            t.direction === 'after'
              ? shift(event.on, t.amount, t.unit)
              : shift(event.on, -t.amount, t.unit);
          const opensOn =
            t.direction === 'after'
              ? event.on
              : event.recordedOn < dueBy
                ? event.recordedOn
                : dueBy;
          push(event.id, title, opensOn, dueBy);
        }
        break;
      case 'periodic':
      case 'annual':
        for (const p of periods(t, input.overdueSince ?? from, to))
          push(p.key, p.title, p.opensOn, p.dueBy);
        break;
      case 'as-needed':
        break;
    }
  }
  return out.sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      (a.dueBy ?? a.opensOn).localeCompare(b.dueBy ?? b.opensOn) ||
      a.itemId.localeCompare(b.itemId),
  );
}

/**
 * The REST API (types shared with the tab):
 *
 * GET  /api/circulation?from=&to= -> CirculationView (Business Unit, Engine Room,
 *        Development Manager, Executive); default window: 30 days back, 60 ahead
 * POST /api/circulation/events body { kind, title, on, delivery? } -> 201 (Business Unit)
 * POST /api/circulation/done body { itemId, occurrence, doneOn } -> 201 (Business Unit)
 */
export interface CirculationView {
  source: string;
  today: IsoDate;
  from: IsoDate;
  to: IsoDate;
  eventKinds: { id: string; title: string; training: boolean }[];
  /** Events recorded in the window. */
  events: RecordedEvent[];
  /** Overdue first, then due, upcoming, done. */
  due: DueItem[];
  /** Items with no time Pathways can compute: standing instructions. */
  standing: Pick<CirculationItem, 'id' | 'what' | 'toWhom' | 'how' | 'byWhom' | 'when'>[];
}
