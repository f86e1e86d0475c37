import { loadPartnership } from '../partnerships/partnership';
import { CONFIRM_CHECKED } from '../forms/form-card';
import { newKloeCard, submitKloe, type SubmitContext } from './raise-kloe';
import { formatReference, type Kloe, type KloeStore, type SubmitKloe } from './kloe';

const hsscp = loadPartnership('hsscp');

function memoryStore(): KloeStore & { submitted: SubmitKloe[] } {
  const byKey = new Map<string, Kloe>();
  const submitted: SubmitKloe[] = [];
  return {
    submitted,
    async submit(command) {
      const existing = byKey.get(command.submissionKey);
      if (existing) return { kloe: existing, created: false };
      submitted.push(command);
      const kloe: Kloe = {
        id: `k${byKey.size + 1}`,
        partnershipId: command.partnershipId,
        reference: formatReference('KLOE', 2026, byKey.size + 1),
        status: 'submitted',
        version: 1,
        values: command.values,
        submittedBy: command.submittedBy,
        submittedAt: command.at,
        related: [],
        questions: [],
      };
      byKey.set(command.submissionKey, kloe);
      return { kloe, created: true };
    },
    async triage() {
      throw new Error('not used by these tests');
    },
    async answeredWith() {
      return false;
    },
    async answer() {
      throw new Error('not used by these tests');
    },
    async get() {
      return undefined;
    },
  };
}

const valid = {
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject: 'Health not invited to strategy discussions',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the strategy discussion invitation list.',
};

function context(store: KloeStore, key = 'activity-1'): SubmitContext {
  return {
    partnership: hsscp,
    store,
    submissionKey: key,
    submittedBy: { aadObjectId: 'pat', name: 'Pat Practitioner' },
    receipt: { conversationReference: {}, activityId: 'card-1' },
    now: new Date('2026-11-22T10:00:00Z'),
  };
}

const text = (card: unknown) => JSON.stringify(card);

describe('raising a KLOE', () => {
  it('when the form opens, then the contact officer is prefilled and the organisation defaults from the profile', () => {
    const card = newKloeCard(hsscp, { name: 'Pat Practitioner', agency: 'Cleveland Police' });
    const inputs = card.body.filter((e) => e.type.startsWith('Input.'));
    expect(inputs.find((i) => i.id === 'contactOfficer')?.value).toBe('Pat Practitioner');
    expect(inputs.find((i) => i.id === 'organisation')?.value).toBe('Cleveland Police');
    expect(inputs.every((i) => typeof i.label === 'string' && i.label.length > 0)).toBe(true);
  });

  it('when a required field is missing, then the form comes back with the input kept and the error beside it', async () => {
    const store = memoryStore();
    const card = (await submitKloe({ ...valid, subject: '  ' }, context(store))).card;
    expect(text(card)).toContain('Error: Enter the issue or area of good practice.');
    expect(card.body.find((e) => e.id === 'details')?.value).toBe(valid.details);
    expect(store.submitted).toHaveLength(0);
  });

  it('when an organisation is not on the configured list, then it is refused', async () => {
    const card = (await submitKloe({ ...valid, organisation: 'Acme Ltd' }, context(memoryStore())))
      .card;
    expect(text(card)).toContain('Error: Choose the organisation from the list.');
  });

  it('when details are too long, then the message says how long they may be', async () => {
    const card = (await submitKloe({ ...valid, details: 'x'.repeat(4001) }, context(memoryStore())))
      .card;
    expect(text(card)).toContain('Keep the details to 4,000 characters or fewer');
  });

  it('when details look identifying, then a warning is shown and nothing is stored until checked', async () => {
    const store = memoryStore();
    const flagged = { ...valid, details: 'Jamie Smith, 04/05/2015, was not seen by health.' };
    const warned = (await submitKloe(flagged, context(store))).card;
    expect(text(warned)).toContain('a person\u2019s name, a date of birth');
    expect(text(warned)).not.toMatch(/What you wrote[^"]*(Jamie|2015)/);
    expect(store.submitted).toHaveLength(0);
    const sent = (await submitKloe({ ...flagged, [CONFIRM_CHECKED]: 'true' }, context(store))).card;
    expect(sent.fallbackText).toMatch(/^KLOE-2026-0001/);
    expect(store.submitted).toHaveLength(1);
  });

  it.each([
    'Tom Brown (Year 9) was excluded and nobody told social care.',
    'Jordan Price, aged 6, was left with a neighbour.',
    'his sister Chloe, 10, stopped attending and school did not refer.',
    'Maisie was seen by the health visitor but the referral went nowhere.',
  ])(
    'when details name a child by first name with an age or school year ("%s"), then a warning is shown and nothing is stored',
    async (details) => {
      const store = memoryStore();
      const warned = (await submitKloe({ ...valid, details }, context(store))).card;
      expect(text(warned)).toContain('a person\u2019s name');
      expect(store.submitted).toHaveLength(0);
    },
  );

  it('when the form is valid, then it is stored and the card becomes a receipt with the reference', async () => {
    const store = memoryStore();
    const receipt = (await submitKloe({ ...valid, unexpected: 'dropped' }, context(store))).card;
    expect(receipt.body[0]).toMatchObject({ text: 'KLOE-2026-0001 sent to the Business Unit' });
    expect(store.submitted[0]?.values).toEqual(valid);
  });

  it('when the same submit arrives twice, then one KLOE is made', async () => {
    const store = memoryStore();
    const first = (await submitKloe(valid, context(store, 'same'))).card;
    const second = (await submitKloe(valid, context(store, 'same'))).card;
    expect(second.fallbackText).toBe(first.fallbackText);
    expect(store.submitted).toHaveLength(1);
  });
});
