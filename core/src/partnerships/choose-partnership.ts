import { card, heading, paragraph, type AdaptiveCard } from '../cards/adaptive-card';

/** The Action.Execute verb of the card that asks which partnership a chat is for. */
export const CHOOSE_PARTNERSHIP_VERB = 'partnership.choose';

/** What a person types to be asked again which partnership a chat is for. */
export const SWITCH_PARTNERSHIP_COMMANDS = ['switch partnership', 'change partnership', 'switch'];

interface Named {
  id: string;
  name: string;
  shortName: string;
}

/** Asks which of the person's partnerships this chat is for: one button each. */
export function choosePartnershipCard(
  partnerships: readonly Named[],
  current?: Named,
): AdaptiveCard {
  return card(
    'Which partnership is this chat for?',
    [
      heading('Which partnership is this chat for?'),
      paragraph(
        current
          ? `This chat is for ${current.name}. Choose the partnership you want it to be for now.`
          : 'You belong to more than one safeguarding children partnership. Choose the one this chat is for; what you send here goes to that partnership only.',
      ),
      paragraph('You can change it at any time by typing "switch partnership".', {
        isSubtle: true,
      }),
    ],
    partnerships.map((p) => ({
      type: 'Action.Execute',
      title: p.name,
      verb: CHOOSE_PARTNERSHIP_VERB,
      data: { partnership: p.id },
    })),
  );
}

/** The answer once a person has chosen. */
export function partnershipChosenCard(partnership: Named): AdaptiveCard {
  return card(`This chat is now for ${partnership.shortName}`, [
    heading(`This chat is for ${partnership.name}`),
    paragraph(
      'What you send here goes to this partnership. Type "help" to see what you can do, or "switch partnership" to change it.',
    ),
  ]);
}

/** For someone Pathways finds in none of the partnerships it serves. */
export function noPartnershipCard(): AdaptiveCard {
  return card('You are not in a partnership Pathways serves', [
    heading('You are not in a partnership Pathways serves'),
    paragraph(
      'Pathways could not find you in any of the safeguarding children partnerships it serves, so it cannot act for you. If you should be, ask your partnership’s Business Unit to add you.',
    ),
  ]);
}

/** For a card from a partnership the person (or this channel) is not in: nothing is done. */
export function notThisPartnershipCard(): AdaptiveCard {
  return card('This card belongs to another partnership', [
    heading('This card belongs to another partnership'),
    paragraph(
      'This card was sent for a partnership you are not working in here, so nothing was changed. Type "help" to see what you can do.',
    ),
  ]);
}

/** A line for the help card of someone in several partnerships. */
export function switchPartnershipHint(current: Named): AdaptiveCard['body'][number] {
  return paragraph(
    `This chat is for ${current.name}. You belong to more than one partnership: type "switch partnership" to change which one this chat is for.`,
    { isSubtle: true, separator: true },
  );
}
