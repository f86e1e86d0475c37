const dateOnly = /^\d{4}-\d{2}-\d{2}$/;

const long = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

/** "22 November 2026": a date (YYYY-MM-DD) as written, or a moment as the day it was in England. */
export function formatDate(value: string): string {
  if (dateOnly.test(value)) {
    const [y, m, d] = value.split('-').map(Number);
    return long.format(new Date(Date.UTC(y!, m! - 1, d!, 12)));
  }
  const moment = new Date(value);
  return Number.isNaN(moment.getTime()) ? value : long.format(moment);
}
