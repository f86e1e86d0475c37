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

/** Every message a field can give: left empty, too long, not a date, not on the list. */
function messagesOf(form: FormDecl, field: FieldDecl): string[] {
  const inputs: Record<string, unknown>[] = [{}];
  if (field.kind === 'text' || field.kind === 'multiline')
    inputs.push({ [field.id]: 'x'.repeat(field.maxLength + 1) });
  if (field.kind === 'date')
    inputs.push({ [field.id]: 'soon' }, { [field.id]: '2001-01-01' }, { [field.id]: '2099-01-01' });
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
  return inputs.flatMap((input) => {
    const result = validateForm(form, hsscp, input, { today: '2026-06-01' });
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
