import { CONFIRM_CHECKED } from '../forms/form-card';
import { loadPartnership } from '../partnerships/partnership';
import { newChallengeCard, submitChallenge, type ChallengeContext } from './record-challenge';
import type { ChallengeStore, ProfessionalChallenge, SubmitChallenge } from './challenge';

const hsscp = loadPartnership('hsscp');
const stockport = loadPartnership('stockport');
const text = (card: unknown) => JSON.stringify(card);

function memoryStore(): ChallengeStore & { submitted: SubmitChallenge[] } {
  const byKey = new Map<string, ProfessionalChallenge>();
  const submitted: SubmitChallenge[] = [];
  return {
    submitted,
    async submit(command) {
      const existing = byKey.get(command.submissionKey);
      if (existing) return { challenge: existing, created: false };
      submitted.push(command);
      const v = command.values;
      const challenge: ProfessionalChallenge = {
        id: `p${byKey.size + 1}`,
        partnershipId: command.partnershipId,
        reference: `PC-2026-000${byKey.size + 1}`,
        raisingOrganisation: v.raisingOrganisation!,
        receivingOrganisation: v.receivingOrganisation!,
        resolutionStage: v.resolutionStage!,
        outcome: v.outcome!,
        raisedDate: v.raisedDate!,
        resolvedDate: v.resolvedDate!,
        values: v,
        submittedBy: command.submittedBy,
        submittedAt: command.at,
      };
      byKey.set(command.submissionKey, challenge);
      return { challenge, created: true };
    },
    async list() {
      return [...byKey.values()];
    },
  };
}

export const validChallenge = {
  raisingOrganisation: 'Cleveland Police',
  receivingOrganisation: 'Hartlepool Borough Council',
  raisedDate: '2026-10-01',
  resolvedDate: '2026-10-20',
  resolutionStage: 'Stage 2: line manager to line manager',
  outcome: 'practice-changed',
  about: 'A strategy discussion was not convened after a second referral about neglect.',
  learning: 'Second referrals need a manager\u2019s review within one working day.',
};

function context(store: ChallengeStore, partnership = hsscp, key = 'a1'): ChallengeContext {
  return {
    partnership,
    store,
    submissionKey: key,
    submittedBy: { aadObjectId: 'pat', name: 'Pat' },
    now: new Date('2026-11-22T10:00:00Z'),
  };
}

describe('recording a professional challenge', () => {
  it('when the form opens, then the stages are the partnership\u2019s own', () => {
    const stages = (p: typeof hsscp) =>
      (
        newChallengeCard(p).body.find((e) => e.id === 'resolutionStage')?.choices as {
          value: string;
        }[]
      ).map((c) => c.value);
    expect(stages(hsscp)).toEqual(hsscp.resolutionStages);
    expect(stages(stockport)).toEqual(stockport.resolutionStages);
  });

  it('when the text identifies someone, then it is refused, even with the "I have checked" box ticked', async () => {
    const store = memoryStore();
    const input = {
      ...validChallenge,
      about: 'Mrs Jones did not convene a strategy discussion.',
      learning: 'Family at 12 Larkspur Road were not seen.',
      [CONFIRM_CHECKED]: 'true',
    };
    const { outcome, card } = await submitChallenge(input, context(store));
    expect(outcome).toBe('form');
    expect(text(card)).toContain(
      'Error: Take out a person\u2019s name: this form must not identify a child, family or colleague.',
    );
    expect(text(card)).toContain('Error: Take out a street address');
    expect(text(card)).not.toContain(CONFIRM_CHECKED);
    expect(store.submitted).toHaveLength(0);
  });

  it('when the organisation challenged is the one that raised it, then it is refused', async () => {
    const { card } = await submitChallenge(
      { ...validChallenge, receivingOrganisation: 'Cleveland Police' },
      context(memoryStore()),
    );
    expect(text(card)).toContain(
      'Error: Choose a different organisation from the one that raised the challenge.',
    );
  });

  it('when it was resolved before it was raised, then it is refused', async () => {
    const { card } = await submitChallenge(
      { ...validChallenge, resolvedDate: '2026-09-30' },
      context(memoryStore()),
    );
    expect(text(card)).toContain('cannot be before the date it was raised');
  });

  it('when a stage is from another partnership\u2019s procedure, then it is refused', async () => {
    const { card } = await submitChallenge(validChallenge, context(memoryStore(), stockport));
    expect(text(card)).toContain('Error: Choose the stage it was resolved at from the list.');
  });

  it('when valid, then it is stored and the receipt shows the organisations, stage and outcome', async () => {
    const store = memoryStore();
    const { outcome, card } = await submitChallenge(validChallenge, context(store));
    expect(outcome).toBe('sent');
    expect(store.submitted[0]?.values).toEqual(validChallenge);
    expect(text(card)).toContain('PC-2026-0001');
    expect(text(card)).toContain('The decision or practice challenged was changed');
  });
});
