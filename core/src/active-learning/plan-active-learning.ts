import { londonDate, notAWorkingDay } from '../calendar/working-days';
import { validateForm, type FormValues } from '../forms/form';
import { identifyingWarnings } from '../forms/form-screening';
import type { Partnership } from '../partnerships/partnership';
import { resolveAgency } from '../partnerships/agencies';
import { activeLearningSetForm } from './forms';

/** What checking a new set's answers came to. */
export type NewSetCheck =
  /** Answers to change: the message for each field. */
  | { outcome: 'invalid'; errors: Record<string, string> }
  /** Looks identifying: planned only once the person confirms they have checked. */
  | { outcome: 'check'; warnings: string[] }
  | { outcome: 'ok'; values: FormValues; agencies: string[] };

/**
 * A new Active Learning Set's answers: the declared form, then the rules
 * across fields (dates in order, agencies from the partnership's list), then
 * the check for identifying details. Agencies named twice are asked once.
 */
export function checkNewSet(
  partnership: Partnership,
  input: { values: Record<string, unknown>; agencies: string[]; confirmChecked?: 'true' },
  today: string,
): NewSetCheck {
  const result = validateForm(activeLearningSetForm, partnership, input.values, { today });
  if (!result.ok) return { outcome: 'invalid', errors: result.errors };
  const v = result.values;
  const errors: Record<string, string> = {};
  if (v.plannedTo! < v.plannedFrom!)
    errors.plannedTo = 'The end of the planned dates must be on or after the start';
  if (v.nominationsBy! > v.plannedFrom!)
    errors.nominationsBy = 'Nominations are needed by the start of the planned dates';
  // A former name (an older plan or list) asks the agency under its current name.
  const chosen = input.agencies.map((a) => ({ a, agency: resolveAgency(partnership, a) }));
  const unknown = chosen.filter((c) => !c.agency).map((c) => c.a);
  if (unknown.length > 0)
    errors.agencies = `Choose agencies from the partnership\u2019s list (not ${unknown.join(', ')})`;
  if (Object.keys(errors).length > 0) return { outcome: 'invalid', errors };
  const warnings = identifyingWarnings(activeLearningSetForm, v);
  if (warnings.length > 0 && input.confirmChecked !== 'true') return { outcome: 'check', warnings };
  return {
    outcome: 'ok',
    values: v,
    agencies: [...new Set(chosen.flatMap((c) => c.agency?.name ?? []))],
  };
}

/**
 * A proposed meeting's slot: in the future, on a working day in England (not a weekend or
 * a bank holiday), ending after it starts, within 8 hours. On failure, the field to correct
 * and why.
 */
export function checkMeetingSlot(
  start: Date,
  end: Date,
  now: Date,
): { ok: true } | { ok: false; errors: Record<string, string> } {
  if (end <= start || end.getTime() - start.getTime() > 8 * 3_600_000)
    return { ok: false, errors: { end: 'The meeting must end after it starts, within 8 hours' } };
  if (start <= now) return { ok: false, errors: { start: 'The meeting must be in the future' } };
  const why = notAWorkingDay(londonDate(start));
  if (why)
    return { ok: false, errors: { start: `The meeting is on ${why}. Choose a working day` } };
  return { ok: true };
}

/**
 * The window searched for free times: whole UTC days from `from` to `to`,
 * 1 to 31 of them; undefined when the dates do not make one.
 */
export function availabilityWindow(
  from: string,
  to: string,
): { start: Date; end: Date } | undefined {
  const start = new Date(`${from}T00:00:00Z`);
  const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000);
  if (end <= start || end.getTime() - start.getTime() > 31 * 86_400_000) return undefined;
  return { start, end };
}
