import { ENGLAND_TIME_ZONE } from '../calendar/working-days';
import {
  card,
  heading,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from '../cards/adaptive-card';
import { formView } from '../forms/form';
import { summarise } from '../cards/summary';
import { formInputs, SUBMISSION_ID, warningBlock, type FormCardState } from '../forms/form-card';
import type { Partnership } from '../partnerships/partnership';
import { kloeForm } from './kloe-form';
import { checkTriage, isOpenForTriage, kloeStatusText, type Kloe, type KloeQuestion } from './kloe';
import { KLOE_VERBS, kloeAnswerForm, triageForms, type TriageVerb } from './kloe-triage-forms';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: ENGLAND_TIME_ZONE,
});
const timeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: ENGLAND_TIME_ZONE,
});

export const formatDate = (at: Date): string => dateFormat.format(at);
export const formatDateTime = (at: Date): string => timeFormat.format(at);
/** A calendar date (YYYY-MM-DD) as people write it: 3 December 2026. */
export const formatCalendarDate = (isoDate: string): string =>
  dateFormat.format(new Date(`${isoDate}T12:00:00Z`));

function facts(kloe: Kloe, ids: string[]) {
  const view = formView(kloeForm, kloe.values, { include: ['none', 'professional'] });
  return view.filter((f) => ids.includes(f.id)).map((f) => ({ title: f.label, value: f.value }));
}

/** What has been decided so far, in the same words on every card. */
function decisionFacts(kloe: Kloe): { title: string; value: string }[] {
  const out: { title: string; value: string }[] = [];
  if (kloe.meetingDate)
    out.push({ title: 'Engine Room meeting', value: formatCalendarDate(kloe.meetingDate) });
  if (kloe.declineReason) out.push({ title: 'Reason for declining', value: kloe.declineReason });
  if (kloe.duplicateOf) out.push({ title: 'Duplicate of', value: kloe.duplicateOf.reference });
  if (kloe.related.length > 0)
    out.push({ title: 'Related KLOEs', value: kloe.related.map((r) => r.reference).join(', ') });
  return out;
}

type NoticeStyle = 'good' | 'attention' | 'warning';
export interface Notice {
  text: string;
  style: NoticeStyle;
}

function noticeBlock(notice: Notice): CardElement {
  return {
    type: 'Container',
    style: notice.style,
    items: [paragraph(notice.text, { weight: 'Bolder' })],
  };
}

/** What the submitter's form becomes once sent: their receipt, with the current status. */
export function kloeReceiptCard(kloe: Kloe): AdaptiveCard {
  const body: CardElement[] = [
    heading(`${kloe.reference} sent to the Business Unit`),
    paragraph(`Status: ${kloeStatusText[kloe.status]}.`, { weight: 'Bolder' }),
  ];
  if (kloe.status === 'more-information-requested') {
    body.push(
      paragraph('The Business Unit has asked you a question: you will find it in this chat.'),
    );
  }
  body.push(
    {
      type: 'FactSet',
      facts: [
        ...facts(kloe, ['subject', 'theme', 'organisation']),
        { title: 'Sent', value: formatDate(kloe.submittedAt) },
        ...decisionFacts(kloe),
      ],
    },
    paragraph(
      'This card shows the latest status. The Business Unit may contact you in this chat.',
      { isSubtle: true },
    ),
  );
  return card(`${kloe.reference}: ${kloeStatusText[kloe.status]}`, body);
}

/** How much of a question or an answer the channel card shows: the tab shows it whole. */
const QUESTION_SUMMARY = 300;

function questionsBlock(kloe: Kloe, shorten: (text: string) => string): CardElement[] {
  if (kloe.questions.length === 0) return [];
  const items: CardElement[] = [
    paragraph('Questions to the person who raised it', { weight: 'Bolder' }),
  ];
  for (const q of kloe.questions) {
    items.push(
      paragraph(`${q.askedBy.name} asked on ${formatDateTime(q.askedAt)}:`, {
        isSubtle: true,
        spacing: 'Medium',
      }),
      paragraph(shorten(q.question), { spacing: 'None' }),
      q.answer !== undefined && q.answeredAt
        ? paragraph(`Answer, ${formatDateTime(q.answeredAt)}: ${shorten(q.answer)}`, {
            spacing: 'Small',
          })
        : paragraph('Waiting for an answer.', { isSubtle: true, spacing: 'Small' }),
    );
  }
  return items;
}

export interface ChannelCardOptions {
  /** Business Unit members see the triage actions; everyone else the same card read-only. */
  view: 'read-only' | 'triage';
  notice?: Notice;
  /** A triage form sent back with errors: shown open, with the input kept. */
  openForm?: { verb: TriageVerb; state: FormCardState };
  /**
   * People whose Teams asks the bot for their own view of the card (Teams
   * allows at most 60): the Business Unit, so they get the actions.
   */
  refreshFor?: string[];
  /**
   * The record's page in the Engine Room tab. With it, the card shows summaries of the
   * long texts (at most about 300 characters, cut at a word) and a button to read it all.
   */
  readInTab?: string;
}

/** At most: the details and the action wanted, as the channel card summarises them. */
export const CHANNEL_SUMMARY = { details: 300, actionWanted: 150 } as const;

function executeAction(title: string, verb: string, kloe: Kloe, style?: string): CardElement {
  return {
    type: 'Action.Execute',
    title,
    verb,
    associatedInputs: 'auto',
    data: { kloeId: kloe.id, version: kloe.version },
    ...(style ? { style } : {}),
  };
}

function triageActions(kloe: Kloe, partnership: Partnership): CardElement[] {
  return (Object.keys(triageForms) as TriageVerb[])
    .filter((verb) =>
      verb === KLOE_VERBS.link
        ? // A KLOE closed as a duplicate has nothing left to link: its original carries on.
          kloe.status !== 'duplicate'
        : checkTriage(kloe, stubDecision(verb)).ok && isOpenForTriage(kloe),
    )
    .map((verb) => {
      const form = triageForms[verb];
      return {
        type: 'Action.ShowCard',
        title: form.title,
        card: {
          type: 'AdaptiveCard',
          body: [paragraph(form.intro), ...formInputs(form, partnership, { values: {} })],
          actions: [executeAction(form.submitTitle, verb, kloe, 'positive')],
        },
      };
    });
}

// Only the kind matters to checkTriage for the actions offered.
function stubDecision(verb: TriageVerb) {
  switch (verb) {
    case KLOE_VERBS.accept:
      return { kind: 'accept', meetingDate: '' } as const;
    case KLOE_VERBS.ask:
      return { kind: 'ask', question: '' } as const;
    case KLOE_VERBS.decline:
      return { kind: 'decline', reason: '' } as const;
    default:
      return { kind: 'link', otherReference: '', linkKind: 'duplicate' } as const;
  }
}

/**
 * The card in the Business Unit channel. Its preview text names only the
 * reference. Everyone sees the same record and the same triage actions: a
 * client without per-user views (Agents Playground, older mobile clients)
 * draws only this shared card, so the actions are on it, and who may triage
 * is decided when a button is pressed (actOnChannelCard). Teams' refresh
 * still brings Business Unit members the latest version.
 */
/** Its steps through the shared lifecycle, as the tab shows them: what, who and when. */
function lifecycleBlock(kloe: Kloe): CardElement[] {
  if (!kloe.lifecycle || kloe.lifecycle.length === 0) return [];
  return [
    paragraph('Progress', { weight: 'Bolder' }),
    {
      type: 'FactSet',
      facts: kloe.lifecycle.map((step) => ({
        title: step.text,
        value: `${step.by}, ${formatDateTime(new Date(step.at))}`,
      })),
    },
  ];
}

export function kloeChannelCard(
  kloe: Kloe,
  partnership: Partnership,
  options: ChannelCardOptions = { view: 'read-only' },
): AdaptiveCard {
  // Without the tab to read it in, the card is the only place to read it: shown whole.
  const shorten = (text: string, max: number) => (options.readInTab ? summarise(text, max) : text);
  const body: CardElement[] = [
    heading(`KLOE ${kloe.reference}`),
    paragraph(`Status: ${kloeStatusText[kloe.status]}.`, { weight: 'Bolder' }),
  ];
  if (options.notice) body.push(noticeBlock(options.notice));
  body.push(
    {
      type: 'FactSet',
      facts: [
        ...facts(kloe, ['organisation', 'contactOfficer', 'theme', 'subject', 'copyPartner']),
        { title: 'Received', value: formatDate(kloe.submittedAt) },
        ...decisionFacts(kloe),
      ],
    },
    paragraph('Details', { weight: 'Bolder' }),
    paragraph(shorten(kloe.values.details ?? '', CHANNEL_SUMMARY.details)),
    paragraph('Action wanted', { weight: 'Bolder' }),
    paragraph(shorten(kloe.values.actionWanted ?? '', CHANNEL_SUMMARY.actionWanted)),
    ...questionsBlock(kloe, (t) => shorten(t, QUESTION_SUMMARY)),
    ...lifecycleBlock(kloe),
  );
  if (kloe.lastChange) {
    body.push(
      paragraph(
        `Last change: ${kloe.lastChange.by.name} ${kloe.lastChange.action}, ${formatDateTime(kloe.lastChange.at)}.`,
        { isSubtle: true, size: 'Small' },
      ),
    );
  }
  let actions: CardElement[] = [];
  if (options.view === 'triage' && options.openForm) {
    const form = triageForms[options.openForm.verb];
    body.push({
      type: 'Container',
      style: 'emphasis',
      items: [
        paragraph(form.title, { weight: 'Bolder' }),
        paragraph(form.intro),
        ...formInputs(form, partnership, options.openForm.state),
      ],
    });
    actions = [
      executeAction(form.submitTitle, options.openForm.verb, kloe, 'positive'),
      executeAction('Cancel', KLOE_VERBS.refresh, kloe),
    ];
  } else if (options.view === 'triage') {
    actions = triageActions(kloe, partnership);
  }
  if (options.readInTab) {
    actions.push({
      type: 'Action.OpenUrl',
      title: 'Read it all in the Engine Room tab',
      url: options.readInTab,
    });
  }
  const result = card(`New KLOE ${kloe.reference}`, body, actions);
  result.refresh = {
    action: {
      type: 'Action.Execute',
      title: 'Refresh',
      verb: KLOE_VERBS.refresh,
      data: { kloeId: kloe.id },
    },
    ...(options.refreshFor ? { userIds: options.refreshFor.slice(0, 60) } : {}),
  };
  return result;
}

/** The question, in the chat of the person who raised the KLOE, with a box for the answer. */
export function kloeQuestionCard(
  kloe: Kloe,
  question: KloeQuestion,
  partnership: Partnership,
  state: FormCardState = { values: {} },
): AdaptiveCard {
  const body: CardElement[] = [
    heading(`A question about ${kloe.reference}`),
    paragraph(
      `${question.askedBy.name} from the Business Unit asked on ${formatDateTime(question.askedAt)}:`,
    ),
    { type: 'Container', style: 'emphasis', items: [paragraph(question.question)] },
    { type: 'FactSet', facts: facts(kloe, ['subject']) },
  ];
  if (state.warnings && state.warnings.length > 0) body.push(warningBlock(state.warnings));
  body.push(...formInputs(kloeAnswerForm, partnership, state));
  return card(`The Business Unit has a question about ${kloe.reference}`, body, [
    {
      type: 'Action.Execute',
      title: kloeAnswerForm.submitTitle,
      verb: KLOE_VERBS.answer,
      style: 'positive',
      associatedInputs: 'auto',
      // One answer per card instance, however often it is pressed (see SUBMISSION_ID).
      data: {
        kloeId: kloe.id,
        questionId: question.id,
        [SUBMISSION_ID]: globalThis.crypto.randomUUID(),
      },
    },
  ]);
}

/** The question card once answered: the question and the answer, nothing to press. */
export function kloeAnsweredCard(
  kloe: Kloe,
  question: KloeQuestion,
  notice?: Notice,
): AdaptiveCard {
  const body: CardElement[] = [heading(`A question about ${kloe.reference}`)];
  if (notice) body.push(noticeBlock(notice));
  body.push(
    paragraph(`${question.askedBy.name} from the Business Unit asked:`),
    { type: 'Container', style: 'emphasis', items: [paragraph(question.question)] },
    paragraph('Your answer', { weight: 'Bolder' }),
    paragraph(question.answer ?? ''),
    paragraph(
      question.answeredAt
        ? `Sent to the Business Unit on ${formatDateTime(question.answeredAt)}.`
        : 'Sent to the Business Unit.',
      { isSubtle: true },
    ),
  );
  return card(`Your answer about ${kloe.reference} has been sent`, body);
}

/** Something that cannot be shown: the record has gone, or the card is from an old version. */
export function kloeMissingCard(): AdaptiveCard {
  return card('This KLOE could not be found', [
    heading('This KLOE could not be found'),
    paragraph(
      'It may have been removed under the partnership\'s retention rules. Type "help" to see what you can do.',
    ),
  ]);
}

/**
 * The note in the submitter's chat when the Business Unit decides something
 * about their KLOE. Its preview names only the reference and the status:
 * nothing from the record itself.
 */
export function kloeStatusNoticeCard(kloe: Kloe): AdaptiveCard {
  const lines: string[] = [];
  switch (kloe.status) {
    case 'accepted':
      lines.push(
        kloe.meetingDate
          ? `The Business Unit has accepted it onto the Engine Room agenda for the meeting on ${formatCalendarDate(kloe.meetingDate)}.`
          : 'The Business Unit has accepted it onto the Engine Room agenda.',
      );
      break;
    case 'declined':
      lines.push('The Business Unit has declined it.');
      if (kloe.declineReason) lines.push(`Their reason: ${kloe.declineReason}`);
      break;
    case 'duplicate':
      lines.push(
        `The Business Unit has closed it as a duplicate of ${kloe.duplicateOf?.reference ?? 'another KLOE'}, which carries on instead.`,
      );
      break;
    case 'more-information-requested':
      lines.push('The Business Unit has asked you a question: you will find it in this chat.');
      break;
    case 'submitted':
      break;
  }
  if (kloe.related.length > 0 && kloe.lastChange?.action.includes('as related')) {
    lines.push(
      `It is linked to ${kloe.related.map((r) => r.reference).join(', ')} as related, so the Engine Room sees them together.`,
    );
  }
  return card(`${kloe.reference}: ${kloeStatusText[kloe.status]}`, [
    heading(`${kloe.reference}: ${kloeStatusText[kloe.status]}`),
    ...lines.map((line) => paragraph(line)),
    paragraph('Your receipt card above shows the latest status.', { isSubtle: true }),
  ]);
}
