// The tenant's user directory: the personas plus synthetic agency leads, so Graph
// paging and lookups work against more than a handful of entries.
import { type Persona, SANDBOX_DOMAIN } from './personas';

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

export class Directory {
  readonly users: DirectoryUser[];

  constructor(personas: Persona[]) {
    const personaUsers = personas.map(personaToUser);
    const taken = new Set(personaUsers.map((u) => u.id));
    this.users = [...personaUsers, ...extraAgencyLeads().filter((u) => !taken.has(u.id))];
  }

  /** Graph accepts either the object id or the UPN in /users/{id}. */
  find(idOrUpn: string): DirectoryUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  }
}
