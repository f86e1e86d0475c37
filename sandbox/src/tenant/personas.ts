// Synthetic people for the sandbox tenant. Names say the role on purpose so nobody
// mistakes them for real staff; agencies come from the HSSCP strategy, Appendix C.
import type { Role } from '@pathways/core';

/** The Pathways roles (Entra app role values), as core defines them. */
export type PathwaysRole = Role;

export interface Persona {
  /** Entra object id (oid), a GUID. */
  id: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  jobTitle: string;
  agency: string;
  roles: PathwaysRole[];
  /**
   * The partnerships the persona belongs to (the members groups they are in). Unset: the
   * first configured partnership (HSSCP) alone.
   */
  partnerships?: string[];
}

/** A fixed GUID so tokens, ids and saved state line up across runs. */
export const SANDBOX_TENANT_ID = '5a4d0b0c-5e55-4b1d-9a7e-000000005ca9';

/** Reserved `.example` domain: mail to it can never reach anyone. */
export const SANDBOX_DOMAIN = 'hsscp.sandbox.example';

function persona(
  id: string,
  displayName: string,
  jobTitle: string,
  agency: string,
  roles: PathwaysRole[],
  partnerships?: string[],
): Persona {
  const local = displayName.toLowerCase().replace(/[^a-z]+/g, '.');
  const upn = `${local}@${SANDBOX_DOMAIN}`;
  return {
    id,
    displayName,
    userPrincipalName: upn,
    mail: upn,
    jobTitle,
    agency,
    roles,
    ...(partnerships ? { partnerships } : {}),
  };
}

export const SANDBOX_PERSONAS: Persona[] = [
  persona(
    '00000000-0000-4000-8000-000000000001',
    'Pat Practitioner',
    'Health visitor',
    'North Tees and Hartlepool NHS Foundation Trust',
    ['Practitioner'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000002',
    'Billie BusinessUnit',
    'Business Unit officer',
    'HSSCP Business Unit',
    ['BusinessUnit'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000003',
    'Eli EngineRoom',
    'Engine Room member',
    'Cleveland Police',
    ['EngineRoom'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000004',
    'Dana DevelopmentManager',
    'Development Manager',
    'HSSCP Business Unit',
    ['DevelopmentManager', 'EngineRoom'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000005',
    'Ash AgencyLead',
    'Designated safeguarding lead',
    'Colleges, schools and Early Years settings',
    ['AgencyLead'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000006',
    'Sol Practitioner',
    'Social worker',
    'Stockton-on-Tees Local Authority',
    ['Practitioner'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000007',
    'Evan Executive',
    'Delegated Safeguarding Partner',
    'Hartlepool Local Authority',
    ['Executive'],
  ),
  persona(
    '00000000-0000-4000-8000-000000000008',
    'Ari Administrator',
    'Pathways administrator',
    'HSSCP Business Unit',
    ['Administrator'],
  ),
  // In two partnerships (HSSCP and Stockport): a designated professional who works across
  // both areas, so Pathways asks her which partnership a chat is for, and the tab lets her pick.
  persona(
    '00000000-0000-4000-8000-000000000009',
    'Dee DesignatedProfessional',
    'Designated nurse for safeguarding children',
    'NHS England',
    ['Practitioner'],
    ['hsscp', 'stockport'],
  ),
];
