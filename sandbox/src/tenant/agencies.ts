// The HSSCP partnership's member organisations, from Appendix C of its communication
// strategy: the safeguarding partners and the relevant agencies. "Children, young people
// and families" and "Residents" are audiences, not organisations, so they are left out.

export interface Agency {
  name: string;
  /** Short form for synthetic names and addresses ("CAFCASS", "Hartlepool Education"). */
  short: string;
  kind: 'safeguarding-partner' | 'relevant-agency';
}

function agency(name: string, short: string, kind: Agency['kind'] = 'relevant-agency'): Agency {
  return { name, short, kind };
}

export const HSSCP_AGENCIES: Agency[] = [
  agency('Hartlepool Local Authority', 'Hartlepool Council', 'safeguarding-partner'),
  agency('Stockton-on-Tees Local Authority', 'Stockton Council', 'safeguarding-partner'),
  agency(
    'Hartlepool and Stockton-on-Tees Clinical Commissioning Group',
    'Health Commissioning',
    'safeguarding-partner',
  ),
  agency('Cleveland Police', 'Cleveland Police', 'safeguarding-partner'),
  agency('Adoption Tees Valley', 'Adoption Tees Valley'),
  agency('British Transport Police', 'Transport Police'),
  agency('Children and Family Court Advisory and Support Service (CAFCASS)', 'CAFCASS'),
  agency('Cleveland Fire and Rescue Service', 'Fire and Rescue'),
  agency('Colleges, schools and Early Years settings', 'Schools'),
  agency('Community and Voluntary Sector Organisations', 'Voluntary Sector'),
  agency('Durham Tees Valley Community Rehabilitation Company', 'Rehabilitation'),
  agency('Faith organisations', 'Faith'),
  agency('Hartlepool Local Authority: 0-19', 'Hartlepool 0-19'),
  agency('Hartlepool Local Authority: Education', 'Hartlepool Education'),
  agency('Hartlepool Local Authority: Housing', 'Hartlepool Housing'),
  agency('Hartlepool Local Authority: Public Health', 'Hartlepool Public Health'),
  agency('Hartlepool Local Authority: Sports and Leisure', 'Hartlepool Leisure'),
  agency('Hartlepool Local Authority: Youth Offending Team', 'Hartlepool Youth Offending'),
  agency('Local Housing providers', 'Housing Providers'),
  agency('National Probation Service', 'Probation'),
  agency('NHS England', 'NHS England'),
  agency('North Tees and Hartlepool NHS Foundation Trust', 'North Tees Trust'),
  agency('North East Ambulance Service NHS Foundation Trust', 'Ambulance Service'),
  agency('Stockton-on-Tees Local Authority: 0-19', 'Stockton 0-19'),
  agency('Stockton-on-Tees Local Authority: Education', 'Stockton Education'),
  agency('Stockton-on-Tees Local Authority: Housing', 'Stockton Housing'),
  agency('Stockton-on-Tees Local Authority: Public Health', 'Stockton Public Health'),
  agency('Stockton-on-Tees Local Authority: Sports and Leisure', 'Stockton Leisure'),
  agency('Stockton-on-Tees Local Authority: Youth Offending Teams', 'Stockton Youth Offending'),
  agency('Tees, Esk and Wear Valleys NHS Foundation Trust', 'TEWV'),
  agency('Teesside Safeguarding Adults Board', 'Adults Board'),
  agency('The Police and Crime Commissioner', 'Crime Commissioner'),
];

/** The partnership's own staff team. */
export const BUSINESS_UNIT_AGENCY = 'HSSCP Business Unit';
