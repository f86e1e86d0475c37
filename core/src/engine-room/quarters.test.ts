import { financialQuarter } from './quarters';

describe('financial quarters', () => {
  it.each([
    [1, '2026-04-01', '2026-07-01', 'Quarter 1, 2026 to 2027 (April to June 2026)'],
    [3, '2026-10-01', '2027-01-01', 'Quarter 3, 2026 to 2027 (October to December 2026)'],
    [4, '2027-01-01', '2027-04-01', 'Quarter 4, 2026 to 2027 (January to March 2027)'],
  ] as const)(
    'when quarter %i of 2026 to 2027 is asked for, then it runs from %s to before %s',
    (q, start, end, label) => {
      expect(financialQuarter(2026, q)).toEqual({
        year: 2026,
        quarter: q,
        start,
        endExclusive: end,
        label,
      });
    },
  );
});
