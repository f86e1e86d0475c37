import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, isNotFound } from './graph-errors';

/** What Pathways reads of a person in the directory. */
export interface DirectoryUser {
  id: string;
  displayName: string;
  mail: string | undefined;
  /** The person's organisation (their agency). */
  companyName: string | undefined;
}

/** Users and groups (Entra ID reads; GET /users costs 2 resource units, members 3). */
export interface UsersAndGroups {
  /** By object id or userPrincipalName; undefined when there is no such user. */
  getUser(id: string): Promise<DirectoryUser | undefined>;
  /** Object ids of a group's direct members, every page. */
  groupMemberIds(groupId: string): Promise<string[]>;
  /** A group's direct members who are people (id, name, mail), every page. */
  groupMembers(groupId: string): Promise<DirectoryUser[]>;
  /**
   * People whose organisation (companyName) is this one, every page. Graph
   * compares case-insensitively; filtering on companyName is an advanced
   * query (ConsistencyLevel: eventual with $count).
   */
  usersInOrganisation(companyName: string): Promise<DirectoryUser[]>;
  /**
   * Which of these groups the user is a member of, directly or through nested groups
   * (checkMemberGroups, 20 ids a request); none when there is no such user.
   */
  memberGroupsAmong(userId: string, groupIds: readonly string[]): Promise<string[]>;
}

/** checkMemberGroups takes at most this many group ids in one request. */
const CHECK_MEMBER_GROUPS_MAX = 20;

interface GraphUser {
  id: string;
  displayName?: string | null;
  mail?: string | null;
  companyName?: string | null;
}

interface Page<T> {
  value: T[];
  '@odata.nextLink'?: string;
}

/** Follows @odata.nextLink to the end; `limit` guards against a server that never stops. */
export async function readAllPages<T>(
  client: Client,
  first: string,
  limit = 1_000,
  headers: Record<string, string> = {},
): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = first;
  for (let pages = 0; next; pages += 1) {
    if (pages >= limit) throw new Error('Microsoft Graph returned more pages than expected.');
    const url: string = next;
    const page = await graphCall<Page<T>>(() => client.api(url).headers(headers).get());
    items.push(...page.value);
    next = page['@odata.nextLink'];
  }
  return items;
}

export function graphUsersAndGroups(
  client: Client,
  options: { memberPageSize?: number } = {},
): UsersAndGroups {
  const pageSize = options.memberPageSize ?? 999;
  return {
    async getUser(id) {
      try {
        const user = await graphCall<GraphUser>(() =>
          client
            .api(`/users/${encodeURIComponent(id)}`)
            .select(['id', 'displayName', 'mail', 'companyName'])
            .get(),
        );
        return {
          id: user.id,
          displayName: user.displayName ?? '',
          mail: user.mail ?? undefined,
          companyName: user.companyName ?? undefined,
        };
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async usersInOrganisation(companyName) {
      const filter = encodeURIComponent(`companyName eq '${companyName.replace(/'/g, "''")}'`);
      const users = await readAllPages<GraphUser>(
        client,
        `/users?$filter=${filter}&$select=id,displayName,mail,companyName&$count=true&$top=${pageSize}`,
        1_000,
        { ConsistencyLevel: 'eventual' },
      );
      return users.map((user) => ({
        id: user.id,
        displayName: user.displayName ?? '',
        mail: user.mail ?? undefined,
        companyName: user.companyName ?? undefined,
      }));
    },
    async memberGroupsAmong(userId, groupIds) {
      const found: string[] = [];
      for (let i = 0; i < groupIds.length; i += CHECK_MEMBER_GROUPS_MAX) {
        try {
          const answer = await graphCall<{ value: string[] }>(() =>
            client
              .api(`/users/${encodeURIComponent(userId)}/checkMemberGroups`)
              .post({ groupIds: groupIds.slice(i, i + CHECK_MEMBER_GROUPS_MAX) }),
          );
          found.push(...answer.value.map((id) => id.toLowerCase()));
        } catch (error) {
          if (isNotFound(error)) return [];
          throw error;
        }
      }
      return found;
    },
    async groupMemberIds(groupId) {
      const members = await readAllPages<{ id: string }>(
        client,
        `/groups/${encodeURIComponent(groupId)}/members?$select=id&$top=${pageSize}`,
      );
      return members.map((m) => m.id);
    },
    async groupMembers(groupId) {
      const members = await readAllPages<GraphUser & { '@odata.type'?: string }>(
        client,
        `/groups/${encodeURIComponent(groupId)}/members?$select=id,displayName,mail,companyName&$top=${pageSize}`,
      );
      // Groups may hold devices or other groups too: people only.
      const people = members.filter(
        (m) => m['@odata.type'] === undefined || m['@odata.type'] === '#microsoft.graph.user',
      );
      return people.map((user) => ({
        id: user.id,
        displayName: user.displayName ?? '',
        mail: user.mail ?? undefined,
        companyName: user.companyName ?? undefined,
      }));
    },
  };
}
