import type { Partnership } from '../partnerships/partnership';
import type { NewsletterBriefing } from '../reports/newsletter';
import { listItems, validateForm, type FormDecl } from '../forms/form';

/**
 * The briefing note, declared once. The Business Unit's form in the tab, the server's
 * validation, the branded email (HTML, large print and plain text) and the lead's view
 * in the Outlook add-in are all derived from this declaration.
 *
 * A briefing goes to every agency's leads (hundreds of people), so no field may identify
 * a child, family or colleague: such details are refused, not just warned about.
 */
export const BRIEFING_KINDS = [
  {
    value: 'reactive',
    title: 'Reactive',
    hint: 'Answers an incident or a review quickly.',
  },
  {
    value: 'proactive',
    title: 'Proactive',
    hint: 'Planned: an e-bulletin, newsletter or themed briefing.',
  },
] as const;

/** The kinds a briefing note is written as (the form's choice). */
export type BriefingNoteKind = (typeof BRIEFING_KINDS)[number]['value'];

/**
 * Every kind of briefing sent to the agencies' leads: a briefing note, or the quarterly
 * newsletter (proactive by nature, but made on the newsletter page, never on the form).
 */
export type BriefingKind = BriefingNoteKind | 'newsletter';

export interface BriefingNote {
  title: string;
  kind: BriefingNoteKind;
  theme: string;
  identifiedLearning: string;
  recommendations: string[];
  proposedActions: string;
}

/**
 * Every field refuses identifying details (sensitivity 'none'): the note goes to
 * hundreds of people. Field ids are BriefingNote's; briefing.test.ts holds them together.
 */
export const BRIEFING_NOTE_FORM: FormDecl = {
  id: 'briefing-note',
  title: 'Briefing note',
  intro:
    'What the Active Learning Set found, what the partnership recommends and what agencies should do. ' +
    'It goes to every agency\u2019s leads, who cascade it and report back. ' +
    'Do not identify any child, family or colleague.',
  // Nothing is sent from the form: the email and its exact audience are shown, then confirmed.
  submitTitle: 'Preview, then check who it goes to',
  fields: [
    {
      id: 'title',
      kind: 'text',
      label: 'Title',
      hint: 'Shown as the email subject, e.g. "Learning from a rapid review: neglect".',
      required: true,
      maxLength: 150,
      blockIdentifyingDetails: true,
      sensitivity: 'none',
      missingMessage: 'Enter the title',
    },
    {
      id: 'kind',
      kind: 'options',
      label: 'Type of briefing',
      required: true,
      options: BRIEFING_KINDS,
      sensitivity: 'none',
      missingMessage: 'Choose the type of briefing',
    },
    {
      id: 'theme',
      kind: 'choice',
      source: 'themes',
      label: 'Theme',
      required: true,
      sensitivity: 'none',
      missingMessage: 'Choose the theme',
    },
    {
      id: 'identifiedLearning',
      kind: 'multiline',
      label: 'Identified learning',
      hint: 'What the partnership learnt, in plain English.',
      required: true,
      maxLength: 6000,
      blockIdentifyingDetails: true,
      sensitivity: 'none',
      missingMessage: 'Enter the identified learning',
    },
    {
      id: 'recommendations',
      kind: 'list',
      label: 'Recommendations',
      itemLabel: 'Recommendation',
      hint: 'One recommendation each. Agencies report the change and its impact against each one.',
      required: true,
      minItems: 1,
      maxItems: 20,
      itemMaxLength: 1000,
      blockIdentifyingDetails: true,
      sensitivity: 'none',
    },
    {
      id: 'proposedActions',
      kind: 'multiline',
      label: 'Proposed actions',
      hint: 'What agencies should do, and by when.',
      required: true,
      maxLength: 4000,
      blockIdentifyingDetails: true,
      sensitivity: 'none',
      missingMessage: 'Enter the proposed actions',
    },
  ],
};

export type BriefingValidation =
  | { ok: true; note: BriefingNote }
  /** Errors by field id; a list item's error is keyed "recommendations.2" (1-based). */
  | { ok: false; errors: Record<string, string> };

/** Line ends as one newline, whichever system the text was written on. */
const clean = (v: unknown): unknown =>
  typeof v === 'string' ? v.replace(/\r\n?/g, '\n') : Array.isArray(v) ? v.map(clean) : v;

/**
 * Checks a briefing against its declaration (validateForm, as for every declared form),
 * with messages for the person writing it. Recommendations may come as an array (the API's
 * BriefingInput) or numbered ("recommendations.1", as the tab's form and a card send them).
 */
export function validateBriefing(partnership: Partnership, input: unknown): BriefingValidation {
  const raw = Object.fromEntries(
    Object.entries(input && typeof input === 'object' ? input : {}).map(([k, v]) => [k, clean(v)]),
  );
  const result = validateForm(BRIEFING_NOTE_FORM, partnership, raw);
  if (!result.ok) return { ok: false, errors: result.errors };
  const v = result.values;
  return {
    ok: true,
    note: {
      title: v.title!,
      kind: v.kind as BriefingNoteKind,
      theme: v.theme!,
      identifiedLearning: v.identifiedLearning!,
      recommendations: listItems(v, 'recommendations'),
      proposedActions: v.proposedActions!,
    },
  };
}

export function briefingKindTitle(kind: BriefingKind): string {
  if (kind === 'newsletter') return 'Quarterly newsletter';
  return BRIEFING_KINDS.find((k) => k.value === kind)?.title ?? kind;
}

/**
 * What a briefing carries, told apart by its kind: a briefing note (learning, numbered
 * recommendations, proposed actions) or the quarterly newsletter (its sections, and no
 * recommendations: there is nothing to report change and impact against).
 */
export type BriefingContent = BriefingNote | NewsletterBriefing;

export function isNewsletter(content: BriefingContent): content is NewsletterBriefing {
  return content.kind === 'newsletter';
}

/** The recommendations agencies report against, numbered from 1; none in a newsletter. */
export function recommendationsOf(content: BriefingContent): { number: number; text: string }[] {
  return isNewsletter(content)
    ? []
    : content.recommendations.map((text, i) => ({ number: i + 1, text }));
}
