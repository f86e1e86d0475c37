import {
  CHOOSE_PARTNERSHIP_VERB,
  choosePartnershipCard,
  commandOf,
  noPartnershipCard,
  notThisPartnershipCard,
  partnershipChosenCard,
  switchPartnershipHint,
  SWITCH_PARTNERSHIP_COMMANDS,
  type AdaptiveCard,
  type Partnership,
} from '@pathways/core';
import type {
  IncomingMessage,
  MessageActionResult,
  OutgoingMessage,
  TeamsHandlers,
} from '../teams/teams-contract';
import { stampCard, unstamp } from './card-stamp';
import type { ConversationChoices } from './conversation-choices';
import type { Memberships } from './memberships';
import type { PartnershipPlaces } from './places';

/** One served partnership's chat handlers. */
export interface PartnershipChat {
  partnership: Partnership;
  places: PartnershipPlaces;
  handlers: TeamsHandlers;
}

type Resolution =
  | { kind: 'one'; chat: PartnershipChat }
  | { kind: 'none' }
  | { kind: 'choose'; among: PartnershipChat[]; current?: PartnershipChat };

const HELP = new Set(['help', 'hi', 'hello', '']);

/**
 * The bot's handlers when one deployment serves several partnerships: each turn goes to
 * one partnership's handlers. A turn in a channel or team goes to the partnership whose
 * channel or team it is. In a chat, to the person's partnership (from their groups): with
 * one, that one; with several, the one they chose for the chat (asked with a card the
 * first time; "switch partnership" asks again); with none, a sentence saying so. A press on
 * a card goes to the partnership that sent it (its actions carry it), provided the person,
 * or the channel, is in that partnership. Serving one partnership, its handlers as they are
 * (and the question card's verb, so the one registry of verbs is the same either way).
 */
export function partnershipChatRouter(deps: {
  served: readonly PartnershipChat[];
  memberships: Memberships;
  choices: ConversationChoices;
}): TeamsHandlers {
  const { served, memberships, choices } = deps;
  const byId = new Map(served.map((c) => [c.partnership.id, c]));
  const owners = new Map<string, PartnershipChat>();
  for (const chat of served) {
    const p = chat.places;
    for (const id of [
      p.businessUnitChannelId,
      p.engineRoomChannelId,
      p.teamChannelId,
      p.businessUnitTeamId,
    ])
      if (id) owners.set(id.toLowerCase(), chat);
  }
  const verbs = new Set(served.flatMap((c) => c.handlers.cardVerbs));
  if (verbs.has(CHOOSE_PARTNERSHIP_VERB))
    throw new Error(`Two parts of the service act on the card verb "${CHOOSE_PARTNERSHIP_VERB}".`);

  /** The partnership whose channel or team the turn is in, if it is in one. */
  const ownerOf = (m: IncomingMessage): PartnershipChat | undefined => {
    const channelOfThread = m.conversationId.split(';')[0];
    for (const id of [m.where?.channelId, m.where?.teamId, m.where?.teamGroupId, channelOfThread]) {
      const owner = id ? owners.get(id.toLowerCase()) : undefined;
      if (owner) return owner;
    }
    return undefined;
  };
  const partnershipsOf = async (m: IncomingMessage): Promise<PartnershipChat[]> => {
    const person = m.from.aadObjectId;
    if (!person) return [];
    return (await memberships.partnershipsOf(person)).flatMap((id) => byId.get(id) ?? []);
  };
  const resolve = async (m: IncomingMessage): Promise<Resolution> => {
    const owner = ownerOf(m);
    if (owner) return { kind: 'one', chat: owner };
    const mine = await partnershipsOf(m);
    if (mine.length === 0) return { kind: 'none' };
    if (mine.length === 1) return { kind: 'one', chat: mine[0]! };
    const chosen = await choices.chosen(m.conversationId, m.from.aadObjectId ?? '');
    const chat = mine.find((c) => c.partnership.id === chosen);
    return chat ? { kind: 'one', chat } : { kind: 'choose', among: mine };
  };
  const named = (c: PartnershipChat) => c.partnership;
  const askCard = (r: Exclude<Resolution, { kind: 'one' }>): AdaptiveCard =>
    r.kind === 'none'
      ? noPartnershipCard()
      : choosePartnershipCard(r.among.map(named), r.current && named(r.current));
  const stampAll = (messages: OutgoingMessage[], chat: PartnershipChat) =>
    messages.map((m) => ({ ...m, card: stampCard(m.card, chat.partnership.id) }));

  /** The partnership a stamped card belongs to, if the person or channel may act in it. */
  const stampedFor = async (
    m: IncomingMessage,
    partnershipId: string,
  ): Promise<PartnershipChat | undefined> => {
    const chat = byId.get(partnershipId);
    if (!chat) return undefined;
    const owner = ownerOf(m);
    if (owner) return owner === chat ? chat : undefined;
    return (await partnershipsOf(m)).includes(chat) ? chat : undefined;
  };

  const choose = async (m: IncomingMessage, data: Record<string, unknown>) => {
    const mine = await partnershipsOf(m);
    const chat = mine.find((c) => c.partnership.id === data.partnership);
    if (!chat || ownerOf(m)) return notThisPartnershipCard();
    await choices.choose(m.conversationId, m.from.aadObjectId ?? '', chat.partnership.id);
    return partnershipChosenCard(named(chat));
  };

  if (served.length === 1) {
    // Serving one partnership, every turn is its own and its cards are left as they are; the
    // question card's verb is still answered (a card from when there were several).
    const only = served[0]!.handlers;
    return {
      ...only,
      cardVerbs: [...only.cardVerbs, CHOOSE_PARTNERSHIP_VERB],
      onCardAction: (action) =>
        action.verb === CHOOSE_PARTNERSHIP_VERB
          ? choose(action, action.data)
          : only.onCardAction(action),
    };
  }
  return {
    cardVerbs: [...verbs, CHOOSE_PARTNERSHIP_VERB],
    async onMessage(message) {
      const command = commandOf(message.text);
      if (!ownerOf(message) && SWITCH_PARTNERSHIP_COMMANDS.includes(command)) {
        const mine = await partnershipsOf(message);
        if (mine.length === 0) return [{ card: noPartnershipCard() }];
        if (mine.length === 1) return [{ card: partnershipChosenCard(named(mine[0]!)) }];
        const chosen = await choices.chosen(message.conversationId, message.from.aadObjectId ?? '');
        const current = mine.find((c) => c.partnership.id === chosen);
        return [
          { card: askCard({ kind: 'choose', among: mine, ...(current ? { current } : {}) }) },
        ];
      }
      const r = await resolve(message);
      if (r.kind !== 'one') return [{ card: askCard(r) }];
      const replies = stampAll(await r.chat.handlers.onMessage(message), r.chat);
      if (HELP.has(command) && !ownerOf(message) && (await partnershipsOf(message)).length > 1) {
        const [first, ...rest] = replies;
        if (first)
          return [
            {
              ...first,
              card: {
                ...first.card,
                body: [...first.card.body, switchPartnershipHint(named(r.chat))],
              },
            },
            ...rest,
          ];
      }
      return replies;
    },
    async onInstalled(message) {
      const r = await resolve(message);
      if (r.kind !== 'one') return [{ card: askCard(r) }];
      return stampAll(await r.chat.handlers.onInstalled(message), r.chat);
    },
    async onCardAction(action) {
      if (action.verb === CHOOSE_PARTNERSHIP_VERB) return choose(action, action.data);
      const { partnershipId, data } = unstamp(action.data);
      let chat: PartnershipChat | undefined;
      if (partnershipId) {
        chat = await stampedFor(action, partnershipId);
        if (!chat) return notThisPartnershipCard();
      } else {
        const r = await resolve(action);
        if (r.kind !== 'one') return askCard(r);
        chat = r.chat;
      }
      const reply = await chat.handlers.onCardAction({ ...action, data });
      return stampCard(reply, chat.partnership.id);
    },
    async onMessageAction(action): Promise<MessageActionResult> {
      const { partnershipId, data } = unstamp(action.data);
      let chat: PartnershipChat | undefined;
      if (partnershipId) chat = await stampedFor(action, partnershipId);
      else {
        const r = await resolve(action);
        if (r.kind === 'choose')
          return {
            kind: 'done',
            message:
              'You belong to more than one partnership: first say which one this chat is for (type "switch partnership" in your chat with Pathways), then try again.',
          };
        chat = r.kind === 'one' ? r.chat : undefined;
      }
      if (!chat)
        return {
          kind: 'done',
          message:
            'Pathways could not find you in a partnership it serves, so nothing was raised. If you should be in one, ask your partnership’s Business Unit.',
        };
      const result = await chat.handlers.onMessageAction({ ...action, data });
      return result.kind === 'dialog'
        ? { ...result, card: stampCard(result.card, chat.partnership.id) }
        : result;
    },
    async onSearch(search) {
      const r = await resolve(search);
      if (r.kind !== 'one') return [];
      return (await r.chat.handlers.onSearch?.(search)) ?? [];
    },
  };
}
