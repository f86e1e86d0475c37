import { outOfDateCard, type AdaptiveCard } from '@pathways/core';
import type {
  CardAction,
  IncomingMessage,
  MessageAction,
  MessageActionResult,
  OutgoingMessage,
  SearchRequest,
  TeamsHandlers,
} from './teams-contract';

/** Acts on one Action.Execute verb; `from` is Teams' own id of who pressed it, never the card's. */
export type CardVerbHandler = (action: CardAction, from: string) => Promise<AdaptiveCard>;
export type CardVerbs = Readonly<Record<string, CardVerbHandler>>;

/** Answers a card's typeahead (Data.Query) for one dataset: choices, best first. */
export type SearchHandler = (search: SearchRequest) => Promise<{ title: string; value: string }[]>;

/** Chat itself: messages typed to the bot, its installation, and message actions. */
export interface Conversation {
  onMessage(message: IncomingMessage): Promise<OutgoingMessage[]>;
  onInstalled(message: IncomingMessage): Promise<OutgoingMessage[]>;
  onMessageAction(action: MessageAction): Promise<MessageActionResult>;
}

/**
 * The bot's chat handlers from one registry of card verbs and one of typeahead datasets, each
 * entry a feature's: a verb or dataset claimed twice stops the service at start, and a verb no
 * feature claims (an old card) is answered "out of date".
 */
export function chatHandlers(
  conversation: Conversation,
  parts: readonly { cardVerbs?: CardVerbs; searches?: Readonly<Record<string, SearchHandler>> }[],
): TeamsHandlers {
  const verbs = new Map<string, CardVerbHandler>();
  const searches = new Map<string, SearchHandler>();
  for (const part of parts) {
    for (const [verb, handler] of Object.entries(part.cardVerbs ?? {})) {
      if (verbs.has(verb)) throw new Error(`Two features act on the card verb "${verb}".`);
      verbs.set(verb, handler);
    }
    for (const [dataset, handler] of Object.entries(part.searches ?? {})) {
      if (searches.has(dataset)) throw new Error(`Two features answer the search "${dataset}".`);
      searches.set(dataset, handler);
    }
  }
  return {
    onMessage: (message) => conversation.onMessage(message),
    onInstalled: (message) => conversation.onInstalled(message),
    onMessageAction: (action) => conversation.onMessageAction(action),
    cardVerbs: [...verbs.keys()],
    async onCardAction(action) {
      const act = verbs.get(action.verb);
      const from = action.from.aadObjectId;
      return act && from ? act(action, from) : outOfDateCard();
    },
    async onSearch(search) {
      const answer = searches.get(search.dataset);
      return answer ? answer(search) : [];
    },
  };
}
