import type { FormDecl } from '../forms/form';
import { CASCADE_METHODS } from './api';
import { MAX_REPORT_LENGTH } from './lead-actions';

/**
 * What an agency lead records against a briefing, declared once: the Outlook add-in
 * draws these (GET /api/forms/:formId, like every declared form) and the service checks
 * the same answers with checkCascade and checkImpact (lead-actions.ts). Field ids are
 * the API's (CascadeInput, ImpactInput); lead-forms.test.ts holds the two together.
 */
export const cascadeForm: FormDecl = {
  id: 'briefing.cascade',
  title: 'Record how you cascaded it',
  intro:
    'How you passed this briefing on inside your organisation. Record each way you used it: a team meeting and an email are two records.',
  submitTitle: 'Record cascade',
  fields: [
    {
      id: 'method',
      label: 'How you cascaded it',
      noun: 'way you cascaded it',
      kind: 'options',
      options: CASCADE_METHODS,
      required: true,
      sensitivity: 'none',
      missingMessage: 'Choose how you cascaded it',
    },
    {
      id: 'on',
      label: 'Date',
      hint: 'The day of the meeting, the email or the posting. Not in the future.',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'none',
      missingMessage: 'Enter the date you cascaded it',
    },
    {
      id: 'staffReached',
      label: 'About how many staff it reached',
      hint: 'A whole number; your best estimate is fine.',
      kind: 'text',
      maxLength: 7,
      pattern: {
        regex: /^\d{1,7}$/,
        message: 'Enter about how many staff it reached, as a whole number',
      },
      required: true,
      sensitivity: 'none',
      missingMessage: 'Enter about how many staff it reached, as a whole number',
    },
    {
      id: 'note',
      label: 'Evidence (optional)',
      hint: 'For example "minutes kept by the team manager". Do not name anyone.',
      kind: 'multiline',
      maxLength: 500,
      required: false,
      sensitivity: 'none',
      blockIdentifyingDetails: true,
    },
  ],
};

export const impactForm: FormDecl = {
  id: 'briefing.impact',
  title: 'Report change and impact',
  intro:
    'What your agency changed because of this recommendation, and what difference it made. You can report again later: the newest report is the one that counts.',
  submitTitle: 'Send report',
  fields: [
    {
      id: 'change',
      label: 'What changed',
      noun: 'description of what changed',
      hint: 'In your agency: a policy, a process, training, supervision.',
      kind: 'multiline',
      maxLength: MAX_REPORT_LENGTH,
      required: true,
      sensitivity: 'none',
      blockIdentifyingDetails: true,
      missingMessage: 'Say what changed in your agency',
    },
    {
      id: 'impact',
      label: 'Impact',
      hint: 'What difference it made, or how you will know.',
      kind: 'multiline',
      maxLength: MAX_REPORT_LENGTH,
      required: true,
      sensitivity: 'none',
      blockIdentifyingDetails: true,
      missingMessage: 'Say what difference it made, or how you will know',
    },
  ],
};

export const briefingLeadForms = {
  [cascadeForm.id]: cascadeForm,
  [impactForm.id]: impactForm,
} as const;
