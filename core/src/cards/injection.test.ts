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
import { escapeMarkdown, type AdaptiveCard } from './adaptive-card';
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

/** The card with every string reduced to its kind: what the structure is, not what it says. */
function skeleton(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(skeleton);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, skeleton(v)]));
  return typeof value === 'string' ? 'text' : value;
}

/** Every string in the card shown as text (TextBlocks and facts). */
function shownText(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => shownText(v, out));
  else if (value && typeof value === 'object') {
    const e = value as Record<string, unknown>;
    if (e.type === 'TextBlock' && typeof e.text === 'string') out.push(e.text);
    if (e.type === 'FactSet' && Array.isArray(e.facts))
      for (const f of e.facts as { title: string; value: string }[]) out.push(f.title, f.value);
    Object.values(e).forEach((v) => shownText(v, out));
  }
  return out;
}

describe.each(INJECTIONS)('the cards, with %j in every free-text field', (payload) => {
  const harmless = cards((id) => `Harmless ${id}`);
  const injected = cards(() => payload);

  it.each(Object.keys(harmless))(
    'when %s is drawn, then its structure is that of harmless text: no extra elements, actions or links',
    (name) => {
      expect(skeleton(injected[name])).toEqual(skeleton(harmless[name]));
      const actions = JSON.stringify(injected[name]!.actions ?? []);
      expect(actions).not.toContain('Action.OpenUrl');
    },
  );

  it.each(Object.keys(harmless))(
    'when %s shows the text, then it is escaped so Teams shows it as typed',
    (name) => {
      const shown = shownText(injected[name]);
      const withPayload = shown.filter((s) => s.includes(escapeMarkdown(payload)));
      for (const s of shown) {
        // No character of the card markdown subset (bold, italic, links) is left for Teams
        // to act on; a TextBlock never renders HTML, so < and > are shown as typed.
        expect(s.replace(/\\[\\*_[\]\-+=.)]/g, '')).not.toMatch(/[*_[\]]/);
      }
      // Free text that is shown is shown whole (consideration cards and the challenge receipt show none).
      if (!/^(consideration|challenge)/.test(name)) expect(withPayload.length).toBeGreaterThan(0);
    },
  );
});

describe('escapeMarkdown', () => {
  it('when text has markdown, then each character markdown acts on is escaped and nothing else changes', () => {
    expect(escapeMarkdown('[x](javascript:alert(1)) **b** Pat’s 2026-11-20')).toBe(
      '\\[x\\](javascript:alert(1)) \\*\\*b\\*\\* Pat’s 2026-11-20',
    );
    expect(escapeMarkdown('1. one\n- two\n  + three')).toBe('1\\. one\n\\- two\n  \\+ three');
  });

  it('when text holds an HTML tag, then no tag can start and the text reads the same, with no backslash', () => {
    const shown = escapeMarkdown('<img src=x onerror=alert(1)> and </b> but 3 < 4');
    expect(shown).not.toMatch(/<[A-Za-z!/?]/);
    expect(shown).not.toContain('\\');
    expect(shown.replaceAll('\u2060', '')).toBe('<img src=x onerror=alert(1)> and </b> but 3 < 4');
  });
});
