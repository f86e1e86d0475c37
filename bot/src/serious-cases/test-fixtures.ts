import type { FormValues } from '@pathways/core';

/** A complete consideration request; the child and family are invented. */
export function considerationValues(laInformedDate: string, extra: FormValues = {}): FormValues {
  return {
    laInformed: 'yes',
    laInformedDate,
    referrerName: 'Pat Practitioner',
    referringAgency: 'Cleveland Police',
    referrerRole: 'Detective Sergeant',
    referrerContact: 'pat@example.org',
    safeguardingLeadName: 'Sam Lead',
    safeguardingLeadAgrees: 'true',
    criteria: 'died-or-seriously-harmed,abuse-or-neglect',
    childName: 'Jamie Quillfeather',
    childDateOfBirth: '2019-03-04',
    childAddress: '12 Larkspur Road, Hartlepool TS24 7AB',
    legalStatus: 'child-in-need',
    incidentDate: laInformedDate,
    incidentNature: 'Admitted to hospital with unexplained fractures.',
    agenciesInvolved: 'Health visiting, school nursing, police.',
    caseOutline: 'Known to early help since the spring.',
    potentialLearning: 'Sharing of missed appointments between health and early help.',
    ...extra,
  };
}
