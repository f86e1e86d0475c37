import { addDays } from 'date-fns/addDays';
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';
import { isValid } from 'date-fns/isValid';
import { isWeekend } from 'date-fns/isWeekend';
import { parseISO } from 'date-fns/parseISO';
import calendar from './bank-holidays-england-and-wales.json';

/**
 * Working days in England and Wales: Monday to Friday, less bank holidays.
 *
 * The bank holidays come from GOV.UK's bank-holidays.json (the authoritative
 * source, which also carries one-off holidays such as a coronation), vendored
 * in bank-holidays-england-and-wales.json and refreshed with
 * `npm run refresh:bank-holidays`. GOV.UK publishes a year or two ahead, so a
 * date in a year the file does not cover is an error, never a guess.
 *
 * Dates are calendar dates in England ("2026-12-24"), not instants.
 */
export type IsoDate = string;

export class UnknownBankHolidayYearError extends Error {
  constructor(readonly year: number) {
    super(
      `Pathways does not know the England and Wales bank holidays for ${year} (it knows ${calendar.firstYear} to ${calendar.lastYear}), so it cannot count working days there. Refresh the calendar from GOV.UK with "npm run refresh:bank-holidays".`,
    );
    this.name = 'UnknownBankHolidayYearError';
  }
}

const holidays = new Map(calendar.events.map((e) => [e.date, e.title]));

const isoDatePattern = /^\d{4}-\d{2}-\d{2}$/;

/** True for a real calendar date written as YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  return isoDatePattern.test(value) && isValid(parseISO(value)) && toIso(parseISO(value)) === value;
}

function parse(date: IsoDate): Date {
  if (!isIsoDate(date)) throw new Error(`"${date}" is not a date written as YYYY-MM-DD`);
  return parseISO(date);
}

function toIso(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

function knownYear(date: IsoDate): void {
  const year = Number(date.slice(0, 4));
  if (year < calendar.firstYear || year > calendar.lastYear)
    throw new UnknownBankHolidayYearError(year);
}

/** The years whose bank holidays are known, and when the file was last checked against GOV.UK. */
export function bankHolidayCoverage(): { firstYear: number; lastYear: number; checked: string } {
  return { firstYear: calendar.firstYear, lastYear: calendar.lastYear, checked: calendar.checked };
}

/** The bank holiday's name on that date, or undefined. */
export function bankHoliday(date: IsoDate): string | undefined {
  parse(date);
  knownYear(date);
  return holidays.get(date);
}

export function isWorkingDay(date: IsoDate): boolean {
  return !isWeekend(parse(date)) && bankHoliday(date) === undefined;
}

/**
 * Why a day is not a working day, worded to follow "… is": "a Saturday", "a bank holiday
 * (Boxing Day)"; undefined when it is one. In a year whose bank holidays GOV.UK has not
 * published yet only a weekend is found: a weekday there is taken as a working day rather
 * than refused on a guess.
 */
export function notAWorkingDay(date: IsoDate): string | undefined {
  const day = parse(date);
  if (isWeekend(day)) return `a ${format(day, 'EEEE')}`;
  const year = Number(date.slice(0, 4));
  if (year < calendar.firstYear || year > calendar.lastYear) return undefined;
  const holiday = holidays.get(date);
  return holiday === undefined ? undefined : `a bank holiday (${holiday})`;
}

/** Partnerships in England keep England's clock: dates, references and schedules use it. */
export const ENGLAND_TIME_ZONE = 'Europe/London';

/** The calendar date in England of an instant (a submission at 00:30 BST is the next day). */
export function londonDate(at: Date): IsoDate {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: ENGLAND_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

/**
 * The date `days` working days after `date`: the start date itself is day 0,
 * whatever it is, and the result is always a working day ("within 5 working
 * days of becoming aware on Friday" is the Friday after). Negative counts go back.
 */
export function addWorkingDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isInteger(days)) throw new Error('Working days must be a whole number');
  let current = parse(date);
  knownYear(date);
  const step = days < 0 ? -1 : 1;
  let remaining = Math.abs(days);
  while (remaining > 0) {
    current = addDays(current, step);
    if (isWorkingDay(toIso(current))) remaining -= 1;
  }
  return toIso(current);
}

/**
 * Working days from `from` to `to`: counts the working days after `from` up
 * to and including `to` (so addWorkingDays(d, n) is n working days from d).
 * Negative when `to` is earlier.
 */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  if (to < from) return -workingDaysBetween(to, from);
  let current = parse(from);
  knownYear(from);
  let count = 0;
  while (toIso(current) < to) {
    current = addDays(current, 1);
    if (isWorkingDay(toIso(current))) count += 1;
  }
  return count;
}

/** Calendar months (an LCSPR's six months); the end of a short month clamps (31 Aug + 6 = 28 Feb). */
export function addCalendarMonths(date: IsoDate, months: number): IsoDate {
  return toIso(addMonths(parse(date), months));
}

/** A calendar-day offset, for tests and date arithmetic that is not about working days. */
export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return toIso(addDays(parse(date), days));
}

/** The months in English, January first: `MONTH_NAMES[0]` is "January". */
export const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** "Friday 24 December 2027", for cards and messages. */
export function formatLongDate(date: IsoDate): string {
  return format(parse(date), 'EEEE d MMMM yyyy');
}
