import { welcomeCard } from '../cards/welcome-card';
import { newKloeCard } from '../kloe/raise-kloe';
import {
  newConsiderationCard,
  resumeConsiderationCard,
} from '../serious-cases/raise-consideration';
import type { FormDraft } from '../forms/form-steps';
import { newChallengeCard } from '../challenges/record-challenge';
import { card, paragraph, type AdaptiveCard } from '../cards/adaptive-card';
import type { Partnership } from '../partnerships/partnership';

export type Reply = { kind: 'card'; card: AdaptiveCard };

/** What the person left unfinished, to pick up where they stopped. */
export interface Unfinished {
  consideration?: { draft: FormDraft; submissionId: string } | undefined;
}

/** Normalises what a person typed: Teams adds <at> mentions and stray spacing. */
export function commandOf(text: string | undefined): string {
  return (text ?? '')
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, ' ');
}

/** The one sentence for text Pathways does not understand: what it can do, not the whole card. */
export const NOT_UNDERSTOOD =
  'I did not understand that. I can help you raise a KLOE, ask for a case to be considered for review or record a professional challenge: type "kloe", "consideration" or "challenge", or "help" to see everything I can do.';

/** What the bot says to a chat message. Anything it does not understand gets one sentence back. */
export function respondToText(
  text: string | undefined,
  partnership: Partnership,
  person: { name?: string | undefined; agency?: string | undefined } = {},
  unfinished: Unfinished = {},
): Reply {
  switch (commandOf(text)) {
    case 'kloe':
      return {
        kind: 'card',
        card: newKloeCard(partnership, { name: person.name, agency: person.agency }),
      };
    case 'consideration':
      return {
        kind: 'card',
        card: unfinished.consideration
          ? resumeConsiderationCard(
              partnership,
              unfinished.consideration.draft,
              unfinished.consideration.submissionId,
            )
          : newConsiderationCard(partnership),
      };
    case 'challenge':
      return { kind: 'card', card: newChallengeCard(partnership, { agency: person.agency }) };
    case 'help':
    case 'hi':
    case 'hello':
    case '':
      return { kind: 'card', card: welcomeCard(partnership) };
    default:
      return {
        kind: 'card',
        card: card('I did not understand that', [paragraph(NOT_UNDERSTOOD)]),
      };
  }
}
