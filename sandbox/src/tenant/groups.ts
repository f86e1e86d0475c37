// Entra groups of the sandbox tenant: one security group per Pathways role (a deployment
// may map groups to roles instead of assigning app roles), and the partnership's
// Microsoft 365 group behind its Teams team. Fixed GUIDs so configuration can name them.
import { ROLES, type Role } from '@pathways/core';
import { HSSCP_AGENCIES } from './agencies';
import type { Directory } from './directory';
import type { Persona } from './personas';
import type { SandboxTeam } from './topology';

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
 * The partnership's circulation lists: one security group per HSSCP agency holding its
 * safeguarding leads (every AgencyLead whose companyName is the agency). The HSSCP
 * partnership configuration names these ids (core/src/partnerships/hsscp.json).
 */
export const SANDBOX_AGENCY_LEAD_GROUPS: { agency: string; groupId: string }[] = HSSCP_AGENCIES.map(
  (agency, i) => ({
    agency: agency.name,
    groupId: `00000000-0000-4000-d000-${String(i + 1).padStart(12, '0')}`,
  }),
);

export function agencyLeadGroups(directory: Directory): SandboxGroup[] {
  return HSSCP_AGENCIES.map((agency, i) => {
    const name = `${agency.short} safeguarding leads`;
    return {
      id: SANDBOX_AGENCY_LEAD_GROUPS[i]!.groupId,
      displayName: name,
      description: `Circulation list: the safeguarding leads of ${agency.name}.`,
      mailNickname: nickname(name),
      mail: null,
      mailEnabled: false,
      securityEnabled: true,
      groupTypes: [],
      resourceProvisioningOptions: [],
      createdDateTime: CREATED,
      visibility: null,
      memberIds: directory.users
        .filter(
          (u) => u.companyName === agency.name && directory.rolesOf(u.id).includes('AgencyLead'),
        )
        .map((u) => u.id),
    };
  });
}
