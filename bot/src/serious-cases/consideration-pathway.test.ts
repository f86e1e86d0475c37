import type { Persona } from '@pathways/sandbox';
import { auditLog } from '../platform/db/repositories';
import { eventually, startHarness, type Harness } from '../test-support/harness';
import { seriousCaseStore } from './serious-case-store';

let h: Harness;
let pat: Persona;
let chat: string;
const logLines: string[] = [];
const year = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  timeZone: 'Europe/London',
}).format(new Date());
const today = new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  h = await startHarness({}, { logLines });
  pat = h.persona('Practitioner');
  chat = await h.openPersonalChat(pat);
}, 240_000);
afterAll(async () => {
  await h.close();
});

// What identifies the child and family: none of it may leave the service's database.
const childDetails = {
  childName: 'Jamie Quillfeather',
  childDateOfBirth: '2019-03-04',
  childAddress: '12 Larkspur Road, Hartlepool TS24 7AB',
  childEthnicity: 'White British',
  legalStatus: 'child-in-need',
  leadProfessional: 'Morgan Tealby, health visitor',
  incidentDate: today,
  incidentNature: 'Admitted to hospital with unexplained fractures.',
  familyAndOthers: 'Mother Alexis Quillfeather; stepfather Rowan Pike.',
  agenciesInvolved: 'Health visiting, school nursing, police.',
  caseOutline: 'Known to early help since the spring; two missed health appointments.',
  keyDates: 'Early help closed in the summer.',
  linkedCases: 'Sibling Robin Quillfeather.',
  potentialLearning: 'Sharing of missed appointments between health and early help.',
};
const request = {
  form: 'consideration',
  laInformed: 'yes',
  laInformedDate: today,
  referrerName: 'Pat Practitioner',
  referringAgency: 'Cleveland Police',
  referrerRole: 'Detective Sergeant',
  referrerContact: 'pat@example.org',
  safeguardingLeadName: 'Sam Lead',
  safeguardingLeadAgrees: 'true',
  criteria: 'died-or-seriously-harmed,abuse-or-neglect,in-area',
  ...childDetails,
};
const identifying = Object.values(childDetails).filter(
  (v) => v !== today && v !== 'child-in-need' && v !== 'White British',
);

type InvokeBody = {
  value: { fallbackText: string; body: { id?: string; value?: string; text?: string }[] };
};

async function act(id: string, verb: string, data: object) {
  const res = await h.send(h.cardAction(pat, chat, id, verb, data, 'card-1'));
  expect(res.status).toBe(200);
  return (res.body as InvokeBody).value;
}

async function businessUnitPosts() {
  const state = await h.state();
  const channel = state.teams.flatMap((t) => t.channels).find((c) => c.name === 'Business Unit');
  return channel?.threads.map((t) => t.root) ?? [];
}

async function caseCount() {
  const rows = await h.service.database.db
    .selectFrom('serious_cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(rows.n);
}

describe('the consideration request pathway over /api/messages', () => {
  it('when a practitioner types "consideration", then the first question is whether the local authority was told', async () => {
    await h.send(h.message(pat, chat, 'cons-open-1', 'consideration'));
    const card = await eventually(async () => {
      const activities =
        (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
      return activities
        .map((a) => a.attachments[0]?.content)
        .find((c) => c?.fallbackText?.endsWith('consideration request: step 1 of 5'));
    }, 'the first question');
    expect((card.body as { id?: string }[]).some((e) => e.id === 'laInformed')).toBe(true);
  });

  it('when the local authority has not been told, then it says what to do first and keeps nothing', async () => {
    const card = await act('cons-gate-no', 'consideration.step', {
      step: 'local-authority',
      laInformed: 'no',
      laInformedDate: '',
    });
    expect(card.fallbackText).toBe('Tell the local authority first');
    expect(await caseCount()).toBe(0);
    const counters = await h.service.database.db
      .selectFrom('reference_counters')
      .selectAll()
      .where('prefix', '=', 'CSPR')
      .execute();
    expect(counters).toEqual([]);
  });

  it('when the local authority was told, then the steps follow and the last one has their name and agency', async () => {
    const data = { submissionId: 'cons-steps-prefill' };
    let card = await act('cons-gate-yes', 'consideration.step', {
      ...data,
      step: 'local-authority',
      laInformed: 'yes',
      laInformedDate: today,
    });
    for (const step of ['child', 'incident', 'criteria']) {
      const next = { ...data, step, ...request };
      card = await act(`cons-step-${step}`, 'consideration.step', next);
    }
    expect(card.fallbackText).toContain('step 5 of 5');
    expect(card.body.find((e) => e.id === 'referrerName')?.value).toBe(pat.displayName);
    // "Your agency" comes from the person's directory profile.
    expect(card.body.find((e) => e.id === 'referringAgency')?.value).toBe(pat.agency);
  });

  it('when the request is sent, then the receipt and the urgent channel card hold no child or family detail, and it is posted once', async () => {
    const receipt = await act('cons-submit-ok', 'consideration.submit', request);
    const reference = `CSPR-${year}-0001`;
    expect(receipt.fallbackText).toBe(`${reference} sent to the Business Unit`);
    for (const detail of identifying) expect(JSON.stringify(receipt)).not.toContain(detail);

    const post = await eventually(
      async () =>
        (await businessUnitPosts()).find(
          (p) => p.summary === `Urgent: consideration request ${reference}`,
        ),
      'the Business Unit card',
    );
    const card = JSON.stringify(post.attachments[0]?.content);
    expect(card).toContain('Cleveland Police');
    expect(card).toContain('The child has died or been seriously harmed');
    expect(card).toContain('Urgent');
    expect(post.importance).toBe('high');

    const again = await act('cons-submit-ok', 'consideration.submit', request);
    expect(again.fallbackText).toBe(receipt.fallbackText);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await businessUnitPosts()).filter((p) => p.summary?.includes(reference))).toHaveLength(
      1,
    );
    expect(await caseCount()).toBe(1);

    // Everything the tenant received (chats, channel, previews) and every log line.
    const tenant = JSON.stringify(await h.state());
    const logs = logLines.join('\n');
    for (const detail of identifying) {
      expect(tenant).not.toContain(detail);
      expect(logs).not.toContain(detail);
    }
  });

  it('when the details are written and read, then each is in the audit trail with who and never what', async () => {
    const row = await h.service.database.db
      .selectFrom('serious_cases')
      .select(['id', 'partnership_id'])
      .executeTakeFirstOrThrow();
    const store = seriousCaseStore(h.service.database.db, h.service.jobs);
    const summary = await store.get(row.partnership_id, row.id);
    expect(JSON.stringify(summary)).not.toContain('Quillfeather');
    const details = await store.readDetails(row.partnership_id, row.id, {
      aadObjectId: 'bu-officer',
    });
    expect(details?.childName).toBe(childDetails.childName);
    const trail = await auditLog(h.service.database.db).forSubject(
      row.partnership_id,
      'serious-case',
      row.id,
    );
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['serious-case.details-written', pat.id],
      ['serious-case.details-read', 'bu-officer'],
    ]);
    expect(JSON.stringify(trail)).not.toContain('Quillfeather');
  });

  it('when a second request is sent, then its reference is the next number', async () => {
    const receipt = await act('cons-submit-second', 'consideration.submit', {
      ...request,
      childName: 'Another Child',
    });
    expect(receipt.fallbackText).toBe(`CSPR-${year}-0002 sent to the Business Unit`);
  });
});
