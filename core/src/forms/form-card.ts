import type { Partnership } from '../partnerships/partnership';
import {
  card,
  heading,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from '../cards/adaptive-card';
import {
  fieldOptions,
  listItemLabel,
  listItems,
  missingMessageOf,
  listKey,
  type FieldDecl,
  type FormDecl,
  type FormValues,
} from './form';

export interface FormCardState {
  values: FormValues;
  /** Field id to message, from the server's validation. */
  errors?: Record<string, string>;
  /** Plain-English concerns that do not block sending (identifying details). */
  warnings?: string[];
  /** The people a `people` field offers first (field id to choices), from the directory. */
  choices?: Record<string, { value: string; title: string }[]>;
}

export interface CardAction {
  verb: string;
  data?: Record<string, unknown>;
  /** Dialogs (task modules) take Action.Submit; cards in chat use Universal Actions. */
  kind?: 'execute' | 'submit';
}

/** Input id of the toggle that lets someone send after a warning. */
export const CONFIRM_CHECKED = 'confirmChecked';

/**
 * Action data key of the id minted when a form card is sent. Teams gives each
 * press its own activity id, so a double press is only recognisable by this:
 * one record per card instance, however often it is pressed.
 */
export const SUBMISSION_ID = 'submissionId';

/** The card instance's id from an action's data, when it carries a well-formed one. */
export function submissionIdOf(data: Record<string, unknown>): string | undefined {
  const value = data[SUBMISSION_ID];
  return typeof value === 'string' && /^[A-Za-z0-9-]{8,64}$/.test(value) ? value : undefined;
}

/**
 * The same card instance redrawn (errors, a warning, the next step): its
 * actions keep the id the first drawing minted, so a press on the redrawn
 * card and a late press on the first one name the same submission.
 */
export function keepSubmissionId(drawn: AdaptiveCard, submissionId: string): AdaptiveCard {
  const keep = (element: unknown): unknown => {
    if (Array.isArray(element)) return element.map(keep);
    if (!element || typeof element !== 'object') return element;
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(element as Record<string, unknown>)) {
      out[key] =
        key === 'data' && value && typeof value === 'object' && SUBMISSION_ID in value
          ? { ...(value as Record<string, unknown>), [SUBMISSION_ID]: submissionId }
          : keep(value);
    }
    return out;
  };
  return keep(drawn) as AdaptiveCard;
}

/** "Up to 4,000 characters.": said beside every text box, since the card does not cut. */
export function limitText(maxLength: number): string {
  return `Up to ${maxLength.toLocaleString('en-GB')} characters.`;
}

/** How a card's inputs are checked before a press sends them. */
export interface InputChecks {
  /**
   * Teams refuses a press while a box marked required is empty (false: every press sends
   * what was typed, and the service alone says what is missing, beside the field).
   */
  requiredOnCard: boolean;
}

function input(
  field: Exclude<FieldDecl, { kind: 'list' }>,
  partnership: Partnership,
  value: string | undefined,
  people: { value: string; title: string }[] = [],
  error?: string,
  checks: InputChecks = { requiredOnCard: true },
): CardElement {
  const common = {
    id: field.id,
    // No asterisks on the card: the optional ones say so (formInputs says the rest need one).
    label: checks.requiredOnCard || field.required ? field.label : `${field.label} (optional)`,
    isRequired: checks.requiredOnCard && field.required,
    // The service's own message (core/src/forms/form.ts): for an empty answer, or the
    // one it gave this answer.
    errorMessage: error ?? missingMessageOf(field),
    ...(value !== undefined && value !== '' ? { value } : {}),
  };
  switch (field.kind) {
    // No maxLength on text: Teams cuts pasted text to it without a word. The limit is
    // said beside the box, and the service refuses more beside it, keeping what was typed.
    case 'text':
      return { type: 'Input.Text', ...common };
    case 'multiline':
      return { type: 'Input.Text', ...common, isMultiline: true };
    case 'choice':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'compact',
        placeholder: 'Choose one',
        choices: fieldOptions(field, partnership).map((o) => ({ title: o.title, value: o.value })),
      };
    case 'checklist':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        isMultiSelect: true,
        style: 'expanded',
        choices: field.options.map((o) => ({ title: o.title, value: o.value })),
      };
    case 'confirm':
      return {
        type: 'Input.Toggle',
        ...common,
        title: field.statement,
        valueOn: 'true',
        valueOff: 'false',
      };
    case 'options':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'expanded',
        choices: field.options.map((o) => ({ title: o.title, value: o.value })),
      };
    case 'date':
      return { type: 'Input.Date', ...common };
    case 'people':
      // Typeahead: Teams asks the bot (application/search) for more as the person types.
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'filtered',
        placeholder: 'Type a name',
        choices: people.map((p) => ({ title: p.title, value: p.value })),
        'choices.data': { type: 'Data.Query', dataset: field.dataset },
      };
  }
}

/** Empty boxes a card offers beyond the items already written: a card cannot add inputs. */
export const LIST_SPARE_ITEMS = 3;

/**
 * A list in a card: a card cannot add or remove inputs, so it shows a numbered box for each
 * item already written and a few empty ones (at least the fewest allowed, at most the most),
 * with ids "<id>.1", "<id>.2", … as validateForm reads them. Empty boxes are dropped.
 */
function listInputs(
  field: Extract<FieldDecl, { kind: 'list' }>,
  values: FormValues,
  errors: Record<string, string>,
  checks: InputChecks,
): CardElement[] {
  const written = listItems(values, field.id);
  const boxes = Math.min(
    field.maxItems,
    Math.max(written.length + LIST_SPARE_ITEMS, field.required ? Math.max(1, field.minItems) : 0),
  );
  const body: CardElement[] = [paragraph(field.label, { weight: 'Bolder' })];
  body.push(
    paragraph(
      [
        field.hint,
        'Leave any box you do not need empty.',
        `Each ${field.itemLabel.toLowerCase()} up to ${field.itemMaxLength.toLocaleString('en-GB')} characters.`,
      ]
        .filter(Boolean)
        .join(' '),
      {
        isSubtle: true,
        size: 'Small',
        spacing: 'None',
      },
    ),
  );
  for (let n = 1; n <= boxes; n += 1) {
    const value = written[n - 1];
    const label = listItemLabel(field, n);
    body.push({
      type: 'Input.Text',
      id: listKey(field.id, n),
      label,
      isMultiline: true,
      isRequired: checks.requiredOnCard && field.required && n <= Math.max(1, field.minItems),
      errorMessage: errors[listKey(field.id, n)] ?? `Enter ${label.toLowerCase()}`,
      ...(value ? { value } : {}),
    });
    const error = errors[listKey(field.id, n)];
    if (error) body.push(errorParagraph(error));
  }
  return body;
}

const errorParagraph = (error: string) =>
  paragraph(`Error: ${error}.`, { color: 'Attention', weight: 'Bolder', spacing: 'None' });

/** Concerns that do not block sending, with the toggle that confirms the person has checked. */
export function warningBlock(warnings: string[]): CardElement {
  return {
    type: 'Container',
    style: 'warning',
    items: [
      paragraph('Check before sending', { weight: 'Bolder' }),
      ...warnings.map((w) => paragraph(w)),
      {
        type: 'Input.Toggle',
        id: CONFIRM_CHECKED,
        title: 'I have checked: no child or family can be identified from this',
        label: 'Confirm you have checked',
        valueOn: 'true',
        valueOff: 'false',
      },
    ],
  };
}

/** The inputs of a form (hints and errors beside them), for a card of its own or a part of one. */
export function formInputs(
  form: FormDecl,
  partnership: Partnership,
  state: FormCardState,
  checks: InputChecks = { requiredOnCard: true },
): CardElement[] {
  const errors = state.errors ?? {};
  const body: CardElement[] = [];
  // With no box marked required (no asterisk), the card says in words which ones are.
  const saysOptional = !checks.requiredOnCard && form.fields.some((f) => f.required);
  if (saysOptional)
    body.push(paragraph('Every question needs an answer unless it says (optional).'));
  let section: string | undefined;
  for (const field of form.fields) {
    if (field.section && field.section !== section) {
      section = field.section;
      body.push(paragraph(section, { size: 'Medium', weight: 'Bolder', spacing: 'Large' }));
    }
    if (field.kind === 'list') {
      body.push(...listInputs(field, state.values, errors, checks));
      const error = errors[field.id];
      if (error) body.push(errorParagraph(error));
      continue;
    }
    const error = errors[field.id];
    body.push(
      input(field, partnership, state.values[field.id], state.choices?.[field.id], error, checks),
    );
    const limit =
      field.kind === 'text' || field.kind === 'multiline' ? limitText(field.maxLength) : '';
    const hint = [field.hint, limit].filter(Boolean).join(' ');
    if (hint) body.push(paragraph(hint, { isSubtle: true, size: 'Small', spacing: 'None' }));
    if (error) body.push(errorParagraph(error));
  }
  return body;
}

/** The box at the top of a form card refused with `errorCount` answers to change. */
export function errorSummary(errorCount: number): CardElement {
  return {
    type: 'Container',
    style: 'attention',
    items: [
      paragraph(
        errorCount === 1
          ? 'There is a problem: one answer needs changing.'
          : `There is a problem: ${errorCount} answers need changing.`,
        { weight: 'Bolder' },
      ),
    ],
  };
}

/** The form as an Adaptive Card: every input labelled, errors beside their field, input kept. */
export function formCard(
  form: FormDecl,
  partnership: Partnership,
  state: FormCardState,
  action: CardAction,
): AdaptiveCard {
  const errors = state.errors ?? {};
  const errorCount = Object.keys(errors).length;
  const body: CardElement[] = [heading(form.title)];
  if (errorCount > 0) body.push(errorSummary(errorCount));
  if (state.warnings && state.warnings.length > 0) body.push(warningBlock(state.warnings));
  body.push(paragraph(form.intro));
  body.push(...formInputs(form, partnership, state));
  const data = {
    form: form.id,
    verb: action.verb,
    [SUBMISSION_ID]: globalThis.crypto.randomUUID(),
    ...(action.data ?? {}),
  };
  return card(form.title, body, [
    action.kind === 'submit'
      ? { type: 'Action.Submit', title: form.submitTitle, style: 'positive', data }
      : {
          type: 'Action.Execute',
          title: form.submitTitle,
          verb: action.verb,
          style: 'positive',
          associatedInputs: 'auto',
          data,
        },
  ]);
}
