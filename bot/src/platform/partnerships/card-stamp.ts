import type { AdaptiveCard } from '@pathways/core';
import type { OutgoingMessage, TeamsGateway } from '../teams/teams-contract';

/**
 * Where a card's actions carry the partnership that sent it (in each Action.Execute's and
 * Action.Submit's data), so a press acts in that partnership whatever the chat is for by then.
 */
export const PARTNERSHIP_STAMP = 'pathwaysPartnership';

function stamped(element: unknown, partnershipId: string): unknown {
  if (Array.isArray(element)) return element.map((e) => stamped(e, partnershipId));
  if (!element || typeof element !== 'object') return element;
  const e = element as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e))
    out[key] = key === 'data' ? value : stamped(value, partnershipId);
  if (e.type === 'Action.Execute' || e.type === 'Action.Submit') {
    const data = e.data && typeof e.data === 'object' ? (e.data as Record<string, unknown>) : {};
    out.data = { ...data, [PARTNERSHIP_STAMP]: partnershipId };
  }
  return out;
}

/** The card with every action (body, actions, refresh, shown cards) naming the partnership. */
export function stampCard(card: AdaptiveCard, partnershipId: string): AdaptiveCard {
  return stamped(card, partnershipId) as AdaptiveCard;
}

/** The partnership an action's data names, and the data without it. */
export function unstamp(data: Record<string, unknown>): {
  partnershipId: string | undefined;
  data: Record<string, unknown>;
} {
  const { [PARTNERSHIP_STAMP]: named, ...rest } = data;
  return { partnershipId: typeof named === 'string' ? named : undefined, data: rest };
}

/** A partnership's Teams gateway: each card it posts or updates carries the partnership. */
export function stampingTeamsGateway(teams: TeamsGateway, partnershipId: string): TeamsGateway {
  const stampMessage = (m: OutgoingMessage): OutgoingMessage => ({
    ...m,
    card: stampCard(m.card, partnershipId),
  });
  return {
    handle: (req, res) => teams.handle(req, res),
    postToChannel: (url, channel, m) => teams.postToChannel(url, channel, stampMessage(m)),
    updateMessage: (url, posted, m) => teams.updateMessage(url, posted, stampMessage(m)),
    sendToConversation: (ref, m) => teams.sendToConversation(ref, stampMessage(m)),
    sendToPerson: (url, tenant, person, m) =>
      teams.sendToPerson(url, tenant, person, stampMessage(m)),
  };
}
