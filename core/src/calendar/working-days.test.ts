import fc from 'fast-check';
import {
  addCalendarMonths,
  addWorkingDays,
  bankHoliday,
  bankHolidayCoverage,
  formatLongDate,
  isIsoDate,
  isWorkingDay,
  londonDate,
  notAWorkingDay,
  UnknownBankHolidayYearError,
  workingDaysBetween,
} from './working-days';

// Every expected date below was counted by hand on a calendar.
describe('working days in England and Wales', () => {
  it('when a 2026 clock runs over Christmas and New Year, then Christmas, the substitute Boxing Day and New Year are skipped', () => {
    // Wed 23 Dec: Thu 24 (1), [Fri 25, Mon 28 substitute], 29 (2), 30 (3), 31 (4), [Fri 1 Jan], Mon 4 Jan (5).
    expect(addWorkingDays('2026-12-23', 5)).toBe('2027-01-04');
    expect(bankHoliday('2026-12-28')).toBe('Boxing Day');
  });

  it('when Christmas 2027 falls on a Saturday, then the substitute Monday and Tuesday are not working days', () => {
    expect(isWorkingDay('2027-12-27')).toBe(false);
    expect(isWorkingDay('2027-12-28')).toBe(false);
    expect(addWorkingDays('2027-12-24', 3)).toBe('2027-12-31');
  });

  it('when a 15-working-day Rapid Review clock runs over Easter 2026, then Good Friday and Easter Monday are skipped', () => {
    // Wed 1 Apr: 2 (1), [3 Good Friday, 6 Easter Monday], 7-10 (2-5), 13-17 (6-10), 20-24 (11-15).
    expect(addWorkingDays('2026-04-01', 15)).toBe('2026-04-24');
  });

  it('when a 2027 clock starts the day before Good Friday, then it ends after Easter Monday', () => {
    // Thu 25 Mar: [26 Good Friday, 29 Easter Monday], 30 (1), 31 (2), 1 Apr (3), 2 (4), Mon 5 Apr (5).
    expect(addWorkingDays('2027-03-25', 5)).toBe('2027-04-05');
  });

  it('when a clock crosses the early and late May bank holidays, then each Monday is skipped', () => {
    expect(addWorkingDays('2026-05-01', 5)).toBe('2026-05-11');
    expect(addWorkingDays('2026-05-22', 5)).toBe('2026-06-01');
    expect(bankHoliday('2027-05-31')).toBe('Spring bank holiday');
  });

  it('when a clock crosses the August bank holiday, then that Monday is skipped', () => {
    expect(addWorkingDays('2026-08-27', 5)).toBe('2026-09-04');
    // Mon 23 Aug 2027: 24-27 (1-4), [30 Summer bank holiday], 31 (5), ... Tue 14 Sep (15).
    expect(addWorkingDays('2027-08-23', 15)).toBe('2027-09-14');
  });

  it('when a clock starts on a weekend, then the next Monday is day 1', () => {
    expect(addWorkingDays('2026-11-21', 5)).toBe('2026-11-27');
  });

  it('when a bank holiday was moved or added by proclamation, then the calendar follows GOV.UK, not the usual rule', () => {
    expect(isWorkingDay('2020-05-04')).toBe(true); // early May moved to VE day, Fri 8 May
    expect(isWorkingDay('2020-05-08')).toBe(false);
    expect(addWorkingDays('2022-06-01', 1)).toBe('2022-06-06'); // Platinum Jubilee, 2 and 3 June
    expect(isWorkingDay('2023-05-08')).toBe(false); // coronation
  });

  it('when a date falls in a year the calendar does not know, then it says so instead of guessing', () => {
    expect(() => addWorkingDays('2027-12-24', 5)).toThrow(UnknownBankHolidayYearError);
    expect(() => addWorkingDays('2027-12-24', 5)).toThrow(
      /does not know the England and Wales bank holidays for 2028 \(it knows 2018 to 2027\).*npm run refresh:bank-holidays/,
    );
    expect(() => isWorkingDay('2017-06-01')).toThrow(/for 2017/);
  });

  it('when a day is not a working day, then it says why: the weekday, or the bank holiday by name', () => {
    expect(notAWorkingDay('2026-12-05')).toBe('a Saturday');
    expect(notAWorkingDay('2026-12-06')).toBe('a Sunday');
    expect(notAWorkingDay('2026-12-28')).toBe('a bank holiday (Boxing Day)');
    expect(notAWorkingDay('2027-03-26')).toBe('a bank holiday (Good Friday)');
    expect(notAWorkingDay('2026-12-29')).toBeUndefined();
    // Beyond the published years only a weekend is known; a weekday is not refused on a guess.
    expect(notAWorkingDay('2099-01-03')).toBe('a Saturday');
    expect(notAWorkingDay('2099-01-02')).toBeUndefined();
  });

  it('when a date is not a real date, then it is refused', () => {
    expect(isIsoDate('2026-02-30')).toBe(false);
    expect(isIsoDate('2026-2-3')).toBe(false);
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(/not a date/);
  });

  it('when counting between two dates, then it is the inverse of adding working days', () => {
    expect(workingDaysBetween('2026-12-23', '2027-01-04')).toBe(5);
    expect(workingDaysBetween('2027-01-04', '2026-12-23')).toBe(-5);
    expect(workingDaysBetween('2026-04-24', '2026-04-24')).toBe(0);
    expect(addWorkingDays('2027-01-04', -5)).toBe('2026-12-23');
  });

  it('when an LCSPR runs six months, then it is six calendar months, clamped at a short month', () => {
    expect(addCalendarMonths('2026-04-15', 6)).toBe('2026-10-15');
    expect(addCalendarMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  it('when an instant is near midnight, then its date is the date in England', () => {
    expect(londonDate(new Date('2026-06-01T23:30:00Z'))).toBe('2026-06-02'); // BST
    expect(londonDate(new Date('2026-12-01T23:30:00Z'))).toBe('2026-12-01'); // GMT
  });

  it('when a date is shown to a person, then it is written out in full', () => {
    expect(formatLongDate('2027-01-04')).toBe('Monday 4 January 2027');
  });

  it('when any clock of 1 to 40 working days starts on any known date, then its due date is a working day the right distance away', () => {
    const { firstYear } = bankHolidayCoverage();
    const start = Date.UTC(firstYear, 0, 1);
    const days = Math.floor((Date.UTC(2027, 10, 1) - start) / 86_400_000);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: days }),
        fc.integer({ min: 1, max: 40 }),
        (offset, n) => {
          const from = new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
          const due = addWorkingDays(from, n);
          const weekday = new Date(`${due}T12:00:00Z`).getUTCDay();
          return (
            weekday !== 0 &&
            weekday !== 6 &&
            bankHoliday(due) === undefined &&
            workingDaysBetween(from, due) === n
          );
        },
      ),
      { numRuns: 2000 },
    );
  });
});
