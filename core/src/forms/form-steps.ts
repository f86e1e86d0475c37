import type { Partnership } from '../partnerships/partnership';
import {
  card,
  heading,
  paragraph,
  type AdaptiveCard,
  type CardElement,
} from '../cards/adaptive-card';
import { errorSummary, formInputs, SUBMISSION_ID, type FormCardState } from './form-card';
import {
  validateForm,
  type FieldDecl,
  type FormDecl,
  type FormStep,
  type FormValues,
  type ValidationContext,
} from './form';

/**
 * A long form asked in chat one short card at a time. The steps are views of
 * the form's one declaration (FormDecl.steps and each field's `step`): the
 * final submit still validates the whole form, so a step can never let
 * through what the form would refuse.
 */

/** Where the answers given so far wait between cards: the service keeps no state of its own. */
export interface FormDraft {
  /** The step the person was last shown. */
  step: string;
  values: FormValues;
}

/** The draft of one card instance for one person (the caller binds the key and owner). */
export interface DraftSlot {
  load(): Promise<FormDraft | undefined>;
  save(draft: FormDraft): Promise<void>;
  discard(): Promise<void>;
}

/** The verbs a stepped form's buttons carry. */
export interface StepVerbs {
  next: string;
  back: string;
  /** The last step's button: the whole form is checked and the record made. */
  submit: string;
}

export function stepsOf(form: FormDecl): readonly FormStep[] {
  if (!form.steps || form.steps.length === 0) throw new Error(`${form.id} is not asked in steps.`);
  return form.steps;
}

/** The declared step with this id, or the first step for an unknown one (an old or altered card). */
export function stepNamed(form: FormDecl, id: unknown): FormStep {
  const steps = stepsOf(form);
  return steps.find((s) => s.id === id) ?? steps[0]!;
}

/** The step before or after this one, if there is one. */
export function neighbourStep(
  form: FormDecl,
  stepId: string,
  direction: 'back' | 'next',
): FormStep | undefined {
  const steps = stepsOf(form);
  const at = steps.findIndex((s) => s.id === stepId);
  return steps[direction === 'next' ? at + 1 : at - 1];
}

/** The first step holding one of these fields (where to send someone with errors). */
export function stepOfFirst(form: FormDecl, fieldIds: readonly string[]): FormStep {
  const fieldStep = (id: string) =>
    form.fields.find((f) => f.id === id || id.startsWith(`${f.id}.`))?.step;
  const wanted = new Set(fieldIds.map(fieldStep));
  return stepsOf(form).find((s) => wanted.has(s.id)) ?? stepsOf(form)[0]!;
}

/** One step of the form as a form of its own: that step's fields, in declared order. */
export function stepForm(form: FormDecl, stepId: string): FormDecl {
  const step = stepNamed(form, stepId);
  const fields = form.fields
    .filter((f) => f.step === step.id)
    // The step's title already heads the card: a section of the same name would repeat it.
    .map((f): FieldDecl => {
      if (f.section !== step.title) return f;
      const { section: _heading, ...rest } = f;
      return rest;
    });
  const { steps: _all, ...one } = form;
  return { ...one, intro: step.intro ?? form.intro, fields };
}

/** The errors that belong to one step's fields (a list item's error by its field). */
export function errorsOfStep(
  form: FormDecl,
  stepId: string,
  errors: Record<string, string>,
): Record<string, string> {
  const ids = new Set(stepForm(form, stepId).fields.map((f) => f.id));
  return Object.fromEntries(
    Object.entries(errors).filter(([key]) => ids.has(key) || ids.has(key.split('.')[0]!)),
  );
}

function keysOf(field: FieldDecl, values: FormValues): string[] {
  if (field.kind !== 'list') return [field.id];
  return Object.keys(values).filter((k) => k.startsWith(`${field.id}.`));
}

/**
 * Checks one step's answers and lays them over the draft: a field the step
 * asks takes what was sent now (an emptied answer is emptied), every other
 * field keeps what the draft holds. Either way the values come back, so a
 * refused step keeps what was typed.
 */
export function validateStep(
  form: FormDecl,
  partnership: Partnership,
  stepId: string,
  input: Record<string, unknown>,
  draft: FormValues,
  context: ValidationContext = {},
):
  | { ok: true; values: FormValues }
  | { ok: false; values: FormValues; errors: Record<string, string> } {
  const asked = stepForm(form, stepId);
  const values: FormValues = { ...draft };
  for (const field of asked.fields) for (const key of keysOf(field, values)) delete values[key];
  const result = validateForm(asked, partnership, input, context);
  Object.assign(values, result.values);
  return result.ok ? { ok: true, values } : { ok: false, values, errors: result.errors };
}

/**
 * What Back keeps: the step's answers as typed, laid over the draft without being
 * checked (they are checked when the person continues). Only the fields the press
 * sent are taken, so a press that sends no inputs (a card drawn before Back sent them)
 * leaves the draft as it was.
 */
export function keepStepAnswers(
  form: FormDecl,
  partnership: Partnership,
  stepId: string,
  input: Record<string, unknown>,
  draft: FormValues,
): FormValues {
  const sent = (field: FieldDecl) =>
    field.kind === 'list'
      ? Object.keys(input).some((k) => k === field.id || k.startsWith(`${field.id}.`))
      : field.id in input;
  const asked = stepForm(form, stepId);
  const fields = asked.fields.filter(sent);
  const values: FormValues = { ...draft };
  for (const field of fields) for (const key of keysOf(field, values)) delete values[key];
  Object.assign(values, validateForm({ ...asked, fields }, partnership, input).values);
  return values;
}

/**
 * The card for one step: which step of how many, its fields with their values
 * and errors, "Continue" (the form's own submit title on the last step) and
 * "Back". Both send what was typed on the step, so Back keeps it (keepStepAnswers).
 * No box is marked required on the card: Teams refuses a press while a required
 * box is empty, which would stop Back; Continue has the service check the step
 * and say what is missing beside each field.
 */
export function stepCard(
  form: FormDecl,
  partnership: Partnership,
  stepId: string,
  state: FormCardState,
  verbs: StepVerbs,
  /** The card instance's id, when a card is drawn again outside an action's reply. */
  submissionId: string = globalThis.crypto.randomUUID(),
): AdaptiveCard {
  const steps = stepsOf(form);
  const step = stepNamed(form, stepId);
  const at = steps.indexOf(step);
  const last = at === steps.length - 1;
  const asked = stepForm(form, step.id);
  const errorCount = Object.keys(state.errors ?? {}).length;
  const body: CardElement[] = [heading(form.title)];
  if (errorCount > 0) body.push(errorSummary(errorCount));
  body.push(
    paragraph(`Step ${at + 1} of ${steps.length}: ${step.title}`, {
      size: 'Medium',
      weight: 'Bolder',
    }),
  );
  if (at === 0 && step.intro) body.push(paragraph(form.intro));
  body.push(paragraph(asked.intro));
  body.push(...formInputs(asked, partnership, state, { requiredOnCard: false }));
  const data = (verb: string) => ({
    form: form.id,
    verb,
    step: step.id,
    [SUBMISSION_ID]: submissionId,
  });
  const forward = last ? verbs.submit : verbs.next;
  const actions: CardElement[] = [
    {
      type: 'Action.Execute',
      title: last ? form.submitTitle : 'Continue',
      verb: forward,
      style: 'positive',
      associatedInputs: 'auto',
      data: data(forward),
    },
  ];
  if (at > 0) {
    actions.push({
      type: 'Action.Execute',
      title: 'Back',
      verb: verbs.back,
      associatedInputs: 'auto',
      data: data(verbs.back),
    });
  }
  return card(`${form.title}: step ${at + 1} of ${steps.length}`, body, actions);
}
