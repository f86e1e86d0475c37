// dateTimeTimeZone values: Graph takes a local wall-clock time plus a time zone name
// (Windows or IANA) and answers in UTC unless the caller sends Prefer: outlook.timezone.
import { WINDOWS_TO_IANA_MAP, findIana } from 'windows-iana';
import { graphDateTime } from './ids';

export class TimeZoneError extends Error {}

// Windows zone names map to IANA through windows-iana (Unicode CLDR's windowsZones table,
// kept current by its maintainers); Graph reads them whatever their case.
const WINDOWS_NAMES = new Map(
  WINDOWS_TO_IANA_MAP.map(({ windowsName }) => [windowsName.toLowerCase(), windowsName]),
);

export function ianaZone(name: string | undefined | null): string {
  const given = (name ?? 'UTC').trim();
  const windowsName = WINDOWS_NAMES.get(given.toLowerCase());
  // The first IANA zone for the world territory ("001") is the zone's canonical one.
  const zone = (windowsName && findIana(windowsName)[0]) ?? given;
  try {
    new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    return zone;
  } catch {
    throw new TimeZoneError(
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${name ?? ''}'.`,
    );
  }
}

/** Offset of `zone` from UTC at instant `utcMs`, in ms. */
function offsetMs(zone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

const LOCAL =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Reads a dateTimeTimeZone into a UTC instant. */
export function toUtc(value: unknown): Date {
  const v = (value ?? {}) as { dateTime?: unknown; timeZone?: unknown };
  const match = typeof v.dateTime === 'string' ? LOCAL.exec(v.dateTime.trim()) : null;
  if (!match) throw new TimeZoneError(`Cannot read the date and time '${String(v.dateTime)}'.`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', explicitOffset] = match;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (explicitOffset) {
    if (explicitOffset === 'Z') return new Date(wall);
    const sign = explicitOffset.startsWith('-') ? -1 : 1;
    const [oh, om] = explicitOffset.slice(1).split(':').map(Number);
    return new Date(wall - sign * ((oh ?? 0) * 60 + (om ?? 0)) * 60_000);
  }
  const zone = ianaZone(typeof v.timeZone === 'string' ? v.timeZone : 'UTC');
  // Two passes settle the offset around daylight-saving changes.
  let utc = wall - offsetMs(zone, wall);
  utc = wall - offsetMs(zone, utc);
  return new Date(utc);
}

/** Writes a UTC instant as a dateTimeTimeZone in `timeZoneName` (as the caller named it). */
export function fromUtc(date: Date, timeZoneName = 'UTC'): { dateTime: string; timeZone: string } {
  const zone = ianaZone(timeZoneName);
  const local = new Date(date.getTime() + offsetMs(zone, date.getTime()));
  return { dateTime: graphDateTime(local), timeZone: timeZoneName };
}

/** The zone named by `Prefer: outlook.timezone="..."`, or UTC. */
export function preferredTimeZone(prefer: string | string[] | undefined): string {
  const header = Array.isArray(prefer) ? prefer.join(',') : (prefer ?? '');
  const match = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(header);
  return match?.[1] ?? 'UTC';
}
