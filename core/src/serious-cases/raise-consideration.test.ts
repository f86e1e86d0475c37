import { loadPartnership } from '../partnerships/partnership';
import type { DraftSlot, FormDraft } from '../forms/form-steps';
import {
  answerConsiderationStep,
  newConsiderationCard,
  submitConsideration,
  type ConsiderationContext,
} from './raise-consideration';
import { considerationForm } from './consideration-form';
import type { SeriousCase, SeriousCaseStore, SubmitConsideration } from './serious-case';

const hsscp = loadPartnership('hsscp');
const now = new Date('2026-11-23T10:00:00Z');
const text = (card: unknown) => JSON.stringify(card);

function memoryStore(): SeriousCaseStore & { submitted: SubmitConsideration[]; touched: number } {
  const byKey = new Map<string, SeriousCase>();
  const store = {
    submitted: [] as SubmitConsideration[],
    touched: 0,
    async submit(command: SubmitConsideration) {
      store.touched += 1;
      const existing = byKey.get(command.submissionKey);
      if (existing) return { seriousCase: existing, created: false };
      store.submitted.push(command);
      const seriousCase: SeriousCase = {
        id: `c${byKey.size + 1}`,
        partnershipId: command.partnershipId,
        reference: `CSPR-2026-000${byKey.size + 1}`,
        status: 'received',
        version: 1,
        referringAgency: command.values.referringAgency!,
        criteria: (command.values.criteria ?? '').split(','),
        values: {},
        submittedBy: command.submittedBy,
        receivedAt: command.at,
        dates: { laAware: command.values.laInformedDate! },
      };
      byKey.set(command.submissionKey, seriousCase);
      return { seriousCase, created: true };
    },
    async get() {
      store.touched += 1;
      return undefined;
    },
    async findBySubmission(_partnershipId: string, key: string) {
      return byKey.get(key);
    },
    async readDetails() {
      store.touched += 1;
      return undefined;
    },
    async list() {
      return [];
    },
    async transition() {
      return { ok: false as const, reason: 'not-found' as const, message: 'unused' };
    },
  };
  return store;
}

export const validConsideration = {
  laInformed: 'yes',
  laInformedDate: '2026-11-20',
  referrerName: 'Pat Practitioner',
  referringAgency: 'Cleveland Police',
  referrerRole: 'Detective Sergeant',
  referrerContact: '01642 000000',
  safeguardingLeadName: 'Sam Lead',
  safeguardingLeadAgrees: 'true',
  criteria: 'abuse-or-neglect,died-or-seriously-harmed',
  childName: 'Jamie Example',
  childDateOfBirth: '2019-03-04',
  childAddress: '12 Example Road, Hartlepool TS24 7AB',
  legalStatus: 'child-in-need',
  incidentDate: '2026-11-18',
  incidentNature: 'Admitted to hospital with unexplained injuries.',
  agenciesInvolved: 'Police, health visiting, school nursing.',
  caseOutline: 'Known to early help since 2024.',
  potentialLearning: 'Information sharing between health and police.',
};

function context(store: SeriousCaseStore, key = 'activity-1'): ConsiderationContext {
  return {
    partnership: hsscp,
    store,
    submissionKey: key,
    submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
    receipt: { conversationReference: {}, activityId: 'card-1' },
    now,
  };
}

function memoryDraft(): DraftSlot & { held: FormDraft | undefined } {
  const slot = {
    held: undefined as FormDraft | undefined,
    async load() {
      return slot.held;
    },
    async save(draft: FormDraft) {
      slot.held = draft;
    },
    async discard() {
      slot.held = undefined;
    },
  };
  return slot;
}

describe('the local-authority question that comes first', () => {
  const draft = memoryDraft();
  const gate = (input: Record<string, unknown>) =>
    answerConsiderationStep(
      'next',
      { step: 'local-authority', ...input },
      { partnership: hsscp, now, draft, prefill: async () => ({ name: 'Pat' }) },
    );

  it('when someone types "consideration", then the first thing asked is whether the local authority was told', () => {
    const card = newConsiderationCard(hsscp);
    const inputs = card.body.filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((i) => i.id)).toEqual(['laInformed', 'laInformedDate']);
    expect(text(card)).toContain('Step 1 of 5: The local authority');
  });

  it('when a step card is drawn, then no box is marked required and both buttons send what was typed, so Teams lets "No, not yet" go without a date and Back go with a box empty', async () => {
    const inputs = newConsiderationCard(hsscp).body.filter((e) => e.type.startsWith('Input.'));
    expect(inputs.map((i) => [i.id, i.isRequired])).toEqual([
      ['laInformed', false],
      ['laInformedDate', false],
    ]);
    const second = await answerConsiderationStep(
      'next',
      { step: 'local-authority', laInformed: 'yes', laInformedDate: '2026-11-20' },
      { partnership: hsscp, now, draft: memoryDraft(), prefill: async () => ({}) },
    );
    expect(second.body.filter((e) => e.type.startsWith('Input.') && e.isRequired)).toEqual([]);
    expect(second.actions?.map((a) => [a.title, a.associatedInputs])).toEqual([
      ['Continue', 'auto'],
      ['Back', 'auto'],
    ]);
  });

  it('when the local authority has not been told, then it says what to do first and keeps nothing', async () => {
    await draft.save({ step: 'child', values: { childName: 'Jamie Example' } });
    const card = await gate({ laInformed: 'no' });
    expect(card.fallbackText).toBe('Tell the local authority first');
    expect(text(card)).toContain('Nothing you entered has been saved.');
    expect(card.body.some((e) => e.type.startsWith('Input.'))).toBe(false);
    expect(draft.held).toBeUndefined();
  });

  it('when they say yes but give no date, then the date is asked for', async () => {
    expect(text(await gate({ laInformed: 'yes' }))).toContain(
      'Error: Enter the date the local authority was told.',
    );
  });

  it('when the date is in the future, then it is refused', async () => {
    expect(text(await gate({ laInformed: 'yes', laInformedDate: '2026-11-24' }))).toContain(
      'cannot be in the future',
    );
  });

  it('when nothing is chosen, then the question is asked again', async () => {
    expect(text(await gate({}))).toContain('Error: Choose');
  });

  it('when the local authority was told on a date, then the next step asks about the child', async () => {
    const card = await gate({ laInformed: 'yes', laInformedDate: '2026-11-20' });
    expect(text(card)).toContain('Step 2 of 5: The child');
    expect(card.body.some((e) => e.id === 'childName')).toBe(true);
    expect(draft.held?.values.laInformedDate).toBe('2026-11-20');
  });
});

describe('submitting a consideration request', () => {
  it('when the safeguarding lead has not agreed, then it is refused and nothing is stored', async () => {
    const store = memoryStore();
    const { card } = await submitConsideration(
      { ...validConsideration, safeguardingLeadAgrees: 'false' },
      context(store),
    );
    expect(text(card)).toContain(
      'Error: Tick to confirm: The safeguarding lead agrees to this referral.',
    );
    expect(store.submitted).toHaveLength(0);
  });

  it('when no safeguarding lead is named, then it is refused', async () => {
    const { card } = await submitConsideration(
      { ...validConsideration, safeguardingLeadName: '' },
      context(memoryStore()),
    );
    expect(text(card)).toContain('Error: Enter the safeguarding lead consulted.');
  });

  it('when no criterion is ticked, then the criteria step comes back with the error and every answer is kept', async () => {
    const draft = memoryDraft();
    const { card } = await submitConsideration(
      { ...validConsideration, criteria: '' },
      { ...context(memoryStore()), draft },
    );
    expect(text(card)).toContain('Step 4 of 5: Criteria');
    expect(text(card)).toContain('Error: Tick at least one of the criteria that apply.');
    expect(draft.held).toMatchObject({ step: 'criteria', values: { childName: 'Jamie Example' } });
  });

  it('when a criterion is not one of the listed ones, then it is refused', async () => {
    const { card } = await submitConsideration(
      { ...validConsideration, criteria: 'abuse-or-neglect,made-up' },
      context(memoryStore()),
    );
    expect(text(card)).toContain('Tick only the criteria that apply listed');
  });

  it('when the local-authority date is missing (the first question was skipped), then nothing is stored', async () => {
    const store = memoryStore();
    const { laInformedDate: _omit, ...rest } = validConsideration;
    const { card } = await submitConsideration(rest, context(store));
    expect(text(card)).toContain('Error: Enter the date the local authority was told.');
    expect(store.touched).toBe(0);
  });

  it('when valid, then it is stored with the criteria in declared order and the receipt repeats none of the child\u2019s details', async () => {
    const store = memoryStore();
    const result = await submitConsideration(validConsideration, context(store));
    expect(result.outcome).toBe('sent');
    expect(store.submitted[0]?.values.criteria).toBe('died-or-seriously-harmed,abuse-or-neglect');
    const receipt = text(result.card);
    expect(receipt).toContain('CSPR-2026-0001');
    for (const field of considerationForm.fields.filter((f) => f.sensitivity === 'child')) {
      const value = (validConsideration as Record<string, string>)[field.id];
      if (value) expect(receipt).not.toContain(value);
    }
    expect(receipt).not.toContain('Jamie');
  });

  it('when the same submit arrives twice, then one case is made', async () => {
    const store = memoryStore();
    const first = await submitConsideration(validConsideration, context(store, 'same'));
    const second = await submitConsideration(validConsideration, context(store, 'same'));
    expect(second.card.fallbackText).toBe(first.card.fallbackText);
    expect(store.submitted).toHaveLength(1);
  });
});
