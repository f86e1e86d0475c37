import type { Partnership } from '../partnerships/partnership';
import { card, heading, paragraph, type AdaptiveCard, type CardElement } from './adaptive-card';

/** One thing Pathways does, as the welcome card lists it. */
export interface Capability {
  title: string;
  description: string;
  /** What to type in chat; absent when it is done elsewhere (a tab, Outlook). */
  command?: string;
  /** Only capabilities that work today get a button. */
  available: boolean;
}

export function capabilities(): Capability[] {
  return [
    {
      title: 'Raise a Key Line of Enquiry (KLOE)',
      description:
        'Tell the partnership about a safeguarding issue or an area of good practice in multi-agency working.',
      command: 'kloe',
      available: true,
    },
    {
      title: 'Ask for a case to be considered for review',
      description:
        'A Child Safeguarding Practice Review consideration request, after you have informed the local authority.',
      command: 'consideration',
      available: true,
    },
    {
      title: 'Record a professional challenge',
      description: 'Record a challenge between agencies when it is resolved.',
      command: 'challenge',
      available: true,
    },
    {
      title: 'Raise as KLOE',
      description:
        'On any message in Teams, open its "More actions" menu (…), then Raise as KLOE: the form opens with the message in it.',
      available: true,
    },
    {
      title: 'Nominate for Active Learning, answer an Engine Room invitation',
      description:
        'When the Business Unit asks you, the card arrives in this chat: answer on the card.',
      available: true,
    },
    {
      title: 'Get help',
      description: 'Show this card again.',
      command: 'help',
      available: true,
    },
  ];
}

export function welcomeCard(partnership: Partnership): AdaptiveCard {
  const items = capabilities();
  const now = items.filter((c) => c.available && c.command);
  const soon = items.filter((c) => !c.available);
  const elsewhere = items.filter((c) => c.available && !c.command);
  const list = (cs: Capability[]): CardElement => ({
    type: 'FactSet',
    facts: cs.map((c) => ({
      title: c.command ? `"${c.command}"` : c.title,
      value: c.command ? `${c.title}. ${c.description}` : c.description,
    })),
  });
  const body: CardElement[] = [
    heading(`Welcome to Pathways for ${partnership.shortName}`),
    paragraph(
      `Pathways carries the communication pathways of the ${partnership.name}: from you to the Business Unit, and back.`,
    ),
    paragraph('You can type:', { weight: 'Bolder' }),
    list(now),
  ];
  if (elsewhere.length > 0) {
    body.push(paragraph('Also, without typing:', { weight: 'Bolder' }), list(elsewhere));
  }
  if (soon.length > 0) {
    body.push(paragraph('Coming soon:', { weight: 'Bolder' }), list(soon));
  }
  body.push(
    paragraph(
      'Do not put a child\u2019s name or other identifying details in chat. Forms will ask only where they must.',
      { isSubtle: true },
    ),
  );
  return card(
    `Welcome to Pathways for ${partnership.shortName}`,
    body,
    now
      .filter((c) => c.command)
      .map((c) => ({
        type: 'Action.Submit',
        title: c.title,
        // messageBack sends the command as if typed, so buttons and typing share one path.
        data: { msteams: { type: 'messageBack', text: c.command, displayText: c.command } },
      })),
  );
}
