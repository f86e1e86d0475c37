import type { ChoiceOption, FormDecl } from '../forms/form';

export const challengeOutcomes: ChoiceOption[] = [
  { value: 'practice-changed', title: 'The decision or practice challenged was changed' },
  { value: 'original-upheld', title: 'The original decision was agreed to be right' },
  { value: 'alternative-agreed', title: 'A different course of action was agreed' },
  { value: 'other', title: 'Another resolution' },
];

const noPeople =
  'Describe the practice or decision, not the people: do not name or describe the child, family or colleague.';

/**
 * The Professional Challenge and Resolution of Professional Disagreement
 * recording form (Tees procedure; annual report, Strengthening Assurance),
 * declared once. Completed by the agency that raised the challenge, when it
 * is resolved. It must hold nothing that identifies the child, family or the
 * colleague challenged, so its free text refuses identifying details.
 */
export const challengeForm: FormDecl = {
  id: 'challenge',
  title: 'Record a professional challenge',
  intro:
    'Complete this when a professional challenge your organisation raised with another organisation has been resolved. It lets the partnership see that challenge happens and what it achieves. It does not replace your own records. Do not include anything that could identify the child, the family or the colleague you challenged.',
  submitTitle: 'Record the challenge',
  fields: [
    {
      id: 'raisingOrganisation',
      label: 'Organisation that raised the challenge',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'receivingOrganisation',
      label: 'Organisation that was challenged',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'raisedDate',
      label: 'Date the challenge was raised',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'resolvedDate',
      label: 'Date it was resolved',
      kind: 'date',
      notInFuture: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'resolutionStage',
      label: 'Stage it was resolved at',
      hint: 'The stage of the partnership\u2019s procedure at which it was resolved.',
      kind: 'choice',
      source: 'resolutionStages',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'outcome',
      label: 'Outcome',
      kind: 'options',
      options: challengeOutcomes,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'about',
      label: 'What the challenge was about',
      noun: 'description of what the challenge was about',
      hint: noPeople,
      kind: 'multiline',
      maxLength: 2000,
      blockIdentifyingDetails: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'learning',
      label: 'Learning',
      noun: 'learning',
      hint: `What your organisation, or the partnership, could learn from it. ${noPeople}`,
      kind: 'multiline',
      maxLength: 2000,
      blockIdentifyingDetails: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};
