import { UUID_PATTERN } from '../text/identifiers';
import { z } from 'zod';
import type { Partnership } from '../partnerships/partnership';
import { agencyNames, agencyNamesOf } from '../partnerships/agencies';
import { isIsoDate, notAWorkingDay } from '../calendar/working-days';
import { identifyingRefusal } from '../identifying/screen';

/**
 * A form is declared once: its fields, rules and sensitivity. The Adaptive
 * Card, the server's validation, the tab's view and what is stored are all
 * derived from the declaration, so they cannot drift apart.
 */
export type Sensitivity =
  /** Nothing about a person beyond the professional who submits it. */
  | 'none'
  /** About a professional (names, contact details). */
  | 'professional'
  /** Identifies a child or family: consideration requests only. */
  | 'child';

/** Lists that come from the partnership's configuration, never from code. */
export type ChoiceSource = 'agencies' | 'themes' | 'safeguardingPartners' | 'resolutionStages';

/** A fixed choice declared with the form: the value is stored, the title shown. */
export interface ChoiceOption {
  value: string;
  title: string;
  /** Said with the title where it helps to choose (e.g. "Reactive: answers an incident quickly"). */
  hint?: string;
}

interface FieldBase {
  id: string;
  label: string;
  required: boolean;
  sensitivity: Sensitivity;
  /** Shown under the label: what to put here, in plain English. */
  hint?: string;
  /**
   * What the answer is called mid-sentence in messages ("Enter the <noun>", "Keep the <noun>
   * to 4,000 characters"), capitalised as in running text: "date of the Engine Room meeting",
   * "learning identified". Needed when the label is a question or a heading ("What it shows");
   * otherwise the label in lower case. messages.test.ts renders every declared message.
   */
  noun?: string;
  /** When "Enter a <noun>" would read badly, what to say when it is left empty. */
  missingMessage?: string;
  /** A heading shown above this field when it starts a new part of the form. */
  section?: string;
  /** In a form asked in steps (FormDecl.steps), the id of the step that asks this field. */
  step?: string;
}

export type FieldDecl =
  | (FieldBase & {
      kind: 'text';
      maxLength: number;
      /** A shape the answer must have, with the message to show when it does not. */
      pattern?: { regex: RegExp; message: string };
      /** Refuse identifying details outright (a form that must never hold them). */
      blockIdentifyingDetails?: boolean;
    })
  | (FieldBase & {
      kind: 'multiline';
      maxLength: number;
      /** Warn about identifying details; the person may send after checking. */
      screenForIdentifyingDetails?: boolean;
      /** Refuse identifying details outright (a form that must never hold them). */
      blockIdentifyingDetails?: boolean;
    })
  | (FieldBase & { kind: 'choice'; source: ChoiceSource })
  /** A choice whose options are part of the product, not configuration. */
  | (FieldBase & { kind: 'options'; options: readonly ChoiceOption[] })
  /** Tick every option that applies; stored as the values joined by commas, in declared order. */
  | (FieldBase & { kind: 'checklist'; options: readonly ChoiceOption[] })
  /** One statement to tick; when required it must be ticked. Stored as "true". */
  | (FieldBase & { kind: 'confirm'; statement: string })
  | (FieldBase & {
      kind: 'date';
      notInThePast?: boolean;
      notInFuture?: boolean;
      /**
       * A day a meeting is held on: Monday to Friday and not an England and Wales bank
       * holiday (core/src/calendar). A weekend or bank holiday is refused, naming which.
       */
      workingDay?: boolean;
    })
  /**
   * A person from the directory, stored as their object id. The choices come
   * from the directory when the form is shown (FormCardState.choices), and a
   * card searches for more with Data.Query on `dataset`; the service checks
   * the person really is one of those it may offer.
   */
  | (FieldBase & { kind: 'people'; dataset: string })
  /**
   * A numbered list of texts, each reported on separately (a briefing's recommendations).
   * The answer is its items, each under "<id>.<n>" numbered from 1 (listItems reads them
   * back): the way a card submits numbered inputs, and the way an error names one item.
   * Empty items are dropped and the rest numbered again, in the order written.
   */
  | (FieldBase & {
      kind: 'list';
      /** What one item is called: "Recommendation" labels "Recommendation 1", "Recommendation 2". */
      itemLabel: string;
      /** At least this many items when any are given (a required list needs at least one). */
      minItems: number;
      maxItems: number;
      /** The longest each item may be. */
      itemMaxLength: number;
      /** Warn about identifying details in any item; the person may send after checking. */
      screenForIdentifyingDetails?: boolean;
      /** Refuse identifying details in any item, naming the item. */
      blockIdentifyingDetails?: boolean;
    });

/** Every kind but a list has one answer, under the field's id. */
export type SingleFieldDecl = Exclude<FieldDecl, { kind: 'list' }>;
type ListFieldDecl = Extract<FieldDecl, { kind: 'list' }>;

export interface FormDecl {
  id: string;
  title: string;
  intro: string;
  submitTitle: string;
  fields: FieldDecl[];
  /**
   * A long form asked in chat as short cards, in this order; each field names its step.
   * The steps are views of this one declaration (form-steps.ts), not forms of their own.
   */
  steps?: readonly FormStep[];
}

/** One card of a form asked in steps. */
export interface FormStep {
  id: string;
  /** Says what the card is about: "The child". */
  title: string;
  /** Shown under the title on this step's card. */
  intro?: string;
}

/** Answers by field id; a list's items are under "<id>.1", "<id>.2" and so on (listKey). */
export type FormValues = Record<string, string>;

/** Where item n (from 1) of a list field is kept in FormValues, and the input id a card gives it. */
export function listKey(fieldId: string, n: number): string {
  return `${fieldId}.${n}`;
}

/** The items of a list answer, in order: "<id>.1", "<id>.2", … until one is missing. */
export function listItems(values: Readonly<Record<string, unknown>>, fieldId: string): string[] {
  const items: string[] = [];
  for (let n = 1; typeof values[listKey(fieldId, n)] === 'string'; n += 1) {
    items.push(values[listKey(fieldId, n)] as string);
  }
  return items;
}

/** What one item is called in messages and labels: "Recommendation 2". */
export function listItemLabel(field: ListFieldDecl, n: number): string {
  return `${field.itemLabel} ${n}`;
}

/** A choice's options: agencies by their current names, from the partnership's one list. */
export function choicesFor(source: ChoiceSource, partnership: Partnership): string[] {
  if (source === 'agencies') return agencyNames(partnership);
  if (source === 'safeguardingPartners')
    return agencyNamesOf(partnership, partnership.safeguardingPartners);
  return partnership[source];
}

/** The options a choice or checklist offers, whether configured or declared. */
export function fieldOptions(field: FieldDecl, partnership: Partnership): ChoiceOption[] {
  if (field.kind === 'checklist' || field.kind === 'options') return [...field.options];
  if (field.kind !== 'choice') return [];
  return choicesFor(field.source, partnership).map((c) => ({ value: c, title: c }));
}

/** The ticked values of a checklist answer. */
export function checklistValues(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;

/**
 * What to say when a field is left empty: the same on a card (its errorMessage), in the tab
 * and from the service.
 */
export function missingMessageOf(field: SingleFieldDecl): string {
  // Always "the": the answer is one particular thing, and "a" misfits plurals and mass nouns
  // ("a details", "a learning identified").
  const determined = definite(nounOf(field));
  return (
    field.missingMessage ??
    (field.kind === 'choice' || field.kind === 'options' || field.kind === 'people'
      ? `Choose ${determined}`
      : field.kind === 'checklist'
        ? `Tick at least one of the ${nounOf(field)}`
        : field.kind === 'confirm'
          ? `Tick to confirm: ${field.statement}`
          : `Enter ${determined}`)
  );
}

/** The zod schema for one field, with messages written for the person filling it in. */
function fieldSchema(
  field: SingleFieldDecl,
  partnership: Partnership,
  context: ValidationContext = {},
): z.ZodType<string | undefined> {
  const name = nounOf(field);
  const missing = missingMessageOf(field);
  let schema: z.ZodType<string, string>;
  switch (field.kind) {
    case 'text': {
      const pattern = field.pattern;
      schema = blockingIdentifyingDetails(
        field,
        z
          .string()
          .max(
            field.maxLength,
            `Keep ${definite(name)} to ${field.maxLength.toLocaleString('en-GB')} characters or fewer`,
          )
          .refine((v) => !pattern || pattern.regex.test(v), pattern?.message ?? ''),
      );
      break;
    }
    case 'multiline': {
      schema = blockingIdentifyingDetails(
        field,
        z
          .string()
          .max(
            field.maxLength,
            `Keep ${definite(name)} to ${field.maxLength.toLocaleString('en-GB')} characters or fewer`,
          ),
      );
      break;
    }
    case 'choice': {
      const allowed = choicesFor(field.source, partnership);
      schema = z
        .string()
        .refine((v) => allowed.includes(v), `Choose ${definite(name)} from the list`);
      break;
    }
    case 'options': {
      const allowed = field.options.map((o) => o.value);
      schema = z
        .string()
        .refine((v) => allowed.includes(v), `Choose ${definite(name)} from the list`);
      break;
    }
    case 'checklist': {
      const allowed = field.options.map((o) => o.value);
      schema = z
        .string()
        .refine(
          (v) => checklistValues(v).every((c) => allowed.includes(c)),
          `Tick only the ${name} listed`,
        )
        .transform((v) => {
          const ticked = checklistValues(v);
          return allowed.filter((a) => ticked.includes(a)).join(',');
        })
        .refine((v) => !field.required || v !== '', missing);
      break;
    }
    case 'confirm':
      schema = z.string().refine((v) => v === 'true', missing);
      break;
    case 'people':
      schema = z.string().regex(UUID_PATTERN, `Choose ${definite(name)} from the list`);
      break;
    case 'date': {
      const today = context.today;
      schema = z
        .string()
        .regex(isoDate, `Enter ${definite(name)} as a date`)
        .refine((v) => isIsoDate(v), `Enter ${definite(name)} as a real date`)
        // ISO dates compare correctly as strings.
        .refine(
          (v) => !field.notInThePast || !today || v >= today,
          `${capitalise(definite(name))} must be today or later`,
        )
        .refine(
          (v) => !field.notInFuture || !today || v <= today,
          `${capitalise(definite(name))} cannot be in the future`,
        )
        .superRefine((v, ctx) => {
          const why = field.workingDay && isIsoDate(v) ? notAWorkingDay(v) : undefined;
          if (why)
            ctx.addIssue({
              code: 'custom',
              message: `${capitalise(definite(name))} is ${why}. Choose a working day`,
            });
        });
      break;
    }
  }
  const trimmed = z.preprocess(
    (v) =>
      typeof v === 'string'
        ? v.trim()
        : v === undefined || v === null
          ? ''
          : // A toggle left untouched arrives as false.
            typeof v === 'boolean'
            ? String(v)
            : v,
    z.string({ error: missing }),
  );
  if (field.kind === 'confirm' && !field.required) {
    // An unticked optional confirmation is no answer.
    return trimmed.pipe(
      z.union([z.enum(['', 'false']).transform(() => undefined), schema]),
    ) as z.ZodType<string | undefined>;
  }
  return trimmed.pipe(
    field.required
      ? z.string().min(1, missing).pipe(schema)
      : z.union([z.literal('').transform(() => undefined), schema]),
  ) as z.ZodType<string | undefined>;
}

function blockingIdentifyingDetails(
  field: { blockIdentifyingDetails?: boolean },
  text: z.ZodType<string, string>,
): z.ZodType<string, string> {
  if (!field.blockIdentifyingDetails) return text;
  return text.superRefine((v, ctx) => {
    const problem = identifyingRefusal(v, 'this form');
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** "1 recommendation", "3 recommendations". */
function count(n: number, item: string): string {
  return `${n} ${item}${n === 1 ? '' : 's'}`;
}

/**
 * What was sent for a list: an array under the field's id (the JSON API), or numbered
 * inputs "<id>.<n>" (a card), in number order.
 */
function listInput(field: ListFieldDecl, input: Record<string, unknown>): unknown[] {
  const given = input[field.id];
  if (Array.isArray(given)) return given;
  const prefix = `${field.id}.`;
  return Object.keys(input)
    .filter((k) => k.startsWith(prefix) && /^[1-9]\d{0,3}$/.test(k.slice(prefix.length)))
    .map((k) => ({ n: Number(k.slice(prefix.length)), value: input[k] }))
    .sort((a, b) => a.n - b.n)
    .map((i) => i.value);
}

/**
 * Checks a list: empty items dropped, the rest numbered again; too few or too many is an
 * error on the field, an item too long or identifying an error on that item ("<id>.<n>").
 */
function validateList(
  field: ListFieldDecl,
  input: Record<string, unknown>,
): { typed: string[]; items: string[]; errors: Record<string, string> } {
  const typed = listInput(field, input).filter(
    (v): v is string => typeof v === 'string' && v.trim() !== '',
  );
  const items = typed.map((v) => v.trim());
  const errors: Record<string, string> = {};
  const item = field.itemLabel.toLowerCase();
  const name = nounOf(field);
  const fewest = field.required
    ? Math.max(1, field.minItems)
    : items.length === 0
      ? 0
      : field.minItems;
  if (items.length < fewest) {
    errors[field.id] =
      items.length === 0 && field.missingMessage
        ? field.missingMessage
        : `Enter at least ${count(fewest, item)}`;
  } else if (items.length > field.maxItems) {
    errors[field.id] = `Keep to ${field.maxItems.toLocaleString('en-GB')} ${name} or fewer`;
  }
  items.forEach((text, i) => {
    const n = i + 1;
    const problem =
      text.length > field.itemMaxLength
        ? `Keep ${item} ${n} to ${field.itemMaxLength.toLocaleString('en-GB')} characters or fewer`
        : field.blockIdentifyingDetails
          ? identifyingRefusal(text, 'this form')
          : undefined;
    if (problem) errors[listKey(field.id, n)] = problem;
  });
  return { typed, items, errors };
}

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
}

/** What a field's answer is called in its messages (its declared noun, or its label). */
export function nounOf(field: { label: string; noun?: string }): string {
  return field.noun ?? field.label.toLowerCase();
}

/** "the title", but "your name": a possessive already says which. */
function definite(phrase: string): string {
  return /^(your|my|our|their)\b/i.test(phrase) ? phrase : `the ${phrase}`;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/** "an audit", "a focus group": a noun phrase with its indefinite article. */
export function withIndefiniteArticle(phrase: string): string {
  return `${article(phrase)} ${phrase}`;
}

export interface ValidationContext {
  /** Today's date in England (YYYY-MM-DD), for dates that must not be in the past. */
  today?: string;
}

export type ValidationResult =
  | { ok: true; values: FormValues }
  | { ok: false; values: FormValues; errors: Record<string, string> };

/**
 * Checks what was submitted against the declaration. Unknown inputs are
 * dropped; what the person typed is returned either way so a card can keep it.
 * A list's items may come as an array under its id or as numbered inputs; either
 * way they come back numbered ("<id>.1", …), and an item's error is keyed the same.
 */
export function validateForm(
  form: FormDecl,
  partnership: Partnership,
  input: Record<string, unknown>,
  context: ValidationContext = {},
): ValidationResult {
  const kept: FormValues = {};
  const values: FormValues = {};
  const errors: Record<string, string> = {};
  for (const field of form.fields) {
    if (field.kind === 'list') {
      const list = validateList(field, input);
      list.typed.forEach((t, i) => (kept[listKey(field.id, i + 1)] = t));
      list.items.forEach((t, i) => (values[listKey(field.id, i + 1)] = t));
      Object.assign(errors, list.errors);
      continue;
    }
    const raw = input[field.id];
    if (typeof raw === 'string') kept[field.id] = raw;
    const parsed = fieldSchema(field, partnership, context).safeParse(raw);
    if (parsed.success) {
      if (parsed.data !== undefined) values[field.id] = parsed.data;
    } else {
      errors[field.id] = parsed.error.issues[0]?.message ?? `Check ${definite(nounOf(field))}`;
    }
  }
  return Object.keys(errors).length > 0
    ? { ok: false, values: kept, errors }
    : { ok: true, values };
}

/** The read-only view of a submission (tab, receipts): labels and values in form order. */
export function formView(
  form: FormDecl,
  values: FormValues,
  options: { include: Sensitivity[] },
): { id: string; label: string; value: string }[] {
  return form.fields.flatMap((f) => {
    if (!options.include.includes(f.sensitivity)) return [];
    if (f.kind === 'list') {
      const items = listItems(values, f.id);
      return items.length === 0
        ? []
        : [{ id: f.id, label: f.label, value: items.map((t, i) => `${i + 1}. ${t}`).join('\n') }];
    }
    const value = values[f.id];
    return value === undefined ? [] : [{ id: f.id, label: f.label, value: displayValue(f, value) }];
  });
}

/** How a stored answer reads to a person: option titles, not stored values. */
export function displayValue(field: FieldDecl, value: string): string {
  switch (field.kind) {
    case 'checklist':
      return checklistValues(value)
        .map((v) => field.options.find((o) => o.value === v)?.title ?? v)
        .join('; ');
    case 'options':
      return field.options.find((o) => o.value === value)?.title ?? value;
    case 'confirm':
      return value === 'true' ? 'Yes' : 'No';
    default:
      return value;
  }
}

/** Splits answers by sensitivity, so identifying ones can be stored and read apart. */
export function splitBySensitivity(
  form: FormDecl,
  values: FormValues,
): { child: FormValues; other: FormValues } {
  const child: FormValues = {};
  const other: FormValues = {};
  for (const field of form.fields) {
    const into = field.sensitivity === 'child' ? child : other;
    if (field.kind === 'list') {
      listItems(values, field.id).forEach((t, i) => (into[listKey(field.id, i + 1)] = t));
      continue;
    }
    const value = values[field.id];
    if (value !== undefined) into[field.id] = value;
  }
  return { child, other };
}

/** Fields whose text is screened for identifying details. */
export function screenedFields(form: FormDecl): string[] {
  return form.fields
    .filter((f) => (f.kind === 'multiline' || f.kind === 'list') && f.screenForIdentifyingDetails)
    .map((f) => f.id);
}

/** The texts a field's answer holds: a list's items, or the one answer. */
export function answerTexts(form: FormDecl, values: FormValues, fieldId: string): string[] {
  const field = form.fields.find((f) => f.id === fieldId);
  if (field?.kind === 'list') return listItems(values, fieldId);
  const value = values[fieldId];
  return value === undefined ? [] : [value];
}
