// The tenant's user directory: the personas plus synthetic people (agency leads in every
// configured partnership's agencies' groups, Business Unit, Engine Room, Executive) and the
// Business Unit's shared mailbox, so Graph paging, lookups and group membership work against a realistic tenant.
import {
  agencyLeadGroupsOfAll,
  BUSINESS_UNIT_AGENCY,
  safeguardingPartnerNames,
  sandboxPartnerships,
} from './agencies';
import { type PathwaysRole, type Persona, SANDBOX_DOMAIN } from './personas';

export interface DirectoryUser {
  id: string;
  displayName: string;
  givenName: string;
  surname: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  /** The agency, exposed in Graph as companyName. */
  companyName: string;
  department: string;
  officeLocation: string | null;
  businessPhones: string[];
  mobilePhone: string | null;
  preferredLanguage: string;
}

const EXTRA_LEAD_AGENCIES = [
  'Hartlepool Local Authority',
  'Stockton-on-Tees Local Authority',
  'Cleveland Police',
  'Adoption Tees Valley',
  'British Transport Police',
  'CAFCASS',
  'Cleveland Fire and Rescue Service',
  'Community and Voluntary Sector',
  'Faith organisations',
  'Hartlepool Local Authority Housing',
  'Hartlepool Youth Offending Team',
  'Local Housing providers',
  'National Probation Service',
  'NHS England',
  'North Tees and Hartlepool NHS Foundation Trust',
  'North East Ambulance Service NHS Foundation Trust',
  'Tees, Esk and Wear Valleys NHS Foundation Trust',
  'Stockton-on-Tees Public Health',
];

function toDirectoryUser(
  id: string,
  displayName: string,
  upn: string,
  jobTitle: string,
  agency: string,
): DirectoryUser {
  const [givenName = displayName, ...rest] = displayName.split(' ');
  return {
    id,
    displayName,
    givenName,
    surname: rest.join(' '),
    userPrincipalName: upn,
    mail: upn,
    jobTitle,
    companyName: agency,
    department: agency,
    officeLocation: null,
    businessPhones: [],
    mobilePhone: null,
    preferredLanguage: 'en-GB',
  };
}

export function personaToUser(p: Persona): DirectoryUser {
  return toDirectoryUser(p.id, p.displayName, p.userPrincipalName, p.jobTitle, p.agency);
}

/** Agency leads numbered 1..n; GUIDs in a range that cannot clash with persona ids. */
export function extraAgencyLeads(): DirectoryUser[] {
  return EXTRA_LEAD_AGENCIES.map((agency, i) => {
    const n = i + 1;
    const id = `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`;
    const upn = `agency.lead.${n}@${SANDBOX_DOMAIN}`;
    return toDirectoryUser(id, `Agency Lead ${n}`, upn, 'Safeguarding lead', agency);
  });
}

/** The Business Unit's shared mailbox (a user object without a person behind it, as in Exchange). */
export const BUSINESS_UNIT_MAILBOX = {
  id: '00000000-0000-4000-a000-000000000001',
  address: `business.unit@${SANDBOX_DOMAIN}`,
} as const;

/**
 * Each configured partnership's Business Unit mailbox: the first's is BUSINESS_UNIT_MAILBOX; a
 * further one's carries its short name (Stockport's is sscp.business.unit@...), id ...a000-0001 + 100 per place.
 */
export function businessUnitMailboxOf(partnershipId: string): { id: string; address: string } {
  const all = sandboxPartnerships();
  const pi = all.findIndex((p) => p.id === partnershipId);
  if (pi < 0) throw new Error(`The sandbox tenant has no partnership "${partnershipId}".`);
  if (pi === 0) return BUSINESS_UNIT_MAILBOX;
  return {
    id: `00000000-0000-4000-a000-${String(pi * 100 + 1).padStart(12, '0')}`,
    address: `${slug(all[pi]!.shortName)}.business.unit@${SANDBOX_DOMAIN}`,
  };
}

export interface SeededPerson {
  user: DirectoryUser;
  roles: PathwaysRole[];
  /** The partnerships whose members group holds the person (unset: none; leads belong by their leads group). */
  partnerships?: string[];
  /** The agency leads group the person was seeded in. */
  leadsGroupId?: string;
}

function seeded(
  n: number,
  displayName: string,
  local: string,
  jobTitle: string,
  agency: string,
  roles: PathwaysRole[],
): SeededPerson {
  const id = `00000000-0000-4000-a000-${String(n).padStart(12, '0')}`;
  return {
    user: toDirectoryUser(id, displayName, `${local}@${SANDBOX_DOMAIN}`, jobTitle, agency),
    roles,
  };
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
}

/**
 * Each configured partnership's own people beyond the personas: the Business Unit, and
 * Engine Room and Executive members from its safeguarding partners. HSSCP's keep the ids
 * and addresses they have always had; each further partnership's are in their own range
 * and carry its short name.
 */
export function partnershipPeople(): SeededPerson[] {
  return sandboxPartnerships().flatMap((p, pi) =>
    peopleOf(p, pi).map((person) => ({ ...person, partnerships: [p.id] })),
  );
}

function peopleOf(p: ReturnType<typeof sandboxPartnerships>[number], pi: number): SeededPerson[] {
  {
    const partners = safeguardingPartnerNames(p);
    const first = pi === 0;
    const base = pi * 100;
    const prefix = first ? '' : `${slug(p.shortName)}.`;
    const titled = (text: string) => (first ? text : `${p.shortName} ${text}`);
    const businessUnit = first ? BUSINESS_UNIT_AGENCY : `${p.shortName} Business Unit`;
    return [
      // The partnership's shared mailbox (the first's is the service's BUSINESS_UNIT_MAILBOX).
      first
        ? seeded(1, 'HSSCP Business Unit', 'business.unit', '', businessUnit, [])
        : seeded(base + 1, businessUnit, `${prefix}business.unit`, '', businessUnit, []),
      seeded(
        base + 2,
        first ? 'Bo BusinessUnit' : `${p.shortName} Business Unit Officer`,
        first ? 'bo.businessunit' : `${prefix}business.unit.officer`,
        'Business Unit officer',
        businessUnit,
        ['BusinessUnit'],
      ),
      ...partners.map((agency, i) =>
        seeded(
          base + 10 + i,
          titled(`Engine Room Member ${i + 1}`),
          `${prefix}engine.room.${i + 1}`,
          'Engine Room member',
          agency,
          ['EngineRoom'],
        ),
      ),
      ...partners.map((agency, i) =>
        seeded(
          base + 20 + i,
          titled(`Executive Member ${i + 1}`),
          `${prefix}executive.${i + 1}`,
          'Delegated Safeguarding Partner',
          agency,
          ['Executive'],
        ),
      ),
    ];
  }
}

/** How many synthetic leads each leads group gets (see `agencyLeads`). */
export interface LeadsSeeding {
  /** In each group: 2 unless told. */
  perAgency?: number;
  /**
   * About this many in each partnership, shared evenly among its groups (rounded up, and
   * never fewer than `perAgency`): partnerships with few agencies get as many leads as
   * those with many (`npm run bench:national` seeds 1,600 in each).
   */
  perPartnership?: number;
}

/**
 * Synthetic safeguarding leads in every configured partnership's agencies' leads groups:
 * two in each group, or more for a benchmark (the first two keep their ids whatever the
 * number). Their organisation is the agency's current name, their department the group's.
 */
export function agencyLeads(seeding: number | LeadsSeeding = 2): SeededPerson[] {
  const { perAgency = 2, perPartnership } =
    typeof seeding === 'number' ? { perAgency: seeding } : seeding;
  const groups = agencyLeadGroupsOfAll();
  const inGroup = (partnershipId: string) => {
    if (perPartnership === undefined) return perAgency;
    const count = groups.filter((g) => g.partnershipId === partnershipId).length;
    return Math.max(perAgency, Math.ceil(perPartnership / count));
  };
  return groups.flatMap((group) =>
    Array.from({ length: inGroup(group.partnershipId) }, (_, j) => j + 1).map((k) => {
      const i = group.index;
      const few = `b${group.partnershipIndex * 2}00`;
      const many = `b${group.partnershipIndex * 2 + 1}00`;
      const id =
        k <= 2
          ? `00000000-0000-4000-${few}-${String(i * 10 + k).padStart(12, '0')}`
          : `00000000-0000-4000-${many}-${String(i * 10_000 + k).padStart(12, '0')}`;
      const upn = `${slug(group.label)}.lead.${k}@${SANDBOX_DOMAIN}`;
      const user = toDirectoryUser(
        id,
        `${group.label} Lead ${k}`,
        upn,
        'Safeguarding lead',
        group.agency,
      );
      user.givenName = group.label;
      user.surname = `Lead ${k}`;
      user.department = group.label;
      return {
        user,
        roles: ['AgencyLead'] as PathwaysRole[],
        leadsGroupId: group.groupId,
      };
    }),
  );
}

/** The first partnership's leads (HSSCP): kept for tests that want a long list of people. */
export function hsscpAgencyLeads(perAgency = 2): SeededPerson[] {
  const first = agencyLeadGroupsOfAll()[0]?.partnershipId;
  const groups = new Set(
    agencyLeadGroupsOfAll()
      .filter((g) => g.partnershipId === first)
      .map((g) => g.groupId),
  );
  return agencyLeads(perAgency).filter((p) => p.leadsGroupId && groups.has(p.leadsGroupId));
}

export class Directory {
  readonly users: DirectoryUser[];
  private readonly roles = new Map<string, PathwaysRole[]>();
  private readonly leadsGroups = new Map<string, string>();
  private readonly memberships = new Map<string, string[]>();
  private readonly personaIds: Set<string>;

  constructor(
    personas: Persona[],
    options: { leadsPerAgency?: number; leadsPerPartnership?: number } = {},
  ) {
    const firstPartnership = sandboxPartnerships()[0]!.id;
    const people: SeededPerson[] = [
      ...personas.map((p) => ({
        user: personaToUser(p),
        roles: [...p.roles],
        partnerships: p.partnerships ?? [firstPartnership],
      })),
      ...extraAgencyLeads().map((user) => ({
        user,
        roles: ['AgencyLead'] as PathwaysRole[],
        partnerships: [firstPartnership],
      })),
      ...partnershipPeople(),
      ...agencyLeads({
        perAgency: options.leadsPerAgency,
        perPartnership: options.leadsPerPartnership,
      }),
    ];
    this.personaIds = new Set(personas.map((p) => p.id));
    this.users = [];
    for (const person of people) {
      if (this.roles.has(person.user.id)) continue; // a persona may reuse a seeded id
      this.users.push(person.user);
      this.roles.set(person.user.id, person.roles);
      if (person.leadsGroupId) this.leadsGroups.set(person.user.id, person.leadsGroupId);
      if (person.partnerships) this.memberships.set(person.user.id, person.partnerships);
    }
  }

  /** Graph accepts either the object id or the UPN in /users/{id}. */
  find(idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  }

  /** The user whose primary SMTP address (or UPN) this is; addresses are case-insensitive. */
  findByAddress(address: string): DirectoryUser | undefined {
    const key = address.trim().toLowerCase();
    return this.users.find(
      (u) => u.mail.toLowerCase() === key || u.userPrincipalName.toLowerCase() === key,
    );
  }

  /** Pathways roles held through group membership. */
  rolesOf(id: string): PathwaysRole[] {
    return this.roles.get(id) ?? [];
  }

  /** The leads group a seeded lead was placed in, if any. */
  leadsGroupOf(id: string): string | undefined {
    return this.leadsGroups.get(id);
  }

  /** The partnerships whose members group holds the person (leads belong by their leads group). */
  partnershipsOf(id: string): string[] {
    return this.memberships.get(id) ?? [];
  }

  isPersona(id: string): boolean {
    return this.personaIds.has(id);
  }
}
