import type { FormDecl } from '../forms/form';
import { impactResultForm } from '../recommendations/recommendation';

/**
 * What the Engine Room records against any record (KLOE, consideration
 * request, challenge), declared once: the tab renders these declarations
 * (GET /api/forms/:id) and the service validates against the same ones.
 */
export const evidenceForm: FormDecl = {
  id: 'engine-room.evidence',
  title: 'Add evidence',
  intro:
    'Notes and evidence for triangulation: other KLOEs, audit findings, a partner\u2019s data. Say where it came from and when.',
  submitTitle: 'Add evidence',
  fields: [
    {
      id: 'summary',
      label: 'What it shows',
      noun: 'description of the evidence',
      missingMessage: 'Say what the evidence shows',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'source',
      label: 'Source',
      hint: 'For example "Multi-agency audit, neglect" or an agency\u2019s name.',
      kind: 'text',
      maxLength: 200,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'sourceDate',
      label: 'Date of the evidence',
      kind: 'date',
      // Evidence already exists: a date after today cannot be right.
      notInFuture: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const ACTIVITY_KINDS = [
  { value: 'scoping-session', title: 'Scoping session' },
  { value: 'focus-group', title: 'Focus group' },
  { value: 'audit', title: 'Audit' },
  { value: 'case-study', title: 'Case study' },
] as const;

export const activityForm: FormDecl = {
  id: 'engine-room.activity',
  title: 'Plan investigative activity',
  intro: 'What the Engine Room will do to understand this better, who leads it and when.',
  submitTitle: 'Add to the plan',
  fields: [
    {
      id: 'kind',
      label: 'Type of activity',
      kind: 'options',
      options: ACTIVITY_KINDS,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'description',
      label: 'What it will look at',
      noun: 'description of what it will look at',
      missingMessage: 'Say what the activity will look at',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'owner',
      label: 'Owner',
      hint: 'The person leading it.',
      kind: 'text',
      maxLength: 120,
      required: true,
      sensitivity: 'professional',
    },
    { id: 'startDate', label: 'Start date', kind: 'date', required: true, sensitivity: 'none' },
    {
      id: 'endDate',
      label: 'End date',
      kind: 'date',
      // Being planned: an activity that has already ended cannot be planned.
      notInThePast: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const recommendationForm: FormDecl = {
  id: 'engine-room.recommendation',
  title: 'Record a recommendation',
  intro:
    'A change for improvement, the agency that owns it and when it is due. It will be tracked to completion and impact testing.',
  submitTitle: 'Record recommendation',
  fields: [
    {
      id: 'text',
      label: 'Recommendation',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'owningAgency',
      label: 'Owning agency',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'dueDate',
      label: 'Due date',
      kind: 'date',
      notInThePast: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const DECISIONS = [
  { value: 'learning-identified', title: 'Learning identified' },
  { value: 'no-further-action', title: 'No further action' },
  { value: 'escalated', title: 'Escalated to the Executive' },
] as const;

export const outcomeForm: FormDecl = {
  id: 'engine-room.outcome',
  title: 'Record the outcome',
  intro:
    'What was learned and what was decided. This closes the Engine Room\u2019s work on the record.',
  submitTitle: 'Record outcome',
  fields: [
    {
      id: 'learning',
      label: 'Learning identified',
      noun: 'learning identified',
      kind: 'multiline',
      maxLength: 4000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'decision',
      label: 'Decision',
      kind: 'options',
      options: DECISIONS,
      required: true,
      sensitivity: 'none',
    },
  ],
};

export const engineRoomForms = {
  [evidenceForm.id]: evidenceForm,
  [activityForm.id]: activityForm,
  [recommendationForm.id]: recommendationForm,
  [outcomeForm.id]: outcomeForm,
  // The Engine Room's impact test of a recommendation (POST /api/recommendations/:id/impact).
  [impactResultForm.id]: impactResultForm,
} as const;
