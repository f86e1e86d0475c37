import type { DirectoryProfile, PeopleDirectory, Role } from '@pathways/core';
import { TtlCache } from './ttl-cache';
import type { DirectoryUser, UsersAndGroups } from './users';

/** Which Entra group grants which Pathways role (configuration: ROLE_GROUPS). */
export interface RoleGroup {
  role: Role;
  groupId: string;
}

/**
 * The PeopleDirectory port over Graph: the person from /users, their roles from
 * membership of the configured groups (direct members; nested groups are not expanded).
 * Lookups are remembered for a minute so card actions stay fast and Entra's read
 * budget is spent once per minute per group, not once per click.
 */
export function graphPeopleDirectory(
  users: UsersAndGroups,
  roleGroups: readonly RoleGroup[],
  options: { ttlMs?: number; now?: () => number } = {},
): PeopleDirectory {
  const ttlMs = options.ttlMs ?? 60_000;
  const people = new TtlCache<DirectoryUser | undefined>(ttlMs, options.now);
  const members = new TtlCache<ReadonlySet<string>>(ttlMs, options.now);
  const groupIds = [...new Set(roleGroups.map((g) => g.groupId))];
  const membersOf = (groupId: string) =>
    members.get(groupId, async () => new Set(await users.groupMemberIds(groupId)));

  return {
    async profile(aadObjectId): Promise<DirectoryProfile | undefined> {
      const [user, memberships] = await Promise.all([
        people.get(aadObjectId, () => users.getUser(aadObjectId)),
        Promise.all(groupIds.map(async (id) => [id, await membersOf(id)] as const)),
      ]);
      if (!user) return undefined;
      const inGroup = new Map(memberships);
      const roles = new Set<Role>(
        roleGroups.filter((g) => inGroup.get(g.groupId)?.has(user.id)).map((g) => g.role),
      );
      return {
        aadObjectId: user.id,
        displayName: user.displayName,
        agency: user.companyName,
        roles,
      };
    },
    async membersOf(role) {
      const groups = roleGroups.filter((g) => g.role === role).map((g) => g.groupId);
      const sets = await Promise.all(groups.map((id) => membersOf(id)));
      return [...new Set(sets.flatMap((set) => [...set]))];
    },
  };
}
