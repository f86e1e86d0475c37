// Long text: every text box says its limit, the card never cuts what was
// typed (Teams cuts pasted text to an input's maxLength without a word), and
// over the limit the card says so beside the box with the text kept.
import { loadPartnership } from '../partnerships/partnership';
import { validateForm, type FormDecl } from './form';
import { formCard } from './form-card';
import { kloeForm } from '../kloe/kloe-form';
import { kloeAnswerForm, triageForms } from '../kloe/kloe-triage-forms';
import { considerationForm } from '../serious-cases/consideration-form';
import { challengeForm } from '../challenges/challenge-form';
import { engineRoomForms } from '../engine-room/forms';
import { activeLearningForms, invitationAnswerForm } from '../active-learning/forms';
import { newKloeCard } from '../kloe/raise-kloe';
import { kloeChannelCard } from '../kloe/kloe-cards';
import type { Kloe } from '../kloe/kloe';
import { recordInTab, summarise } from '../cards/summary';

const hsscp = loadPartnership('hsscp');
const FORMS: FormDecl[] = [
  kloeForm,
  kloeAnswerForm,
  ...Object.values(triageForms),
  considerationForm,
  challengeForm,
  ...Object.values(engineRoomForms),
  ...Object.values(activeLearningForms),
  invitationAnswerForm,
];

type Element = Record<string, unknown>;
/** The card's elements in order, inner ones included. */
function elements(value: unknown, out: Element[] = []): Element[] {
  if (Array.isArray(value)) value.forEach((v) => elements(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Element;
    if (typeof e.type === 'string') out.push(e);
    Object.entries(e).forEach(([k, v]) => k !== 'data' && elements(v, out));
  }
  return out;
}
const textOf = (e: Element) =>
  e.type === 'TextBlock'
    ? String(e.text)
    : e.type === 'RichTextBlock'
      ? (e.inlines as { text: string }[]).map((i) => i.text).join('')
      : '';

const textFields = FORMS.flatMap((form) =>
  form.fields.flatMap((f) =>
    f.kind === 'text' || f.kind === 'multiline'
      ? [[`${form.id}: ${f.label}`, form, f.id, f.maxLength] as const]
      : [],
  ),
);

describe('a text box on a card', () => {
  it.each(textFields)(
    '%s: says its limit beside it and sets no maxLength for Teams to cut at',
    (_name, form, id, max) => {
      const all = elements(formCard(form, hsscp, { values: {} }, { verb: 'x' }));
      const at = all.findIndex((e) => e.id === id);
      expect(all[at]!.maxLength).toBeUndefined();
      const beside = all.slice(at + 1, at + 3).map(textOf);
      expect(beside.join(' ')).toContain(`Up to ${max.toLocaleString('en-GB')} characters.`);
    },
  );

  it.each(textFields)(
    '%s: over the limit, the card keeps every character typed and says so beside the box',
    (_name, form, id, max) => {
      const typed = 'word '.repeat(Math.ceil((max + 10) / 5)).trim();
      const result = validateForm(form, hsscp, { [id]: typed });
      expect(result.ok).toBe(false);
      const errors = result.ok ? {} : result.errors;
      const all = elements(formCard(form, hsscp, { values: result.values, errors }, { verb: 'x' }));
      const at = all.findIndex((e) => e.id === id);
      expect(all[at]!.value).toBe(typed);
      expect(errors[id]).toMatch(`to ${max.toLocaleString('en-GB')} characters or fewer`);
      expect(all[at]!.errorMessage).toBe(errors[id]);
      const beside = all.slice(at + 1, at + 3).map(textOf);
      expect(beside).toContain(`Error: ${errors[id]}.`);
    },
  );
});

describe('"Raise as KLOE" on a long message', () => {
  it('when the message is longer than the details allow, then the form holds all of it and says so beside the box', () => {
    const message = 'Strategy discussions happen without health. '.repeat(250);
    const all = elements(newKloeCard(hsscp, { details: message }, 'submit'));
    const details = all.find((e) => e.id === 'details')!;
    expect(details.value).toBe(message);
    expect(all.map(textOf)).toContain('Error: Keep the details to 4,000 characters or fewer.');
  });
});

const longKloe: Kloe = {
  id: 'k-9',
  partnershipId: 'hsscp',
  reference: 'KLOE-2026-0009',
  status: 'submitted',
  version: 1,
  values: {
    subject: 'Long one',
    details: `Opening words. ${'The strategy meeting went ahead without health colleagues again. '.repeat(60)}Closing words.`,
    actionWanted: 'Ask the chairs to check the list. '.repeat(20),
  },
  submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
  submittedAt: new Date('2026-11-22T10:00:00Z'),
  related: [],
  questions: [],
};

describe('the Business Unit’s channel card for a long KLOE', () => {
  const url = recordInTab('https://pathways.example/tab/index.html', 'kloe', longKloe.id);
  const drawn = kloeChannelCard(longKloe, hsscp, { view: 'triage', readInTab: url });
  const texts = elements(drawn).map(textOf);

  it('when the details are long, then it shows at most 300 characters of them, cut at a word with an ellipsis', () => {
    const details = texts[texts.indexOf('Details') + 1]!;
    expect(details.length).toBeLessThanOrEqual(300);
    expect(details).toMatch(/^Opening words\. The strategy meeting/);
    expect(details).toMatch(/[a-z]…$/);
    expect(longKloe.values.details).toContain(details.slice(0, -1));
    expect(texts.join(' ')).not.toContain('Closing words');
  });

  it('when it is shown, then a button opens the whole record in the Engine Room tab', () => {
    const open = (drawn.actions ?? []).find((a) => a.type === 'Action.OpenUrl');
    expect(open).toMatchObject({
      url: 'https://pathways.example/tab/index.html#/engine-room/kloe/k-9',
    });
  });
});

describe('summarise', () => {
  it('when text fits, then it is kept whole (spaces tidied)', () => {
    expect(summarise('Short\n\ntext', 300)).toBe('Short text');
  });
  it('when text is long, then it is cut at a word before the limit, with an ellipsis', () => {
    expect(summarise('one two three four five', 12)).toBe('one two…');
    expect(summarise('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
