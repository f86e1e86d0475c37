import { hashWithQuery, recordHash, routeFromHash } from './router';

describe('addresses in the tab', () => {
  it('when the address names a record, then the route carries its type and id', () => {
    expect(routeFromHash(recordHash('consideration', 'a b/c'))).toEqual({
      name: 'record',
      type: 'consideration',
      id: 'a b/c',
    });
  });

  it('when the queue address carries filters, then the route keeps them', () => {
    const route = routeFromHash(
      hashWithQuery('engine-room', { theme: 'Neglect', q: 'strategy meeting', status: '' }),
    );
    expect(route.name).toBe('engine-room');
    const query = route.name === 'engine-room' ? route.query : new URLSearchParams();
    expect(query.get('theme')).toBe('Neglect');
    expect(query.get('q')).toBe('strategy meeting');
    expect(query.has('status')).toBe(false);
  });

  it('when the record type is unknown or the address is odd, then it is the home page', () => {
    expect(routeFromHash('#/engine-room/letters/1').name).toBe('home');
    expect(routeFromHash('#/engine-room/kloe').name).toBe('home');
    expect(routeFromHash('').name).toBe('home');
  });

  it('when the address is a tab Teams opens, then the route is that view', () => {
    expect(routeFromHash('#/personal').name).toBe('personal');
    expect(routeFromHash('#/quarterly-report?year=2026&quarter=3').name).toBe('quarterly-report');
  });
});
