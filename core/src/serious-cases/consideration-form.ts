import type { ChoiceOption, FormDecl } from '../forms/form';

/**
 * The first question, asked before anything else: the referring agency must
 * already have told the local authority under its own procedures.
 */
export const considerationGateForm: FormDecl = {
  id: 'consideration-gate',
  title: 'Ask for a case to be considered for review',
  intro:
    'A Child Safeguarding Practice Review consideration request asks the partnership to consider a serious child safeguarding case. Before you fill it in, your agency must have told the local authority about the case under its own procedures.',
  submitTitle: 'Continue',
  fields: [
    {
      id: 'laInformed',
      label: 'Has your agency told the local authority about this case?',
      noun: 'answer to whether your agency has told the local authority',
      kind: 'options',
      options: [
        { value: 'yes', title: 'Yes' },
        { value: 'no', title: 'No, not yet' },
      ],
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'laInformedDate',
      label: 'Date the local authority was told',
      hint: 'Needed if you answered yes.',
      kind: 'date',
      notInFuture: true,
      required: false,
      sensitivity: 'none',
    },
  ],
};

/** The criteria for a serious child safeguarding case and a review, ticked explicitly. */
export const considerationCriteria: ChoiceOption[] = [
  { value: 'died-or-seriously-harmed', title: 'The child has died or been seriously harmed' },
  { value: 'abuse-or-neglect', title: 'Abuse or neglect is known or suspected' },
  {
    value: 'in-area',
    title: "The child lives in the partnership's area, or the incident happened here",
  },
  { value: 'system-learning', title: 'There may be learning for the whole system' },
];

export const legalStatusOptions: ChoiceOption[] = [
  { value: 'child-protection-plan', title: 'Child protection plan' },
  { value: 'child-in-need', title: 'Child in need' },
  { value: 'looked-after', title: 'Looked after child' },
  { value: 'none', title: 'None of these' },
  { value: 'not-known', title: 'Not known' },
];

/**
 * The Child Safeguarding Practice Review consideration request (strategy
 * Appendix B; fields that local forms share), declared once. Only this form
 * holds details that identify a child ("child" sensitivity): they are stored
 * apart and never shown in channel cards, receipts, logs or notifications.
 */
export const considerationForm: FormDecl = {
  id: 'consideration',
  title: 'Child Safeguarding Practice Review consideration request',
  intro:
    'This goes to the Business Unit, marked urgent. The child\u2019s details are seen only by the Business Unit and the Engine Room.',
  submitTitle: 'Send to the Business Unit',
  fields: [
    {
      id: 'laInformedDate',
      section: 'The local authority',
      label: 'Date the local authority was told',
      hint: 'The date your agency told the local authority under its own procedures.',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'referrerName',
      section: 'About you',
      label: 'Your name',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'referringAgency',
      label: 'Your agency',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'referrerRole',
      label: 'Your role',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'referrerContact',
      label: 'Your phone number or email',
      kind: 'text',
      maxLength: 200,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'safeguardingLeadName',
      section: 'Your agency\u2019s safeguarding lead',
      label: 'Safeguarding lead consulted',
      hint: 'The safeguarding lead in your agency who was consulted about this referral.',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'safeguardingLeadRole',
      label: 'Safeguarding lead\u2019s role',
      kind: 'text',
      maxLength: 120,
      required: false,
      sensitivity: 'professional',
    },
    {
      id: 'safeguardingLeadAgrees',
      label: 'Safeguarding lead\u2019s agreement',
      kind: 'confirm',
      statement: 'The safeguarding lead agrees to this referral',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'criteria',
      section: 'Criteria',
      label: 'Criteria that apply',
      hint: 'Tick each one that applies. A serious case is one where abuse or neglect is known or suspected and the child has died or been seriously harmed.',
      kind: 'checklist',
      options: considerationCriteria,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'childName',
      section: 'The child',
      label: 'Child\u2019s name',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'childDateOfBirth',
      label: 'Child\u2019s date of birth',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'childAddress',
      label: 'Child\u2019s address',
      kind: 'multiline',
      maxLength: 400,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'childEthnicity',
      label: 'Child\u2019s ethnicity',
      kind: 'text',
      maxLength: 120,
      required: false,
      sensitivity: 'child',
    },
    {
      id: 'legalStatus',
      label: 'Child\u2019s legal status',
      kind: 'options',
      options: legalStatusOptions,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'leadProfessional',
      label: 'Lead professional',
      hint: 'Name and agency, if there is one.',
      kind: 'text',
      maxLength: 200,
      required: false,
      sensitivity: 'child',
    },
    {
      id: 'incidentDate',
      section: 'The incident',
      label: 'Date of the incident',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'incidentNature',
      label: 'What happened',
      noun: 'account of what happened',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'familyAndOthers',
      label: 'Family and significant others',
      hint: 'Names, relationship to the child and dates of birth where known.',
      kind: 'multiline',
      maxLength: 4000,
      required: false,
      sensitivity: 'child',
    },
    {
      id: 'agenciesInvolved',
      label: 'Agencies involved',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'caseOutline',
      section: 'The case',
      label: 'Case outline',
      kind: 'multiline',
      maxLength: 6000,
      required: true,
      sensitivity: 'child',
    },
    {
      id: 'keyDates',
      label: 'Key dates',
      kind: 'multiline',
      maxLength: 2000,
      required: false,
      sensitivity: 'child',
    },
    {
      id: 'linkedCases',
      label: 'Linked cases',
      hint: 'Siblings or other reviews this case is linked to.',
      kind: 'multiline',
      maxLength: 1000,
      required: false,
      sensitivity: 'child',
    },
    {
      id: 'potentialLearning',
      label: 'Potential learning',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'child',
    },
  ],
};
