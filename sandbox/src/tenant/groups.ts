// Entra groups of the sandbox tenant: one security group per Pathways role (a deployment
// may map groups to roles instead of assigning app roles), and the partnership's
// Microsoft 365 group behind its Teams team. Fixed GUIDs so configuration can name them.
import { agencyOfOrganisation, ROLES, type Role } from '@pathways/core';
import { agencyLeadGroupsOfAll, sandboxPartnerships } from './agencies';
import type { Directory } from './directory';
import type { Persona } from './personas';
import { sandboxMembersGroupOf, type SandboxTeam } from './topology';

/** Role -> the object id of the Entra security group whose members hold that role. */
export const SANDBOX_ROLE_GROUPS: Record<Role, string> = {
  Practitioner: '00000000-0000-4000-c000-000000000001',
  BusinessUnit: '00000000-0000-4000-c000-000000000002',
  EngineRoom: '00000000-0000-4000-c000-000000000003',
  DevelopmentManager: '00000000-0000-4000-c000-000000000004',
  AgencyLead: '00000000-0000-4000-c000-000000000005',
  Executive: '00000000-0000-4000-c000-000000000006',
  Administrator: '00000000-0000-4000-c000-000000000007',
};

const ROLE_GROUP_NAMES: Record<Role, string> = {
  Practitioner: 'Pathways Practitioners',
  BusinessUnit: 'Pathways Business Unit',
  EngineRoom: 'Pathways Engine Room',
  DevelopmentManager: 'Pathways Development Manager',
  AgencyLead: 'Pathways Agency Leads',
  Executive: 'Pathways Executive',
  Administrator: 'Pathways Administrators',
};

export interface SandboxGroup {
  id: string;
  displayName: string;
  description: string;
  mailNickname: string;
  mail: string | null;
  mailEnabled: boolean;
  securityEnabled: boolean;
  groupTypes: string[];
  resourceProvisioningOptions: string[];
  createdDateTime: string;
  visibility: string | null;
  /** Directory object ids, in the order Graph lists them. */
  memberIds: string[];
}

const CREATED = '2024-04-01T09:00:00Z';

function nickname(displayName: string): string {
  return displayName.replace(/[^A-Za-z0-9]/g, '');
}

export function roleGroups(directory: Directory): SandboxGroup[] {
  return ROLES.map((role) => ({
    id: SANDBOX_ROLE_GROUPS[role],
    displayName: ROLE_GROUP_NAMES[role],
    description: `Members hold the Pathways role ${role}.`,
    mailNickname: nickname(ROLE_GROUP_NAMES[role]),
    mail: null,
    mailEnabled: false,
    securityEnabled: true,
    groupTypes: [],
    resourceProvisioningOptions: [],
    createdDateTime: CREATED,
    visibility: null,
    memberIds: directory.users
      .filter((u) => directory.rolesOf(u.id).includes(role))
      .map((u) => u.id),
  }));
}

/** A Teams team is a Microsoft 365 group; Graph's /teams/{id} uses the group's id. */
export function teamGroups(
  teams: SandboxTeam[],
  personas: Persona[],
  domain: string,
): SandboxGroup[] {
  return teams.flatMap((team) =>
    team.groupId
      ? [
          {
            id: team.groupId,
            displayName: team.displayName,
            description: `${team.displayName} team`,
            mailNickname: nickname(team.displayName),
            mail: `${nickname(team.displayName).toLowerCase()}@${domain}`,
            mailEnabled: true,
            securityEnabled: false,
            groupTypes: ['Unified'],
            resourceProvisioningOptions: ['Team'],
            createdDateTime: CREATED,
            visibility: 'Private',
            memberIds: team.memberIds ?? personas.map((p) => p.id),
          },
        ]
      : [],
  );
}

export class Groups {
  constructor(readonly all: SandboxGroup[]) {}

  find(id: string): SandboxGroup | undefined {
    const key = id.toLowerCase();
    return this.all.find((g) => g.id === key);
  }

  memberOf(userId: string): SandboxGroup[] {
    return this.all.filter((g) => g.memberIds.includes(userId));
  }
}

/**
 * The partnerships' circulation lists: every configured partnership's agencies' safeguarding
 * leads groups, with the ids its configuration names (core/src/partnerships/*.json).
 */
export const SANDBOX_AGENCY_LEAD_GROUPS: {
  partnershipId: string;
  agency: string;
  groupId: string;
}[] = agencyLeadGroupsOfAll().map(({ partnershipId, agency, groupId }) => ({
  partnershipId,
  agency,
  groupId,
}));

/**
 * Members: the leads seeded in the group, and any other (HSSCP) agency lead whose
 * organisation (companyName, a current or former name) is the group's agency, in its first group.
 */
export function agencyLeadGroups(directory: Directory): SandboxGroup[] {
  const partnerships = sandboxPartnerships();
  return agencyLeadGroupsOfAll().map((group) => {
    const name = `${group.label} safeguarding leads`;
    const partnership = partnerships.find((p) => p.id === group.partnershipId)!;
    const primary = (companyName: string) =>
      agencyOfOrganisation(partnership, companyName)?.groups.safeguardingLeads[0]?.id.toLowerCase();
    return {
      id: group.groupId,
      displayName: name,
      description: `Circulation list: safeguarding leads of ${group.agency} (${group.label}).`,
      mailNickname: nickname(name),
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      resourceProvisioningOptions: [],
      createdDateTime: CREATED,
      visibility: null,
      memberIds: directory.users
        .filter((u) => {
          if (!directory.rolesOf(u.id).includes('AgencyLead')) return false;
          const seededIn = directory.leadsGroupOf(u.id);
          if (seededIn) return seededIn === group.groupId;
          // The personas and the extra leads are HSSCP's people (Cafcass and probation sit in
          // several partnerships; these leads are in HSSCP's groups only).
          return group.partnershipIndex === 0 && primary(u.companyName) === group.groupId;
        })
        .map((u) => u.id),
    };
  });
}

/**
 * One security group per configured partnership whose members belong to it (its people: the
 * personas, the Business Unit, Engine Room and Executive members it has; the dual persona is in
 * two). Its agencies' leads belong through their leads groups. The service's default
 * `microsoft365.memberGroups` with the sandbox.
 */
export function partnershipMemberGroups(directory: Directory): SandboxGroup[] {
  return sandboxPartnerships().map((p) => {
    const name = `${p.shortName} members`;
    return {
      id: sandboxMembersGroupOf(p.id),
      displayName: name,
      description: `People who belong to ${p.name}.`,
      mailNickname: nickname(name),
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      resourceProvisioningOptions: [],
      createdDateTime: CREATED,
      visibility: null,
      memberIds: directory.users
        .filter((u) => directory.partnershipsOf(u.id).includes(p.id))
        .map((u) => u.id),
    };
  });
}
