import { ENGLAND_TIME_ZONE } from '../calendar/working-days';
import { isWorkingDay, londonDate } from '../calendar/working-days';

/** One calendar's free/busy, as Graph's getSchedule gives it: one digit per interval (0 = free). */
export interface AvailabilityView {
  availabilityView: string;
}

const londonClock = new Intl.DateTimeFormat('en-GB', {
  timeZone: ENGLAND_TIME_ZONE,
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function minutesIntoLondonDay(at: Date): number {
  const parts = londonClock.formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/**
 * Times when everyone is free, earliest first: slots of `durationMinutes`
 * starting on the interval grid from `windowStart`, within working hours in
 * England (09:30 to 16:30 by default, so people can travel to a face-to-face
 * set) on England and Wales working days. A calendar that could not be read
 * (an empty view) counts as free: its owner can still decline.
 */
export function commonFreeTimes(
  views: AvailabilityView[],
  windowStart: Date,
  intervalMinutes: number,
  durationMinutes: number,
  options: { max?: number; dayStarts?: number; dayEnds?: number } = {},
): { start: Date; end: Date }[] {
  const max = options.max ?? 10;
  const dayStarts = options.dayStarts ?? 9 * 60 + 30;
  const dayEnds = options.dayEnds ?? 16 * 60 + 30;
  const steps = Math.ceil(durationMinutes / intervalMinutes);
  const length = Math.max(0, ...views.map((v) => v.availabilityView.length));
  const found: { start: Date; end: Date }[] = [];
  for (let i = 0; i + steps <= length && found.length < max; i += 1) {
    const start = new Date(windowStart.getTime() + i * intervalMinutes * 60_000);
    const end = new Date(start.getTime() + durationMinutes * 60_000);
    if (!isWorkingDay(londonDate(start)) || londonDate(start) !== londonDate(end)) continue;
    const from = minutesIntoLondonDay(start);
    const to = minutesIntoLondonDay(end);
    if (from < dayStarts || to > dayEnds) continue;
    const allFree = views.every((v) => {
      if (v.availabilityView === '') return true;
      const slice = v.availabilityView.slice(i, i + steps);
      return slice.length === steps && /^0+$/.test(slice);
    });
    if (allFree) found.push({ start, end });
  }
  return found;
}
