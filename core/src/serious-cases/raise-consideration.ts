import type { AdaptiveCard } from '../cards/adaptive-card';
import { londonDate } from '../calendar/working-days';
import { formCard } from '../forms/form-card';
import { validateForm, type FormValues } from '../forms/form';
import type { Person } from '../kloe/kloe';
import type { Partnership } from '../partnerships/partnership';
import { agencyOfOrganisation } from '../partnerships/agencies';
import { considerationForm, considerationGateForm } from './consideration-form';
import { considerationReceiptCard, informLocalAuthorityFirstCard } from './consideration-cards';
import type { SeriousCaseStore } from './serious-case';

export const CONSIDERATION_GATE_VERB = 'consideration.gate';
export const CONSIDERATION_SUBMIT_VERB = 'consideration.submit';

/** "consideration" in chat: the local-authority question comes first. */
export function newConsiderationGateCard(partnership: Partnership): AdaptiveCard {
  return formCard(
    considerationGateForm,
    partnership,
    { values: {} },
    {
      verb: CONSIDERATION_GATE_VERB,
    },
  );
}

export interface Prefill {
  name?: string | undefined;
  agency?: string | undefined;
}

/** The full request, with the date the local authority was told and what we know of the person. */
export function newConsiderationCard(
  partnership: Partnership,
  laInformedDate: string,
  prefill: Prefill,
): AdaptiveCard {
  const values: FormValues = { laInformedDate };
  if (prefill.name) values.referrerName = prefill.name;
  const agency = agencyOfOrganisation(partnership, prefill.agency);
  if (agency) values.referringAgency = agency.name;
  return formCard(considerationForm, partnership, { values }, { verb: CONSIDERATION_SUBMIT_VERB });
}

/**
 * The answer to the first question. "No": what to do first, and nothing is
 * stored (this touches no store at all). "Yes" with a date: the full form.
 */
export function answerConsiderationGate(
  input: Record<string, unknown>,
  ctx: { partnership: Partnership; now: Date; prefill: Prefill },
): AdaptiveCard {
  const result = validateForm(considerationGateForm, ctx.partnership, input, {
    today: londonDate(ctx.now),
  });
  const again = (values: FormValues, errors: Record<string, string>) =>
    formCard(
      considerationGateForm,
      ctx.partnership,
      { values, errors },
      {
        verb: CONSIDERATION_GATE_VERB,
      },
    );
  if (!result.ok) return again(result.values, result.errors);
  if (result.values.laInformed === 'no') return informLocalAuthorityFirstCard();
  const date = result.values.laInformedDate;
  if (!date)
    return again(result.values, {
      laInformedDate: 'Enter the date the local authority was told',
    });
  return newConsiderationCard(ctx.partnership, date, ctx.prefill);
}

export interface ConsiderationContext {
  partnership: Partnership;
  store: SeriousCaseStore;
  submissionKey: string;
  submittedBy: Person;
  receipt: { conversationReference: object; activityId: string | undefined };
  now: Date;
}

export type ConsiderationOutcome =
  | { outcome: 'form'; card: AdaptiveCard }
  | { outcome: 'sent'; card: AdaptiveCard; reference: string };

/** The submitted request: the form again with errors (input kept), or the receipt once stored. */
export async function submitConsideration(
  input: Record<string, unknown>,
  ctx: ConsiderationContext,
): Promise<ConsiderationOutcome> {
  const result = validateForm(considerationForm, ctx.partnership, input, {
    today: londonDate(ctx.now),
  });
  if (!result.ok) {
    return {
      outcome: 'form',
      card: formCard(
        considerationForm,
        ctx.partnership,
        { values: result.values, errors: result.errors },
        { verb: CONSIDERATION_SUBMIT_VERB },
      ),
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
  return {
    outcome: 'sent',
    card: considerationReceiptCard(seriousCase),
    reference: seriousCase.reference,
  };
}
