// Injection strings typed into every free-text field of every declared form,
// then drawn on the cards that show them: the text stays text. The card's
// structure is the same as with harmless text (no extra elements, actions or
// links), and no markdown, HTML or template syntax survives unescaped.
import { loadPartnership } from '../partnerships/partnership';
import type { FormDecl } from '../forms/form';
import { kloeForm } from '../kloe/kloe-form';
import { kloeAnswerForm, triageForms } from '../kloe/kloe-triage-forms';
import { considerationForm } from '../serious-cases/consideration-form';
import { challengeForm } from '../challenges/challenge-form';
import { engineRoomForms } from '../engine-room/forms';
import {
  kloeAnsweredCard,
  kloeChannelCard,
  kloeQuestionCard,
  kloeReceiptCard,
} from '../kloe/kloe-cards';
import type { Kloe } from '../kloe/kloe';
import {
  considerationChannelCard,
  considerationReceiptCard,
} from '../serious-cases/consideration-cards';
import type { SeriousCase } from '../serious-cases/serious-case';
import { challengeReceiptCard } from '../challenges/record-challenge';
import { isPlainText, type AdaptiveCard } from './adaptive-card';
import { activeLearningForms, invitationAnswerForm } from '../active-learning/forms';
import {
  engineRoomInvitationCard,
  invitationAnsweredCard,
  nominationRequestCard,
  nominationThanksCard,
} from '../active-learning/cards';

export const INJECTIONS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '[x](javascript:alert(1))',
  '**bold** _it_ ~~gone~~',
  '${user.name} {{template}}',
  '{"type":"Action.OpenUrl","url":"https://evil.example"}',
  '![pic](https://evil.example/p.png)',
  '# heading\n- list\n1. numbered\n> quote',
  '<https://evil.example> `code`',
];

const hsscp = loadPartnership('hsscp');

const freeText = (form: FormDecl) =>
  form.fields.filter((f) => f.kind === 'text' || f.kind === 'multiline').map((f) => f.id);

describe('the declared forms', () => {
  it('when the forms are listed here, then every form with free text is covered', () => {
    const covered = [
      kloeForm,
      kloeAnswerForm,
      ...Object.values(triageForms),
      considerationForm,
      challengeForm,
      ...Object.values(engineRoomForms),
      ...Object.values(activeLearningForms),
      invitationAnswerForm,
    ];
    for (const form of covered) expect(Array.isArray(form.fields)).toBe(true);
    expect(covered.flatMap(freeText).length).toBeGreaterThan(10);
  });
});

const kloeWith = (text: (id: string) => string): Kloe => ({
  id: 'k1',
  partnershipId: 'hsscp',
  reference: 'KLOE-2026-0007',
  status: 'more-information-requested',
  version: 3,
  values: {
    ...Object.fromEntries(freeText(kloeForm).map((id) => [id, text(id)])),
    theme: 'Multi-agency working',
  },
  submittedBy: { aadObjectId: 'pat', name: text('name') },
  submittedAt: new Date('2026-11-22T10:00:00Z'),
  declineReason: text('reason'),
  related: [],
  questions: [
    {
      id: 'q1',
      question: text('question'),
      askedBy: { aadObjectId: 'billie', name: text('asker') },
      askedAt: new Date('2026-11-23T09:30:00Z'),
      answer: text('answer'),
      answeredAt: new Date('2026-11-23T10:30:00Z'),
    },
  ],
  lastChange: {
    by: { aadObjectId: 'billie', name: text('asker') },
    action: 'asked for more information',
    at: new Date('2026-11-23T09:30:00Z'),
  },
});

const caseWith = (text: (id: string) => string): SeriousCase => ({
  id: 'c1',
  partnershipId: 'hsscp',
  reference: 'CSPR-2026-0001',
  status: 'received',
  version: 1,
  referringAgency: text('referringAgency'),
  criteria: ['died-or-seriously-harmed'],
  values: Object.fromEntries(freeText(considerationForm).map((id) => [id, text(id)])),
  submittedBy: { aadObjectId: 'pat', name: text('name') },
  receivedAt: new Date('2026-11-16T12:00:00Z'),
  dates: { laAware: '2026-11-16' },
});

function cards(text: (id: string) => string): Record<string, AdaptiveCard> {
  const kloe = kloeWith(text);
  const question = kloe.questions[0]!;
  const challengeValues = {
    raisingOrganisation: 'Cleveland Police',
    receivingOrganisation: 'Hartlepool Borough Council',
    raisedDate: '2026-10-01',
    resolvedDate: '2026-10-20',
    resolutionStage: 'Stage 2: line manager to line manager',
    outcome: 'practice-changed',
    ...Object.fromEntries(freeText(challengeForm).map((id) => [id, text(id)])),
  };
  const request = {
    setId: 's1',
    theme: 'Neglect',
    kindTitle: 'Focus group',
    description: text('description'),
    plannedFrom: '2027-01-11',
    plannedTo: '2027-01-22',
    nominationsBy: '2026-12-18',
    agency: 'Cleveland Police',
    open: true,
    nominated: [{ personId: 'p1', name: text('nominee') }],
    people: [{ value: 'p1', title: text('nominee') }],
  };
  const invitation = {
    id: 'i1',
    reference: 'KLOE-2026-0007',
    title: text('subject'),
    agency: 'Cleveland Police',
    meetingDate: '2026-12-03',
    note: text('note'),
    invitedBy: text('inviter'),
  };
  return {
    'Active Learning nomination request': nominationRequestCard(request, hsscp, {
      values: { note: text('note') },
    }),
    'Active Learning nominations sent': nominationThanksCard(request),
    'Engine Room invitation': engineRoomInvitationCard(invitation, hsscp),
    'Engine Room invitation answered': invitationAnsweredCard(invitation, {
      response: 'decline',
      note: text('answer'),
    }),
    'KLOE channel card': kloeChannelCard(kloe, hsscp, { view: 'triage' }),
    'KLOE channel card, read-only': kloeChannelCard(kloe, hsscp, { view: 'read-only' }),
    'KLOE receipt': kloeReceiptCard(kloe),
    'KLOE question': kloeQuestionCard(kloe, { ...question, answer: undefined }, hsscp),
    'KLOE answered': kloeAnsweredCard(kloe, question),
    'consideration channel card': considerationChannelCard(caseWith(text)),
    'consideration receipt': considerationReceiptCard(caseWith(text)),
    'challenge receipt': challengeReceiptCard({
      id: 'p1',
      partnershipId: 'hsscp',
      reference: 'PC-2026-0001',
      raisedDate: '2026-10-01',
      resolvedDate: '2026-10-20',
      raisingOrganisation: challengeValues.raisingOrganisation,
      receivingOrganisation: challengeValues.receivingOrganisation,
      values: challengeValues,
      submittedBy: { aadObjectId: 'pat', name: text('name') },
      submittedAt: new Date('2026-11-22T10:00:00Z'),
    } as never),
  };
}

/** Every element and action type in the card, with how often it occurs, text elements aside. */
function structure(value: unknown, out: Record<string, number> = {}): Record<string, number> {
  if (Array.isArray(value)) value.forEach((v) => structure(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    // Text drawn as a TextRun instead of markdown is the same text in another element.
    if (typeof e.type === 'string' && !TEXT_ELEMENTS.includes(e.type))
      out[e.type] = (out[e.type] ?? 0) + 1;
    Object.values(e).forEach((v) => structure(v, out));
  }
  return out;
}
const TEXT_ELEMENTS = ['TextBlock', 'RichTextBlock', 'TextRun', 'FactSet', 'Container'];

/** Every address the card can open. */
function urls(value: unknown): string[] {
  return JSON.stringify(value).match(/"url":"[^"]*"/g) ?? [];
}

/** Every string a host reads as markdown: TextBlocks and facts. */
function markdownText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => markdownText(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    if (e.type === 'TextBlock' && typeof e.text === 'string') out.push(e.text);
    if (e.type === 'FactSet' && Array.isArray(e.facts))
      for (const f of e.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    Object.values(e).forEach((v) => markdownText(v, out));
  }
  return out;
}

/** Every string drawn as plain text: TextRuns. */
function runText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => runText(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    if (e.type === 'TextRun' && typeof e.text === 'string') out.push(e.text);
    Object.values(e).forEach((v) => runText(v, out));
  }
  return out;
}

describe.each(INJECTIONS)('the cards, with %j in every free-text field', (payload) => {
  const harmless = cards((id) => `Harmless ${id}`);
  const injected = cards(() => payload);

  it.each(Object.keys(harmless))(
    'when %s is drawn, then it has the elements and actions of harmless text: no extra images, inputs, actions or links',
    (name) => {
      expect(structure(injected[name])).toEqual(structure(harmless[name]));
      expect(urls(injected[name])).toEqual(urls(harmless[name]));
    },
  );

  it.each(Object.keys(harmless))(
    'when %s shows the text, then it is drawn as typed, never read as markdown, with no backslash added',
    (name) => {
      for (const s of markdownText(injected[name])) expect(isPlainText(s)).toBe(true);
      const whole = runText(injected[name]).filter((s) => s.includes(payload));
      expect(JSON.stringify(injected[name])).not.toContain('\\\\');
      // Free text that is shown is shown whole (consideration cards and the challenge receipt show none).
      if (!/^(consideration|challenge)/.test(name)) expect(whole.length).toBeGreaterThan(0);
    },
  );
});

describe('isPlainText', () => {
  it('when text has anything markdown, HTML or a link could make of it, then it is not plain', () => {
    for (const payload of [
      ...INJECTIONS,
      'a_b',
      'see https://x.example',
      'pat@x.example',
      '- item',
    ])
      expect([payload, isPlainText(payload)]).toEqual([payload, false]);
  });

  it('when text is ordinary words, dates and references, then it is plain and drawn as a TextBlock', () => {
    for (const text of [
      'KLOE-2026-0007 sent to the Business Unit',
      'Status: accepted (Engine Room, 3 December 2026).',
      'Pat’s note: 50% of “cases” - not all?',
    ])
      expect([text, isPlainText(text)]).toEqual([text, true]);
  });
});
