import type { Persona } from '@pathways/sandbox';
import { eventually, startHarness, type Harness } from '../test-support/harness';
import { considerationValues } from './test-fixtures';

// The consideration request asked in short cards over /api/messages: each step
// checked before the next, the answers kept in PostgreSQL between presses (the
// service holds no state), and one request per card instance at the end.

let h: Harness;
let pat: Persona;
let chat: string;
const today = new Date().toISOString().slice(0, 10);
const answers = considerationValues(today);

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  chat = await h.openPersonalChat(pat);
}, 240_000);
afterAll(async () => {
  await h.close();
});

type Card = {
  fallbackText: string;
  body: { id?: string; value?: string; text?: string; type: string }[];
  actions?: { title?: string; verb?: string; data?: Record<string, unknown> }[];
};

/** Types "consideration" and returns the card Pathways sent back. */
async function typeConsideration(): Promise<Card> {
  const seen = new Set(
    ((await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? []).map((a) => a.id),
  );
  await h.send(h.message(pat, chat, `open-${Math.random()}`, 'consideration'));
  return eventually(async () => {
    const activities = (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
    return activities
      .filter((a) => !seen.has(a.id))
      .map((a) => a.attachments[0]?.content as Card | undefined)
      .find((c) => c?.fallbackText.includes('consideration request'));
  }, 'the consideration card');
}

/** "consideration" for a new request: an unfinished one from an earlier test is started again. */
async function startAfresh(): Promise<Card> {
  const card = await typeConsideration();
  return card.actions?.some((a) => a.title === 'Start again') ? press(card, 'Start again') : card;
}

let presses = 0;
/** Presses a button of a card, sending these inputs with it (as Teams does). */
async function press(card: Card, title: string, inputs: object = {}): Promise<Card> {
  const action = card.actions?.find((a) => a.title === title);
  if (!action?.verb) throw new Error(`The card has no "${title}" button.`);
  presses += 1;
  const res = await h.send(
    h.cardAction(pat, chat, `steps-${presses}`, action.verb, { ...action.data, ...inputs }, 'card'),
  );
  expect(res.status).toBe(200);
  return (res.body as { value: Card }).value;
}

const value = (card: Card, id: string) => card.body.find((e) => e.id === id)?.value;
const text = (card: Card) => JSON.stringify(card);
const stepOf = (card: Card) => /step (\d) of 5/.exec(card.fallbackText)?.[1];
const pick = (...ids: string[]) => Object.fromEntries(ids.map((id) => [id, answers[id] ?? '']));

const gate = { laInformed: 'yes', laInformedDate: today };
const child = pick(
  'childName',
  'childDateOfBirth',
  'childAddress',
  'childEthnicity',
  'legalStatus',
  'leadProfessional',
);
const incident = pick(
  'incidentDate',
  'incidentNature',
  'familyAndOthers',
  'agenciesInvolved',
  'caseOutline',
  'keyDates',
  'linkedCases',
  'potentialLearning',
);
const criteria = pick('criteria');
const referrer = pick(
  'referrerName',
  'referringAgency',
  'referrerRole',
  'referrerContact',
  'safeguardingLeadName',
  'safeguardingLeadRole',
  'safeguardingLeadAgrees',
);

const cases = async () =>
  (await h.service.database.db.selectFrom('serious_cases').select('id').execute()).length;
const drafts = async () =>
  (await h.service.database.db.selectFrom('form_drafts').select('submission_key').execute()).length;

describe('the consideration request asked in steps', () => {
  it('when a step is refused, then the errors are beside their fields and what was typed is kept', async () => {
    const first = await startAfresh();
    expect(stepOf(first)).toBe('1');
    const childStep = await press(first, 'Continue', gate);
    expect(stepOf(childStep)).toBe('2');
    const refused = await press(childStep, 'Continue', {
      ...child,
      childDateOfBirth: 'last spring',
    });
    expect(stepOf(refused)).toBe('2');
    expect(text(refused)).toContain('Error: Enter the child\u2019s date of birth as a date.');
    expect(value(refused, 'childName')).toBe(child.childName);
    expect(value(refused, 'childAddress')).toBe(child.childAddress);
    expect(value(refused, 'childDateOfBirth')).toBe('last spring');
    // The error sits right after its field (and its hint, if any).
    const at = refused.body.findIndex((e) => e.id === 'childDateOfBirth');
    expect(refused.body[at + 1]?.text).toMatch(/^Error: /);
  });

  it('when the person goes back and forward, then every step keeps its answers', async () => {
    const first = await startAfresh();
    const childStep = await press(first, 'Continue', gate);
    const incidentStep = await press(childStep, 'Continue', child);
    expect(stepOf(incidentStep)).toBe('3');
    // Half of the incident typed, then refused (a required answer missing).
    const refused = await press(incidentStep, 'Continue', { ...incident, agenciesInvolved: '' });
    expect(text(refused)).toContain('Error: Enter the agencies involved.');
    const backToChild = await press(refused, 'Back');
    expect(stepOf(backToChild)).toBe('2');
    expect(value(backToChild, 'childName')).toBe(child.childName);
    expect(value(backToChild, 'legalStatus')).toBe(child.legalStatus);
    const backToGate = await press(backToChild, 'Back');
    expect(stepOf(backToGate)).toBe('1');
    expect(value(backToGate, 'laInformedDate')).toBe(today);
    expect(backToGate.actions?.map((a) => a.title)).toEqual(['Continue']);
    const forward = await press(await press(backToGate, 'Continue', gate), 'Continue', child);
    expect(stepOf(forward)).toBe('3');
    expect(value(forward, 'incidentNature')).toBe(incident.incidentNature);
    expect(value(forward, 'agenciesInvolved')).toBeUndefined();
  });

  it('when the person types on a step and presses Back before continuing, then going forward again shows what they typed, unchecked until they continue', async () => {
    const first = await startAfresh();
    const childStep = await press(first, 'Continue', gate);
    const incidentStep = await press(childStep, 'Continue', child);
    expect(stepOf(incidentStep)).toBe('3');
    // Part of the incident typed (a required answer still empty, a date not yet a date),
    // then Back: Teams sends the step's inputs with the press.
    const typed = {
      ...incident,
      agenciesInvolved: '',
      incidentDate: 'last week',
      caseOutline: 'Typed before going back to check the child\u2019s details.',
    };
    const backToChild = await press(incidentStep, 'Back', typed);
    expect(stepOf(backToChild)).toBe('2');
    expect(text(backToChild)).not.toContain('Error: ');
    expect(value(backToChild, 'childName')).toBe(child.childName);

    const forward = await press(backToChild, 'Continue', child);
    expect(stepOf(forward)).toBe('3');
    expect(text(forward)).not.toContain('Error: ');
    expect(value(forward, 'caseOutline')).toBe(typed.caseOutline);
    expect(value(forward, 'incidentNature')).toBe(incident.incidentNature);
    expect(value(forward, 'incidentDate')).toBe('last week');
    expect(value(forward, 'agenciesInvolved')).toBeUndefined();
    // Continuing checks what was kept.
    const refused = await press(forward, 'Continue', typed);
    expect(text(refused)).toContain('Error: Enter the agencies involved.');
  });

  it('when the person comes back later and types "consideration", then it resumes where they stopped, on the same card instance', async () => {
    const first = await startAfresh();
    const minted = first.actions?.[0]?.data?.submissionId;
    const incidentStep = await press(await press(first, 'Continue', gate), 'Continue', child);
    await press(incidentStep, 'Continue', incident);

    const resumed = await typeConsideration();
    expect(stepOf(resumed)).toBe('4');
    expect(resumed.actions?.[0]?.data?.submissionId).toBe(minted);
    const back = await press(resumed, 'Back');
    expect(value(back, 'potentialLearning')).toBe(incident.potentialLearning);

    // Sending it from the resumed card makes the request of the card first sent.
    const referrerStep = await press(await press(back, 'Continue', incident), 'Continue', criteria);
    expect(stepOf(referrerStep)).toBe('5');
    // Their name and agency come from who they are.
    expect(value(referrerStep, 'referrerName')).toBe(pat.displayName);
    expect(value(referrerStep, 'referringAgency')).toBe(pat.agency);
    const before = await cases();
    const receipt = await press(referrerStep, 'Send to the Business Unit', referrer);
    expect(receipt.fallbackText).toMatch(/^CSPR-\d{4}-\d{4} sent to the Business Unit$/);
    expect(await cases()).toBe(before + 1);
    // Nothing unfinished is left: "consideration" starts afresh.
    expect(stepOf(await typeConsideration())).toBe('1');
  });

  it('when the last step is sent twice, then one request is stored, both presses show its receipt, and no draft is left', async () => {
    const first = await startAfresh();
    let card = await press(first, 'Continue', gate);
    for (const inputs of [child, incident, criteria]) card = await press(card, 'Continue', inputs);
    expect(stepOf(card)).toBe('5');
    const before = await cases();
    const [one, two] = await Promise.all([
      press(card, 'Send to the Business Unit', referrer),
      press(card, 'Send to the Business Unit', referrer),
    ]);
    expect(await cases()).toBe(before + 1);
    expect(one.fallbackText).toMatch(/^CSPR-/);
    expect(two.fallbackText).toBe(one.fallbackText);
    // A late third press on the card, its draft long gone, still shows the receipt.
    const late = await press(card, 'Send to the Business Unit', referrer);
    expect(late.fallbackText).toBe(one.fallbackText);
    expect(await cases()).toBe(before + 1);
  });

  it('when the local authority has not been told, then the draft is let go', async () => {
    const first = await startAfresh();
    const childStep = await press(first, 'Continue', gate);
    await press(childStep, 'Continue', child);
    const before = await drafts();
    const backToGate = await press(await press(childStep, 'Back'), 'Continue', {
      laInformed: 'no',
      laInformedDate: '',
    });
    expect(backToGate.fallbackText).toBe('Tell the local authority first');
    expect(await drafts()).toBe(before - 1);
  });
});
