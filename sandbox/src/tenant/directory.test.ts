import { HSSCP_AGENCIES } from './agencies';
import { BUSINESS_UNIT_MAILBOX, Directory } from './directory';
import { type PathwaysRole, SANDBOX_PERSONAS } from './personas';

describe('the sandbox directory', () => {
  const directory = new Directory(SANDBOX_PERSONAS);

  it('when it is built, then every HSSCP agency in Appendix C has at least two synthetic leads', () => {
    for (const agency of HSSCP_AGENCIES) {
      const leads = directory.users.filter(
        (u) => u.companyName === agency.name && directory.rolesOf(u.id).includes('AgencyLead'),
      );
      expect({ agency: agency.name, enough: leads.length >= 2 }).toEqual({
        agency: agency.name,
        enough: true,
      });
    }
  });

  it('when it is built, then everyone is on the reserved .example domain with a unique id and address', () => {
    expect(directory.users.every((u) => u.mail.endsWith('.example'))).toBe(true);
    expect(new Set(directory.users.map((u) => u.id)).size).toBe(directory.users.length);
    expect(new Set(directory.users.map((u) => u.mail.toLowerCase())).size).toBe(
      directory.users.length,
    );
  });

  it('when it is built, then the Business Unit, Engine Room, Development Manager and Executive are all there', () => {
    expect(directory.find(BUSINESS_UNIT_MAILBOX.id)?.mail).toBe(BUSINESS_UNIT_MAILBOX.address);
    const holding = (role: PathwaysRole) =>
      directory.users.filter((u) => directory.rolesOf(u.id).includes(role));
    expect(holding('BusinessUnit').length).toBeGreaterThanOrEqual(2);
    expect(holding('EngineRoom').length).toBeGreaterThanOrEqual(4);
    expect(holding('DevelopmentManager').map((u) => u.displayName)).toEqual([
      'Dana DevelopmentManager',
    ]);
    expect(holding('Executive').length).toBeGreaterThanOrEqual(4);
  });

  it('when personas are looked up, then their ids are the ones the service and tests use', () => {
    expect(SANDBOX_PERSONAS.slice(0, 6).map((p) => p.id)).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => `00000000-0000-4000-8000-00000000000${n}`),
    );
    for (const p of SANDBOX_PERSONAS) expect(directory.find(p.userPrincipalName)?.id).toBe(p.id);
  });
});
