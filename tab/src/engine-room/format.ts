import type { RecordType } from '@pathways/core';

/** Dates and times in words, as people in England write them ("3 March 2026"). */

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hour12: true,
  timeZone: 'Europe/London',
});

/** A YYYY-MM-DD date is a calendar day, not an instant: read it at noon UTC to keep its day. */
function parse(value: string): Date | undefined {
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

export function formatDate(value: string): string {
  const date = parse(value);
  return date ? dateFormat.format(date) : value;
}

export function formatDateTime(value: string): string {
  const date = parse(value);
  return date ? dateTimeFormat.format(date).replace(' am', 'am').replace(' pm', 'pm') : value;
}

/** Today in England as YYYY-MM-DD. */
export function todayInEngland(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T12:00:00Z`) - Date.parse(`${from}T12:00:00Z`)) / 86_400_000);
}

export interface DeadlineWords {
  text: string;
  overdue: boolean;
}

/** "due 12 March 2026 (in 4 days)", "due today", "overdue by 2 days". Words carry it, not colour. */
export function describeDeadline(due: string, now = new Date()): DeadlineWords {
  const day = due.slice(0, 10);
  const days = daysBetween(todayInEngland(now), day);
  const when = formatDate(day);
  if (days < 0) {
    const late = -days;
    return { text: `overdue: was due ${when} (${plural(late, 'day')} ago)`, overdue: true };
  }
  if (days === 0) return { text: `due today, ${when}`, overdue: false };
  if (days === 1) return { text: `due tomorrow, ${when}`, overdue: false };
  return { text: `due ${when} (in ${plural(days, 'day')})`, overdue: false };
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count.toLocaleString('en-GB')} ${count === 1 ? word : many}`;
}

export const recordTypeNames: Record<RecordType, string> = {
  kloe: 'Key Line of Enquiry',
  consideration: 'Consideration request',
  challenge: 'Professional challenge',
};

export type Quarter = 1 | 2 | 3 | 4;

/**
 * The quarter a moment falls in, by England's calendar, in the partnership's financial year
 * (April to March): quarter 1 is April to June; January to March is quarter 4 of the year before.
 */
export function financialQuarter(now = new Date()): { year: number; quarter: Quarter } {
  const [year = 0, month = 1] = todayInEngland(now).split('-').map(Number);
  if (month < 4) return { year: year - 1, quarter: 4 };
  return { year, quarter: (Math.floor((month - 4) / 3) + 1) as Quarter };
}
