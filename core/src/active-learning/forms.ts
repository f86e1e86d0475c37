import type { FormDecl } from '../forms/form';
import { ACTIVITY_KINDS } from '../engine-room/forms';

/** Typeahead dataset the bot answers (application/search): people in the searcher's own organisation. */
export const PEOPLE_IN_MY_ORGANISATION = 'pathways.people.my-organisation';
/** Typeahead dataset for choosing an agency's representative (Engine Room invitations). */
export const PEOPLE_IN_AGENCY = 'pathways.people.agency';

/**
 * Active Learning, declared once: the tab renders these declarations, the
 * cards are drawn from them and the service validates against the same ones.
 */
export const activeLearningSetForm: FormDecl = {
  id: 'active-learning.set',
  title: 'Plan Active Learning',
  intro:
    'The theme and planned activity. Each agency\u2019s leads are asked, in Teams and by email, to nominate representatives.',
  submitTitle: 'Create and invite agencies',
  fields: [
    {
      id: 'theme',
      label: 'Theme',
      kind: 'choice',
      source: 'themes',
      required: true,
      sensitivity: 'none',
    },
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
      hint: 'Agencies\u2019 leads read this in the invitation: write nothing that identifies a child or family.',
      kind: 'multiline',
      maxLength: 2000,
      required: true,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
    {
      id: 'plannedFrom',
      label: 'Planned from',
      kind: 'date',
      notInThePast: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'plannedTo',
      label: 'Planned to',
      kind: 'date',
      notInThePast: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'nominationsBy',
      label: 'Nominations wanted by',
      kind: 'date',
      notInThePast: true,
      required: true,
      sensitivity: 'none',
    },
  ],
};

/** A lead nominates up to two people from their own organisation. */
export const nominationForm: FormDecl = {
  id: 'active-learning.nomination',
  title: 'Nominate representatives',
  intro: 'Choose who will represent your organisation. Type a name to find anyone else in it.',
  submitTitle: 'Send nominations',
  fields: [
    {
      id: 'nominee1',
      label: 'Representative',
      kind: 'people',
      dataset: PEOPLE_IN_MY_ORGANISATION,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'nominee2',
      label: 'Second representative',
      hint: 'Optional.',
      kind: 'people',
      dataset: PEOPLE_IN_MY_ORGANISATION,
      required: false,
      sensitivity: 'professional',
    },
    {
      id: 'note',
      label: 'Note for the Business Unit',
      noun: 'note for the Business Unit',
      hint: 'Optional: for example access needs, or who to contact.',
      kind: 'multiline',
      maxLength: 1000,
      required: false,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
  ],
};

/** The Engine Room invites an agency's representative to attend, about one record. */
export const engineRoomInvitationForm: FormDecl = {
  id: 'engine-room.invitation',
  title: 'Invite an agency\u2019s representative',
  intro:
    'They receive the invitation in Teams chat and answer there; their answer shows in this record\u2019s history.',
  submitTitle: 'Send invitation',
  fields: [
    {
      id: 'agency',
      label: 'Agency',
      kind: 'choice',
      source: 'agencies',
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'personId',
      label: 'Representative',
      hint: 'People in that agency, from the directory.',
      kind: 'people',
      dataset: PEOPLE_IN_AGENCY,
      required: true,
      sensitivity: 'professional',
    },
    {
      id: 'meetingDate',
      label: 'Engine Room meeting',
      noun: 'date of the Engine Room meeting',
      kind: 'date',
      notInThePast: true,
      workingDay: true,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'note',
      label: 'Message to them',
      hint: 'Optional: what the Engine Room would like to hear about.',
      kind: 'multiline',
      maxLength: 1000,
      required: false,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
  ],
};

export const INVITATION_RESPONSES = [
  { value: 'accept', title: 'I will attend' },
  { value: 'decline', title: 'I cannot attend' },
] as const;

/** The invited representative's answer, on the card in their chat. */
export const invitationAnswerForm: FormDecl = {
  id: 'engine-room.invitation-answer',
  title: 'Your answer',
  intro: 'Let the Engine Room know whether you can attend.',
  submitTitle: 'Send answer',
  fields: [
    {
      id: 'response',
      label: 'Your answer',
      missingMessage: 'Say whether you can attend',
      kind: 'options',
      options: INVITATION_RESPONSES,
      required: true,
      sensitivity: 'none',
    },
    {
      id: 'note',
      label: 'Note',
      hint: 'Optional: for example who could come instead.',
      kind: 'multiline',
      maxLength: 1000,
      required: false,
      sensitivity: 'none',
      screenForIdentifyingDetails: true,
    },
  ],
};

export const activeLearningForms = {
  [activeLearningSetForm.id]: activeLearningSetForm,
  [nominationForm.id]: nominationForm,
  [engineRoomInvitationForm.id]: engineRoomInvitationForm,
} as const;
