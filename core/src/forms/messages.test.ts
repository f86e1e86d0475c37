import { loadPartnership } from '../partnerships/partnership';
import { evidenceForm, activityForm, recommendationForm, outcomeForm } from '../engine-room/forms';
import {
  activeLearningSetForm,
  engineRoomInvitationForm,
  invitationAnswerForm,
  nominationForm,
} from '../active-learning/forms';
import {
  kloeAcceptForm,
  kloeAnswerForm,
  kloeAskForm,
  kloeDeclineForm,
  kloeLinkForm,
} from '../kloe/kloe-triage-forms';
import { kloeForm } from '../kloe/kloe-form';
import { BRIEFING_NOTE_FORM } from '../briefings/briefing';
import { cascadeForm, impactForm } from '../briefings/lead-forms';
import { considerationForm } from '../serious-cases/consideration-form';
import { impactResultForm } from '../recommendations/recommendation';
import { challengeForm } from '../challenges/challenge-form';
import { ACTIVITY_KINDS } from '../engine-room/forms';
import { validateForm, withIndefiniteArticle, type FieldDecl, type FormDecl } from './form';
import { formCard, type FormCardState } from './form-card';
import type { AdaptiveCard } from '../cards/adaptive-card';
import { kloeChannelCard, kloeQuestionCard } from '../kloe/kloe-cards';
import { triageForms, type TriageVerb } from '../kloe/kloe-triage-forms';
import type { Kloe } from '../kloe/kloe';
import { engineRoomInvitationCard, nominationRequestCard } from '../active-learning/cards';

const FORMS: FormDecl[] = [
  kloeForm,
  kloeAcceptForm,
  kloeAskForm,
  kloeDeclineForm,
  kloeLinkForm,
  kloeAnswerForm,
  evidenceForm,
  activityForm,
  recommendationForm,
  outcomeForm,
  activeLearningSetForm,
  nominationForm,
  engineRoomInvitationForm,
  invitationAnswerForm,
  BRIEFING_NOTE_FORM,
  cascadeForm,
  impactForm,
  considerationForm,
  impactResultForm,
  challengeForm,
];

const hsscp = loadPartnership('hsscp');

/** Answers that each bring out one of a field's messages: empty, too long, not a date, not on the list. */
function badInputsFor(field: FieldDecl): Record<string, unknown>[] {
  const inputs: Record<string, unknown>[] = [{}];
  if (field.kind === 'text' || field.kind === 'multiline')
    inputs.push({ [field.id]: 'x'.repeat(field.maxLength + 1) });
  if (field.kind === 'date')
    inputs.push(
      { [field.id]: 'soon' },
      { [field.id]: '2001-01-01' },
      { [field.id]: '2099-01-01' },
      // A Saturday and a bank holiday after TODAY, for a date that must be a working day.
      { [field.id]: '2026-06-06' },
      { [field.id]: '2026-08-31' },
    );
  if (
    field.kind === 'choice' ||
    field.kind === 'options' ||
    field.kind === 'checklist' ||
    field.kind === 'people'
  )
    inputs.push({ [field.id]: 'not-on-the-list' });
  if (field.kind === 'list')
    inputs.push(
      { [field.id]: Array.from({ length: field.maxItems + 1 }, () => 'x') },
      { [field.id]: ['x'.repeat(field.itemMaxLength + 1)] },
    );
  return inputs;
}

const TODAY = { today: '2026-06-01' };

/** Every message a field can give. */
function messagesOf(form: FormDecl, field: FieldDecl): string[] {
  return badInputsFor(field).flatMap((input) => {
    const result = validateForm(form, hsscp, input, TODAY);
    return result.ok
      ? []
      : Object.entries(result.errors)
          .filter(([key]) => key === field.id || key.startsWith(`${field.id}.`))
          .map(([, message]) => message);
  });
}

/** Patterns a sentence written from a badly chosen noun phrase shows. */
const UNGRAMMATICAL: { pattern: RegExp; why: string }[] = [
  {
    pattern: /\b(a|an|the) (what|how|why|when|who|which|whether|is|are|do|does)\b/i,
    why: 'an article before a question',
  },
  { pattern: /\ba [aeiou]/i, why: '"a" before a vowel' },
  { pattern: /\ban [^aeiou\s]/i, why: '"an" before a consonant' },
  { pattern: /\bEnter an? learning\b/i, why: 'a mass noun counted' },
  {
    pattern:
      /\b(engine room|kloe|business unit|development manager|active learning|teams|planner)\b/,
    why: 'a proper name in lower case',
  },
  { pattern: /\b(a|an|the) (the|a|an|your|my|our|their)\b/i, why: 'two determiners' },
  { pattern: /\?/, why: 'a question inside a message' },
];

const kloe: Kloe = {
  id: 'k1',
  partnershipId: 'hsscp',
  reference: 'KLOE-2026-0007',
  status: 'more-information-requested',
  version: 2,
  values: { subject: 'Strategy discussions', details: 'Health not invited.' },
  submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
  submittedAt: new Date('2026-05-22T10:00:00Z'),
  related: [],
  questions: [
    {
      id: 'q1',
      question: 'Which locality?',
      askedBy: { aadObjectId: 'billie', name: 'Billie Business' },
      askedAt: new Date('2026-05-23T09:30:00Z'),
    },
  ],
};
const request = {
  setId: 's1',
  theme: 'Neglect',
  kindTitle: 'Focus group',
  description: 'How neglect is recognised early.',
  plannedFrom: '2026-07-06',
  plannedTo: '2026-07-17',
  nominationsBy: '2026-06-19',
  agency: 'Cleveland Police',
  open: true,
  nominated: [],
  people: [{ value: '0c7e7c1e-8a53-4b8c-9a7e-6d2f1f1b2c3d', title: 'Sam Sergeant' }],
};
const invitation = {
  id: 'i1',
  reference: 'KLOE-2026-0007',
  title: 'Strategy discussions',
  agency: 'Cleveland Police',
  meetingDate: '2026-06-10',
  note: null,
  invitedBy: 'Billie Business',
};

/** The card a form's answers come back on in Teams, drawn with the service's errors. */
function cardFor(form: FormDecl, state: FormCardState): AdaptiveCard {
  const verb = (Object.keys(triageForms) as TriageVerb[]).find((v) => triageForms[v] === form);
  if (verb) return kloeChannelCard(kloe, hsscp, { view: 'triage', openForm: { verb, state } });
  if (form === kloeAnswerForm) return kloeQuestionCard(kloe, kloe.questions[0]!, hsscp, state);
  if (form === nominationForm) return nominationRequestCard(request, hsscp, state);
  if (form === invitationAnswerForm) return engineRoomInvitationCard(invitation, hsscp, state);
  return formCard(form, hsscp, state, { verb: 'form.submit' });
}

/** What a card says about answers: each input's error message, the errors and limits beside them. */
function cardMessages(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => cardMessages(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    if (
      typeof e.type === 'string' &&
      e.type.startsWith('Input.') &&
      typeof e.errorMessage === 'string'
    )
      out.push(e.errorMessage);
    if ((e.type === 'TextBlock' || e.type === 'TextRun') && typeof e.text === 'string')
      if (/^Error: |characters\.$/.test(e.text)) out.push(e.text);
    Object.values(e).forEach((v) => cardMessages(v, out));
  }
  return out;
}

/** Every text a card shows (labels, hints, intros, titles), for proper names. */
function cardText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => cardText(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (
        ['text', 'label', 'title', 'placeholder', 'errorMessage'].includes(key) &&
        typeof v === 'string'
      )
        out.push(v);
      else if (key !== 'value' && key !== 'data' && key !== 'choices') cardText(v, out);
    }
  }
  return out;
}

const PROPER_NAME_IN_LOWER_CASE = UNGRAMMATICAL.find(
  (u) => u.why === 'a proper name in lower case',
)!;

describe('Messages are written from declared noun phrases', () => {
  const cases = FORMS.flatMap((form) =>
    form.fields.map((field) => [`${form.id}: ${field.label}`, form, field] as const),
  );

  it.each(cases)('%s: every message reads as English', (_name, form, field) => {
    const messages = messagesOf(form, field);
    expect(messages.length).toBeGreaterThan(0);
    const bad = messages.flatMap((m) =>
      UNGRAMMATICAL.filter((u) => u.pattern.test(m)).map((u) => `"${m}": ${u.why}`),
    );
    expect(bad).toEqual([]);
  });

  it.each(cases)(
    '%s: on its card in Teams, every message reads as English and stands beside the field',
    (_name, form, field) => {
      const shown: string[] = [];
      for (const input of badInputsFor(field)) {
        const result = validateForm(form, hsscp, input, TODAY);
        const state: FormCardState = result.ok
          ? { values: result.values }
          : { values: result.values, errors: result.errors };
        const messages = cardMessages(cardFor(form, state));
        // The service's own message is the one the card shows.
        if (!result.ok)
          for (const [key, message] of Object.entries(result.errors))
            if (key === field.id || key.startsWith(`${field.id}.`))
              expect(messages).toContain(`Error: ${message}.`);
        shown.push(...messages);
      }
      expect(shown.length).toBeGreaterThan(0);
      const bad = shown.flatMap((m) =>
        UNGRAMMATICAL.filter((u) => u.pattern.test(m)).map((u) => `"${m}": ${u.why}`),
      );
      expect(bad).toEqual([]);
    },
  );

  it.each(FORMS.map((form) => [form.id, form] as const))(
    '%s: every text on its card keeps proper names in capitals',
    (_id, form) => {
      const texts = cardText(cardFor(form, { values: {} }));
      expect(texts.filter((t) => PROPER_NAME_IN_LOWER_CASE.pattern.test(t))).toEqual([]);
    },
  );

  it('when an activity is named in a record history, then its article fits it ("an audit")', () => {
    expect(ACTIVITY_KINDS.map((k) => withIndefiniteArticle(k.title.toLowerCase()))).toEqual([
      'a scoping session',
      'a focus group',
      'an audit',
      'a case study',
    ]);
  });

  it('when a message is checked, then the check catches the patterns people complained of', () => {
    const caught = (m: string) => UNGRAMMATICAL.some((u) => u.pattern.test(m));
    expect(caught('Enter a learning identified')).toBe(true);
    expect(caught('Enter an engine room meeting')).toBe(true);
    expect(caught('planned a audit')).toBe(true);
    expect(caught('Keep the what it shows to 4,000 characters or fewer')).toBe(true);
    expect(caught('Choose the kloe')).toBe(true);
    expect(caught('Enter the date of the Engine Room meeting')).toBe(false);
  });
});
