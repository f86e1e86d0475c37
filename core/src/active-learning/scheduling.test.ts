import { commonFreeTimes } from './scheduling';

// Monday 7 December 2026, 09:00 in London (GMT): 30-minute intervals.
const monday9am = new Date('2026-12-07T09:00:00Z');
const day = (pattern: string) => pattern.padEnd(16, '0');

describe('finding times that suit everyone', () => {
  it('when one person is busy in the morning, then the first time offered is after that', () => {
    const times = commonFreeTimes(
      [{ availabilityView: day('') }, { availabilityView: day('22222220') }],
      monday9am,
      30,
      60,
    );
    // 09:00 + 7 intervals = 12:30.
    expect(times[0]?.start.toISOString()).toBe('2026-12-07T12:30:00.000Z');
    expect(times[0]?.end.toISOString()).toBe('2026-12-07T13:30:00.000Z');
  });

  it('when everyone is free, then times start at 09:30 and end by 16:30 in England', () => {
    const times = commonFreeTimes([{ availabilityView: day('') }], monday9am, 30, 120, { max: 50 });
    expect(times[0]?.start.toISOString()).toBe('2026-12-07T09:30:00.000Z');
    expect(times.at(-1)?.end.toISOString()).toBe('2026-12-07T16:30:00.000Z');
  });

  it('when the window is a weekend or a bank holiday, then no time is offered', () => {
    const christmas = new Date('2026-12-25T09:00:00Z');
    const saturday = new Date('2026-12-05T09:00:00Z');
    expect(commonFreeTimes([{ availabilityView: day('') }], christmas, 30, 60)).toEqual([]);
    expect(commonFreeTimes([{ availabilityView: day('') }], saturday, 30, 60)).toEqual([]);
  });

  it('when someone is tentative or out of office, then that time is not offered', () => {
    const times = commonFreeTimes(
      [{ availabilityView: day('0011133300000000') }],
      monday9am,
      30,
      60,
      { max: 50 },
    );
    const starts = times.map((t) => t.start.toISOString().slice(11, 16));
    expect(starts).not.toContain('10:00');
    expect(starts).not.toContain('11:30');
    expect(starts).toContain('13:00');
  });
});
