import type { Partnership } from '@pathways/core';
import type { Config } from '../config/config';
import { ConfigError } from '../config/config';

/** Where one served partnership lives in Microsoft 365 (or the sandbox tenant). */
export interface PartnershipPlaces {
  /** Teams' own id of its team (the General channel's conversation id), when known. */
  teamChannelId: string | undefined;
  /** The Entra group id of its team (Graph's /teams/{id}). */
  businessUnitTeamId: string | undefined;
  businessUnitChannelId: string;
  engineRoomChannelId: string | undefined;
  businessUnitMailbox: string | undefined;
  plannerPlanId: string | undefined;
  /** Entra groups whose members belong to it (its agencies' leads groups count too). */
  memberGroups: string[];
}

/** What the sandbox tenant has for a partnership, when the service runs against it. */
export type SandboxPlaces = (partnershipId: string) => Omit<PartnershipPlaces, 'teamChannelId'> & {
  teamChannelId: string;
};

/**
 * Each served partnership's places: its configuration's `microsoft365` section; for the
 * default partnership (the first) the environment's settings before it; with the sandbox,
 * whatever is still missing from the sandbox tenant's own for it. Refuses to start, naming
 * the problem, when a partnership has no Business Unit channel or two claim one channel or team.
 */
export function placesOf(
  config: Config,
  partnerships: readonly Partnership[],
  sandbox: SandboxPlaces | undefined,
): Map<string, PartnershipPlaces> {
  const problems: string[] = [];
  const places = new Map<string, PartnershipPlaces>();
  partnerships.forEach((p, i) => {
    const own = p.microsoft365;
    const env = i === 0;
    const box = sandbox?.(p.id);
    const channel =
      (env ? config.BUSINESS_UNIT_CHANNEL_ID : undefined) ??
      own?.businessUnitChannelId ??
      box?.businessUnitChannelId;
    if (!channel) {
      problems.push(
        `${p.id}: no Business Unit channel (set microsoft365.businessUnitChannelId in core/src/partnerships/${p.id}.json${env ? ', or BUSINESS_UNIT_CHANNEL_ID' : ''})`,
      );
      return;
    }
    places.set(p.id, {
      teamChannelId: own?.teamChannelId ?? box?.teamChannelId,
      businessUnitTeamId:
        (env ? config.BUSINESS_UNIT_TEAM_ID : undefined) ??
        own?.businessUnitTeamId ??
        box?.businessUnitTeamId,
      businessUnitChannelId: channel,
      engineRoomChannelId: own?.engineRoomChannelId ?? box?.engineRoomChannelId,
      businessUnitMailbox:
        (env ? config.BUSINESS_UNIT_MAILBOX : undefined) ??
        own?.businessUnitMailbox ??
        box?.businessUnitMailbox,
      plannerPlanId:
        (env ? config.PLANNER_PLAN_ID : undefined) ?? own?.plannerPlanId ?? box?.plannerPlanId,
      memberGroups: (own?.memberGroups.length ? own.memberGroups : (box?.memberGroups ?? [])).map(
        (g) => g.toLowerCase(),
      ),
    });
  });
  // A turn in a channel (or team) goes to the one partnership that has it.
  const claimed = new Map<string, string>();
  for (const [id, place] of places) {
    const ids = [
      place.businessUnitChannelId,
      place.engineRoomChannelId,
      place.teamChannelId,
      place.businessUnitTeamId,
    ].filter((c): c is string => c !== undefined);
    for (const c of new Set(ids)) {
      const other = claimed.get(c);
      if (other)
        problems.push(
          `${id}: its channel or team ${c} is ${other}'s too; each partnership needs its own team and channels`,
        );
      else claimed.set(c, id);
    }
  }
  if (problems.length > 0)
    throw new ConfigError(problems.map((problem) => `PARTNERSHIPS: ${problem}`));
  return places;
}
