import { card, heading, paragraph, type AdaptiveCard } from '../cards/adaptive-card';
import { formatLongDate, londonDate } from '../calendar/working-days';
import { displayValue } from '../forms/form';
import { caseClocks, clockRule, clockText, type Clock, type ReminderKind } from './case-clocks';
import { considerationForm } from './consideration-form';
import {
  caseDecisionText,
  caseStatusText,
  type CaseStatus,
  type SeriousCase,
} from './serious-case';

// Nothing on these cards identifies a child or family: they are built only
// from the reference, the referring agency, dates and the criteria ticked.

const criteriaField = considerationForm.fields.find((f) => f.id === 'criteria')!;

/** Why the request cannot go on yet: no record is made, nothing is kept. */
export function informLocalAuthorityFirstCard(): AdaptiveCard {
  return card('Tell the local authority first', [
    heading('Tell the local authority first'),
    paragraph(
      'Before the partnership can consider this case, your agency must tell the local authority about it under your own procedures.',
    ),
    paragraph('What to do now', { weight: 'Bolder' }),
    paragraph(
      '1. Follow your agency\u2019s procedure for referring a child to the local authority\u2019s children\u2019s social care (the front door or MASH).',
    ),
    paragraph('2. If a child is in immediate danger, call 999.'),
    paragraph(
      '3. Once the local authority has been told, type "consideration" here again and give the date you told them.',
    ),
    paragraph('Nothing you entered has been saved.', { isSubtle: true }),
  ]);
}

function clockFact(c: Clock): { title: string; value: string } {
  const title = `${clockText[c.name]} due`;
  switch (c.clock.state) {
    case 'running':
      return { title, value: `${formatLongDate(c.clock.due)} (${clockRule[c.name]})` };
    case 'met':
      return {
        title,
        value: `${formatLongDate(c.clock.due)}; done ${formatLongDate(c.clock.metOn)}${c.clock.late ? ' (late)' : ''}`,
      };
    case 'stopped':
      return { title, value: `Stopped: the case was closed ${formatLongDate(c.clock.on)}` };
    case 'unknown':
      return { title, value: c.clock.problem };
  }
}

/** The submitter's receipt: the reference and what happens next, none of the child's details. */
export function considerationReceiptCard(seriousCase: SeriousCase): AdaptiveCard {
  return card(`${seriousCase.reference} sent to the Business Unit`, [
    heading(`${seriousCase.reference} sent to the Business Unit`),
    paragraph('Your consideration request has been received and marked urgent.', {
      weight: 'Bolder',
    }),
    {
      type: 'FactSet',
      facts: [
        { title: 'Reference', value: seriousCase.reference },
        { title: 'Sent', value: formatLongDate(londonDate(seriousCase.receivedAt)) },
        // The card is updated in place as the case moves on.
        { title: 'Status', value: caseStatusText[seriousCase.status] },
      ],
    },
    paragraph(
      'The Business Unit will arrange a Rapid Review if the case is notified to the national Panel, and may contact you. Quote the reference, not the child\u2019s name, when you write about it.',
      { isSubtle: true },
    ),
  ]);
}

/** What each status means to the person who asked, in a sentence. */
const caseStatusNews: Record<CaseStatus, string> = {
  received: 'The Business Unit has received it.',
  'notification-recorded':
    'The Business Unit has recorded the local authority\u2019s notification to the national Panel.',
  'rapid-review-in-progress': 'A Rapid Review of the case has started.',
  'rapid-review-sent': 'The Rapid Review has been sent to the national Panel.',
  decided: 'The partnership has made its decision on a review.',
  'lcspr-in-progress': 'A Local Child Safeguarding Practice Review (LCSPR) has started.',
  published: 'The LCSPR has been published.',
  closed: 'The Business Unit has closed the case.',
};

/**
 * The note in the submitter's chat each time their consideration request moves on. Its
 * preview and text name only the reference, the status and the kind of decision: nothing
 * about the child, the family or the reasons.
 */
export function considerationStatusNoticeCard(seriousCase: SeriousCase): AdaptiveCard {
  const title = `${seriousCase.reference}: ${caseStatusText[seriousCase.status]}`;
  const lines = [caseStatusNews[seriousCase.status]];
  if (seriousCase.status === 'decided' && seriousCase.decision)
    lines.push(`The decision: ${caseDecisionText[seriousCase.decision]}.`);
  return card(title, [
    heading(title),
    ...lines.map((line) => paragraph(line)),
    paragraph('Your receipt card above shows the latest status.', { isSubtle: true }),
  ]);
}

/** The card in the Business Unit channel: urgent, and nothing that identifies the child or family. */
export function considerationChannelCard(
  seriousCase: SeriousCase,
  /** The case's page in the Engine Room tab, for a button to open it. */
  readInTab?: string,
): AdaptiveCard {
  const criteria = seriousCase.criteria.join(',');
  const actions = readInTab
    ? [{ type: 'Action.OpenUrl', title: 'Open the case in the Engine Room tab', url: readInTab }]
    : [];
  return card(
    `Urgent: consideration request ${seriousCase.reference}`,
    [
      {
        type: 'Container',
        style: 'attention',
        items: [paragraph('Urgent: serious case consideration request', { weight: 'Bolder' })],
      },
      heading(`Consideration request ${seriousCase.reference}`),
      paragraph(`Status: ${caseStatusText[seriousCase.status]}.`, { weight: 'Bolder' }),
      {
        type: 'FactSet',
        facts: [
          { title: 'Reference', value: seriousCase.reference },
          { title: 'Referring agency', value: seriousCase.referringAgency },
          { title: 'Received', value: formatLongDate(londonDate(seriousCase.receivedAt)) },
          {
            title: 'Criteria ticked',
            value: criteria ? displayValue(criteriaField, criteria) : 'None',
          },
          ...caseClocks(seriousCase).map(clockFact),
        ],
      },
      paragraph(
        'The child\u2019s details are not shown here. Open the case in the Engine Room tab (Business Unit and Engine Room only).',
        { isSubtle: true },
      ),
    ],
    actions,
  );
}

/** A deadline reminder in the Business Unit channel: reference, deadline and date only. */
export function caseReminderCard(
  seriousCase: Pick<SeriousCase, 'reference' | 'status'>,
  c: Clock,
  kind: ReminderKind,
): AdaptiveCard {
  const due = c.clock.state === 'unknown' ? '' : formatLongDate(c.clock.due);
  const title =
    kind === 'overdue'
      ? `Overdue: ${clockText[c.name]} for ${seriousCase.reference}`
      : `Due soon: ${clockText[c.name]} for ${seriousCase.reference}`;
  return card(title, [
    {
      type: 'Container',
      style: kind === 'overdue' ? 'attention' : 'warning',
      items: [paragraph(title, { weight: 'Bolder' })],
    },
    {
      type: 'FactSet',
      facts: [
        { title: 'Reference', value: seriousCase.reference },
        { title: 'Deadline', value: `${clockText[c.name]} (${clockRule[c.name]})` },
        { title: kind === 'overdue' ? 'Was due' : 'Due', value: due },
        { title: 'Status', value: caseStatusText[seriousCase.status] },
      ],
    },
    paragraph('Open the case in the Engine Room tab to record progress.', { isSubtle: true }),
  ]);
}
