import type { Persona } from '@pathways/sandbox';
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
  form: 'kloe',
  organisation: 'Cleveland Police',
  contactOfficer: 'Pat Practitioner',
  subject: 'Health not invited to strategy discussions',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

type InvokeBody = {
  statusCode: number;
  type: string;
  value: { fallbackText: string; body: { id?: string; value?: string; text?: string }[] };
};

async function submit(id: string, data: object) {
  const res = await h.send(h.cardAction(pat, chat, id, 'kloe.submit', data, 'form-card-1'));
  expect(res.status).toBe(200);
  return res.body as InvokeBody;
}

async function businessUnitPosts() {
  const state = await h.state();
  const channel = state.teams.flatMap((t) => t.channels).find((c) => c.name === 'Business Unit');
  return channel?.threads.map((t) => t.root) ?? [];
}

describe('the KLOE pathway over /api/messages', () => {
  it('when a practitioner types "kloe", then the form arrives with their name as contact officer', async () => {
    await h.send(h.message(pat, chat, 'kloe-open-1', 'kloe'));
    const card = await eventually(async () => {
      const activities =
        (await h.state()).personalChats.find((c) => c.id === chat)?.activities ?? [];
      return activities
        .map((a) => a.attachments[0]?.content)
        .find((c) => c?.fallbackText?.startsWith('Raise a Key Line'));
    }, 'the KLOE form');
    const contact = (card.body as { id?: string; value?: string }[]).find(
      (e) => e.id === 'contactOfficer',
    );
    expect(contact?.value).toBe(pat.displayName);
  });

  it('when a required answer is missing, then the card comes back with the error and the input kept', async () => {
    const body = await submit('kloe-submit-invalid', { ...valid, subject: '' });
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(body.value)).toContain(
      'Error: Enter the issue or area of good practice.',
    );
    expect(body.value.body.find((e) => e.id === 'details')?.value).toBe(valid.details);
  });

  it('when details look identifying, then the card warns and nothing is sent', async () => {
    const before = (await businessUnitPosts()).length;
    const body = await submit('kloe-submit-identifying', {
      ...valid,
      details: 'Family at TS24 7AB not visited.',
    });
    expect(JSON.stringify(body.value)).toContain('a postcode');
    await new Promise((r) => setTimeout(r, 1200));
    expect((await businessUnitPosts()).length).toBe(before);
  });

  it.each([
    ['kloe-submit-child-1', 'Tom Brown (Year 9) was excluded and nobody told social care.'],
    ['kloe-submit-child-2', 'Maisie, aged 4, was seen by the health visitor and not referred.'],
  ])(
    'when details name a child by first name with an age or school year (%s), then the card warns of a name and nothing is sent',
    async (id, details) => {
      const before = (await businessUnitPosts()).length;
      const body = await submit(id, { ...valid, details });
      // The warning sits in the card's "Check before sending" box.
      const warning = /What you wrote[^"]*/.exec(JSON.stringify(body.value))?.[0];
      expect(warning).toContain('a person\u2019s name');
      expect(warning).not.toMatch(/Tom|Maisie/);
      await new Promise((r) => setTimeout(r, 1200));
      expect((await businessUnitPosts()).length).toBe(before);
    },
  );

  it('when the form is valid, then the submitter gets a receipt and the Business Unit channel gets the card once', async () => {
    const body = await submit('kloe-submit-ok', valid);
    const reference = `KLOE-${year}-0001`;
    expect(body.value.fallbackText).toMatch(new RegExp(`^${reference}`));
    const post = await eventually(
      async () => (await businessUnitPosts()).find((p) => p.summary === `New KLOE ${reference}`),
      'the Business Unit card',
    );
    expect(JSON.stringify(post.attachments[0]?.content)).toContain(valid.details);
    // Teams redelivers the same invoke: same receipt, no second KLOE, no second post.
    const again = await submit('kloe-submit-ok', valid);
    expect(again.value.fallbackText).toBe(body.value.fallbackText);
    await new Promise((r) => setTimeout(r, 1200));
    expect((await businessUnitPosts()).filter((p) => p.summary?.includes(reference))).toHaveLength(
      1,
    );
  });

  it('when a second KLOE is sent, then its reference is the next number', async () => {
    const body = await submit('kloe-submit-second', {
      ...valid,
      subject: 'Good practice in early help',
    });
    expect(body.value.fallbackText).toMatch(new RegExp(`^KLOE-${year}-0002`));
  });

  it('when the channel card preview is read, then it holds only the reference', async () => {
    const posts = await businessUnitPosts();
    for (const p of posts) expect(p.summary).toMatch(/^New KLOE KLOE-\d{4}-\d{4}$/);
  });
});

describe('"Raise as KLOE" from any Teams message', () => {
  type TaskBody = {
    task: {
      type: string;
      value:
        | string
        | {
            title: string;
            card: {
              content: {
                body: { id?: string; value?: string; text?: string }[];
                actions: { type: string }[];
              };
            };
          };
    };
  };
  const messagePayload = {
    body: {
      contentType: 'html',
      content: '<p>Health were not invited to the&nbsp;strategy meeting.</p>',
    },
  };

  it('when the action starts, then a dialog opens with the message text in details', async () => {
    const res = await h.send(
      h.invoke(pat, chat, 'me-fetch-1', 'composeExtension/fetchTask', {
        commandId: 'raiseKloe',
        commandContext: 'message',
        messagePayload,
      }),
    );
    expect(res.status).toBe(200);
    const { task } = res.body as TaskBody;
    expect(task.type).toBe('continue');
    const card = typeof task.value === 'string' ? undefined : task.value.card.content;
    expect(card?.body.find((e) => e.id === 'details')?.value).toBe(
      'Health were not invited to the strategy meeting.',
    );
    expect(card?.actions[0]?.type).toBe('Action.Submit');
  });

  it('when the dialog is sent with an error, then it stays open showing the error', async () => {
    const res = await h.send(
      h.invoke(pat, chat, 'me-submit-bad', 'composeExtension/submitAction', {
        commandId: 'raiseKloe',
        data: { ...valid, theme: 'Not a theme' },
      }),
    );
    const { task } = res.body as TaskBody;
    expect(task.type).toBe('continue');
    expect(JSON.stringify(task.value)).toContain('Error: Choose the theme from the list.');
  });

  it('when the dialog is sent valid from a group chat, then it closes with the reference, the Business Unit gets the card and the receipt goes to their chat with Pathways', async () => {
    const res = await h.send({
      ...h.invoke(pat, chat, 'me-submit-ok', 'composeExtension/submitAction', {
        commandId: 'raiseKloe',
        data: { ...valid, subject: 'From a message' },
      }),
      conversation: { id: '19:team-huddle@thread.v2', conversationType: 'groupChat' },
    });
    const { task } = res.body as TaskBody;
    expect(task.type).toBe('message');
    const reference = /KLOE-\d{4}-\d{4}/.exec(String(task.value))?.[0];
    expect(reference).toBeDefined();
    await eventually(
      async () => (await businessUnitPosts()).find((p) => p.summary === `New KLOE ${reference}`),
      'the card',
    );
    const receipt = await eventually(
      async () =>
        (await h.state()).personalChats
          .find((c) => c.id === chat)
          ?.activities.find((a) => a.summary?.startsWith(`${reference}:`)),
      'the receipt in their chat with Pathways',
    );
    expect(receipt.summary).toBe(`${reference}: Waiting to be triaged by the Business Unit`);
  });
});
