import { z } from 'zod';
import { agencyListProblems, agencyReference, agencySchema, entraObjectId } from './agencies';
import hsscp from './hsscp.json';
import leeds from './leeds.json';
import stockport from './stockport.json';

/**
 * What differs between partnerships is data, not code: each partnership is a
 * JSON file in this folder, checked against this schema when it is loaded.
 */
const months = z.number().int().min(1).max(1200);

const partnershipFields = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string().min(1),
  shortName: z.string().min(1).max(12),
  brand: z.object({
    primaryColour: z.string().regex(/^#[0-9A-Fa-f]{6}$/),
    font: z.string().min(1),
    /**
     * In ./assets. The files here are stand-in wordmarks in the brand colour
     * until each partnership supplies its own logo file.
     */
    logo: z.object({
      file: z.string().regex(/^[a-z0-9-]+\.png$/),
      alt: z.string().min(1),
      widthPx: z.number().int().positive(),
      heightPx: z.number().int().positive(),
    }),
  }),
  /**
   * The one list of agencies (current names, former names as aliases, Entra groups):
   * every list of agencies in the product reads it (core/src/partnerships/agencies.ts).
   */
  agencies: z.array(agencySchema).min(1),
  /** The statutory safeguarding partners: references (ids) to `agencies`. */
  safeguardingPartners: z.array(agencyReference).min(1),
  themes: z.array(z.string().min(1)).min(1),
  /** The stages of the local professional challenge (escalation) procedure, in order. */
  resolutionStages: z.array(z.string().min(1)).min(1),
  /**
   * Who receives what. `agencyLeads`: the agencies (ids) whose safeguarding leads groups
   * (agencies[].groups.safeguardingLeads) receive briefing notes; every member is sent one.
   */
  circulationLists: z
    .object({ agencyLeads: z.array(agencyReference) })
    .strict()
    .default({ agencyLeads: [] }),
  /**
   * The partnership's own words that the identifying-details screen must leave alone
   * (core/src/identifying): places, services and settings (some named like people:
   * "Alice House"), named policies, professional roles, meeting names, and the phone
   * numbers and mailboxes of its services.
   */
  screening: z
    .object({
      places: z.array(z.string().min(1)).default([]),
      services: z.array(z.string().min(1)).default([]),
      policies: z.array(z.string().min(1)).default([]),
      roles: z.array(z.string().min(1)).default([]),
      meetings: z.array(z.string().min(1)).default([]),
      phoneNumbers: z.array(z.string().regex(/^\+?[\d ()-]{3,20}$/, 'a phone number')).default([]),
      emailAddresses: z.array(z.string().email()).default([]),
    })
    .strict()
    .default({
      places: [],
      services: [],
      policies: [],
      roles: [],
      meetings: [],
      phoneNumbers: [],
      emailAddresses: [],
    }),
  /**
   * Where the partnership lives in Microsoft 365, when one deployment serves several
   * (PARTNERSHIPS): its team and channels (a channel turn is routed by them), its mailbox and
   * plan, and the Entra groups whose members belong to it (with its agencies' leads groups:
   * a personal chat or API call is routed by them). Left out with the sandbox: the sandbox
   * tenant's own team, mailbox and plan for the partnership; the default partnership's may
   * also come from the environment (BUSINESS_UNIT_CHANNEL_ID and the rest).
   */
  microsoft365: z
    .object({
      /** The Entra group id of the team holding its channels (Graph's /teams/{id}). */
      businessUnitTeamId: entraObjectId.optional(),
      /** Teams' own id of the team (its General channel's conversation id), as turns carry it. */
      teamChannelId: z
        .string()
        .regex(/^19:.+@thread\.(tacv2|skype)$/)
        .optional(),
      businessUnitChannelId: z
        .string()
        .regex(/^19:.+@thread\.(tacv2|skype)$/)
        .optional(),
      engineRoomChannelId: z
        .string()
        .regex(/^19:.+@thread\.(tacv2|skype)$/)
        .optional(),
      businessUnitMailbox: z.string().email().optional(),
      plannerPlanId: z.string().min(1).optional(),
      /** Entra groups whose members belong to the partnership (its agencies' leads groups do too). */
      memberGroups: z.array(entraObjectId).default([]),
    })
    .strict()
    .optional(),
  /**
   * How long each kind of record keeps personal details, in whole months; a
   * kind left out is kept until this is configured. The daily retention job
   * (bot/src/retention) removes what is due and audits what it did.
   */
  retention: z
    .object({
      /** The child's and family's details of a consideration request: removed, the request kept. */
      considerationChildDetails: z.object({ monthsAfterClosed: months }).strict().optional(),
      /** The whole consideration request, with its clocks and reminders: deleted. */
      considerationRequests: z.object({ monthsAfterClosed: months }).strict().optional(),
      /** Who raised a KLOE (and its contact officer): replaced by "Removed"; the KLOE kept. */
      kloes: z.object({ monthsAfterReceived: months }).strict().optional(),
      /** Who recorded a professional challenge: replaced by "Removed"; the record kept. */
      professionalChallenges: z.object({ monthsAfterResolved: months }).strict().optional(),
      /**
       * The leads a briefing note was sent to, and who acknowledged, recorded a
       * cascade or reported impact: replaced by "Removed"; the note, each
       * agency's figures, cascade methods and impact text kept.
       */
      briefingLeads: z.object({ monthsAfterSent: months }).strict().optional(),
      /**
       * The leads asked, people nominated and their attendance at an Active
       * Learning Set (counted from the meeting's end, or the planned end when
       * none was arranged): replaced by "Removed"; the set and its counts kept.
       */
      activeLearningPeople: z.object({ monthsAfterSet: months }).strict().optional(),
      /** Who was invited to attend the Engine Room, and their answer's note: replaced by "Removed". */
      engineRoomInvitations: z.object({ monthsAfterMeeting: months }).strict().optional(),
    })
    .strict()
    .refine(
      (r) =>
        !r.considerationChildDetails ||
        !r.considerationRequests ||
        r.considerationChildDetails.monthsAfterClosed <= r.considerationRequests.monthsAfterClosed,
      {
        message:
          'considerationChildDetails must not be kept longer than the considerationRequests that hold them',
      },
    )
    .default({}),
});

/** A partnership's configuration, its references to agencies checked against its one list. */
export const partnershipSchema = partnershipFields.superRefine((p, ctx) => {
  const problems = agencyListProblems(p.agencies, [
    { path: ['safeguardingPartners'], ids: p.safeguardingPartners },
    { path: ['circulationLists', 'agencyLeads'], ids: p.circulationLists.agencyLeads },
  ]);
  p.circulationLists.agencyLeads.forEach((id, i) => {
    const agency = p.agencies.find((a) => a.id === id);
    if (agency && agency.groups.safeguardingLeads.length === 0)
      problems.push({
        path: ['circulationLists', 'agencyLeads', i],
        message: `Agency "${id}" is on the briefing circulation list but has no safeguardingLeads group`,
      });
  });
  for (const { path, message } of problems) ctx.addIssue({ code: 'custom', path, message });
});

export type Partnership = z.infer<typeof partnershipSchema>;

const known: Record<string, unknown> = { hsscp, stockport, leeds };

export function partnershipIds(): string[] {
  return Object.keys(known);
}

/** The partnership's configuration, or an error naming the ids that exist. */
export function loadPartnership(id: string): Partnership {
  const raw = known[id];
  if (raw === undefined) {
    throw new Error(`Unknown partnership "${id}". Known: ${partnershipIds().join(', ')}.`);
  }
  const parsed = partnershipSchema.safeParse(raw);
  if (!parsed.success) {
    throw new Error(
      `Partnership "${id}" configuration is not valid: ${parsed.error.issues
        .map((i) => `${i.path.join('.')}: ${i.message}`)
        .join('; ')}`,
    );
  }
  return parsed.data;
}

/**
 * The Entra groups whose members belong to the partnership: its members groups
 * (microsoft365.memberGroups) and its agencies' safeguarding leads groups. Lower case.
 */
export function membershipGroupsOf(p: Partnership): string[] {
  const ids = [
    ...(p.microsoft365?.memberGroups ?? []),
    ...p.agencies.flatMap((a) => a.groups.safeguardingLeads.map((g) => g.id)),
  ].map((id) => id.toLowerCase());
  return [...new Set(ids)];
}
