import {
  ACTIVE_LEARNING_VERBS,
  ACTIVITY_KINDS,
  engineRoomInvitationCard,
  identifyingWarnings,
  invitationAnswerForm,
  invitationAnsweredCard,
  londonDate,
  nominationClosedCard,
  nominationForm,
  nominationRequestCard,
  nominationThanksCard,
  PEOPLE_IN_MY_ORGANISATION,
  validateForm,
  type FormValues,
  type NominationRequest,
  type Partnership,
  type PeopleDirectory,
  type Person,
} from '@pathways/core';
import type { CardVerbs, SearchHandler } from '../platform/teams/chat-registry';
import type { ActiveLearningStore } from './active-learning-store';
import type { OrganisationDirectory, OrganisationPerson } from '../platform/graph';

/** How many people a nomination card lists before the typeahead takes over. */
const LISTED_PEOPLE = 50;

export interface ActiveLearningDependencies {
  partnership: Partnership;
  store: ActiveLearningStore;
  organisations: OrganisationDirectory;
  people: PeopleDirectory;
  now?: () => Date;
}

export type NominationOutcome =
  | { outcome: 'done'; request: NominationRequest }
  | {
      outcome: 'invalid';
      request: NominationRequest;
      values: FormValues;
      errors: Record<string, string>;
      warnings: string[];
    }
  | { outcome: 'not-invited' | 'closed' };

/** What a lead is asked, for the card or the add-in. */
export async function nominationRequests(
  deps: ActiveLearningDependencies,
  leadId: string,
  setId?: string,
): Promise<NominationRequest[]> {
  const rows = await deps.store.requestsFor(leadId, setId);
  return Promise.all(
    rows.map(async (r) => ({
      setId: r.set.id,
      theme: r.set.theme,
      kindTitle: ACTIVITY_KINDS.find((k) => k.value === r.set.kind)?.title ?? r.set.kind,
      description: r.set.description,
      plannedFrom: r.set.planned_from,
      plannedTo: r.set.planned_to,
      nominationsBy: r.set.nominations_by,
      agency: r.agency,
      open: r.set.status !== 'held',
      nominated: r.nominated,
      people: (await deps.organisations.peopleIn(r.agency))
        .slice(0, LISTED_PEOPLE)
        .map((p) => ({ value: p.id, title: p.name })),
    })),
  );
}

/**
 * A lead's nomination, from the card or the REST API: the same declaration
 * validates both, and every nominee must be in the lead's own organisation.
 */
export async function submitNomination(
  deps: ActiveLearningDependencies,
  setId: string,
  lead: Person,
  input: Record<string, unknown>,
  /** The card instance's key (CardAction.submissionKey); none from the REST API. */
  submissionKey?: string,
): Promise<NominationOutcome> {
  const [request] = await nominationRequests(deps, lead.aadObjectId, setId);
  if (!request) return { outcome: 'not-invited' };
  const now = (deps.now ?? (() => new Date()))();
  const result = validateForm(nominationForm, deps.partnership, input, { today: londonDate(now) });
  const invalid = (errors: Record<string, string>, warnings: string[] = []) =>
    ({ outcome: 'invalid', request, values: result.values, errors, warnings }) as const;
  if (!result.ok) return invalid(result.errors);
  const everyone = await deps.organisations.peopleIn(request.agency);
  const chosen: OrganisationPerson[] = [];
  const errors: Record<string, string> = {};
  for (const field of ['nominee1', 'nominee2'] as const) {
    const id = result.values[field];
    if (!id) continue;
    const person = everyone.find((p) => p.id === id);
    if (!person) errors[field] = `Choose someone from ${request.agency}`;
    else if (chosen.some((c) => c.id === person.id))
      errors[field] =
        `${person.name} is already your first representative: choose someone else, or leave this empty`;
    else chosen.push(person);
  }
  if (Object.keys(errors).length > 0) return invalid(errors);
  const warnings = identifyingWarnings(nominationForm, result.values);
  if (warnings.length > 0 && input.confirmChecked !== 'true') return invalid({}, warnings);
  const stored = await deps.store.nominate(
    setId,
    lead,
    chosen,
    result.values.note,
    now,
    submissionKey,
  );
  if (stored !== 'done') return { outcome: stored };
  const [updated] = await nominationRequests(deps, lead.aadObjectId, setId);
  return { outcome: 'done', request: updated ?? request };
}

/**
 * Active Learning and Engine Room invitations in chat: nominations and answers from cards, and
 * the cards' people typeahead.
 */
export function activeLearningChat(deps: ActiveLearningDependencies): {
  cardVerbs: CardVerbs;
  searches: Record<string, SearchHandler>;
} {
  const now = deps.now ?? (() => new Date());
  const cardVerbs: CardVerbs = {
    [ACTIVE_LEARNING_VERBS.nominate]: async (action, from) => {
      const person: Person = { aadObjectId: from, name: action.from.name ?? '' };
      const setId = typeof action.data.setId === 'string' ? action.data.setId : '';
      const result = await submitNomination(deps, setId, person, action.data, action.submissionKey);
      switch (result.outcome) {
        case 'done':
          return nominationThanksCard(result.request);
        case 'invalid':
          return nominationRequestCard(result.request, deps.partnership, {
            values: result.values,
            errors: result.errors,
            warnings: result.warnings,
          });
        case 'not-invited':
          return nominationClosedCard(
            'This request to nominate is not addressed to you, or it no longer exists. Nothing was saved.',
          );
        case 'closed':
          return nominationClosedCard(
            'This Active Learning has been held, so nominations are closed. Nothing was saved.',
          );
      }
    },
    [ACTIVE_LEARNING_VERBS.answerInvitation]: async (action, from) => {
      const person: Person = { aadObjectId: from, name: action.from.name ?? '' };
      const invitationId =
        typeof action.data.invitationId === 'string' ? action.data.invitationId : '';
      const row = await deps.store.invitationRow(invitationId);
      if (!row || row.person_id !== from)
        return nominationClosedCard(
          'This invitation is not addressed to you, or it no longer exists. Nothing was saved.',
        );
      const view = {
        id: row.id,
        reference: row.reference,
        title: row.title,
        agency: row.agency,
        meetingDate: row.meeting_date,
        note: row.note,
        invitedBy: row.invited_by_name,
      };
      if (row.status !== 'invited')
        return invitationAnsweredCard(view, {
          response: row.status === 'accepted' ? 'accept' : 'decline',
          note: row.answer_note,
        });
      const result = validateForm(invitationAnswerForm, deps.partnership, action.data);
      if (!result.ok)
        return engineRoomInvitationCard(view, deps.partnership, {
          values: result.values,
          errors: result.errors,
        });
      const warnings = identifyingWarnings(invitationAnswerForm, result.values);
      if (warnings.length > 0 && action.data.confirmChecked !== 'true')
        return engineRoomInvitationCard(view, deps.partnership, {
          values: result.values,
          warnings,
        });
      const answer = { response: result.values.response!, note: result.values.note };
      await deps.store.answer(invitationId, person, answer, now());
      // Answered already (a redelivery, or a second device): show what stands.
      const current = await deps.store.invitationRow(invitationId);
      return invitationAnsweredCard(view, {
        response: current?.status === 'declined' ? 'decline' : 'accept',
        note: current?.answer_note ?? null,
      });
    },
  };
  const searches: Record<string, SearchHandler> = {
    [PEOPLE_IN_MY_ORGANISATION]: async (search) => {
      if (!search.from.aadObjectId) return [];
      // People in the searcher's own organisation only: a lead nominates from their own.
      const profile = await deps.people.profile(search.from.aadObjectId);
      if (!profile?.agency) return [];
      const found = await deps.organisations.search(
        profile.agency,
        search.queryText,
        Math.min(Math.max(search.top, 1), 25),
      );
      return found.map((p) => ({ title: p.name, value: p.id }));
    },
  };
  return { cardVerbs, searches };
}
