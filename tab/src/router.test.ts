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
    const recommendations = routeFromHash('#/recommendations?source=kloe&ref=REC-2026-0001');
    expect(recommendations.name).toBe('recommendations');
    expect(recommendations.name === 'recommendations' && recommendations.query.get('ref')).toBe(
      'REC-2026-0001',
    );
  });

  it('when the address is Active Learning, then the route is the list, a new one from a plan, or one set', () => {
    expect(routeFromHash('#/active-learning')).toEqual({ name: 'active-learning' });
    const planned = routeFromHash('#/active-learning/new?type=kloe&id=k1&activity=a1');
    expect(planned.name).toBe('active-learning-new');
    expect(planned.name === 'active-learning-new' && planned.query.get('activity')).toBe('a1');
    expect(routeFromHash('#/active-learning/s%201')).toEqual({
      name: 'active-learning-set',
      id: 's 1',
    });
    expect(routeFromHash('#/active-learning/s1/extra').name).toBe('home');
  });
});
