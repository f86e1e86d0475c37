import {
  CHALLENGE_SUBMIT_VERB,
  submitChallenge,
  type ChallengeStore,
  answerConsiderationStep,
  CONSIDERATION_BACK_VERB,
  CONSIDERATION_RESTART_VERB,
  restartConsideration,
  CONSIDERATION_STEP_VERB,
  CONSIDERATION_SUBMIT_VERB,
  considerationForm,
  submitConsideration,
  type PeopleDirectory,
  type Partnership,
  type SeriousCaseStore,
} from '@pathways/core';
import type { Kysely } from 'kysely';
import { conversationReferences } from '../platform/db/repositories';
import { formDrafts } from '../records/form-drafts';
import type { Tables } from '../platform/db/schema';
import type { CardVerbs } from '../platform/teams/chat-registry';
import type { CardAction } from '../platform/teams/teams-contract';

export interface SeriousCaseDependencies {
  db: Kysely<Tables>;
  partnership: Partnership;
  cases: SeriousCaseStore;
  challenges: ChallengeStore;
  /** Where the person's agency comes from, to fill in "Your agency". */
  directory?: PeopleDirectory;
  now?: () => Date;
}

/** The card verbs of the serious-case pathways: consideration requests and professional challenges. */
export function seriousCaseCardVerbs(deps: SeriousCaseDependencies): CardVerbs {
  const now = deps.now ?? (() => new Date());
  // The answers of earlier steps wait in PostgreSQL, for this card instance and this person.
  const draftOf = (action: CardAction, from: string) =>
    formDrafts(deps.db, deps.partnership.id).slot(considerationForm.id, action, from);
  const step = async (direction: 'next' | 'back', action: CardAction, from: string) =>
    answerConsiderationStep(direction, action.data, {
      partnership: deps.partnership,
      now: now(),
      draft: draftOf(action, from),
      prefill: async () => ({
        name: action.from.name,
        agency: (await deps.directory?.profile(from))?.agency,
      }),
    });
  /** Each verb answered here; the caller's object id comes from Teams, never from the card. */
  const cardVerbs: CardVerbs = {
    [CONSIDERATION_STEP_VERB]: (action, from) => step('next', action, from),
    [CONSIDERATION_BACK_VERB]: (action, from) => step('back', action, from),
    [CONSIDERATION_RESTART_VERB]: (action, from) =>
      restartConsideration(deps.partnership, draftOf(action, from)),
    [CONSIDERATION_SUBMIT_VERB]: async (action, from) => {
      await remember(action, from);
      const result = await submitConsideration(action.data, {
        partnership: deps.partnership,
        store: deps.cases,
        // One case per card instance, however often it is pressed or redelivered.
        submissionKey: action.submissionKey,
        submittedBy: { aadObjectId: from, name: action.from.name ?? '' },
        receipt: { conversationReference: action.reference, activityId: action.cardActivityId },
        now: now(),
        draft: draftOf(action, from),
      });
      return result.card;
    },
    [CHALLENGE_SUBMIT_VERB]: async (action, from) =>
      (
        await submitChallenge(action.data, {
          partnership: deps.partnership,
          store: deps.challenges,
          submissionKey: action.submissionKey,
          submittedBy: { aadObjectId: from, name: action.from.name ?? '' },
          now: now(),
        })
      ).card,
  };
  const remember = async (action: CardAction, from: string) => {
    if (action.conversationType !== 'personal') return;
    await conversationReferences(deps.db).save(
      deps.partnership.id,
      from,
      action.conversationId,
      action.reference,
    );
  };
  return cardVerbs;
}
