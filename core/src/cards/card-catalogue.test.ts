/**
 * @jest-environment jsdom
 */
// Every card the bot sends, parsed by the real adaptivecards renderer (which
// needs a DOM) with no warnings, and kept as a reviewed snapshot.
import { loadPartnership } from '../partnerships/partnership';
import { welcomeCard } from './welcome-card';
import { formCard, keepSubmissionId } from '../forms/form-card';
import { kloeForm } from '../kloe/kloe-form';
import {
  kloeAnsweredCard,
  kloeChannelCard,
  kloeMissingCard,
  kloeQuestionCard,
  kloeReceiptCard,
} from '../kloe/kloe-cards';
import { newKloeCard, KLOE_SUBMIT_VERB } from '../kloe/raise-kloe';
import type { Kloe } from '../kloe/kloe';
import { notAllowedCard, outOfDateCard, type AdaptiveCard } from './adaptive-card';
import {
  CONSIDERATION_BACK_VERB,
  CONSIDERATION_STEP_VERB,
  CONSIDERATION_SUBMIT_VERB,
  newConsiderationCard,
} from '../serious-cases/raise-consideration';
import { stepCard } from '../forms/form-steps';
import { considerationForm } from '../serious-cases/consideration-form';
import {
  caseReminderCard,
  considerationChannelCard,
  considerationReceiptCard,
  informLocalAuthorityFirstCard,
} from '../serious-cases/consideration-cards';
import { caseClocks } from '../serious-cases/case-clocks';
import type { SeriousCase } from '../serious-cases/serious-case';
import { challengeForm } from '../challenges/challenge-form';
import {
  CHALLENGE_SUBMIT_VERB,
  challengeReceiptCard,
  newChallengeCard,
} from '../challenges/record-challenge';
import {
  engineRoomInvitationCard,
  invitationAnsweredCard,
  nominationClosedCard,
  nominationRequestCard,
  nominationThanksCard,
} from '../active-learning/cards';
import type { NominationRequest } from '../active-learning/api';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as {
  AdaptiveCard: new () => { parse(json: unknown, context: unknown): void };
  SerializationContext: new () => {
    eventCount: number;
    getEventAt(i: number): { message: string };
  };
};

const stepVerbs = {
  next: CONSIDERATION_STEP_VERB,
  back: CONSIDERATION_BACK_VERB,
  submit: CONSIDERATION_SUBMIT_VERB,
};
const hsscp = loadPartnership('hsscp');
const kloe: Kloe = {
  id: 'k1',
  partnershipId: 'hsscp',
  reference: 'KLOE-2026-0007',
  status: 'submitted',
  version: 1,
  values: {
    organisation: 'Cleveland Police',
    contactOfficer: 'Pat Practitioner',
    subject: 'Health not invited to strategy discussions',
    theme: 'Multi-agency working',
    details: 'Strategy discussions in the east locality are held without health colleagues.',
    actionWanted: 'Review the invitation list.',
  },
  submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
  submittedAt: new Date('2026-11-22T10:00:00Z'),
  related: [],
  questions: [],
};
const billie = { aadObjectId: 'billie', name: 'Billie BusinessUnit' };
const question = {
  id: 'q1',
  question: 'Which locality teams does this affect?',
  askedBy: billie,
  askedAt: new Date('2026-11-23T09:30:00Z'),
};
const asking: Kloe = {
  ...kloe,
  status: 'more-information-requested',
  version: 2,
  questions: [question],
  lastChange: { by: billie, at: question.askedAt, action: 'asked for more information' },
};
const answered = {
  ...question,
  answer: 'East and north.',
  answeredAt: new Date('2026-11-23T11:00:00Z'),
};
const accepted: Kloe = {
  ...kloe,
  status: 'accepted',
  version: 4,
  meetingDate: '2026-12-03',
  related: [{ id: 'k2', reference: 'KLOE-2026-0003', kind: 'related' }],
  questions: [answered],
  lastChange: {
    by: billie,
    at: new Date('2026-11-24T09:00:00Z'),
    action: 'accepted it onto the Engine Room agenda',
  },
};
const declined: Kloe = { ...kloe, status: 'declined', version: 2, declineReason: 'Out of scope.' };
const duplicate: Kloe = {
  ...kloe,
  status: 'duplicate',
  version: 2,
  duplicateOf: { id: 'k2', reference: 'KLOE-2026-0003', kind: 'duplicate' },
};
const buMembers = ['billie'];

const seriousCase: SeriousCase = {
  id: 'c1',
  partnershipId: 'hsscp',
  reference: 'CSPR-2026-0003',
  status: 'received',
  version: 1,
  referringAgency: 'Cleveland Police',
  criteria: ['died-or-seriously-harmed', 'abuse-or-neglect'],
  values: { referringAgency: 'Cleveland Police', referrerName: 'Pat Practitioner' },
  submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
  receivedAt: new Date('2026-11-23T09:30:00Z'),
  dates: { laAware: '2026-11-20' },
};
const notified: SeriousCase = {
  ...seriousCase,
  status: 'rapid-review-in-progress',
  dates: {
    laAware: '2026-11-20',
    notificationSent: '2026-11-25',
    rapidReviewStarted: '2026-11-26',
  },
};

const nominationRequest: NominationRequest = {
  setId: 's1',
  theme: 'Neglect',
  kindTitle: 'Focus group',
  description: 'How agencies recognise neglect in adolescents.',
  plannedFrom: '2027-01-11',
  plannedTo: '2027-01-22',
  nominationsBy: '2026-12-18',
  agency: 'Cleveland Police',
  open: true,
  nominated: [],
  people: [
    { value: '00000000-0000-4000-b000-000000000031', title: 'Police Lead 1' },
    { value: '00000000-0000-4000-b000-000000000032', title: 'Police Lead 2' },
  ],
};
const invitation = {
  id: 'i1',
  reference: 'KLOE-2026-0007',
  title: 'Health not invited to strategy discussions',
  agency: 'Cleveland Police',
  meetingDate: '2026-12-03',
  note: 'We would like to hear how strategy discussions are arranged.',
  invitedBy: 'Eli EngineRoom',
};

const catalogue: Record<string, AdaptiveCard> = {
  welcome: welcomeCard(hsscp),
  'kloe form': newKloeCard(hsscp, { name: 'Pat Practitioner' }),
  'kloe dialog from a message': newKloeCard(
    hsscp,
    { name: 'Pat Practitioner', details: 'Health were not invited.' },
    'submit',
  ),
  'kloe form with errors': formCard(
    kloeForm,
    hsscp,
    { values: { details: 'kept' }, errors: { subject: 'Enter an issue or area of good practice' } },
    { verb: KLOE_SUBMIT_VERB },
  ),
  'kloe form with a warning': formCard(
    kloeForm,
    hsscp,
    { values: kloe.values, warnings: ['It may include a postcode.'] },
    { verb: KLOE_SUBMIT_VERB },
  ),
  'kloe receipt': kloeReceiptCard(kloe),
  'kloe receipt, question asked': kloeReceiptCard(asking),
  'kloe receipt, accepted': kloeReceiptCard(accepted),
  'kloe receipt, declined': kloeReceiptCard(declined),
  'kloe receipt, duplicate': kloeReceiptCard(duplicate),
  'kloe channel card, as posted': kloeChannelCard(kloe, hsscp, {
    view: 'read-only',
    refreshFor: buMembers,
  }),
  'kloe channel card, Business Unit view': kloeChannelCard(kloe, hsscp, {
    view: 'triage',
    refreshFor: buMembers,
  }),
  'kloe channel card, triage form with an error': kloeChannelCard(kloe, hsscp, {
    view: 'triage',
    openForm: {
      verb: 'kloe.accept',
      state: { values: { meetingDate: '2026-01-01' }, errors: { meetingDate: 'Too early' } },
    },
  }),
  'kloe channel card, someone else acted first': kloeChannelCard(asking, hsscp, {
    view: 'triage',
    notice: { style: 'warning', text: 'While you were deciding, Billie asked a question.' },
  }),
  'kloe channel card, not Business Unit': kloeChannelCard(kloe, hsscp, {
    view: 'read-only',
    notice: { style: 'attention', text: 'Only the Business Unit can triage KLOEs.' },
  }),
  'kloe channel card, accepted with an answer and a related KLOE': kloeChannelCard(
    accepted,
    hsscp,
    { view: 'triage' },
  ),
  'kloe question to the submitter': kloeQuestionCard(asking, question, hsscp),
  'kloe question with a warning': kloeQuestionCard(asking, question, hsscp, {
    values: { answer: 'TS24 7AB' },
    warnings: ['It may include a postcode.'],
  }),
  'kloe question answered': kloeAnsweredCard(asking, answered, {
    style: 'good',
    text: 'Thank you.',
  }),
  'kloe not found': kloeMissingCard(),
  'card out of date': outOfDateCard(),
  'not available to you': notAllowedCard(
    'Only the Business Unit and the Engine Room can see KLOEs here.',
  ),
  'consideration first question': newConsiderationCard(hsscp),
  'consideration: tell the local authority first': informLocalAuthorityFirstCard(),
  ...Object.fromEntries(
    (considerationForm.steps ?? [])
      .slice(1)
      .map((step) => [
        `consideration step: ${step.title}`,
        stepCard(
          considerationForm,
          hsscp,
          step.id,
          { values: { referrerName: 'Pat Practitioner', referringAgency: 'Cleveland Police' } },
          stepVerbs,
        ),
      ]),
  ),
  'consideration step with errors': stepCard(
    considerationForm,
    hsscp,
    'child',
    {
      values: { childName: 'kept' },
      errors: { childDateOfBirth: 'Enter the child\u2019s date of birth' },
    },
    stepVerbs,
  ),
  'consideration receipt': considerationReceiptCard(seriousCase),
  'consideration channel card': considerationChannelCard(notified),
  'case deadline due soon': caseReminderCard(notified, caseClocks(notified)[1]!, 'due-soon'),
  'case deadline overdue': caseReminderCard(notified, caseClocks(notified)[1]!, 'overdue'),
  'challenge form': newChallengeCard(hsscp, { agency: 'Cleveland Police' }),
  'challenge form (Stockport stages)': newChallengeCard(loadPartnership('stockport')),
  'challenge form with a blocked detail': formCard(
    challengeForm,
    hsscp,
    {
      values: { about: 'kept' },
      errors: {
        about:
          'Take out a person\u2019s name: this form must not identify a child, family or colleague',
      },
    },
    { verb: CHALLENGE_SUBMIT_VERB },
  ),
  'challenge receipt': challengeReceiptCard({
    id: 'p1',
    partnershipId: 'hsscp',
    reference: 'PC-2026-0004',
    raisingOrganisation: 'Cleveland Police',
    receivingOrganisation: 'Hartlepool Borough Council',
    resolutionStage: 'Stage 2: line manager to line manager',
    outcome: 'practice-changed',
    raisedDate: '2026-10-01',
    resolvedDate: '2026-10-20',
    values: {
      raisingOrganisation: 'Cleveland Police',
      receivingOrganisation: 'Hartlepool Borough Council',
      resolutionStage: 'Stage 2: line manager to line manager',
      outcome: 'practice-changed',
    },
    submittedBy: { aadObjectId: 'pat', name: 'Pat' },
    submittedAt: new Date('2026-10-21T10:00:00Z'),
  }),
  'active learning nomination request': nominationRequestCard(nominationRequest, hsscp),
  'active learning nomination reminder with an error': nominationRequestCard(
    nominationRequest,
    hsscp,
    { values: { note: 'kept' }, errors: { nominee1: 'Choose a representative' } },
    { reminder: true },
  ),
  'active learning nominations sent': nominationThanksCard({
    ...nominationRequest,
    nominated: [
      { personId: 'p1', name: 'Police Lead 1' },
      { personId: 'p2', name: 'Police Lead 2' },
    ],
  }),
  'active learning card out of date': nominationClosedCard('This Active Learning has ended.'),
  'engine room invitation': engineRoomInvitationCard(invitation, hsscp),
  'engine room invitation with a warning': engineRoomInvitationCard(invitation, hsscp, {
    values: { response: 'decline', note: 'TS24 7AB' },
    warnings: ['It may include a postcode.'],
  }),
  'engine room invitation answered': invitationAnsweredCard(invitation, {
    response: 'accept',
    note: 'I will bring our strategy discussion data.',
  }),
};

describe.each(Object.entries(catalogue))('the %s card', (_name, card) => {
  it('when parsed by the adaptivecards renderer, then it gives no warnings', () => {
    const context = new AC.SerializationContext();
    new AC.AdaptiveCard().parse(card, context);
    const warnings = Array.from(
      { length: context.eventCount },
      (_, i) => context.getEventAt(i).message,
    );
    expect(warnings).toEqual([]);
  });

  it('when compared with its reviewed snapshot, then it has not changed', () => {
    // Each drawing of a form mints its own card instance id: the snapshot shows where it goes.
    expect(keepSubmissionId(card, 'minted-when-sent')).toMatchSnapshot();
  });
});
