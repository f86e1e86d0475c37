import { MONTH_NAMES } from '../calendar/working-days';

/**
 * Partnerships report by financial year (April to March): quarter 1 is April
 * to June. Dates are England's calendar dates; the service turns them into
 * instants at midnight in Europe/London.
 */
export interface Quarter {
  year: number;
  quarter: 1 | 2 | 3 | 4;
  /** First day (YYYY-MM-DD). */
  start: string;
  /** The day after the last (YYYY-MM-DD). */
  endExclusive: string;
  /** "Quarter 3, 2026 to 2027 (October to December 2026)" */
  label: string;
}

export function financialQuarter(year: number, quarter: 1 | 2 | 3 | 4): Quarter {
  // Month index (0-11) the quarter starts in, and the calendar year it falls in.
  const firstMonth = [3, 6, 9, 0][quarter - 1]!;
  const calendarYear = quarter === 4 ? year + 1 : year;
  const iso = (y: number, m: number) => `${y}-${String(m + 1).padStart(2, '0')}-01`;
  const nextMonth = firstMonth + 3;
  return {
    year,
    quarter,
    start: iso(calendarYear, firstMonth),
    endExclusive:
      nextMonth > 11 ? iso(calendarYear + 1, nextMonth - 12) : iso(calendarYear, nextMonth),
    label: `Quarter ${quarter}, ${year} to ${year + 1} (${MONTH_NAMES[firstMonth]} to ${MONTH_NAMES[firstMonth + 2]} ${calendarYear})`,
  };
}
