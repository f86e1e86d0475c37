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

/**
 * Text shown as written: Teams reads a TextBlock's text and a fact's title
 * and value as markdown (bold, italic, links, lists), so `**`,
 * `[x](javascript:...)` or a line starting "1." typed into a form would be
 * drawn as formatting or a link. Only the characters that subset acts on get
 * a backslash: every other backslash is one more place a Teams client could
 * show it literally (older mobile clients did).
 */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_[\]]/g, (c) => `\\${c}`)
      // Teams never draws HTML from a TextBlock, but other Adaptive Card hosts
      // (Agents Playground, web renderers with HTML-enabled markdown) can: an
      // invisible word joiner after "<" means no tag can start, and no
      // backslash shows anywhere.
      .replace(/<(?=[A-Za-z!/?])/g, '<\u2060')
      .replace(/^(\s*)([-+=]|\d+[.)])/gm, (_m, space: string, marker: string) =>
        /^\d/.test(marker)
          ? `${space}${marker.slice(0, -1)}\\${marker.slice(-1)}`
          : `${space}\\${marker}`,
      )
  );
}

/** Every TextBlock and fact in a card, its inner cards and containers, escaped (see escapeMarkdown). */
function plainTextEverywhere(element: unknown): unknown {
  if (Array.isArray(element)) return element.map(plainTextEverywhere);
  if (!element || typeof element !== 'object') return element;
  const e = element as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    if (e.type === 'TextBlock' && key === 'text' && typeof value === 'string') {
      out[key] = escapeMarkdown(value);
    } else if (e.type === 'FactSet' && key === 'facts' && Array.isArray(value)) {
      out[key] = (value as { title: string; value: string }[]).map((f) => ({
        title: escapeMarkdown(f.title),
        value: escapeMarkdown(f.value),
      }));
    } else if (key === 'data' || key === 'value' || key === 'choices') {
      // An action's data and an input's value go back to the service as they are.
      out[key] = value;
    } else {
      out[key] = plainTextEverywhere(value);
    }
  }
  return out;
}

/**
 * A card. Its text is never read as markdown (see escapeMarkdown), so what
 * people typed cannot add formatting, links or images to anyone's card.
 */
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
    body: plainTextEverywhere(body) as CardElement[],
    ...(actions && actions.length > 0
      ? { actions: plainTextEverywhere(actions) as CardElement[] }
      : {}),
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

/** The answer to a card action Pathways no longer (or never) acts on. */
export function outOfDateCard(): AdaptiveCard {
  return card('This card is out of date', [
    heading('This card is out of date'),
    paragraph('Type "help" to see what you can do.'),
  ]);
}

/**
 * The answer to a card action the caller's role does not allow: it repeats
 * nothing of the record, so a card sent by someone who should not see it
 * shows them nothing.
 */
export function notAllowedCard(what: string): AdaptiveCard {
  return card('Not available to you', [
    heading('Not available to you'),
    paragraph(`${what} Nothing was changed. If you need it, ask your partnership’s Business Unit.`),
  ]);
}
