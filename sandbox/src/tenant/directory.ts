// The tenant's user directory: the personas plus synthetic people (agency leads for every
// HSSCP agency, Business Unit, Engine Room, Executive) and the Business Unit's shared
// mailbox, so Graph paging, lookups and group membership work against a realistic tenant.
import { BUSINESS_UNIT_AGENCY, HSSCP_AGENCIES } from './agencies';
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

export interface SeededPerson {
  user: DirectoryUser;
  roles: PathwaysRole[];
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

/** The partnership's own people beyond the personas; ids in their own fixed range. */
export function partnershipPeople(): SeededPerson[] {
  const [hartlepool, stockton, health, police] = HSSCP_AGENCIES.filter(
    (a) => a.kind === 'safeguarding-partner',
  ).map((a) => a.name);
  const mailbox = seeded(1, 'HSSCP Business Unit', 'business.unit', '', BUSINESS_UNIT_AGENCY, []);
  const partners = [hartlepool, stockton, health, police] as string[];
  return [
    mailbox,
    seeded(2, 'Bo BusinessUnit', 'bo.businessunit', 'Business Unit officer', BUSINESS_UNIT_AGENCY, [
      'BusinessUnit',
    ]),
    ...partners.map((agency, i) =>
      seeded(
        10 + i,
        `Engine Room Member ${i + 1}`,
        `engine.room.${i + 1}`,
        'Engine Room member',
        agency,
        ['EngineRoom'],
      ),
    ),
    ...partners.map((agency, i) =>
      seeded(
        20 + i,
        `Executive Member ${i + 1}`,
        `executive.${i + 1}`,
        'Delegated Safeguarding Partner',
        agency,
        ['Executive'],
      ),
    ),
  ];
}

/**
 * Synthetic safeguarding leads for every agency in Appendix C: two each, or more for a
 * benchmark (the first two keep their ids whatever the number).
 */
export function hsscpAgencyLeads(perAgency = 2): SeededPerson[] {
  return HSSCP_AGENCIES.flatMap((agency, i) =>
    Array.from({ length: perAgency }, (_, j) => j + 1).map((k) => {
      const id =
        k <= 2
          ? `00000000-0000-4000-b000-${String(i * 10 + k).padStart(12, '0')}`
          : `00000000-0000-4000-b100-${String(i * 10_000 + k).padStart(12, '0')}`;
      const upn = `${slug(agency.short)}.lead.${k}@${SANDBOX_DOMAIN}`;
      const user = toDirectoryUser(
        id,
        `${agency.short} Lead ${k}`,
        upn,
        'Safeguarding lead',
        agency.name,
      );
      user.givenName = agency.short;
      user.surname = `Lead ${k}`;
      return { user, roles: ['AgencyLead'] as PathwaysRole[] };
    }),
  );
}

export class Directory {
  readonly users: DirectoryUser[];
  private readonly roles = new Map<string, PathwaysRole[]>();
  private readonly personaIds: Set<string>;

  constructor(personas: Persona[], options: { leadsPerAgency?: number } = {}) {
    const people: SeededPerson[] = [
      ...personas.map((p) => ({ user: personaToUser(p), roles: [...p.roles] })),
      ...extraAgencyLeads().map((user) => ({ user, roles: ['AgencyLead'] as PathwaysRole[] })),
      ...partnershipPeople(),
      ...hsscpAgencyLeads(options.leadsPerAgency),
    ];
    this.personaIds = new Set(personas.map((p) => p.id));
    this.users = [];
    for (const person of people) {
      if (this.roles.has(person.user.id)) continue; // a persona may reuse a seeded id
      this.users.push(person.user);
      this.roles.set(person.user.id, person.roles);
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

  isPersona(id: string): boolean {
    return this.personaIds.has(id);
  }
}
