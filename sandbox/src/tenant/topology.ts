// Teams and channels of the sandbox tenant. In Teams the General channel's
// conversation id is the team id itself, so the default team follows that.
import { loadPartnership, partnershipIds } from '@pathways/core';

export interface SandboxChannel {
  /** Conversation id, e.g. '19:business-unit@thread.tacv2'. */
  id: string;
  displayName: string;
}

export interface SandboxTeam {
  /** Team id (= General channel conversation id). */
  id: string;
  /** The Microsoft 365 group behind the team: Graph's /teams/{team-id} uses this id. */
  groupId?: string;
  displayName: string;
  channels: SandboxChannel[];
  /** Persona ids; when omitted every persona is a member. */
  memberIds?: string[];
}

export const SANDBOX_CHANNELS = {
  team: '19:hsscp-general@thread.tacv2',
  businessUnit: '19:business-unit@thread.tacv2',
  engineRoom: '19:engine-room@thread.tacv2',
} as const;

/** Graph id of the partnership team (its Microsoft 365 group), for /v1.0/teams/{team-id}. */
export const SANDBOX_TEAM_ID = '00000000-0000-4000-c000-000000000100';

/**
 * Each configured partnership's team and channels beyond HSSCP's (whose ids above predate
 * several partnerships): General, Business Unit and Engine Room, as HSSCP has.
 */
export interface SandboxPartnershipTeam {
  team: string;
  businessUnit: string;
  engineRoom: string;
  groupId: string;
  displayName: string;
}

/**
 * Each configured partnership's team and channels beyond HSSCP's (whose ids above predate
 * several partnerships): General, Business Unit and Engine Room, as HSSCP has. A partnership
 * configured in core without an entry here gets ids made from its id and place in the list.
 */
export const SANDBOX_PARTNERSHIP_TEAMS: Record<string, SandboxPartnershipTeam> = {
  hsscp: { ...SANDBOX_CHANNELS, groupId: SANDBOX_TEAM_ID, displayName: 'HSSCP Partnership' },
  stockport: {
    team: '19:stockport-general@thread.tacv2',
    businessUnit: '19:stockport-business-unit@thread.tacv2',
    engineRoom: '19:stockport-engine-room@thread.tacv2',
    groupId: '00000000-0000-4000-c000-000000000200',
    displayName: 'SSCP Partnership',
  },
  leeds: {
    team: '19:leeds-general@thread.tacv2',
    businessUnit: '19:leeds-business-unit@thread.tacv2',
    engineRoom: '19:leeds-engine-room@thread.tacv2',
    groupId: '00000000-0000-4000-c000-000000000300',
    displayName: 'LSCP Partnership',
  },
};

/** A partnership's place among the configured ones (core's order), from 0. */
function placeOf(partnershipId: string): number {
  const i = partnershipIds().indexOf(partnershipId);
  if (i < 0) throw new Error(`The sandbox tenant has no partnership "${partnershipId}".`);
  return i;
}

/** The partnership's team in the sandbox tenant (every configured partnership has one). */
export function sandboxTeamOf(partnershipId: string): SandboxPartnershipTeam {
  const fixed = SANDBOX_PARTNERSHIP_TEAMS[partnershipId];
  if (fixed) return fixed;
  const n = String((placeOf(partnershipId) + 1) * 100).padStart(12, '0');
  return {
    team: `19:${partnershipId}-general@thread.tacv2`,
    businessUnit: `19:${partnershipId}-business-unit@thread.tacv2`,
    engineRoom: `19:${partnershipId}-engine-room@thread.tacv2`,
    groupId: `00000000-0000-4000-c000-${n}`,
    displayName: `${loadPartnership(partnershipId).shortName} Partnership`,
  };
}

/**
 * The Entra security group whose members belong to the partnership (its people; its
 * agencies' leads are in their leads groups): `c000-...0101` for the first, `...0201` next.
 */
export function sandboxMembersGroupOf(partnershipId: string): string {
  return `00000000-0000-4000-c000-${String((placeOf(partnershipId) + 1) * 100 + 1).padStart(12, '0')}`;
}

export function defaultTeams(): SandboxTeam[] {
  const others = partnershipIds()
    .filter((id) => id !== 'hsscp')
    .map(sandboxTeamOf)
    .map((t) => ({
      id: t.team,
      groupId: t.groupId,
      displayName: t.displayName,
      channels: [
        { id: t.team, displayName: 'General' },
        { id: t.businessUnit, displayName: 'Business Unit' },
        { id: t.engineRoom, displayName: 'Engine Room' },
      ],
    }));
  return [
    {
      id: SANDBOX_CHANNELS.team,
      groupId: SANDBOX_TEAM_ID,
      displayName: 'HSSCP Partnership',
      channels: [
        { id: SANDBOX_CHANNELS.team, displayName: 'General' },
        { id: SANDBOX_CHANNELS.businessUnit, displayName: 'Business Unit' },
        { id: SANDBOX_CHANNELS.engineRoom, displayName: 'Engine Room' },
      ],
    },
    ...others,
  ];
}
