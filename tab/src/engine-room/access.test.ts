import { canReadChildDetails, canReadQueue } from './access';

const person = (...roles: string[]) => ({ id: 'p', displayName: 'P', email: 'p@x', roles });

describe("who is offered a consideration request's child details", () => {
  it('when the person is in the Business Unit or the Engine Room, then they are offered them', () => {
    expect(canReadChildDetails(person('BusinessUnit'))).toBe(true);
    expect(canReadChildDetails(person('EngineRoom'))).toBe(true);
    expect(canReadChildDetails(person('DevelopmentManager', 'EngineRoom'))).toBe(true);
  });

  it('when a Development Manager alone reads the record, then the details are not offered', () => {
    expect(canReadQueue(person('DevelopmentManager'))).toBe(true);
    expect(canReadChildDetails(person('DevelopmentManager'))).toBe(false);
  });

  it('when the person holds any other role, or none, then they are not offered them', () => {
    for (const role of ['Practitioner', 'AgencyLead', 'Executive', 'Administrator']) {
      expect(canReadChildDetails(person(role))).toBe(false);
    }
    expect(canReadChildDetails(person())).toBe(false);
  });
});
