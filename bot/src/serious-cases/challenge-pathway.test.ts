import type { Persona } from '@pathways/sandbox';
import { auditLog } from '../platform/db/repositories';
import { eventually, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let pat: Persona;
let chat: string;
const year = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  timeZone: 'Europe/London',
}).format(new Date());

beforeAll(async () => {
  h = await startHarness();
  pat = h.persona('Practitioner');
  chat = await h.openPersonalChat(pat);
}, 240_000);
afterAll(async () => {
  await h.close();
});

const valid = {
  form: 'challenge',
  raisingOrganisation: 'Cleveland Police',
  receivingOrganisation: 'Hartlepool Borough Council',
  raisedDate: '2026-10-01',
  resolvedDate: '2026-10-20',
  resolutionStage: 'Stage 2: line manager to line manager',
  outcome: 'practice-changed',
  about: 'A strategy discussion was not convened after a second referral about neglect.',
  learning: 'Second referrals need a manager\u2019s review within one working day.',
};

type InvokeBody = { value: { fallbackText: string; body: { id?: string; value?: string }[] } };

async function submit(id: string, data: object) {
  const res = await h.send(h.cardAction(pat, chat, id, 'challenge.submit', data, 'card-1'));
  expect(res.status).toBe(200);
  return (res.body as InvokeBody).value;
}

const stored = async () =>
  h.service.database.db.selectFrom('professional_challenges').selectAll().execute();

describe('the professional challenge pathway over /api/messages', () => {
  it('when a practitioner types "challenge", then the recording form arrives with the configured stages', async () => {
    await h.send(h.message(pat, chat, 'pc-open-1', 'challenge'));
    const card = await eventually(async () => {
      const activities =
        (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
      return activities
        .map((a) => a.attachments[0]?.content)
        .find((c) => c?.fallbackText === 'Record a professional challenge');
    }, 'the challenge form');
    expect(JSON.stringify(card)).toContain('Stage 5: referred to the Safeguarding Partners');
  });

  it('when the text names a colleague, then it is blocked and nothing is stored, whatever the card says', async () => {
    const card = await submit('pc-identifying', {
      ...valid,
      about: 'Dr Patel would not share the health chronology.',
      confirmChecked: 'true',
    });
    expect(JSON.stringify(card)).toContain('Error: Take out a person\u2019s name');
    expect(card.body.find((e) => e.id === 'about')?.value).toBe(
      'Dr Patel would not share the health chronology.',
    );
    expect(await stored()).toEqual([]);
  });

  it('when the text names a child by first name with an age, then it is refused even when ticked as checked, and nothing is stored', async () => {
    const about = 'His sister Chloe, 10, was not seen before the case was closed.';
    const card = await submit('pc-identifying-child', { ...valid, about, confirmChecked: 'true' });
    const text = JSON.stringify(card);
    expect(text).toContain('Error: Take out a person\u2019s name');
    expect(text.match(/Error: Take out[^"]*/)?.[0]).not.toContain('Chloe');
    expect(await stored()).toEqual([]);
  });

  it('when valid, then it is recorded once with its own reference and audited', async () => {
    const receipt = await submit('pc-ok', valid);
    expect(receipt.fallbackText).toBe(`PC-${year}-0001 recorded`);
    const again = await submit('pc-ok', valid);
    expect(again.fallbackText).toBe(receipt.fallbackText);
    const rows = await stored();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      raising_organisation: 'Cleveland Police',
      receiving_organisation: 'Hartlepool Borough Council',
      resolution_stage: 'Stage 2: line manager to line manager',
      outcome: 'practice-changed',
    });
    const trail = await auditLog(h.service.database.db).forSubject(
      'hsscp',
      'professional-challenge',
      rows[0]!.id,
    );
    expect(trail.map((e) => [e.action, e.actorId])).toEqual([
      ['professional-challenge.recorded', pat.id],
    ]);
  });
});
