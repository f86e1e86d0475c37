import { z } from 'zod';
import type { Partnership } from '../partnerships/partnership';
import { isIsoDate } from '../calendar/working-days';
import { describeIdentifyingKind, findIdentifyingDetails } from './identifying-details';

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
}

interface FieldBase {
  id: string;
  label: string;
  required: boolean;
  sensitivity: Sensitivity;
  /** Shown under the label: what to put here, in plain English. */
  hint?: string;
  /** When "Enter a <label>" would read badly, what to say when it is left empty. */
  missingMessage?: string;
  /** A heading shown above this field when it starts a new part of the form. */
  section?: string;
}

export type FieldDecl =
  | (FieldBase & {
      kind: 'text';
      maxLength: number;
      /** A shape the answer must have, with the message to show when it does not. */
      pattern?: { regex: RegExp; message: string };
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
  | (FieldBase & { kind: 'date'; notInThePast?: boolean; notInFuture?: boolean })
  /**
   * A person from the directory, stored as their object id. The choices come
   * from the directory when the form is shown (FormCardState.choices), and a
   * card searches for more with Data.Query on `dataset`; the service checks
   * the person really is one of those it may offer.
   */
  | (FieldBase & { kind: 'people'; dataset: string });

export interface FormDecl {
  id: string;
  title: string;
  intro: string;
  submitTitle: string;
  fields: FieldDecl[];
}

export type FormValues = Record<string, string>;

export function choicesFor(source: ChoiceSource, partnership: Partnership): string[] {
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

/** The zod schema for one field, with messages written for the person filling it in. */
export function fieldSchema(
  field: FieldDecl,
  partnership: Partnership,
  context: ValidationContext = {},
): z.ZodType<string | undefined> {
  const name = field.label.toLowerCase();
  const missing =
    field.missingMessage ??
    (field.kind === 'choice' || field.kind === 'options' || field.kind === 'people'
      ? `Choose ${article(name)} ${name}`
      : field.kind === 'checklist'
        ? `Tick at least one of the ${name}`
        : field.kind === 'confirm'
          ? `Tick to confirm: ${field.statement}`
          : `Enter ${article(name)} ${name}`);
  let schema: z.ZodType<string, string>;
  switch (field.kind) {
    case 'text': {
      const pattern = field.pattern;
      schema = z
        .string()
        .max(
          field.maxLength,
          `Keep the ${name} to ${field.maxLength.toLocaleString('en-GB')} characters or fewer`,
        )
        .refine((v) => !pattern || pattern.regex.test(v), pattern?.message ?? '');
      break;
    }
    case 'multiline': {
      let text: z.ZodType<string, string> = z
        .string()
        .max(
          field.maxLength,
          `Keep the ${name} to ${field.maxLength.toLocaleString('en-GB')} characters or fewer`,
        );
      if (field.blockIdentifyingDetails) {
        text = text.superRefine((v, ctx) => {
          const kinds = findIdentifyingDetails(v);
          if (kinds.length > 0)
            ctx.addIssue({
              code: 'custom',
              message: `Take out ${kinds.map(describeIdentifyingKind).join(', ')}: this form must not identify a child, family or colleague`,
            });
        });
      }
      schema = text;
      break;
    }
    case 'choice': {
      const allowed = choicesFor(field.source, partnership);
      schema = z.string().refine((v) => allowed.includes(v), `Choose the ${name} from the list`);
      break;
    }
    case 'options': {
      const allowed = field.options.map((o) => o.value);
      schema = z.string().refine((v) => allowed.includes(v), `Choose the ${name} from the list`);
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
      schema = z
        .string()
        .regex(
          /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i,
          `Choose the ${name} from the list`,
        );
      break;
    case 'date': {
      const today = context.today;
      schema = z
        .string()
        .regex(isoDate, `Enter the ${name} as a date`)
        .refine((v) => isIsoDate(v), `Enter the ${name} as a real date`)
        // ISO dates compare correctly as strings.
        .refine(
          (v) => !field.notInThePast || !today || v >= today,
          `The ${name} must be today or later`,
        )
        .refine(
          (v) => !field.notInFuture || !today || v <= today,
          `The ${name} cannot be in the future`,
        );
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

function article(word: string): string {
  return /^[aeiou]/i.test(word) ? 'an' : 'a';
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
    const raw = input[field.id];
    if (typeof raw === 'string') kept[field.id] = raw;
    const parsed = fieldSchema(field, partnership, context).safeParse(raw);
    if (parsed.success) {
      if (parsed.data !== undefined) values[field.id] = parsed.data;
    } else {
      errors[field.id] =
        parsed.error.issues[0]?.message ?? `Check the ${field.label.toLowerCase()}`;
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
  return form.fields
    .filter((f) => options.include.includes(f.sensitivity) && values[f.id] !== undefined)
    .map((f) => ({ id: f.id, label: f.label, value: displayValue(f, values[f.id]!) }));
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
    const value = values[field.id];
    if (value === undefined) continue;
    if (field.sensitivity === 'child') child[field.id] = value;
    else other[field.id] = value;
  }
  return { child, other };
}

/** Fields whose text is screened for identifying details. */
export function screenedFields(form: FormDecl): string[] {
  return form.fields
    .filter((f) => f.kind === 'multiline' && f.screenForIdentifyingDetails)
    .map((f) => f.id);
}
