// Refreshes core/src/calendar/bank-holidays-england-and-wales.json from
// GOV.UK's feed, the authoritative source (it includes one-off holidays).
// GOV.UK drops old years from its feed, so years already in the file are kept
// and only the feed's years are replaced. Run: npm run refresh:bank-holidays
// then `npm run jest -- core/src/calendar` (which cross-checks the result) and
// commit the file. Offline use: node scripts/refresh-bank-holidays.mjs path/to/bank-holidays.json
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FEED = 'https://www.gov.uk/bank-holidays.json';
const target = join(
  import.meta.dirname,
  '../core/src/calendar/bank-holidays-england-and-wales.json',
);

const fromFile = process.argv[2];
const feed = fromFile
  ? JSON.parse(readFileSync(fromFile, 'utf8'))
  : await fetch(FEED).then((res) => {
      if (!res.ok) throw new Error(`GOV.UK answered ${res.status} for ${FEED}`);
      return res.json();
    });

const division = feed['england-and-wales'];
if (!division || !Array.isArray(division.events)) {
  throw new Error('The feed has no england-and-wales division: its format may have changed.');
}
for (const e of division.events) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(e.date) || typeof e.title !== 'string') {
    throw new Error(`Unexpected event in the feed: ${JSON.stringify(e)}`);
  }
}

const current = JSON.parse(readFileSync(target, 'utf8'));
const feedYears = new Set(division.events.map((e) => Number(e.date.slice(0, 4))));
const kept = current.events.filter((e) => !feedYears.has(Number(e.date.slice(0, 4))));
const events = [...kept, ...division.events]
  .map(({ title, date, notes, bunting }) => ({
    title,
    date,
    notes: notes ?? '',
    bunting: !!bunting,
  }))
  .sort((a, b) => a.date.localeCompare(b.date));
const years = [...new Set(events.map((e) => Number(e.date.slice(0, 4))))].sort((a, b) => a - b);
for (let y = years[0]; y <= years[years.length - 1]; y += 1) {
  if (!years.includes(y)) throw new Error(`The result would have no holidays for ${y}.`);
}

writeFileSync(
  target,
  `${JSON.stringify(
    {
      source: FEED,
      division: 'england-and-wales',
      firstYear: years[0],
      lastYear: years[years.length - 1],
      checked: new Date().toISOString().slice(0, 10),
      events,
    },
    null,
    2,
  )}\n`,
);
console.log(`Bank holidays ${years[0]} to ${years[years.length - 1]} written to ${target}`);
