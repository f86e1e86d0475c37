// Where each configured partnership lives in the sandbox tenant: what a deployment serving it
// would configure (core's `microsoft365` section), for the service to use when nothing is configured.
import { businessUnitMailboxOf } from './directory';
import { sandboxPlanOf } from './plannerSeed';
import { sandboxMembersGroupOf, sandboxTeamOf } from './topology';

export interface SandboxPartnershipPlaces {
  teamChannelId: string;
  businessUnitTeamId: string;
  businessUnitChannelId: string;
  engineRoomChannelId: string;
  businessUnitMailbox: string;
  plannerPlanId: string;
  memberGroups: string[];
}

export function sandboxPlacesOf(partnershipId: string): SandboxPartnershipPlaces {
  const team = sandboxTeamOf(partnershipId);
  return {
    teamChannelId: team.team,
    businessUnitTeamId: team.groupId,
    businessUnitChannelId: team.businessUnit,
    engineRoomChannelId: team.engineRoom,
    businessUnitMailbox: businessUnitMailboxOf(partnershipId).address,
    plannerPlanId: sandboxPlanOf(partnershipId),
    memberGroups: [sandboxMembersGroupOf(partnershipId)],
  };
}
