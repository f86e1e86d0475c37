import { loadPartnership } from '../partnerships/partnership';
import { REMOVED, retentionCutoff, retentionMonths, standIns } from './retention-rules';

describe('retention rules', () => {
  it('counts whole months back from the date in England', () => {
    // 00:30 on 1 July in England is still 30 June in UTC.
    expect(retentionCutoff(new Date('2026-06-30T23:30:00Z'), 6)).toBe('2026-01-01');
    expect(retentionCutoff(new Date('2026-03-31T12:00:00Z'), 1)).toBe('2026-02-28');
  });

  it('reads a configured age, and nothing for a rule left out', () => {
    const partnership = loadPartnership('hsscp');
    const configured = { ...partnership, retention: { kloes: { monthsAfterReceived: 24 } } };
    expect(retentionMonths(configured, 'kloes', 'monthsAfterReceived')).toBe(24);
    expect(retentionMonths(configured, 'briefingLeads', 'monthsAfterSent')).toBeUndefined();
  });

  it('gives each distinct person one numbered stand-in, the same for the same ids', () => {
    const map = standIns(['b', 'a', null, 'b']);
    expect(map).toEqual({ a: `${REMOVED} #1`, b: `${REMOVED} #2` });
    expect(standIns(['a', 'b'])).toEqual(map);
  });
});
