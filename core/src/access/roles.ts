/**
 * The roles Pathways knows. The values are the Entra app role values (the
 * `roles` claim) so a tenant can assign them directly; a deployment may map
 * Entra groups to them instead (configuration, not code).
 */
export const ROLES = [
  'Practitioner',
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
  'AgencyLead',
  'Executive',
  'Administrator',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** What the directory knows of a person that Pathways acts on. */
export interface DirectoryProfile {
  aadObjectId: string;
  displayName: string;
  /** The person's organisation as the directory records it (Graph companyName). */
  agency: string | undefined;
  roles: ReadonlySet<Role>;
}

/**
 * Who someone is and what they may do, looked up from the server side (never
 * from data carried in a card). Implemented in the service over Graph.
 */
export interface PeopleDirectory {
  profile(aadObjectId: string): Promise<DirectoryProfile | undefined>;
  /** Object ids of the people who hold a role (e.g. who sees the Business Unit's actions). */
  membersOf(role: Role): Promise<string[]>;
}

/** An Entra group whose members hold a role (configuration: ROLE_GROUPS). */
export interface RoleGroup {
  role: Role;
  groupId: string;
}

/**
 * A caller's roles from their verified token: app roles in the `roles` claim,
 * plus roles of any configured group in the `groups` claim. Unknown values
 * are ignored, never passed on.
 */
export function rolesFromClaims(
  claims: { roles?: unknown; groups?: unknown },
  roleGroups: readonly RoleGroup[] = [],
): Role[] {
  const found = new Set<Role>();
  if (Array.isArray(claims.roles)) for (const r of claims.roles) if (isRole(r)) found.add(r);
  if (Array.isArray(claims.groups)) {
    const groups = new Set(claims.groups.map((g) => String(g).toLowerCase()));
    for (const { role, groupId } of roleGroups) {
      if (groups.has(groupId.toLowerCase())) found.add(role);
    }
  }
  return ROLES.filter((r) => found.has(r));
}
