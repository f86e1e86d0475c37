/**
 * Adaptive Cards are plain JSON. Cards are built here as data, so the domain
 * decides what a person sees and the Teams edge only delivers it.
 * Version 1.5: the highest Teams renders on desktop, web and mobile alike.
 */
export const ADAPTIVE_CARD_VERSION = '1.5';

export type CardElement = Record<string, unknown> & { type: string };

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  version: string;
  /** Plain text Teams shows in notifications and chat previews: never identifying. */
  fallbackText: string;
  body: CardElement[];
  actions?: CardElement[];
  refresh?: Record<string, unknown>;
}

export function card(
  fallbackText: string,
  body: CardElement[],
  actions?: CardElement[],
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: ADAPTIVE_CARD_VERSION,
    fallbackText,
    body,
    ...(actions && actions.length > 0 ? { actions } : {}),
  };
}

export const heading = (text: string): CardElement => ({
  type: 'TextBlock',
  text,
  size: 'Large',
  weight: 'Bolder',
  wrap: true,
  style: 'heading',
});

export const paragraph = (text: string, extra: Record<string, unknown> = {}): CardElement => ({
  type: 'TextBlock',
  text,
  wrap: true,
  ...extra,
});
