import type { Persona } from '@pathways/sandbox';
import { eventually, startHarness, type Harness } from '../../test-support/harness';

// One press or ten, one record: Teams gives every press of a button its own
// activity id, so only the id minted into the card when it was sent can tell
// a double press from a second submission.

let h: Harness;
let pat: Persona;
let chat: string;
const today = new Date().toISOString().slice(0, 10);

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
  body: { id?: string; value?: string; text?: string }[];
  actions?: { verb?: string; data?: Record<string, unknown> }[];
};
type InvokeBody = { value: Card };

/** Types a command in chat and returns the form card Pathways sent back. */
async function formFor(command: string, fallbackText: string): Promise<Card> {
  const seen = new Set(
    ((await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? []).map((a) => a.id),
  );
  await h.send(h.message(pat, chat, `open-${command}-${Math.random()}`, command));
  return eventually(async () => {
    const activities = (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
    return activities
      .filter((a) => !seen.has(a.id))
      .map((a) => a.attachments[0]?.content as Card | undefined)
      .find((c) => c?.fallbackText === fallbackText);
  }, `the ${command} form`);
}

const actionData = (card: Card): Record<string, unknown> => card.actions?.[0]?.data ?? {};

async function press(id: string, verb: string, data: object): Promise<Card> {
  const res = await h.send(h.cardAction(pat, chat, id, verb, data, 'form-card'));
  expect(res.status).toBe(200);
  return (res.body as InvokeBody).value;
}

const count = async (table: 'kloes' | 'serious_cases' | 'professional_challenges') =>
  (await h.service.database.db.selectFrom(table).select('id').execute()).length;

const kloe = {
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject: 'Double pressed',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

describe('a creating card pressed more than once', () => {
  it('when "Send to the Business Unit" is pressed twice on one KLOE card, then one KLOE is stored and both presses show its receipt', async () => {
    const form = await formFor('kloe', 'Raise a Key Line of Enquiry (KLOE)');
    const data: Record<string, unknown> = { ...actionData(form), ...kloe };
    expect(typeof data.submissionId).toBe('string');
    const before = await count('kloes');
    const [first, second] = await Promise.all([
      press('kloe-press-1', 'kloe.submit', data),
      press('kloe-press-2', 'kloe.submit', data),
    ]);
    expect(await count('kloes')).toBe(before + 1);
    const reference = /KLOE-\d{4}-\d{4}/.exec(first.fallbackText)?.[0];
    expect(reference).toBeDefined();
    expect(second.fallbackText).toContain(reference);
  });

  it('when a KLOE card comes back with an error and is then sent twice, then the redrawn card keeps its id and one KLOE is stored', async () => {
    const form = await formFor('kloe', 'Raise a Key Line of Enquiry (KLOE)');
    const minted = actionData(form).submissionId;
    const redrawn = await press('kloe-bad', 'kloe.submit', {
      ...actionData(form),
      ...kloe,
      subject: '',
    });
    expect(actionData(redrawn).submissionId).toBe(minted);
    const before = await count('kloes');
    // One press on the redrawn card, one late press on the card as first drawn.
    await press('kloe-again-1', 'kloe.submit', { ...actionData(redrawn), ...kloe });
    await press('kloe-again-2', 'kloe.submit', { ...actionData(form), ...kloe });
    expect(await count('kloes')).toBe(before + 1);
  });

  it('when two KLOE cards are each sent once, then there are two KLOEs', async () => {
    const a = await formFor('kloe', 'Raise a Key Line of Enquiry (KLOE)');
    const b = await formFor('kloe', 'Raise a Key Line of Enquiry (KLOE)');
    expect(actionData(a).submissionId).not.toBe(actionData(b).submissionId);
    const before = await count('kloes');
    await press('kloe-a', 'kloe.submit', { ...actionData(a), ...kloe });
    await press('kloe-b', 'kloe.submit', { ...actionData(b), ...kloe });
    expect(await count('kloes')).toBe(before + 2);
  });

  it('when another person replays a KLOE card with the same id, then theirs is a separate submission', async () => {
    const form = await formFor('kloe', 'Raise a Key Line of Enquiry (KLOE)');
    const other = h.persona('AgencyLead');
    const otherChat = await h.openPersonalChat(other);
    const before = await count('kloes');
    await press('kloe-mine', 'kloe.submit', { ...actionData(form), ...kloe });
    const res = await h.send(
      h.cardAction(other, otherChat, 'kloe-theirs', 'kloe.submit', {
        ...actionData(form),
        ...kloe,
      }),
    );
    expect(res.status).toBe(200);
    expect(await count('kloes')).toBe(before + 2);
  });

  it('when a consideration request is sent twice from one card, then one request is stored', async () => {
    const gate = await formFor(
      'consideration',
      'Child Safeguarding Practice Review consideration request: step 1 of 5',
    );
    const form = await press('cr-gate', 'consideration.step', {
      ...actionData(gate),
      laInformed: 'yes',
      laInformedDate: today,
    });
    expect(actionData(form).submissionId).toBe(actionData(gate).submissionId);
    const request = {
      ...actionData(form),
      laInformedDate: today,
      referrerName: 'Pat Practitioner',
      referringAgency: 'Cleveland Police',
      referrerRole: 'Detective Sergeant',
      referrerContact: 'pat@example.org',
      safeguardingLeadName: 'Sam Lead',
      safeguardingLeadAgrees: 'true',
      criteria: 'died-or-seriously-harmed,abuse-or-neglect,in-area',
      childName: 'Jamie Quillfeather',
      childDateOfBirth: '2019-03-04',
      childAddress: '12 Larkspur Road, Hartlepool TS24 7AB',
      childEthnicity: 'White British',
      legalStatus: 'child-in-need',
      leadProfessional: 'Morgan Tealby, health visitor',
      incidentDate: today,
      incidentNature: 'Admitted to hospital with unexplained fractures.',
      familyAndOthers: 'Mother and stepfather.',
      agenciesInvolved: 'Health visiting, police.',
      caseOutline: 'Known to early help since the spring.',
      keyDates: 'Early help closed in the summer.',
      linkedCases: 'None.',
      potentialLearning: 'Sharing of missed appointments.',
    };
    const before = await count('serious_cases');
    const [first, second] = await Promise.all([
      press('cr-press-1', 'consideration.submit', request),
      press('cr-press-2', 'consideration.submit', request),
    ]);
    expect(await count('serious_cases')).toBe(before + 1);
    expect(first.fallbackText).toBe(second.fallbackText);
  });

  it('when a professional challenge is recorded twice from one card, then one challenge is stored', async () => {
    const form = await formFor('challenge', 'Record a professional challenge');
    const data = {
      ...actionData(form),
      raisingOrganisation: 'Cleveland Police',
      receivingOrganisation: 'Hartlepool Borough Council',
      raisedDate: '2026-10-01',
      resolvedDate: '2026-10-20',
      resolutionStage: 'Stage 2: line manager to line manager',
      outcome: 'practice-changed',
      about: 'A strategy discussion was not convened after a second referral about neglect.',
      learning: 'Second referrals need a manager review within one working day.',
    };
    const before = await count('professional_challenges');
    await press('pc-press-1', 'challenge.submit', data);
    await press('pc-press-2', 'challenge.submit', data);
    expect(await count('professional_challenges')).toBe(before + 1);
  });

  it('when the "Raise as KLOE" dialog is sent twice, then one KLOE is stored and both say its reference', async () => {
    const fetched = await h.send(
      h.invoke(pat, chat, 'me-fetch', 'composeExtension/fetchTask', {
        commandId: 'raiseKloe',
        commandContext: 'message',
        messagePayload: { body: { contentType: 'html', content: '<p>Health not invited.</p>' } },
      }),
    );
    const task = (fetched.body as { task: { value: { card: { content: Card } } } }).task;
    const data: Record<string, unknown> = { ...actionData(task.value.card.content), ...kloe };
    expect(typeof data.submissionId).toBe('string');
    const before = await count('kloes');
    const answers = [];
    for (const id of ['me-send-1', 'me-send-2']) {
      const res = await h.send(
        h.invoke(pat, chat, id, 'composeExtension/submitAction', { commandId: 'raiseKloe', data }),
      );
      answers.push(String((res.body as { task: { value: unknown } }).task.value));
    }
    expect(await count('kloes')).toBe(before + 1);
    const reference = /KLOE-\d{4}-\d{4}/.exec(answers[0]!)?.[0];
    expect(reference).toBeDefined();
    expect(answers[1]).toContain(reference);
  });
});
