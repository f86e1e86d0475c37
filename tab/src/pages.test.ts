import { pagesFor, routeOpenTo } from './pages';

const person = (...roles: string[]) => ({ id: 'p', displayName: 'P', email: 'p@x', roles });
const titles = (...roles: string[]) => pagesFor(person(...roles)).map((p) => p.title);

describe('the pages each role is offered', () => {
  it('when a practitioner or an agency lead signs in, then only My submissions is offered', () => {
    expect(titles('Practitioner')).toEqual(['My submissions']);
    expect(titles('AgencyLead')).toEqual(['My submissions']);
  });

  it('when the Business Unit signs in, then every page is offered', () => {
    expect(titles('BusinessUnit')).toHaveLength(8);
  });

  it('when the Executive signs in, then the reports and recommendations are offered, not the queue or briefings', () => {
    expect(titles('Executive')).toEqual([
      'My submissions',
      'Recommendations',
      'Quarterly report',
      'Newsletter',
      'Circulation plan',
    ]);
  });

  it('when a route belongs to a page not open to the person, then it is not opened; home always is', () => {
    expect(routeOpenTo('record', person('Practitioner'))).toBe(false);
    expect(routeOpenTo('briefing', person('EngineRoom'))).toBe(false);
    expect(routeOpenTo('briefing', person('DevelopmentManager'))).toBe(true);
    expect(routeOpenTo('active-learning-set', person('EngineRoom'))).toBe(true);
    expect(routeOpenTo('home', person())).toBe(true);
  });
});
