// The partnerships' agencies as the sandbox tenant holds them: read from each configured
// partnership's one agency list (core/src/partnerships), so the tenant's groups are the
// groups the configuration names and its people's organisations are the agencies' names.
import { agencyNamesOf, loadPartnership, partnershipIds, type Partnership } from '@pathways/core';

export interface AgencyLeadGroup {
  partnershipId: string;
  /** The agency's current name: the companyName of the leads seeded in the group. */
  agency: string;
  groupId: string;
  /** Who is in it, in a few words: the seeded leads are named after it. */
  label: string;
  /** Its place among the partnership's groups in id order: fixes the seeded leads' ids. */
  index: number;
  /** The partnership's place among the configured ones: fixes the seeded leads' id range. */
  partnershipIndex: number;
}

export function sandboxPartnerships(): Partnership[] {
  return partnershipIds().map(loadPartnership);
}

/** Every configured partnership's agencies' safeguarding leads groups. */
export function agencyLeadGroupsOfAll(): AgencyLeadGroup[] {
  return sandboxPartnerships().flatMap((p, partnershipIndex) =>
    p.agencies
      .flatMap((a) => a.groups.safeguardingLeads.map((g) => ({ agency: a.name, group: g })))
      .sort((x, y) => x.group.id.localeCompare(y.group.id))
      .map(({ agency, group }, index) => ({
        partnershipId: p.id,
        agency,
        groupId: group.id.toLowerCase(),
        label: group.label,
        index,
        partnershipIndex,
      })),
  );
}

/** A partnership's statutory safeguarding partners, by current name. */
export function safeguardingPartnerNames(p: Partnership): string[] {
  return agencyNamesOf(p, p.safeguardingPartners);
}

/** The partnership's own staff team. */
export const BUSINESS_UNIT_AGENCY = 'HSSCP Business Unit';
