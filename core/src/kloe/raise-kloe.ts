import type { AdaptiveCard } from '../cards/adaptive-card';
import { formCard, CONFIRM_CHECKED, type CardAction } from '../forms/form-card';
import { validateForm, type FormValues } from '../forms/form';
import { identifyingWarnings } from '../forms/form-screening';
import type { Partnership } from '../partnerships/partnership';
import { kloeForm } from './kloe-form';
import { kloeReceiptCard } from './kloe-cards';
import type { Kloe, KloeStore, Person } from './kloe';
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
  /** See SubmitKloe.requestHash. */
  requestHash?: string;
  submittedBy: Person;
  receipt: { conversationReference: object; activityId: string | undefined };
  now: Date;
  /** Chat cards use Action.Execute; the message-extension dialog uses Action.Submit. */
  cardKind?: CardAction['kind'];
}

export type SubmitOutcome =
  | { outcome: 'form'; card: AdaptiveCard }
  | { outcome: 'sent'; card: AdaptiveCard; reference: string };

/** What raising a KLOE came to, whatever the channel (chat card, message action, REST API). */
export type RaiseOutcome =
  /** Answers to change: the message for each field, and what was typed (kept). */
  | { outcome: 'invalid'; values: FormValues; errors: Record<string, string> }
  /** Looks identifying: sent on only once the person confirms they have checked. */
  | { outcome: 'check'; values: FormValues; warnings: string[] }
  | { outcome: 'sent'; kloe: Kloe; created: boolean };

/**
 * The KLOE use case: validates against the declaration, holds back what looks
 * identifying until the person confirms (`confirmChecked: "true"`), then stores
 * it once per submission key (the store queues the Business Unit's card in the
 * same transaction). Chat and the REST API both come through here.
 */
export async function raiseKloe(
  input: Record<string, unknown>,
  ctx: Omit<SubmitContext, 'cardKind'>,
): Promise<RaiseOutcome> {
  const result = validateForm(kloeForm, ctx.partnership, input);
  if (!result.ok) return { outcome: 'invalid', values: result.values, errors: result.errors };
  const warnings = identifyingWarnings(kloeForm, result.values);
  if (warnings.length > 0 && input[CONFIRM_CHECKED] !== 'true') {
    return { outcome: 'check', values: result.values, warnings };
  }
  const { kloe, created } = await ctx.store.submit({
    partnershipId: ctx.partnership.id,
    submissionKey: ctx.submissionKey,
    ...(ctx.requestHash ? { requestHash: ctx.requestHash } : {}),
    values: result.values,
    submittedBy: ctx.submittedBy,
    receipt: ctx.receipt,
    at: ctx.now,
  });
  return { outcome: 'sent', kloe, created };
}

/**
 * A submitted KLOE card: the form again with errors (input kept), the form
 * with a warning about identifying details, or the receipt once stored.
 */
export async function submitKloe(
  input: Record<string, unknown>,
  ctx: SubmitContext,
): Promise<SubmitOutcome> {
  const action = { verb: KLOE_SUBMIT_VERB, kind: ctx.cardKind ?? 'execute' };
  const result = await raiseKloe(input, ctx);
  switch (result.outcome) {
    case 'invalid': // the form again, with what was typed and its errors
    case 'check': // or its warnings
      return { outcome: 'form', card: formCard(kloeForm, ctx.partnership, result, action) };
    case 'sent':
      return {
        outcome: 'sent',
        card: kloeReceiptCard(result.kloe),
        reference: result.kloe.reference,
      };
  }
}
