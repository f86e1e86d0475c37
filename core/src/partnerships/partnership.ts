import { z } from 'zod';
import hsscp from './hsscp.json';
import stockport from './stockport.json';

/**
 * What differs between partnerships is data, not code: each partnership is a
 * JSON file in this folder, checked against this schema when it is loaded.
 */
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
