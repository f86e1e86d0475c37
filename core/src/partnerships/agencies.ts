import { z } from 'zod';

/**
 * A partnership's one list of agencies. Partner bodies are renamed and merged often
 * (Clinical Commissioning Groups became Integrated Care Boards; Community Rehabilitation
 * Companies were folded into the Probation Service), so each agency has its current name
 * and its former names as aliases: records, documents and directory entries written under
 * an old name still find the agency. Other parts of the configuration refer to an agency
 * by its `id`, which never changes when the agency is renamed.
 */
export const entraObjectId = z
  .string()
  .regex(/^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i, 'an Entra group object id');

const entraGroup = z
  .object({
    id: entraObjectId,
    /** Who is in it, in a few words ("Hartlepool Education"): the group's people are named after it in the sandbox. */
    label: z.string().min(1).max(60),
  })
  .strict();

export const agencySchema = z
  .object({
    id: z.string().regex(/^[a-z0-9-]+$/, 'lower-case letters, digits and hyphens'),
    name: z.string().min(1).max(200),
    /** Former names, and other names its people and older documents use. */
    aliases: z.array(z.string().min(1).max(200)).default([]),
    /** Its Entra groups. `safeguardingLeads`: the groups whose members cascade briefings in it. */
    groups: z
      .object({ safeguardingLeads: z.array(entraGroup).default([]) })
      .strict()
      .default({ safeguardingLeads: [] }),
  })
  .strict();

export type Agency = z.infer<typeof agencySchema>;

/** What a reference to an agency may be: its id (see agencySchema). */
export const agencyReference = z.string().min(1);

/** Names compare without regard to case, spacing or "&" for "and" ("Early Years" = "early years"). */
export function agencyKey(name: string): string {
  return name
    .normalize('NFKC')
    .toLocaleLowerCase('en-GB')
    .replace(/&/g, ' and ')
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, ' ')
    .trim();
}

/** The problems with a list of agencies and the references to it; empty when it is sound. */
export function agencyListProblems(
  agencies: readonly Agency[],
  references: { path: (string | number)[]; ids: readonly string[] }[],
): { path: (string | number)[]; message: string }[] {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const ids = new Map<string, number>();
  const names = new Map<string, string>();
  const groups = new Map<string, string>();
  agencies.forEach((a, i) => {
    if (ids.has(a.id))
      problems.push({ path: ['agencies', i, 'id'], message: `Agency id "${a.id}" appears twice` });
    ids.set(a.id, i);
    for (const name of [a.name, ...a.aliases]) {
      const key = agencyKey(name);
      const holder = names.get(key);
      if (holder !== undefined)
        problems.push({
          path: ['agencies', i],
          message: `"${name}" names two agencies (${holder} and ${a.id}), or one twice`,
        });
      names.set(key, a.id);
    }
    for (const g of a.groups.safeguardingLeads) {
      const holder = groups.get(g.id.toLowerCase());
      if (holder !== undefined)
        problems.push({
          path: ['agencies', i, 'groups'],
          message: `Group ${g.id} is listed for ${holder} and ${a.id}`,
        });
      groups.set(g.id.toLowerCase(), a.id);
    }
  });
  for (const ref of references) {
    const seen = new Set<string>();
    ref.ids.forEach((id, j) => {
      if (!ids.has(id))
        problems.push({
          path: [...ref.path, j],
          message: `"${id}" is not an agency id in this partnership (agencies[].id)`,
        });
      if (seen.has(id))
        problems.push({ path: [...ref.path, j], message: `Agency "${id}" appears twice` });
      seen.add(id);
    });
  }
  return problems;
}

interface WithAgencies {
  agencies: readonly Agency[];
}

/** The agencies' current names, in the configured order: every list of agencies shows these. */
export function agencyNames(p: WithAgencies): string[] {
  return p.agencies.map((a) => a.name);
}

/** The agency a name or former name (alias) stands for, or undefined when none does. */
export function resolveAgency(p: WithAgencies, nameOrAlias: string): Agency | undefined {
  const key = agencyKey(nameOrAlias);
  if (!key) return undefined;
  return p.agencies.find(
    (a) => agencyKey(a.name) === key || a.aliases.some((n) => agencyKey(n) === key),
  );
}

/** The agency with this id (a reference elsewhere in the configuration). */
export function agencyById(p: WithAgencies, id: string): Agency | undefined {
  return p.agencies.find((a) => a.id === id);
}

/**
 * The agency of a directory entry's organisation (Entra companyName or department), or
 * undefined. Directories also write a department after the body ("Hartlepool Borough
 * Council: Education", "... - Children's Services"): the body alone is tried next.
 */
export function agencyOfOrganisation(
  p: WithAgencies,
  organisation: string | null | undefined,
): Agency | undefined {
  if (!organisation) return undefined;
  const whole = resolveAgency(p, organisation);
  if (whole) return whole;
  const body = organisation.split(/\s*:\s*|\s+[-\u2013]\s+/)[0];
  return body && body !== organisation ? resolveAgency(p, body) : undefined;
}

/**
 * The name a stored record's agency is shown and grouped under: the current name, so a
 * record stored under a former name groups with today's; a name the list no longer holds
 * at all is shown as stored.
 */
export function currentAgencyName(p: WithAgencies, stored: string): string {
  return resolveAgency(p, stored)?.name ?? stored;
}

/** Every name an agency's records may be stored under (current name first), for a filter. */
export function namesOfAgency(agency: Agency): string[] {
  return [agency.name, ...agency.aliases];
}

/** The current names of these agency ids (references already checked at load). */
export function agencyNamesOf(p: WithAgencies, ids: readonly string[]): string[] {
  return ids.flatMap((id) => agencyById(p, id)?.name ?? []);
}

/**
 * The groups a briefing goes to: each listed agency's safeguarding leads groups, in the
 * list's order, with the agency's current name.
 */
export function agencyLeadGroups(
  p: WithAgencies & { circulationLists: { agencyLeads: readonly string[] } },
): {
  agency: string;
  groupId: string;
}[] {
  return p.circulationLists.agencyLeads.flatMap((id) => {
    const agency = agencyById(p, id);
    return (agency?.groups.safeguardingLeads ?? []).map((g) => ({
      agency: agency!.name,
      groupId: g.id,
    }));
  });
}
