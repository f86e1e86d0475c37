import { availabilityWindow, checkMeetingSlot } from './plan-active-learning';

describe('planning Active Learning', () => {
  const now = new Date('2027-01-10T09:00:00Z');
  const at = (time: string) => new Date(`2027-01-12T${time}:00Z`);

  it('takes a future meeting that ends after it starts, within 8 hours', () => {
    expect(checkMeetingSlot(at('10:00'), at('12:00'), now)).toEqual({ ok: true });
    expect(checkMeetingSlot(at('10:00'), at('10:00'), now)).toMatchObject({
      ok: false,
      errors: { end: expect.any(String) },
    });
    expect(checkMeetingSlot(at('08:00'), at('16:30'), now)).toMatchObject({ ok: false });
    expect(checkMeetingSlot(at('10:00'), at('12:00'), at('10:00'))).toMatchObject({
      ok: false,
      errors: { start: 'The meeting must be in the future' },
    });
  });

  it('refuses a meeting on a weekend or a bank holiday in England, saying which', () => {
    expect(
      checkMeetingSlot(new Date('2027-01-16T10:00:00Z'), new Date('2027-01-16T12:00:00Z'), now),
    ).toEqual({
      ok: false,
      errors: {
        start: 'The meeting is on a Saturday. Choose a working day',
      },
    });
    expect(
      checkMeetingSlot(new Date('2027-05-03T09:00:00Z'), new Date('2027-05-03T11:00:00Z'), now),
    ).toMatchObject({
      ok: false,
      errors: {
        start: 'The meeting is on a bank holiday (Early May bank holiday). Choose a working day',
      },
    });
  });

  it('searches whole days, 1 to 31 of them', () => {
    expect(availabilityWindow('2027-01-12', '2027-01-12')).toEqual({
      start: new Date('2027-01-12T00:00:00Z'),
      end: new Date('2027-01-13T00:00:00Z'),
    });
    expect(availabilityWindow('2027-01-13', '2027-01-12')).toBeUndefined();
    expect(availabilityWindow('2027-01-01', '2027-02-01')).toBeUndefined();
  });
});
