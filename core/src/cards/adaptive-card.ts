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
 * Text a card shows as written. Teams reads a TextBlock's text and a fact's
 * title and value as markdown (bold, italic, links, lists), and other hosts
 * (Agents Playground, web renderers) may draw HTML or link bare addresses; but
 * Teams' markdown has no backslash escape, so escaping shows the backslashes.
 * A TextRun is never read as markdown (Adaptive Cards schema: "Markdown is not
 * supported"), so text that any of that could act on is drawn as one: nothing
 * is escaped, nothing added, and what people typed reads exactly as typed.
 */
export function isPlainText(text: string): boolean {
  return (
    /^[\p{L}\p{N}\s.,:;'’‘"“”()?!…\-–—/&%£€+=]*$/u.test(text) &&
    !/^\s*([-+=]|\d+[.)])/m.test(text) &&
    !/:\/\/|www\.|@/i.test(text)
  );
}

/** Text properties a TextBlock and a TextRun share. */
const RUN_STYLES = ['color', 'fontType', 'isSubtle', 'size', 'weight'] as const;
/** Layout properties a TextBlock and a RichTextBlock share. */
const BLOCK_LAYOUT = ['horizontalAlignment', 'spacing', 'separator', 'id', 'isVisible'] as const;

function pick(from: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((k) => from[k] !== undefined).map((k) => [k, from[k]]));
}

/** A TextBlock that would be read as markup, as a RichTextBlock of one TextRun that is not. */
function asRichText(block: Record<string, unknown>, text: string): CardElement {
  return {
    type: 'RichTextBlock',
    ...pick(block, BLOCK_LAYOUT),
    inlines: [{ type: 'TextRun', text, ...pick(block, RUN_STYLES) }],
  };
}

/**
 * A FactSet whose facts would be read as markup: each fact a line of its own,
 * its title in bold, as TextRuns (a FactSet has no plain-text form).
 */
function factsAsRichText(set: Record<string, unknown>, facts: Fact[]): CardElement {
  return {
    type: 'Container',
    ...pick(set, BLOCK_LAYOUT),
    items: facts.map((f): CardElement => ({
      type: 'RichTextBlock',
      spacing: 'Small',
      inlines: [
        { type: 'TextRun', text: `${f.title}: `, weight: 'Bolder' },
        { type: 'TextRun', text: f.value },
      ],
    })),
  };
}

interface Fact {
  title: string;
  value: string;
}

/** Every TextBlock and fact in a card, its inner cards and containers, drawn as typed (see isPlainText). */
function plainTextEverywhere(element: unknown): unknown {
  if (Array.isArray(element)) return element.map(plainTextEverywhere);
  if (!element || typeof element !== 'object') return element;
  const e = element as Record<string, unknown>;
  if (e.type === 'TextBlock' && typeof e.text === 'string' && !isPlainText(e.text))
    return asRichText(e, e.text);
  if (e.type === 'FactSet' && Array.isArray(e.facts)) {
    const facts = e.facts as Fact[];
    if (facts.some((f) => !isPlainText(f.title) || !isPlainText(f.value)))
      return factsAsRichText(e, facts);
    return e;
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(e)) {
    // An action's data and an input's value go back to the service as they are.
    out[key] =
      key === 'data' || key === 'value' || key === 'choices' ? value : plainTextEverywhere(value);
  }
  return out;
}

/**
 * A card. Its text is never read as markdown (see isPlainText), so what
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
