import {
  namesOfAgency,
  resolveAgency,
  type OrganisationPerson,
  type Partnership,
  type PeopleDirectory,
} from '@pathways/core';
import { TtlCache } from './ttl-cache';
import type { UsersAndGroups } from './users';

export type { OrganisationPerson } from '@pathways/core';

/**
 * Who works in an organisation, and who leads for it, from the directory: users by
 * companyName; leads are the members of the agency's safeguarding leads groups (the
 * partnership's, so an agency in two partnerships has each one's own leads) who also hold
 * the agency-lead role; without groups, its people in that role.
 * Remembered for a minute, like the people directory.
 */
export interface OrganisationDirectory {
  peopleIn(organisation: string): Promise<OrganisationPerson[]>;
  leadsOf(organisation: string): Promise<OrganisationPerson[]>;
  /** People in the organisation whose name starts a word with the text typed. */
  search(organisation: string, text: string, top: number): Promise<OrganisationPerson[]>;
}

export function organisationDirectory(
  users: Pick<UsersAndGroups, 'usersInOrganisation' | 'groupMembers'>,
  people: PeopleDirectory,
  options: {
    ttlMs?: number;
    now?: () => number;
    /**
     * Every name the organisation's people may have as their companyName: an agency's
     * current name and its former names (the partnership's list), as directories lag renames.
     */
    namesOf?: (organisation: string) => readonly string[];
    /** The Entra groups of the organisation's safeguarding leads, when it has any. */
    leadGroupsOf?: (organisation: string) => readonly string[];
  } = {},
): OrganisationDirectory {
  const cache = new TtlCache<OrganisationPerson[]>(options.ttlMs ?? 60_000, options.now);
  const namesOf = options.namesOf ?? ((organisation: string) => [organisation]);
  const peopleIn = (organisation: string) =>
    cache.get(organisation.toLowerCase(), async () => {
      const found = (
        await Promise.all(namesOf(organisation).map((name) => users.usersInOrganisation(name)))
      ).flat();
      const byId = new Map(found.map((u) => [u.id, u]));
      return [...byId.values()]
        .map((u) => ({ id: u.id, name: u.displayName, mail: u.mail }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    });
  const groupCache = new TtlCache<OrganisationPerson[]>(options.ttlMs ?? 60_000, options.now);
  const groupPeople = (organisation: string, groups: readonly string[]) =>
    groupCache.get(organisation.toLowerCase(), async () => {
      const found = (await Promise.all(groups.map((g) => users.groupMembers(g)))).flat();
      const byId = new Map(found.map((u) => [u.id, u]));
      return [...byId.values()]
        .map((u) => ({ id: u.id, name: u.displayName, mail: u.mail }))
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
    });
  return {
    peopleIn,
    async leadsOf(organisation) {
      const groups = options.leadGroupsOf?.(organisation) ?? [];
      const [candidates, leads] = await Promise.all([
        groups.length > 0 ? groupPeople(organisation, groups) : peopleIn(organisation),
        people.membersOf('AgencyLead'),
      ]);
      const leadIds = new Set(leads);
      return candidates.filter((p) => leadIds.has(p.id));
    },
    async search(organisation, text, top) {
      const wanted = text.trim().toLowerCase();
      const all = await peopleIn(organisation);
      return all
        .filter(
          (p) =>
            wanted === '' ||
            p.name
              .toLowerCase()
              .split(/\s+/)
              .some((word) => word.startsWith(wanted)) ||
            p.name.toLowerCase().startsWith(wanted),
        )
        .slice(0, top);
    },
  };
}

/**
 * A partnership's organisation directory: an organisation is looked up through the
 * partnership's one agency list, so its people are found under its current and former
 * names, and its leads are the members of this partnership's safeguarding leads groups for
 * it (an agency in several partnerships, such as a police force or an NHS trust, has each
 * one's own leads; another partnership's lead of a same-named agency is never one).
 */
export function partnershipOrganisations(
  users: Pick<UsersAndGroups, 'usersInOrganisation' | 'groupMembers'>,
  people: PeopleDirectory,
  partnership: Partnership,
  options: { ttlMs?: number; now?: () => number } = {},
): OrganisationDirectory {
  return organisationDirectory(users, people, {
    ...options,
    namesOf: (organisation) => {
      const agency = resolveAgency(partnership, organisation);
      return agency ? namesOfAgency(agency) : [organisation];
    },
    leadGroupsOf: (organisation) =>
      resolveAgency(partnership, organisation)?.groups.safeguardingLeads.map((g) => g.id) ?? [],
  });
}
