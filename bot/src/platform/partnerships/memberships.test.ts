import { loadPartnership } from '@pathways/core';
import { partnershipMemberships } from './memberships';

const hsscp = loadPartnership('hsscp');
const stockport = loadPartnership('stockport');
const HSSCP_MEMBERS = '00000000-0000-4000-c000-000000000101';
const STOCKPORT_MEMBERS = '00000000-0000-4000-c000-000000000201';
const stockportLeads = stockport.agencies[0]!.groups.safeguardingLeads[0]!.id;

/** A directory that knows each person's groups, counting the lookups. */
function directory(groupsOf: Record<string, string[]>) {
  const asked: string[][] = [];
  return {
    asked,
    users: {
      memberGroupsAmong: async (person: string, groups: readonly string[]) => {
        asked.push([...groups]);
        return groups.filter((g) => (groupsOf[person] ?? []).includes(g));
      },
    },
  };
}

const served = [
  { partnership: hsscp, memberGroups: [HSSCP_MEMBERS] },
  { partnership: stockport, memberGroups: [STOCKPORT_MEMBERS] },
];

describe('which partnerships a person belongs to', () => {
  it('when a person is in a partnership’s members group or one of its agencies’ leads groups, then they belong to it', async () => {
    const { users } = directory({
      both: [HSSCP_MEMBERS, STOCKPORT_MEMBERS],
      lead: [stockportLeads.toLowerCase()],
    });
    const memberships = partnershipMemberships(served, users);
    expect(await memberships.partnershipsOf('both')).toEqual(['hsscp', 'stockport']);
    expect(await memberships.partnershipsOf('lead')).toEqual(['stockport']);
    expect(await memberships.partnershipsOf('nobody')).toEqual([]);
  });

  it('when a person is asked about again within minutes, then the directory is not asked again', async () => {
    let now = 1_000_000;
    const { users, asked } = directory({ both: [HSSCP_MEMBERS] });
    const memberships = partnershipMemberships(served, users, { now: () => now });
    await memberships.partnershipsOf('both');
    await memberships.partnershipsOf('both');
    expect(asked).toHaveLength(1);
    now += 6 * 60_000;
    await memberships.partnershipsOf('both');
    expect(asked).toHaveLength(2);
  });

  it('when one partnership is served, then everyone belongs to it without a lookup', async () => {
    const { users, asked } = directory({});
    const memberships = partnershipMemberships([served[0]!], users);
    expect(await memberships.partnershipsOf('anyone')).toEqual(['hsscp']);
    expect(asked).toHaveLength(0);
  });
});
