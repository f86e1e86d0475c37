// Teams and channels of the sandbox tenant. In Teams the General channel's
// conversation id is the team id itself, so the default team follows that.

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
export const SANDBOX_PARTNERSHIP_TEAMS: Record<
  string,
  { team: string; businessUnit: string; engineRoom: string; groupId: string; displayName: string }
> = {
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

export function defaultTeams(): SandboxTeam[] {
  const others = Object.entries(SANDBOX_PARTNERSHIP_TEAMS)
    .filter(([id]) => id !== 'hsscp')
    .map(([, t]) => ({
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
