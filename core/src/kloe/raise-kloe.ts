import type { AdaptiveCard } from '../cards/adaptive-card';
import { formCard, CONFIRM_CHECKED, type CardAction } from '../forms/form-card';
import { validateForm, type FormValues } from '../forms/form';
import { identifyingWarnings } from '../forms/identifying-details';
import type { Partnership } from '../partnerships/partnership';
import { kloeForm } from './kloe-form';
import { kloeReceiptCard } from './kloe-cards';
import type { KloeStore, Person } from './kloe';
import { KLOE_VERBS } from './kloe-triage-forms';

export const KLOE_SUBMIT_VERB = KLOE_VERBS.submit;

/** The empty KLOE form, with what we already know about the person filled in. */
export function newKloeCard(
  partnership: Partnership,
  prefill: { name?: string | undefined; agency?: string | undefined; details?: string | undefined },
  kind: CardAction['kind'] = 'execute',
): AdaptiveCard {
  const values: FormValues = {};
  if (prefill.name) values.contactOfficer = prefill.name;
  if (prefill.agency && partnership.agencies.includes(prefill.agency))
    values.organisation = prefill.agency;
  if (prefill.details) values.details = prefill.details.slice(0, 4000);
  return formCard(kloeForm, partnership, { values }, { verb: KLOE_SUBMIT_VERB, kind });
}

export interface SubmitContext {
  partnership: Partnership;
  store: KloeStore;
  submissionKey: string;
  submittedBy: Person;
  receipt: { conversationReference: object; activityId: string | undefined };
  now: Date;
  /** Chat cards use Action.Execute; the message-extension dialog uses Action.Submit. */
  cardKind?: CardAction['kind'];
}

export type SubmitOutcome =
  | { outcome: 'form'; card: AdaptiveCard }
  | { outcome: 'sent'; card: AdaptiveCard; reference: string };

/**
 * A submitted KLOE card: the form again with errors (input kept), the form
 * with a warning about identifying details, or the receipt once stored.
 */
export async function submitKloe(
  input: Record<string, unknown>,
  ctx: SubmitContext,
): Promise<SubmitOutcome> {
  const kind = ctx.cardKind ?? 'execute';
  const result = validateForm(kloeForm, ctx.partnership, input);
  if (!result.ok) {
    return {
      outcome: 'form',
      card: formCard(
        kloeForm,
        ctx.partnership,
        { values: result.values, errors: result.errors },
        { verb: KLOE_SUBMIT_VERB, kind },
      ),
    };
  }
  const warnings = identifyingWarnings(kloeForm, result.values);
  if (warnings.length > 0 && input[CONFIRM_CHECKED] !== 'true') {
    return {
      outcome: 'form',
      card: formCard(
        kloeForm,
        ctx.partnership,
        { values: result.values, warnings },
        { verb: KLOE_SUBMIT_VERB, kind },
      ),
    };
  }
  const { kloe } = await ctx.store.submit({
    partnershipId: ctx.partnership.id,
    submissionKey: ctx.submissionKey,
    values: result.values,
    submittedBy: ctx.submittedBy,
    receipt: ctx.receipt,
    at: ctx.now,
  });
  return { outcome: 'sent', card: kloeReceiptCard(kloe), reference: kloe.reference };
}
