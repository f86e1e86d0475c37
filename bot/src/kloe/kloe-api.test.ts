import type { Persona } from '@pathways/sandbox';
import type { FormDescription, MySubmission, RaisedKloe } from '@pathways/core';
import { eventually, startHarness, type Harness } from '../test-support/harness';

let h: Harness;
let ash: Persona;

beforeAll(async () => {
  h = await startHarness();
  ash = h.persona('AgencyLead');
}, 240_000);
afterAll(async () => {
  await h.close();
});

const valid = {
  organisation: 'Cleveland Police',
  contactOfficer: 'Ash AgencyLead',
  subject: 'Strategy discussions held without health',
  theme: 'Multi-agency working',
  details: 'Strategy discussions in the east locality are held without health colleagues.',
  actionWanted: 'Review the invitation list.',
};

async function raise(body: object, key: string | undefined, persona: Persona = ash) {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    authorization: `Bearer ${await h.token(persona)}`,
  };
  if (key) headers['idempotency-key'] = key;
  const res = await fetch(`${h.service.url}/api/kloes`, {
    method: 'POST',
    headers,
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function businessUnitCards() {
  const state = await h.state();
  const channel = state.teams.flatMap((t) => t.channels).find((c) => c.name === 'Business Unit');
  return channel?.threads.map((t) => t.root) ?? [];
}

async function mySubmissions(persona: Persona = ash) {
  return (await h.api(persona, 'GET', '/api/my/submissions')).body as MySubmission[];
}

describe('raising a KLOE over the REST API (the Outlook add-in)', () => {
  it('when a lead sends a valid KLOE, then it is stored, its card reaches the Business Unit channel and it is among their submissions', async () => {
    const res = await raise(valid, 'outlook-kloe-0001');
    expect(res.status).toBe(201);
    const raised = res.body as unknown as RaisedKloe;
    expect(raised.reference).toMatch(/^KLOE-\d{4}-\d{4}$/);
    expect(raised.statusText).toBe('Waiting to be triaged by the Business Unit');
    await eventually(
      async () =>
        (await businessUnitCards()).find((c) => c.summary === `New KLOE ${raised.reference}`),
      'the Business Unit card',
    );
    expect((await mySubmissions()).map((s) => s.reference)).toContain(raised.reference);
  });

  it('when the same request is sent again with the same key, then the same KLOE comes back and no second card is posted', async () => {
    const first = await raise({ ...valid, subject: 'Retried subject' }, 'outlook-kloe-0002');
    const again = await raise({ ...valid, subject: 'Retried subject' }, 'outlook-kloe-0002');
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.reference).toBe(first.body.reference);
    await eventually(
      async () =>
        (await businessUnitCards()).find((c) => c.summary === `New KLOE ${first.body.reference}`),
      'the card',
    );
    const cards = (await businessUnitCards()).filter(
      (c) => c.summary === `New KLOE ${first.body.reference}`,
    );
    expect(cards).toHaveLength(1);
  });

  it('when the same key is sent again with a different body, then 422 says the key was used for another KLOE and the second is not stored', async () => {
    const first = await raise({ ...valid, subject: 'First use of a key' }, 'outlook-kloe-0003');
    expect(first.status).toBe(201);
    const before = (await mySubmissions()).length;
    const reused = await raise({ ...valid, subject: 'A different report' }, 'outlook-kloe-0003');
    expect(reused).toEqual({
      status: 422,
      body: {
        error: {
          code: 'IdempotencyKeyReused',
          message: expect.stringMatching(/already used for a different KLOE/),
        },
      },
    });
    expect((await mySubmissions()).length).toBe(before);
    // The first request, retried, still gets its KLOE.
    const retried = await raise({ ...valid, subject: 'First use of a key' }, 'outlook-kloe-0003');
    expect(retried.status).toBe(200);
    expect(retried.body.reference).toBe(first.body.reference);
  });

  it('when another person uses the same key, then theirs is a KLOE of its own', async () => {
    const pat = h.persona('Practitioner');
    const theirs = await raise({ ...valid, contactOfficer: 'Pat' }, 'outlook-kloe-0002', pat);
    expect(theirs.status).toBe(201);
    expect((await mySubmissions(pat)).map((s) => s.reference)).toEqual([theirs.body.reference]);
  });

  it('when an answer is missing, then 422 names the field in plain English and nothing is stored', async () => {
    const before = (await mySubmissions()).length;
    const res = await raise({ ...valid, subject: ' ' }, 'outlook-kloe-0003');
    expect(res.status).toBe(422);
    expect(res.body).toEqual({ errors: { subject: 'Enter the issue or area of good practice' } });
    expect((await mySubmissions()).length).toBe(before);
  });

  it('when the details look identifying, then 422 warns, and once the person confirms they have checked it is sent', async () => {
    const before = (await mySubmissions()).length;
    const answers = { ...valid, details: 'The family at TS24 7AB were not visited.' };
    const warned = await raise(answers, 'outlook-kloe-0004');
    expect(warned.status).toBe(422);
    expect(warned.body.errors).toEqual({});
    expect(String(warned.body.warnings)).toContain('a postcode');
    expect((await mySubmissions()).length).toBe(before);
    const confirmed = await raise({ ...answers, confirmChecked: 'true' }, 'outlook-kloe-0004');
    expect(confirmed.status).toBe(201);
  });

  it.each([
    ['Tom Brown (Year 9) was excluded and nobody told social care.', 'outlook-kloe-0101'],
    ['his sister Chloe, 10, stopped attending and school did not refer.', 'outlook-kloe-0102'],
  ])(
    'when the details name a child by first name with an age or school year ("%s"), then 422 warns of a name and nothing is stored',
    async (details, key) => {
      const before = (await mySubmissions()).length;
      const warned = await raise({ ...valid, details }, key);
      expect(warned.status).toBe(422);
      expect(String(warned.body.warnings)).toContain('a person\u2019s name');
      expect(String(warned.body.warnings)).not.toMatch(/Tom|Chloe/);
      expect((await mySubmissions()).length).toBe(before);
    },
  );

  it('when the request has no idempotency key, then it is refused with a message saying what to send', async () => {
    const res = await raise(valid, undefined);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({
      error: { message: expect.stringMatching(/Idempotency-Key/) },
    });
  });

  it('when the add-in sends an email to start a KLOE from, then the answers come back with identifying details taken out, and nothing is stored', async () => {
    const before = await h.service.database.executeSql('SELECT count(*)::int AS n FROM kloes');
    const res = await h.api(ash, 'POST', '/api/kloes/from-email', {
      subject: 'FW: Missed strategy meeting',
      body: 'Health were not invited. Ring Mrs Jones on 07700 900123.\n\nRegards,\nSam',
      sender: { name: 'Sam Sender', email: 'sam@example.org' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      values: {
        // Their own organisation, as the partnership's agency list spells it (the directory
        // writes "Early Years").
        organisation: 'Colleges, schools and early years settings',
        contactOfficer: ash.displayName,
        subject: 'Missed strategy meeting',
        details: 'Health were not invited. Ring [name removed] on [phone number removed].',
      },
      removed: ['name', 'phone-number'],
      shortened: false,
      notices: [
        'Pathways took out a person\u2019s name and a phone number, marked like [name removed].',
      ],
    });
    const after = await h.service.database.executeSql('SELECT count(*)::int AS n FROM kloes');
    expect(after.rows).toEqual(before.rows);
  });

  it('when the email names a child with a school year, date of birth and address, then the pre-fill keeps no part of them', async () => {
    const res = await h.api(ash, 'POST', '/api/kloes/from-email', {
      subject: 'Tom Brown',
      body: 'Tom Brown (Year 9, DOB 02/03/2012) of 4 Park Road was not seen for a month.',
      sender: { name: 'Sam Sender', email: 'sam@example.org' },
    });
    expect(res.status).toBe(200);
    const prefill = res.body as { values: Record<string, string>; removed: string[] };
    expect(prefill.values.subject).toBe('[name removed]');
    expect(prefill.values.details).toBe(
      '[name removed] (Year 9, [date of birth removed]) of [address removed] was not seen for a month.',
    );
    expect(JSON.stringify(prefill.values)).not.toMatch(/Tom|Brown|Park Road|2012/);
    expect(prefill.removed).toEqual(['name', 'date-of-birth', 'address']);
  });

  it('when the directory names the organisation by a former name, then the agency is filled in by its current name', async () => {
    // Evan's directory entry says "Hartlepool Local Authority", a former name of the council.
    const res = await h.api(h.persona('Executive'), 'POST', '/api/kloes/from-email', {
      subject: 'Strategy meetings',
      body: 'Health were not invited.',
    });
    expect(res.status).toBe(200);
    expect((res.body as { values: Record<string, string> }).values.organisation).toBe(
      'Hartlepool Borough Council',
    );
  });

  it('when the email sent to start from is not text, then it is refused saying what to send', async () => {
    const res = await h.api(ash, 'POST', '/api/kloes/from-email', { subject: 42 });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: { message: expect.stringMatching(/subject, body/) } });
  });

  it('when the add-in asks for the KLOE and lead forms, then they come from their declarations with the partnership’s lists', async () => {
    const kloe = (await h.api(ash, 'GET', '/api/forms/kloe')).body as FormDescription;
    expect(kloe.fields.map((f) => f.id)).toEqual([
      'organisation',
      'contactOfficer',
      'subject',
      'theme',
      'details',
      'actionWanted',
      'copyPartner',
    ]);
    expect(kloe.fields[0]!.choices).toContainEqual({
      value: 'Cleveland Police',
      title: 'Cleveland Police',
    });
    const cascade = (await h.api(ash, 'GET', '/api/forms/briefing.cascade'))
      .body as FormDescription;
    expect(cascade.fields.find((f) => f.id === 'method')?.choices?.map((c) => c.title)).toEqual([
      'Team meeting',
      'Email',
      'Intranet',
      'Supervision',
      'Training',
    ]);
    expect((await h.api(ash, 'GET', '/api/forms/briefing.impact')).status).toBe(200);
  });
});
