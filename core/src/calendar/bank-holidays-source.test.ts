import Holidays from 'date-holidays';
import calendar from './bank-holidays-england-and-wales.json';
import { bankHolidayCoverage } from './working-days';

// The vendored GOV.UK file is checked against an independent, well-kept
// source (date-holidays, a development dependency only): a slip in a refresh
// or a hand edit shows up here.
describe('the vendored England and Wales bank holidays', () => {
  const { firstYear, lastYear } = bankHolidayCoverage();
  const years = Array.from({ length: lastYear - firstYear + 1 }, (_, i) => firstYear + i);

  it.each(years)(
    'when %i is compared with date-holidays, then the working-day holidays agree',
    (year) => {
      const england = new Holidays('GB', 'ENG');
      const theirs = england
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10))
        .filter((d) => ![0, 6].includes(new Date(`${d}T12:00:00Z`).getUTCDay()))
        .sort();
      const ours = calendar.events.map((e) => e.date).filter((d) => d.startsWith(`${year}-`));
      expect(ours).toEqual(theirs);
    },
  );

  it('when the file is read, then every year it claims to cover has its holidays and no other years appear', () => {
    const inFile = new Set(calendar.events.map((e) => Number(e.date.slice(0, 4))));
    expect([...inFile].sort()).toEqual(years);
    for (const year of years) {
      const count = calendar.events.filter((e) => e.date.startsWith(`${year}-`)).length;
      expect(count).toBeGreaterThanOrEqual(8);
    }
  });
});
