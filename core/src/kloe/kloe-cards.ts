import { card, heading, paragraph, type AdaptiveCard } from '../cards/adaptive-card';
import { formView } from '../forms/form';
import { kloeForm } from './kloe-form';
import { kloeStatusText, type Kloe } from './kloe';

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});

function facts(kloe: Kloe, ids: string[]) {
  const view = formView(kloeForm, kloe.values, { include: ['none', 'professional'] });
  return view.filter((f) => ids.includes(f.id)).map((f) => ({ title: f.label, value: f.value }));
}

/** What the submitter's form becomes once sent: their receipt, with the current status. */
export function kloeReceiptCard(kloe: Kloe): AdaptiveCard {
  return card(`${kloe.reference}: ${kloeStatusText[kloe.status]}`, [
    heading(`${kloe.reference} sent to the Business Unit`),
    paragraph(`Status: ${kloeStatusText[kloe.status]}.`, { weight: 'Bolder' }),
    {
      type: 'FactSet',
      facts: [
        ...facts(kloe, ['subject', 'theme', 'organisation']),
        { title: 'Sent', value: dateFormat.format(kloe.submittedAt) },
      ],
    },
    paragraph(
      'This card shows the latest status. The Business Unit may contact you in this chat.',
      {
        isSubtle: true,
      },
    ),
  ]);
}

/** The card in the Business Unit channel. Its preview text names only the reference. */
export function kloeChannelCard(kloe: Kloe): AdaptiveCard {
  return card(`New KLOE ${kloe.reference}`, [
    heading(`KLOE ${kloe.reference}`),
    paragraph(`Status: ${kloeStatusText[kloe.status]}.`, { weight: 'Bolder' }),
    {
      type: 'FactSet',
      facts: [
        ...facts(kloe, ['organisation', 'contactOfficer', 'theme', 'subject', 'copyPartner']),
        { title: 'Received', value: dateFormat.format(kloe.submittedAt) },
      ],
    },
    paragraph('Details', { weight: 'Bolder' }),
    paragraph(kloe.values.details ?? ''),
    paragraph('Action wanted', { weight: 'Bolder' }),
    paragraph(kloe.values.actionWanted ?? ''),
  ]);
}
