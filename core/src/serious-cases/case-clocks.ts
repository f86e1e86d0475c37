import {
  addCalendarMonths,
  addWorkingDays,
  UnknownBankHolidayYearError,
  type IsoDate,
} from '../calendar/working-days';
import type { SeriousCase } from './serious-case';

/**
 * The statutory clocks (Working Together 2023 and the national Panel, as
 * local procedures state them). The day a clock starts is day 0: "within 5
 * working days" of Wednesday is the following Wednesday.
 */
export type ClockName = 'panel-notification' | 'rapid-review' | 'lcspr';

export const clockText: Record<ClockName, string> = {
  'panel-notification': 'Notification to the Panel',
  'rapid-review': 'Rapid Review sent to the Panel',
  lcspr: 'LCSPR completed and published',
};

export const clockRule: Record<ClockName, string> = {
  'panel-notification': '5 working days from the local authority becoming aware',
  'rapid-review': '15 working days from the date the notification was sent to the Panel',
  lcspr: '6 months from the LCSPR starting',
};

/** How many working days before a deadline the Business Unit is reminded. */
export const REMINDER_WORKING_DAYS = 3;

export type ClockState =
  | { state: 'running'; due: IsoDate; remindFrom: IsoDate }
  | { state: 'met'; due: IsoDate; metOn: IsoDate; late: boolean }
  /** The case was closed before this clock's milestone (e.g. not notified to the Panel). */
  | { state: 'stopped'; due: IsoDate; on: IsoDate }
  /** The due date falls in a year whose bank holidays are not known yet. */
  | { state: 'unknown'; problem: string };

export interface Clock {
  name: ClockName;
  started: IsoDate;
  clock: ClockState;
}

function clock(
  name: ClockName,
  started: IsoDate,
  met: IsoDate | undefined,
  closed: IsoDate | undefined,
): Clock {
  try {
    const due =
      name === 'lcspr' ? addCalendarMonths(started, 6) : addWorkingDays(started, workingDays(name));
    if (met) return { name, started, clock: { state: 'met', due, metOn: met, late: met > due } };
    if (closed) return { name, started, clock: { state: 'stopped', due, on: closed } };
    return {
      name,
      started,
      clock: { state: 'running', due, remindFrom: addWorkingDays(due, -REMINDER_WORKING_DAYS) },
    };
  } catch (error) {
    if (error instanceof UnknownBankHolidayYearError)
      return { name, started, clock: { state: 'unknown', problem: error.message } };
    throw error;
  }
}

function workingDays(name: ClockName): number {
  return name === 'panel-notification' ? 5 : 15;
}

/** The clocks that have started for a case, in the order they run. */
export function caseClocks(seriousCase: Pick<SeriousCase, 'dates' | 'status'>): Clock[] {
  const d = seriousCase.dates;
  const closed = seriousCase.status === 'closed' ? (d.closed ?? d.laAware) : undefined;
  const clocks: Clock[] = [clock('panel-notification', d.laAware, d.notificationSent, closed)];
  if (d.notificationSent)
    clocks.push(clock('rapid-review', d.notificationSent, d.rapidReviewSent, closed));
  if (d.lcsprInitiated) clocks.push(clock('lcspr', d.lcsprInitiated, d.published, closed));
  return clocks;
}

export type ReminderKind = 'due-soon' | 'overdue';

/**
 * The reminder a running clock calls for today, if any: "due soon" from three
 * working days before the deadline up to the deadline itself, "overdue" after
 * it. A clock first looked at once already overdue gets only the overdue one.
 */
export function reminderDue(c: Clock, today: IsoDate): ReminderKind | undefined {
  if (c.clock.state !== 'running') return undefined;
  if (today > c.clock.due) return 'overdue';
  if (today >= c.clock.remindFrom) return 'due-soon';
  return undefined;
}
