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

export function defaultTeams(): SandboxTeam[] {
  return [
    {
      id: SANDBOX_CHANNELS.team,
      displayName: 'HSSCP Partnership',
      channels: [
        { id: SANDBOX_CHANNELS.team, displayName: 'General' },
        { id: SANDBOX_CHANNELS.businessUnit, displayName: 'Business Unit' },
        { id: SANDBOX_CHANNELS.engineRoom, displayName: 'Engine Room' },
      ],
    },
  ];
}
