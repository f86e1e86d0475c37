import { z } from 'zod';
import hsscp from './hsscp.json';
import stockport from './stockport.json';

/**
 * What differs between partnerships is data, not code: each partnership is a
 * JSON file in this folder, checked against this schema when it is loaded.
 */
const months = z.number().int().min(1).max(1200);

export const partnershipSchema = z.object({
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
  safeguardingPartners: z.array(z.string().min(1)).min(1),
  agencies: z.array(z.string().min(1)).min(1),
  themes: z.array(z.string().min(1)).min(1),
  /** The stages of the local professional challenge (escalation) procedure, in order. */
  resolutionStages: z.array(z.string().min(1)).min(1),
  /**
   * Who receives what. `agencyLeads`: for each agency, the Entra group holding its
   * safeguarding leads; briefing notes go to every member (HSSCP's ids are the sandbox
   * tenant's groups: a deployment names its own tenant's groups here).
   */
  circulationLists: z
    .object({
      agencyLeads: z
        .array(
          z.object({
            agency: z.string().min(1),
            groupId: z
              .string()
              .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, 'an Entra group object id'),
          }),
        )
        .refine(
          (list) => new Set(list.map((l) => l.agency)).size === list.length,
          'Each agency appears once in a circulation list',
        ),
    })
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

export type Partnership = z.infer<typeof partnershipSchema>;

const known: Record<string, unknown> = { hsscp, stockport };

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
 * The partnership's own name for a directory organisation (Entra companyName), or undefined
 * when its agency list has none: names compare without regard to case, spacing or "&" for
 * "and". A form is left for the person to choose rather than filled with a guess.
 */
export function agencyInList(
  partnership: Pick<Partnership, 'agencies'>,
  organisation: string | undefined,
): string | undefined {
  if (!organisation) return undefined;
  const key = (name: string) =>
    name.toLocaleLowerCase('en-GB').replace(/&/g, ' and ').replace(/\s+/g, ' ').trim();
  const wanted = key(organisation);
  return partnership.agencies.find((a) => key(a) === wanted);
}
