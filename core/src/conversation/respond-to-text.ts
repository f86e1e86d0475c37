import { welcomeCard } from '../cards/welcome-card';
import { newKloeCard } from '../kloe/raise-kloe';
import { newConsiderationGateCard } from '../serious-cases/raise-consideration';
import { newChallengeCard } from '../challenges/record-challenge';
import type { AdaptiveCard } from '../cards/adaptive-card';
import type { Partnership } from '../partnerships/partnership';

export type Reply = { kind: 'card'; card: AdaptiveCard };

/** Normalises what a person typed: Teams adds <at> mentions and stray spacing. */
export function commandOf(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** What the bot says to a chat message. Anything it does not understand gets the welcome card. */
export function respondToText(
  text: string | undefined,
  partnership: Partnership,
  person: { name?: string | undefined; agency?: string | undefined } = {},
): Reply {
  switch (commandOf(text)) {
    case 'kloe':
      return {
        kind: 'card',
        card: newKloeCard(partnership, { name: person.name, agency: person.agency }),
      };
    case 'consideration':
      return { kind: 'card', card: newConsiderationGateCard(partnership) };
    case 'challenge':
      return { kind: 'card', card: newChallengeCard(partnership, { agency: person.agency }) };
    case 'help':
    default:
      return { kind: 'card', card: welcomeCard(partnership) };
  }
}
