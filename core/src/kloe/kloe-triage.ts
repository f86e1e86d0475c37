import { notAllowedCard, type AdaptiveCard } from '../cards/adaptive-card';
import type { Role } from '../access/roles';
import { validateForm } from '../forms/form';
import { CONFIRM_CHECKED } from '../forms/form-card';
import { identifyingWarnings } from '../forms/form-screening';
import type { Partnership } from '../partnerships/partnership';
import { recordInTab } from '../cards/summary';
import {
  describeDecision,
  type Kloe,
  type KloeLinkKind,
  type KloeStore,
  type Person,
  type TriageDecision,
} from './kloe';
import {
  formatCalendarDate,
  formatDateTime,
  kloeAnsweredCard,
  kloeChannelCard,
  kloeMissingCard,
  kloeQuestionCard,
} from './kloe-cards';
import {
  KLOE_VERBS,
  isTriageVerb,
  kloeAnswerForm,
  triageForms,
  type TriageVerb,
} from './kloe-triage-forms';
import { londonDate } from '../calendar/working-days';

export interface TriageContext {
  partnership: Partnership;
  store: KloeStore;
  /** Who pressed the button, from Teams' identity of the caller, never from the card. */
  actor: Person;
  /** The caller's roles, looked up on the server. */
  actorRoles: ReadonlySet<Role>;
  now: Date;
  /** Business Unit members, for Teams to fetch their actionable view of the card. */
  refreshFor: string[];
  /** The Engine Room tab's address, where the card links to the whole record. */
  tabUrl?: string;
}

/** Who may see a KLOE's channel card (its refresh and its actions, read-only). */
export const KLOE_CHANNEL_READERS: readonly Role[] = [
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
];

// Today's date in England: one definition, with the working-day calendar.
export { londonDate };

function text(data: Record<string, unknown>, key: string): string | undefined {
  const value = data[key];
  return typeof value === 'string' ? value : undefined;
}

function decisionFrom(verb: TriageVerb, values: Record<string, string>): TriageDecision {
  switch (verb) {
    case KLOE_VERBS.accept:
      return { kind: 'accept', meetingDate: values.meetingDate! };
    case KLOE_VERBS.ask:
      return { kind: 'ask', question: values.question! };
    case KLOE_VERBS.decline:
      return { kind: 'decline', reason: values.reason! };
    default:
      return {
        kind: 'link',
        otherReference: values.otherReference!.toUpperCase(),
        linkKind: values.linkKind as KloeLinkKind,
      };
  }
}

function confirmation(decision: TriageDecision): string {
  const what = `You ${describeDecision(decision)}`;
  switch (decision.kind) {
    case 'accept':
      return `${what}, for the meeting on ${formatCalendarDate(decision.meetingDate)}.`;
    case 'ask':
      return `${what}. Their answer will appear on this card.`;
    case 'decline':
      return `${what}. The person who raised it can see your reason.`;
    case 'link':
      return `${what}.`;
  }
}

/** What a triage decision came to: the card and the tab each show it their own way. */
export type KloeTriageResult =
  /** Only the Business Unit triages: nothing was changed. */
  | { outcome: 'not-allowed'; kloe: Kloe; message: string }
  | { outcome: 'not-found' }
  /** The form's answers need correcting: nothing was saved. */
  | {
      outcome: 'invalid';
      kloe: Kloe;
      values: Record<string, string>;
      errors: Record<string, string>;
    }
  | { outcome: 'done'; kloe: Kloe; message: string }
  /** The rules do not allow it now: nothing was saved. */
  | { outcome: 'refused'; kloe: Kloe; values: Record<string, string>; message: string }
  /** Someone else changed it first: nothing was saved. */
  | { outcome: 'conflict'; kloe: Kloe; message: string };

/**
 * One triage decision on a KLOE, the same from the channel card and the tab: only the
 * Business Unit may decide, the declared form checks the answers, and the decision is
 * saved only at the version the person was looking at (`data.version`).
 */
export async function triageKloe(
  verb: TriageVerb,
  data: Record<string, unknown>,
  ctx: Omit<TriageContext, 'refreshFor'>,
): Promise<KloeTriageResult> {
  const kloeId = text(data, 'kloeId');
  const kloe = kloeId ? await ctx.store.get(ctx.partnership.id, kloeId) : undefined;
  if (!kloe) return { outcome: 'not-found' };
  if (!ctx.actorRoles.has('BusinessUnit')) {
    return {
      outcome: 'not-allowed',
      kloe,
      message:
        'Only the Business Unit can triage KLOEs. Nothing was changed; you can follow it here.',
    };
  }
  const result = validateForm(triageForms[verb], ctx.partnership, data, {
    today: londonDate(ctx.now),
  });
  if (!result.ok) return { outcome: 'invalid', kloe, values: result.values, errors: result.errors };
  const decision = decisionFrom(verb, result.values);
  const version = Number(data.version);
  const outcome = await ctx.store.triage({
    partnershipId: ctx.partnership.id,
    kloeId: kloe.id,
    expectedVersion: Number.isInteger(version) ? version : -1,
    decision,
    by: ctx.actor,
    at: ctx.now,
  });
  switch (outcome.outcome) {
    case 'not-found':
      return outcome;
    case 'done':
      return { outcome: 'done', kloe: outcome.kloe, message: confirmation(decision) };
    case 'refused':
      return {
        outcome: 'refused',
        kloe: outcome.kloe,
        values: result.values,
        message: `Not saved: ${outcome.message}`,
      };
    case 'conflict': {
      const change = outcome.kloe.lastChange;
      const who = change
        ? `${change.by.name} ${change.action} (${formatDateTime(change.at)})`
        : 'someone else changed it';
      return {
        outcome: 'conflict',
        kloe: outcome.kloe,
        message: `While you were deciding, ${who}. What you entered was not saved; this is the KLOE as it is now.`,
      };
    }
  }
}

const ANSWER_ADDED = {
  style: 'good',
  text: 'Thank you. Your answer has been added to the KLOE.',
} as const;
const ALREADY_ANSWERED = {
  style: 'good',
  text: 'You have already answered this question.',
} as const;

/**
 * A card action on the Business Unit's channel card: refresh (each person's
 * own view), or a triage decision (triageKloe, as the tab's).
 */
export async function actOnChannelCard(
  verb: string,
  data: Record<string, unknown>,
  ctx: TriageContext,
): Promise<AdaptiveCard> {
  // The channel card is for those who follow KLOEs (the people who read the
  // Engine Room queue): anyone else learns nothing, not even whether it exists.
  if (!KLOE_CHANNEL_READERS.some((r) => ctx.actorRoles.has(r))) {
    return notAllowedCard('Only the Business Unit and the Engine Room can see KLOEs here.');
  }
  const view = ctx.actorRoles.has('BusinessUnit') ? 'triage' : 'read-only';
  const render = (k: Kloe, options: Parameters<typeof kloeChannelCard>[2] = { view }) =>
    kloeChannelCard(k, ctx.partnership, {
      refreshFor: ctx.refreshFor,
      ...(ctx.tabUrl ? { readInTab: recordInTab(ctx.tabUrl, 'kloe', k.id) } : {}),
      ...options,
    });

  if (!isTriageVerb(verb)) {
    const kloeId = text(data, 'kloeId');
    const kloe = kloeId ? await ctx.store.get(ctx.partnership.id, kloeId) : undefined;
    return kloe ? render(kloe) : kloeMissingCard();
  }
  const result = await triageKloe(verb, data, ctx);
  switch (result.outcome) {
    case 'not-found':
      return kloeMissingCard();
    case 'not-allowed':
      return render(result.kloe, {
        view: 'read-only',
        notice: { style: 'attention', text: result.message },
      });
    case 'invalid':
      return render(result.kloe, {
        view: 'triage',
        openForm: { verb, state: { values: result.values, errors: result.errors } },
      });
    case 'done':
      return render(result.kloe, {
        view: 'triage',
        notice: { style: 'good', text: result.message },
      });
    case 'refused':
      return render(result.kloe, {
        view: 'triage',
        openForm: { verb, state: { values: result.values } },
        notice: { style: 'attention', text: result.message },
      });
    case 'conflict':
      return render(result.kloe, {
        view: 'triage',
        notice: { style: 'warning', text: result.message },
      });
  }
}

/** The submitter answers the Business Unit's question from the card in their chat. */
export async function answerQuestion(
  data: Record<string, unknown>,
  ctx: Pick<TriageContext, 'partnership' | 'store' | 'actor' | 'now'> & {
    /** The card instance's key (see AnswerKloeQuestion.submissionKey). */
    submissionKey?: string;
  },
): Promise<AdaptiveCard> {
  const kloeId = text(data, 'kloeId');
  const questionId = text(data, 'questionId');
  const kloe = kloeId ? await ctx.store.get(ctx.partnership.id, kloeId) : undefined;
  const question = kloe?.questions.find((q) => q.id === questionId);
  if (!kloe || !question) return kloeMissingCard();
  if (kloe.submittedBy.aadObjectId !== ctx.actor.aadObjectId) {
    return kloeAnsweredCard(kloe, question, {
      style: 'attention',
      text: 'Only the person who raised this KLOE can answer. Nothing was saved.',
    });
  }
  if (question.answer !== undefined) {
    // The same card pressed again gets what its first press got; any other, where it stands.
    const again =
      ctx.submissionKey !== undefined &&
      (await ctx.store.answeredWith(question.id, ctx.submissionKey));
    return kloeAnsweredCard(kloe, question, again ? ANSWER_ADDED : ALREADY_ANSWERED);
  }
  const result = validateForm(kloeAnswerForm, ctx.partnership, data);
  if (!result.ok) {
    return kloeQuestionCard(kloe, question, ctx.partnership, {
      values: result.values,
      errors: result.errors,
    });
  }
  const warnings = identifyingWarnings(kloeAnswerForm, result.values);
  if (warnings.length > 0 && data[CONFIRM_CHECKED] !== 'true') {
    return kloeQuestionCard(kloe, question, ctx.partnership, { values: result.values, warnings });
  }
  const outcome = await ctx.store.answer({
    partnershipId: ctx.partnership.id,
    questionId: question.id,
    answer: result.values.answer!,
    by: ctx.actor,
    at: ctx.now,
    ...(ctx.submissionKey ? { submissionKey: ctx.submissionKey } : {}),
  });
  switch (outcome.outcome) {
    case 'done':
      return kloeAnsweredCard(outcome.kloe, outcome.question, ANSWER_ADDED);
    case 'already-answered':
      return kloeAnsweredCard(outcome.kloe, outcome.question, ALREADY_ANSWERED);
    default:
      return kloeMissingCard();
  }
}
