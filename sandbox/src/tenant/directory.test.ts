import { agencyOfOrganisation, loadPartnership, partnershipIds } from '@pathways/core';
import { agencyLeadGroupsOfAll } from './agencies';
import { BUSINESS_UNIT_MAILBOX, Directory } from './directory';
import { type PathwaysRole, SANDBOX_PERSONAS } from './personas';

describe('the sandbox directory', () => {
  const directory = new Directory(SANDBOX_PERSONAS);

  it('when it is built, then every configured partnership’s agency leads groups have at least two synthetic leads', () => {
    const groups = agencyLeadGroupsOfAll();
    expect(new Set(groups.map((g) => g.partnershipId))).toEqual(new Set(partnershipIds()));
    for (const group of groups) {
      const leads = directory.users.filter((u) => directory.leadsGroupOf(u.id) === group.groupId);
      expect({ group: group.label, leads: leads.length >= 2 }).toEqual({
        group: group.label,
        leads: true,
      });
    }
  });

  it('when a benchmark asks for about 1,600 leads in each partnership, then each partnership’s groups share them evenly', () => {
    const many = new Directory(SANDBOX_PERSONAS, { leadsPerPartnership: 1600 });
    const seeded = new Map<string, number>();
    const inGroup = new Map<string, number>();
    for (const group of agencyLeadGroupsOfAll()) {
      const n = many.users.filter((u) => many.leadsGroupOf(u.id) === group.groupId).length;
      seeded.set(group.partnershipId, (seeded.get(group.partnershipId) ?? 0) + n);
      inGroup.set(group.partnershipId, n);
    }
    expect(Object.fromEntries(seeded)).toEqual({ hsscp: 1600, stockport: 1608, leeds: 1600 });
    expect(Object.fromEntries(inGroup)).toEqual({ hsscp: 50, stockport: 134, leeds: 100 });
    expect(new Set(many.users.map((u) => u.id)).size).toBe(many.users.length);
    expect(new Set(many.users.map((u) => u.mail.toLowerCase())).size).toBe(many.users.length);
  });

  it('when it is built, then every agency lead’s organisation is an agency’s name or former name', () => {
    const partnerships = partnershipIds().map(loadPartnership);
    const unresolved = directory.users
      .filter((u) => directory.rolesOf(u.id).includes('AgencyLead'))
      .filter((u) => !partnerships.some((p) => agencyOfOrganisation(p, u.companyName)))
      .map((u) => u.companyName);
    expect(unresolved).toEqual([]);
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
