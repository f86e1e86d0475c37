import type { Persona } from '@pathways/sandbox';
import { eventually, startHarness, type Harness } from '../test-support/harness';
import { seriousCaseStore } from './serious-case-store';
import { considerationValues } from './test-fixtures';

// The person who asked for a case to be considered hears, in their chat with
// Pathways, each time it moves on, and their receipt shows the latest status;
// neither the note nor its preview says anything about the child or family.

let h: Harness;
let bu: Persona;
let pat: Persona;
let patChat: string;
let caseId: string;
let reference: string;
let receiptId: string;

const values = considerationValues('2026-03-02');
const identifying = [
  values.childName!,
  values.childAddress!,
  values.incidentNature!,
  values.caseOutline!,
  'Quillfeather',
];

async function chatActivities() {
  return (await h.state()).personalChats.find((c) => c.id === patChat)?.activities ?? [];
}

beforeAll(async () => {
  h = await startHarness();
  bu = h.persona('BusinessUnit');
  pat = h.persona('Practitioner');
  patChat = await h.openPersonalChat(pat);
  // Pathways learns the chat from the practitioner's message; its answer stands in for the
  // receipt the request's form card became.
  await h.send(h.message(pat, patChat, 'hello-1', 'help'));
  const answer = await eventually(async () => (await chatActivities())[0], 'the answer to help');
  receiptId = answer.id;
  const saved = await h.service.database.db
    .selectFrom('conversation_references')
    .select('reference')
    .where('user_aad_id', '=', pat.id)
    .executeTakeFirstOrThrow();
  const { seriousCase } = await seriousCaseStore(h.service.database.db, h.service.jobs).submit({
    partnershipId: 'hsscp',
    submissionKey: 'status-notice-1',
    values,
    submittedBy: { aadObjectId: pat.id, name: pat.displayName },
    receipt: {
      conversationReference: (typeof saved.reference === 'string'
        ? JSON.parse(saved.reference)
        : saved.reference) as object,
      activityId: receiptId,
    },
    at: new Date('2026-03-02T12:00:00Z'),
  });
  caseId = seriousCase.id;
  reference = seriousCase.reference;
  await eventually(async () => {
    const state = await h.state();
    return state.teams
      .flatMap((t) => t.channels)
      .flatMap((c) => c.threads.map((t) => t.root))
      .find((p) => p.summary === `Urgent: consideration request ${reference}`);
  }, 'the Business Unit card');
}, 240_000);
afterAll(async () => {
  await h.close();
});

const record = (event: object) =>
  h.api(bu, 'POST', `/api/serious-cases/${caseId}/events`, { event });

async function noteFor(status: string) {
  return eventually(async () => {
    const found = (await chatActivities()).filter((a) => a.summary === `${reference}: ${status}`);
    return found.length > 0 ? found : undefined;
  }, `the note "${status}"`);
}

describe('the submitter of a consideration request hears of each step', () => {
  it('when the Business Unit records the notification to the Panel, then the practitioner is told once, the receipt shows it, and nothing identifies the child', async () => {
    expect((await record({ type: 'record-notification', on: '2026-03-05' })).status).toBe(200);
    const [note] = await noteFor('Notification to the Panel recorded');
    expect(JSON.stringify(note)).toContain('recorded the local authority');
    for (const text of identifying) expect(JSON.stringify(note)).not.toContain(text);

    const receipt = await eventually(async () => {
      const found = (await chatActivities()).find((a) => a.id === receiptId);
      return found && found.updateCount > 0 ? found : undefined;
    }, 'the receipt updated in place');
    const shown = JSON.stringify(receipt.attachments[0]!.content);
    expect(shown).toContain('Notification to the Panel recorded');
    for (const text of identifying) expect(shown).not.toContain(text);

    // A rerun of the job (the next change) does not repeat it.
    expect((await record({ type: 'start-rapid-review', on: '2026-03-06' })).status).toBe(200);
    await noteFor('Rapid Review in progress');
    expect(await noteFor('Notification to the Panel recorded')).toHaveLength(1);
  });

  it('when the partnership decides, then the note names the kind of decision and not its reasons', async () => {
    expect((await record({ type: 'send-rapid-review', on: '2026-03-09' })).status).toBe(200);
    expect(
      (
        await record({
          type: 'decide',
          on: '2026-03-12',
          decision: 'no-lcspr',
          reasons: 'Reasons that name Jamie Quillfeather.',
        })
      ).status,
    ).toBe(200);
    const [note] = await noteFor('Decision made');
    expect(JSON.stringify(note)).toContain('The decision: No LCSPR.');
    expect(JSON.stringify(note)).not.toContain('Quillfeather');
  });
});
