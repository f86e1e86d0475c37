import { z } from 'zod';
import type { Partnership } from '../partnerships/partnership';
import { describeIdentifyingKind, findIdentifyingDetails } from '../forms/identifying-details';
import type { NewsletterBriefing } from '../reports/newsletter';

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

interface BriefingFieldBase {
  id: keyof BriefingNote;
  label: string;
  /** What to put here, in plain English, shown under the label. */
  hint?: string;
  required: boolean;
}

export type BriefingFieldDecl =
  | (BriefingFieldBase & { kind: 'text'; maxLength: number })
  | (BriefingFieldBase & { kind: 'multiline'; maxLength: number })
  | (BriefingFieldBase & {
      kind: 'options';
      options: readonly { value: string; title: string; hint: string }[];
    })
  /** One of the partnership's configured themes. */
  | (BriefingFieldBase & { kind: 'theme' })
  /** A numbered list: each item is reported on separately by every agency. */
  | (BriefingFieldBase & {
      kind: 'list';
      itemLabel: string;
      minItems: number;
      maxItems: number;
      itemMaxLength: number;
    });

export interface BriefingNote {
  title: string;
  kind: BriefingNoteKind;
  theme: string;
  identifiedLearning: string;
  recommendations: string[];
  proposedActions: string;
}

export const BRIEFING_NOTE_FORM = {
  id: 'briefing-note',
  title: 'Briefing note',
  intro:
    'What the Active Learning Set found, what the partnership recommends and what agencies should do. ' +
    'It goes to every agency\u2019s leads, who cascade it and report back. ' +
    'Do not identify any child, family or colleague.',
  submitTitle: 'Send to every agency\u2019s leads',
  fields: [
    {
      id: 'title',
      kind: 'text',
      label: 'Title',
      hint: 'Shown as the email subject, e.g. "Learning from a rapid review: neglect".',
      required: true,
      maxLength: 150,
    },
    {
      id: 'kind',
      kind: 'options',
      label: 'Type of briefing',
      required: true,
      options: BRIEFING_KINDS,
    },
    { id: 'theme', kind: 'theme', label: 'Theme', required: true },
    {
      id: 'identifiedLearning',
      kind: 'multiline',
      label: 'Identified learning',
      hint: 'What the partnership learnt, in plain English.',
      required: true,
      maxLength: 6000,
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
    },
    {
      id: 'proposedActions',
      kind: 'multiline',
      label: 'Proposed actions',
      hint: 'What agencies should do, and by when.',
      required: true,
      maxLength: 4000,
    },
  ],
} as const satisfies {
  id: string;
  title: string;
  intro: string;
  submitTitle: string;
  fields: readonly BriefingFieldDecl[];
};

export type BriefingValidation =
  | { ok: true; note: BriefingNote }
  /** Errors by field id; a list item's error is keyed "recommendations.2" (1-based). */
  | { ok: false; errors: Record<string, string> };

function identifying(text: string): string | undefined {
  const kinds = findIdentifyingDetails(text);
  return kinds.length > 0
    ? `Take out ${kinds.map(describeIdentifyingKind).join(', ')}: a briefing must not identify a child, family or colleague`
    : undefined;
}

const clean = (v: unknown) => (typeof v === 'string' ? v.replace(/\r\n?/g, '\n').trim() : v);

/** Checks a briefing against the declaration, with messages for the person writing it. */
export function validateBriefing(partnership: Partnership, input: unknown): BriefingValidation {
  const raw = (input && typeof input === 'object' ? input : {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const note: Record<string, unknown> = {};
  for (const field of BRIEFING_NOTE_FORM.fields as readonly BriefingFieldDecl[]) {
    const name = field.label.toLowerCase();
    const value = clean(raw[field.id]);
    switch (field.kind) {
      case 'text':
      case 'multiline': {
        const parsed = z
          .string({ error: `Enter the ${name}` })
          .min(1, `Enter the ${name}`)
          .max(
            field.maxLength,
            `Keep the ${name} to ${field.maxLength.toLocaleString('en-GB')} characters or fewer`,
          )
          .safeParse(value);
        if (!parsed.success) errors[field.id] = parsed.error.issues[0]!.message;
        else {
          const problem = identifying(parsed.data);
          if (problem) errors[field.id] = problem;
          else note[field.id] = parsed.data;
        }
        break;
      }
      case 'options': {
        const allowed = field.options.map((o) => o.value);
        if (typeof value === 'string' && allowed.includes(value)) note[field.id] = value;
        else errors[field.id] = `Choose the ${name}`;
        break;
      }
      case 'theme': {
        if (typeof value === 'string' && partnership.themes.includes(value)) note[field.id] = value;
        else errors[field.id] = `Choose the ${name} from the list`;
        break;
      }
      case 'list': {
        const items = (Array.isArray(value) ? value : [])
          .map(clean)
          .filter((v): v is string => typeof v === 'string' && v !== '');
        if (items.length < field.minItems) {
          errors[field.id] = `Enter at least ${field.minItems} ${field.itemLabel.toLowerCase()}`;
          break;
        }
        if (items.length > field.maxItems) {
          errors[field.id] =
            `Keep to ${field.maxItems} ${name} or fewer: split the rest into another briefing`;
          break;
        }
        items.forEach((item, i) => {
          const key = `${field.id}.${i + 1}`;
          if (item.length > field.itemMaxLength) {
            errors[key] =
              `Keep ${field.itemLabel.toLowerCase()} ${i + 1} to ${field.itemMaxLength.toLocaleString('en-GB')} characters or fewer`;
          } else {
            const problem = identifying(item);
            if (problem) errors[key] = problem;
          }
        });
        note[field.id] = items;
        break;
      }
    }
  }
  return Object.keys(errors).length > 0
    ? { ok: false, errors }
    : { ok: true, note: note as unknown as BriefingNote };
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
