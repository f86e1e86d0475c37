import {
  card,
  heading,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from '../cards/adaptive-card';
import { formatLongDate } from '../calendar/working-days';
import { formInputs, SUBMISSION_ID, warningBlock, type FormCardState } from '../forms/form-card';
import type { Partnership } from '../partnerships/partnership';
import { invitationAnswerForm, nominationForm, INVITATION_RESPONSES } from './forms';
import type { NominationRequest } from './api';

export const ACTIVE_LEARNING_VERBS = {
  nominate: 'active-learning.nominate',
  answerInvitation: 'engine-room.invitation.answer',
} as const;

const facts = (items: [string, string][]): CardElement => ({
  type: 'FactSet',
  facts: items.map(([title, value]) => ({ title, value })),
});

const errorSummary = (state: FormCardState): CardElement[] => {
  const count = Object.keys(state.errors ?? {}).length;
  if (count === 0) return [];
  return [
    {
      type: 'Container',
      style: 'attention',
      items: [
        paragraph(
          count === 1
            ? 'There is a problem: one answer needs changing.'
            : `There is a problem: ${count} answers need changing.`,
          { weight: 'Bolder' },
        ),
      ],
    },
  ];
};

/**
 * The card a lead receives (and again when chased): the activity, and the
 * nomination form with people from their own organisation. The preview names
 * only the theme.
 */
export function nominationRequestCard(
  request: NominationRequest,
  partnership: Partnership,
  state: FormCardState = { values: {} },
  options: { reminder?: boolean } = {},
): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Nominate representatives: ${request.theme}`),
    ...errorSummary(state),
    ...(options.reminder
      ? [
          paragraph(
            `Reminder: the Business Unit has not yet had ${request.agency}\u2019s nominations.`,
            { weight: 'Bolder', color: 'Attention' },
          ),
        ]
      : []),
    paragraph(
      `${partnership.shortName} is holding Active Learning and asks ${request.agency} to nominate representatives.`,
    ),
    facts([
      ['Activity', request.kindTitle],
      ['Planned', `${formatLongDate(request.plannedFrom)} to ${formatLongDate(request.plannedTo)}`],
      ['Nominations by', formatLongDate(request.nominationsBy)],
    ]),
    paragraph(request.description),
    ...(state.warnings && state.warnings.length > 0 ? [warningBlock(state.warnings)] : []),
    paragraph(nominationForm.intro),
    ...formInputs(nominationForm, partnership, {
      ...state,
      choices: { nominee1: request.people, nominee2: request.people },
    }),
  ];
  return card(`Active Learning: nominate representatives (${request.theme})`, body, [
    {
      type: 'Action.Execute',
      title: nominationForm.submitTitle,
      verb: ACTIVE_LEARNING_VERBS.nominate,
      style: 'positive',
      associatedInputs: 'auto',
      data: { setId: request.setId, [SUBMISSION_ID]: globalThis.crypto.randomUUID() },
    },
  ]);
}

/** After nominating: who was nominated, and that they may change it by nominating again. */
export function nominationThanksCard(request: NominationRequest): AdaptiveCard {
  return card(`Active Learning: nominations sent (${request.theme})`, [
    heading(`Nominations sent: ${request.theme}`),
    {
      type: 'Container',
      style: 'good',
      items: [
        paragraph('Thank you. The Business Unit has your nominations.', { weight: 'Bolder' }),
      ],
    },
    facts(request.nominated.map((n, i) => [i === 0 ? 'Nominated' : '', n.name])),
    paragraph('They will receive the meeting invitation once a time is set.', { isSubtle: true }),
  ]);
}

/** A nomination card that no longer applies (the set is not there, or it is not theirs). */
export function nominationClosedCard(message: string): AdaptiveCard {
  return card('Active Learning', [heading('Active Learning'), paragraph(message)]);
}

export interface InvitationView {
  id: string;
  reference: string;
  title: string;
  agency: string;
  meetingDate: string;
  note: string | null;
  invitedBy: string;
}

/** An invitation to attend the Engine Room, with the answer form. */
export function engineRoomInvitationCard(
  invitation: InvitationView,
  partnership: Partnership,
  state: FormCardState = { values: {} },
): AdaptiveCard {
  return card(
    'Invitation to attend the Engine Room',
    [
      heading('Invitation to attend the Engine Room'),
      ...errorSummary(state),
      paragraph(
        `${invitation.invitedBy} invites you, for ${invitation.agency}, to the ${partnership.shortName} Engine Room to discuss ${invitation.reference}.`,
      ),
      facts([
        ['Record', `${invitation.reference}: ${invitation.title}`],
        ['Meeting', formatLongDate(invitation.meetingDate)],
      ]),
      ...(invitation.note ? [paragraph(invitation.note)] : []),
      ...(state.warnings && state.warnings.length > 0 ? [warningBlock(state.warnings)] : []),
      ...formInputs(invitationAnswerForm, partnership, state),
    ],
    [
      {
        type: 'Action.Execute',
        title: invitationAnswerForm.submitTitle,
        verb: ACTIVE_LEARNING_VERBS.answerInvitation,
        style: 'positive',
        associatedInputs: 'auto',
        data: { invitationId: invitation.id, [SUBMISSION_ID]: globalThis.crypto.randomUUID() },
      },
    ],
  );
}

/** The invitation once answered: what they said. */
export function invitationAnsweredCard(
  invitation: InvitationView,
  answer: { response: string; note: string | null },
): AdaptiveCard {
  const said =
    INVITATION_RESPONSES.find((r) => r.value === answer.response)?.title ?? answer.response;
  return card('Invitation to attend the Engine Room: answered', [
    heading('Invitation to attend the Engine Room'),
    {
      type: 'Container',
      style: answer.response === 'accept' ? 'good' : 'default',
      items: [paragraph(`You answered: ${said}.`, { weight: 'Bolder' })],
    },
    facts([
      ['Record', `${invitation.reference}: ${invitation.title}`],
      ['Meeting', formatLongDate(invitation.meetingDate)],
      ...(answer.note ? ([['Your note', answer.note]] as [string, string][]) : []),
    ]),
    paragraph('The Engine Room sees your answer in the record.', { isSubtle: true }),
  ]);
}
