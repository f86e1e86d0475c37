import type { FormDecl } from '../forms/form';

/**
 * The small forms behind the Business Unit's triage actions and the
 * submitter's answer, declared once like every form: the channel card, the
 * server's validation and the tab derive from these.
 */
export const kloeAcceptForm: FormDecl = {
  id: 'kloe.accept',
  title: 'Accept onto the Engine Room agenda',
  intro: 'Choose the Engine Room meeting that will look at this KLOE.',
  submitTitle: 'Accept',
  fields: [
    {
      id: 'meetingDate',
      label: 'Engine Room meeting date',
      noun: 'date of the Engine Room meeting',
      kind: 'date',
      notInThePast: true,
      workingDay: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const kloeAskForm: FormDecl = {
  id: 'kloe.ask',
  title: 'Ask for more information',
  intro: 'Your question goes to the person who raised the KLOE, in their chat with Pathways.',
  submitTitle: 'Send question',
  fields: [
    {
      id: 'question',
      label: 'Question',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const kloeDeclineForm: FormDecl = {
  id: 'kloe.decline',
  title: 'Decline',
  intro: 'The person who raised the KLOE will see your reason.',
  submitTitle: 'Decline',
  fields: [
    {
      id: 'reason',
      label: 'Reason for declining',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const kloeLinkForm: FormDecl = {
  id: 'kloe.link',
  title: 'Link to another KLOE',
  intro: 'A duplicate is closed and followed through the other KLOE. A related KLOE stays open.',
  submitTitle: 'Link',
  fields: [
    {
      id: 'otherReference',
      label: 'Reference of the other KLOE',
      noun: 'reference of the other KLOE',
      hint: 'For example KLOE-2026-0007.',
      kind: 'text',
      maxLength: 20,
      pattern: {
        regex: /^KLOE-\d{4}-\d{4,}$/i,
        message: 'Enter the reference as it appears on the KLOE, for example KLOE-2026-0007',
      },
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'linkKind',
      label: 'How they are linked',
      noun: 'way they are linked',
      kind: 'options',
      options: [
        { value: 'duplicate', title: 'This KLOE is a duplicate of it' },
        { value: 'related', title: 'Related' },
      ],
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const kloeAnswerForm: FormDecl = {
  id: 'kloe.answer',
  title: 'Your answer',
  intro: 'Your answer goes back to the Business Unit with the KLOE.',
  submitTitle: 'Send answer',
  fields: [
    {
      id: 'answer',
      label: 'Answer',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
  ],
};

export const KLOE_VERBS = {
  submit: 'kloe.submit',
  accept: 'kloe.accept',
  ask: 'kloe.ask',
  decline: 'kloe.decline',
  link: 'kloe.link',
  refresh: 'kloe.refresh',
  answer: 'kloe.answer',
} as const;

export const triageForms = {
  [KLOE_VERBS.accept]: kloeAcceptForm,
  [KLOE_VERBS.ask]: kloeAskForm,
  [KLOE_VERBS.decline]: kloeDeclineForm,
  [KLOE_VERBS.link]: kloeLinkForm,
} as const;

export type TriageVerb = keyof typeof triageForms;

export function isTriageVerb(verb: string): verb is TriageVerb {
  return verb in triageForms;
}
