import { isIsoDate } from '../calendar/working-days';
import { identifyingRefusal } from '../identifying/screen';
import { isCascadeMethod, type CascadeInput, type ImpactInput } from './api';

export const MAX_REPORT_LENGTH = 4000;

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: Record<string, string> };

function identifying(text: string): string | undefined {
  return identifyingRefusal(text, 'this report');
}

/** A lead's record of how their agency cascaded a briefing. `today` is YYYY-MM-DD in England. */
export function checkCascade(input: unknown, today: string): Checked<CascadeInput> {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  if (!isCascadeMethod(raw.method)) errors.method = 'Choose how you cascaded it';
  const on = typeof raw.on === 'string' ? raw.on.trim() : '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(on) || !isIsoDate(on))
    errors.on = 'Enter the date you cascaded it as a real date';
  else if (on > today) errors.on = 'The date you cascaded it cannot be in the future';
  // A form sends text; an empty answer is no answer (Number('') would read it as 0).
  const staff =
    typeof raw.staffReached === 'string'
      ? raw.staffReached.trim() === ''
        ? undefined
        : Number(raw.staffReached)
      : raw.staffReached;
  if (typeof staff !== 'number' || !Number.isInteger(staff) || staff < 0 || staff > 1_000_000)
    errors.staffReached = 'Enter about how many staff it reached, as a whole number';
  const note = typeof raw.note === 'string' ? raw.note.trim() : '';
  if (note.length > 500) errors.note = 'Keep the note to 500 characters or fewer';
  else if (note) {
    const problem = identifying(note);
    if (problem) errors.note = problem;
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: {
      method: raw.method as CascadeInput['method'],
      on,
      staffReached: staff as number,
      ...(note ? { note } : {}),
    },
  };
}

/** A lead's report of change and impact against one recommendation (1..count). */
export function checkImpact(input: unknown, recommendationCount: number): Checked<ImpactInput> {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const n =
    typeof raw.recommendation === 'string' ? Number(raw.recommendation) : raw.recommendation;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > recommendationCount)
    errors.recommendation = 'Choose the recommendation you are reporting on';
  const text = (key: 'change' | 'impact', missing: string) => {
    const v = typeof raw[key] === 'string' ? (raw[key] as string).trim() : '';
    if (!v) errors[key] = missing;
    else if (v.length > MAX_REPORT_LENGTH)
      errors[key] = `Keep it to ${MAX_REPORT_LENGTH.toLocaleString('en-GB')} characters or fewer`;
    else {
      const problem = identifying(v);
      if (problem) errors[key] = problem;
    }
    return v;
  };
  const change = text('change', 'Say what changed in your agency');
  const impact = text('impact', 'Say what difference it made, or how you will know');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, value: { recommendation: n as number, change, impact } };
}
