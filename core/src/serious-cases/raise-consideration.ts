import type { AdaptiveCard } from '../cards/adaptive-card';
import { londonDate } from '../calendar/working-days';
import { missingMessageOf, validateForm, type FormValues } from '../forms/form';
import {
  keepStepAnswers,
  neighbourStep,
  stepCard,
  errorsOfStep,
  stepNamed,
  stepOfFirst,
  stepsOf,
  validateStep,
  type DraftSlot,
  type FormDraft,
} from '../forms/form-steps';
import type { FormCardState } from '../forms/form-card';
import type { Person } from '../kloe/kloe';
import type { Partnership } from '../partnerships/partnership';
import { agencyOfOrganisation } from '../partnerships/agencies';
import { considerationForm } from './consideration-form';
import { considerationReceiptCard, informLocalAuthorityFirstCard } from './consideration-cards';
import type { SeriousCaseStore } from './serious-case';

export const CONSIDERATION_STEP_VERB = 'consideration.step';
export const CONSIDERATION_BACK_VERB = 'consideration.back';
export const CONSIDERATION_SUBMIT_VERB = 'consideration.submit';
export const CONSIDERATION_RESTART_VERB = 'consideration.restart';

const verbs = {
  next: CONSIDERATION_STEP_VERB,
  back: CONSIDERATION_BACK_VERB,
  submit: CONSIDERATION_SUBMIT_VERB,
};

const firstStep = () => stepsOf(considerationForm)[0]!.id;

function considerationStepCard(
  partnership: Partnership,
  stepId: string,
  state: FormCardState,
  submissionId?: string,
): AdaptiveCard {
  return stepCard(considerationForm, partnership, stepId, state, verbs, submissionId);
}

/** "consideration" in chat: the local-authority question comes first. */
export function newConsiderationCard(partnership: Partnership): AdaptiveCard {
  return considerationStepCard(partnership, firstStep(), { values: {} });
}

/**
 * "consideration" again while a request is unfinished: the step the person
 * reached, with what they entered, on the same card instance (so sending it
 * still makes one request).
 */
export function resumeConsiderationCard(
  partnership: Partnership,
  draft: FormDraft,
  submissionId: string,
): AdaptiveCard {
  const resumed = considerationStepCard(
    partnership,
    draft.step,
    { values: draft.values },
    submissionId,
  );
  const restart = {
    type: 'Action.Execute',
    title: 'Start again',
    verb: CONSIDERATION_RESTART_VERB,
    associatedInputs: 'none',
    data: { form: considerationForm.id, verb: CONSIDERATION_RESTART_VERB, submissionId },
  };
  return { ...resumed, actions: [...(resumed.actions ?? []), restart] };
}

/** "Start again" on a resumed request: what was entered is let go, and the first question asked. */
export async function restartConsideration(
  partnership: Partnership,
  draft: DraftSlot,
): Promise<AdaptiveCard> {
  await draft.discard();
  return newConsiderationCard(partnership);
}

const laDateField = considerationForm.fields.find((f) => f.id === 'laInformedDate')!;

/** "Yes, the local authority was told" needs the date: the clocks run from it. */
function laDateMissing(values: FormValues): Record<string, string> | undefined {
  if (values.laInformed !== 'yes' || values.laInformedDate || laDateField.kind === 'list')
    return undefined;
  return { laInformedDate: missingMessageOf(laDateField) };
}

export interface Prefill {
  name?: string | undefined;
  agency?: string | undefined;
}

export interface ConsiderationStepContext {
  partnership: Partnership;
  now: Date;
  /** This card instance's draft for this person. */
  draft: DraftSlot;
  /** What is known of the person, for "Your name" and "Your agency" when first asked. */
  prefill: () => Promise<Prefill>;
}

async function withPrefill(
  partnership: Partnership,
  stepId: string,
  values: FormValues,
  prefill: () => Promise<Prefill>,
): Promise<FormValues> {
  if (stepId !== 'referrer' || 'referrerName' in values || 'referringAgency' in values)
    return values;
  const known = await prefill();
  const filled = { ...values };
  if (known.name) filled.referrerName = known.name;
  const agency = agencyOfOrganisation(partnership, known.agency);
  if (agency) filled.referringAgency = agency.name;
  return filled;
}

/**
 * "Continue" or "Back" on a step. Continue checks this step only: refused, the
 * same step comes back with the errors beside the fields and what was typed
 * kept; accepted, the next step. Back keeps what was typed on the step, unchecked,
 * and shows the step before. Either way the draft keeps every answer, so going
 * back, or coming back later, loses nothing. "No" to the first question
 * says what to do first and keeps nothing at all.
 */
export async function answerConsiderationStep(
  direction: 'next' | 'back',
  data: Record<string, unknown>,
  ctx: ConsiderationStepContext,
): Promise<AdaptiveCard> {
  const step = stepNamed(considerationForm, data.step);
  const draft = (await ctx.draft.load())?.values ?? {};
  if (direction === 'back') {
    // What was typed on this step is kept unchecked, so going forward again shows it.
    const values = keepStepAnswers(considerationForm, ctx.partnership, step.id, data, draft);
    const previous = neighbourStep(considerationForm, step.id, 'back') ?? step;
    await ctx.draft.save({ step: previous.id, values });
    return considerationStepCard(ctx.partnership, previous.id, { values });
  }
  if (step.id === firstStep() && data.laInformed === 'no') {
    await ctx.draft.discard();
    return informLocalAuthorityFirstCard();
  }
  const result = validateStep(considerationForm, ctx.partnership, step.id, data, draft, {
    today: londonDate(ctx.now),
  });
  const refused = result.ok ? laDateMissing(result.values) : result.errors;
  if (refused) {
    await ctx.draft.save({ step: step.id, values: result.values });
    return considerationStepCard(ctx.partnership, step.id, {
      values: result.values,
      errors: refused,
    });
  }
  const next = neighbourStep(considerationForm, step.id, 'next') ?? step;
  const values = await withPrefill(ctx.partnership, next.id, result.values, ctx.prefill);
  await ctx.draft.save({ step: next.id, values });
  return considerationStepCard(ctx.partnership, next.id, { values });
}

export interface ConsiderationContext {
  partnership: Partnership;
  store: SeriousCaseStore;
  submissionKey: string;
  submittedBy: Person;
  receipt: { conversationReference: object; activityId: string | undefined };
  now: Date;
  /** The answers of the earlier steps; without one, the input must be the whole form. */
  draft?: DraftSlot;
}

export type ConsiderationOutcome =
  | { outcome: 'form'; card: AdaptiveCard }
  | { outcome: 'sent'; card: AdaptiveCard; reference: string };

/**
 * The last step's "Send to the Business Unit": the whole form (the draft with
 * this step laid over it) is checked, and stored once per card instance. With
 * errors, the first step holding one comes back, input kept. A second press
 * after the first has stored the request (and let the draft go) gets the same
 * receipt.
 */
export async function submitConsideration(
  input: Record<string, unknown>,
  ctx: ConsiderationContext,
): Promise<ConsiderationOutcome> {
  const draft = (await ctx.draft?.load())?.values ?? {};
  // What this card sends (the last step; the whole form from a caller that has it all) wins.
  const answers = { ...draft, ...input };
  const today = londonDate(ctx.now);
  const checked = validateForm(considerationForm, ctx.partnership, answers, { today });
  const noDate = checked.ok ? laDateMissing(checked.values) : undefined;
  const result = noDate ? { ok: false as const, values: checked.values, errors: noDate } : checked;
  if (!result.ok || result.values.laInformed !== 'yes') {
    const already = await ctx.store.findBySubmission(ctx.partnership.id, ctx.submissionKey);
    if (already) return sent(already);
  }
  if (result.ok && result.values.laInformed !== 'yes') {
    await ctx.draft?.discard();
    return { outcome: 'form', card: informLocalAuthorityFirstCard() };
  }
  if (!result.ok) {
    const at = stepOfFirst(considerationForm, Object.keys(result.errors)).id;
    await ctx.draft?.save({ step: at, values: result.values });
    return {
      outcome: 'form',
      card: considerationStepCard(ctx.partnership, at, {
        values: result.values,
        errors: errorsOfStep(considerationForm, at, result.errors),
      }),
    };
  }
  const { seriousCase } = await ctx.store.submit({
    partnershipId: ctx.partnership.id,
    submissionKey: ctx.submissionKey,
    values: result.values,
    submittedBy: ctx.submittedBy,
    receipt: ctx.receipt,
    at: ctx.now,
  });
  // The request is stored: its answers no longer wait anywhere else.
  await ctx.draft?.discard();
  return sent(seriousCase);
}

function sent(seriousCase: Parameters<typeof considerationReceiptCard>[0]): ConsiderationOutcome {
  return {
    outcome: 'sent',
    card: considerationReceiptCard(seriousCase),
    reference: seriousCase.reference,
  };
}
