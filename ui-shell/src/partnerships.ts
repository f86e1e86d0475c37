import type { Partnership } from './types';

/** The request header that says which partnership a call acts for (its id). */
export const PARTNERSHIP_HEADER = 'X-Pathways-Partnership';

/** The problem code of a 409: the person is in several partnerships and the call named none. */
export const CHOOSE_PARTNERSHIP = 'ChoosePartnership';

/** Which partnership the person acts for, once we know who they are. */
export type PartnershipDecision =
  /** The service listed none (it serves one partnership): calls carry no header. */
  | { kind: 'unlisted' }
  /** Their only partnership, or the one they chose earlier in this session. */
  | { kind: 'decided'; partnership: Partnership }
  /** Two or more, and no choice yet: ask them before anything else. */
  | { kind: 'choose'; partnerships: Partnership[] };

/**
 * One partnership: that one. Two or more: the one remembered for this session if they still
 * belong to it, otherwise they choose.
 */
export function decidePartnership(
  partnerships: readonly Partnership[] | undefined,
  remembered: string | undefined,
): PartnershipDecision {
  const listed = partnerships ?? [];
  const [only] = listed;
  if (!only) return { kind: 'unlisted' };
  if (listed.length === 1) return { kind: 'decided', partnership: only };
  const chosen = listed.find((p) => p.id === remembered);
  return chosen
    ? { kind: 'decided', partnership: chosen }
    : { kind: 'choose', partnerships: [...listed] };
}

/** The person can change partnership only if they belong to more than one. */
export function canChangePartnership(partnerships: readonly Partnership[] | undefined): boolean {
  return (partnerships?.length ?? 0) > 1;
}

/** The header every API call carries once a partnership is known; none before. */
export function partnershipHeaders(partnershipId: string | undefined): Record<string, string> {
  return partnershipId ? { [PARTNERSHIP_HEADER]: partnershipId } : {};
}

/** The partnership's name for the page's banner and messages: "Name (SHORT)" when they differ. */
export function partnershipLabel(partnership: Partnership): string {
  const short = partnership.shortName.trim();
  return short && short !== partnership.name ? `${partnership.name} (${short})` : partnership.name;
}

/**
 * A short, one-way tag for a person's id (FNV-1a, 32 bits): the session's storage keeps the
 * choice apart for each person (a sandbox tester switches persona in one tab) without holding
 * who they are.
 */
export function personTag(personId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < personId.length; i++) {
    hash ^= personId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/** The session storage key of a person's choice. Its value is the partnership id, nothing else. */
export function partnershipChoiceKey(personId: string): string {
  return `pathways.partnership.${personTag(personId)}`;
}

type ChoiceStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The partnership this person chose earlier in this session, if any (storage may be blocked). */
export function rememberedPartnership(
  storage: ChoiceStorage | undefined,
  personId: string,
): string | undefined {
  try {
    return storage?.getItem(partnershipChoiceKey(personId)) ?? undefined;
  } catch {
    return undefined;
  }
}

/** Keeps (or, with undefined, forgets) this person's choice for the rest of the session. */
export function rememberPartnership(
  storage: ChoiceStorage | undefined,
  personId: string,
  partnershipId: string | undefined,
): void {
  try {
    if (partnershipId) storage?.setItem(partnershipChoiceKey(personId), partnershipId);
    else storage?.removeItem(partnershipChoiceKey(personId));
  } catch {
    // Storage blocked: the choice lasts until the page reloads.
  }
}
