import { membershipGroupsOf, type Partnership } from '@pathways/core';
import type { UsersAndGroups } from '../graph';
import { TtlCache } from '../graph/ttl-cache';

/** Which served partnerships a person belongs to. */
export interface Memberships {
  /** Ids of the served partnerships the person belongs to, in the order they are served. */
  partnershipsOf(personId: string): Promise<string[]>;
}

/** A person's partnerships are remembered this long (a change of groups shows within it). */
const MEMBERSHIP_TTL_MS = 5 * 60_000;

/**
 * A person belongs to a partnership when they are in one of its groups (its
 * microsoft365.memberGroups, or one of its agencies' leads groups): one Graph
 * checkMemberGroups over all of them, remembered a few minutes. Serving one partnership,
 * everyone the service lets in belongs to it (no lookup), as before there were several.
 */
export function partnershipMemberships(
  served: readonly { partnership: Partnership; memberGroups: readonly string[] }[],
  users: Pick<UsersAndGroups, 'memberGroupsAmong'>,
  options: { ttlMs?: number; now?: () => number } = {},
): Memberships {
  if (served.length === 1) {
    const only = [served[0]!.partnership.id];
    return { partnershipsOf: async () => only };
  }
  const groupsOf = served.map(({ partnership, memberGroups }) => ({
    id: partnership.id,
    groups: new Set([
      ...memberGroups.map((g) => g.toLowerCase()),
      ...membershipGroupsOf(partnership),
    ]),
  }));
  const all = [...new Set(groupsOf.flatMap((p) => [...p.groups]))];
  const cache = new TtlCache<string[]>(options.ttlMs ?? MEMBERSHIP_TTL_MS, options.now);
  return {
    partnershipsOf: (personId) =>
      cache.get(personId, async () => {
        const mine = new Set(await users.memberGroupsAmong(personId, all));
        return groupsOf.filter((p) => [...p.groups].some((g) => mine.has(g))).map((p) => p.id);
      }),
  };
}
