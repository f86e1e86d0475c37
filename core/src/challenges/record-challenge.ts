import { card, heading, paragraph, type AdaptiveCard } from '../cards/adaptive-card';
import { formatLongDate, londonDate } from '../calendar/working-days';
import { formCard } from '../forms/form-card';
import { formView, validateForm, type FormValues } from '../forms/form';
import type { Person } from '../kloe/kloe';
import type { Partnership } from '../partnerships/partnership';
import { agencyOfOrganisation } from '../partnerships/agencies';
import { challengeForm } from './challenge-form';
import type { ChallengeStore, ProfessionalChallenge } from './challenge';

export const CHALLENGE_SUBMIT_VERB = 'challenge.submit';

/** "challenge" in chat: the recording form, the person's organisation chosen if we know it. */
export function newChallengeCard(
  partnership: Partnership,
  prefill: { agency?: string | undefined } = {},
): AdaptiveCard {
  const agency = agencyOfOrganisation(partnership, prefill.agency);
  const values: FormValues = agency ? { raisingOrganisation: agency.name } : {};
  return formCard(challengeForm, partnership, { values }, { verb: CHALLENGE_SUBMIT_VERB });
}

/** The submitter's receipt: what was recorded (nothing in it identifies anyone). */
export function challengeReceiptCard(challenge: ProfessionalChallenge): AdaptiveCard {
  const view = formView(challengeForm, challenge.values, { include: ['none'] });
  const fact = (id: string) => view.find((f) => f.id === id);
  return card(`${challenge.reference} recorded`, [
    heading(`Professional challenge ${challenge.reference} recorded`),
    {
      type: 'FactSet',
      facts: [
        ...['raisingOrganisation', 'receivingOrganisation', 'resolutionStage', 'outcome']
          .map(fact)
          .filter((f) => f !== undefined)
          .map((f) => ({ title: f.label, value: f.value })),
        { title: 'Raised', value: formatLongDate(challenge.raisedDate) },
        { title: 'Resolved', value: formatLongDate(challenge.resolvedDate) },
      ],
    },
    paragraph(
      'Thank you. It counts towards the partnership\u2019s measures of professional challenge.',
      {
        isSubtle: true,
      },
    ),
  ]);
}

export interface ChallengeContext {
  partnership: Partnership;
  store: ChallengeStore;
  submissionKey: string;
  submittedBy: Person;
  now: Date;
}

/**
 * A submitted challenge form: back with errors (identifying details are an
 * error here, with no way to send them anyway), or stored with its receipt.
 */
export async function submitChallenge(
  input: Record<string, unknown>,
  ctx: ChallengeContext,
): Promise<{ outcome: 'form' | 'sent'; card: AdaptiveCard }> {
  const result = validateForm(challengeForm, ctx.partnership, input, {
    today: londonDate(ctx.now),
  });
  const errors = result.ok ? {} : { ...result.errors };
  const v = result.values;
  if (
    !errors.receivingOrganisation &&
    v.receivingOrganisation &&
    v.receivingOrganisation === v.raisingOrganisation
  )
    errors.receivingOrganisation =
      'Choose a different organisation from the one that raised the challenge';
  if (!errors.resolvedDate && v.raisedDate && v.resolvedDate && v.resolvedDate < v.raisedDate)
    errors.resolvedDate = 'The date it was resolved cannot be before the date it was raised';
  if (!result.ok || Object.keys(errors).length > 0)
    return {
      outcome: 'form',
      card: formCard(
        challengeForm,
        ctx.partnership,
        { values: v, errors },
        { verb: CHALLENGE_SUBMIT_VERB },
      ),
    };
  const { challenge } = await ctx.store.submit({
    partnershipId: ctx.partnership.id,
    submissionKey: ctx.submissionKey,
    values: result.values,
    submittedBy: ctx.submittedBy,
    at: ctx.now,
  });
  return { outcome: 'sent', card: challengeReceiptCard(challenge) };
}
