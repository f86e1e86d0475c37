import {
  currentAgencyName,
  loadPartnership,
  type BriefingStatus,
  type LeadBriefing,
  type NewsletterVersion,
  type NewsletterView,
} from '@pathways/core';
import { BUSINESS_UNIT_MAILBOX, SANDBOX_PERSONAS } from '@pathways/sandbox';
import { sql } from 'kysely';
import { executorFor } from '../platform/db/database';
import { GRAPH_SIDE_EFFECTS_QUEUE } from '../platform/graph/side-effects';
import {
  audience,
  folder,
  isBriefingHeader,
  mailState,
  note,
  receivedMime,
  sendBriefing,
} from '../test-support/briefing-mail';
import { startHarness, type Harness } from '../test-support/harness';
import { until } from '../test-support/until';
import { PREPARE_CASCADE_QUEUE } from './briefing-store';

describe('Cascading a briefing to every agency lead (sandbox enforcing Exchange limits)', () => {
  let h: Harness;
  beforeAll(async () => {
    // 20 leads per agency: more than one message's 500 recipients.
    h = await startHarness({ SANDBOX_LIMITS: 'enforce' }, { sandboxLeadsPerAgency: 20 });
  });
  afterAll(() => h.close());

  it('when the Business Unit sends a briefing, then every lead gets it once, in messages of at most 500 Bcc recipients carrying the briefing id, with delivery recorded per recipient', async () => {
    const status = await sendBriefing(h);
    const hsscp = loadPartnership('hsscp');
    expect(status.agencies).toBe(hsscp.circulationLists.agencyLeads.length);
    expect(status.recipients).toBeGreaterThan(500);
    expect(status.messages).toEqual({
      total: Math.ceil(status.recipients / 500),
      sent: Math.ceil(status.recipients / 500),
    });
    expect(status.delivery).toEqual({ queued: 0, sent: status.recipients, failed: 0 });
    expect(status.agencyStatus.reduce((n, a) => n + a.delivered, 0)).toBe(status.recipients);
    const perRecipient = await h.api(
      h.persona('BusinessUnit'),
      'GET',
      `/api/briefings/${status.id}/recipients`,
    );
    expect(perRecipient.body).toHaveLength(status.recipients);
    expect((perRecipient.body as { delivery: string }[]).every((r) => r.delivery === 'sent')).toBe(
      true,
    );

    const state = await mailState(h);
    const sent = folder(state, BUSINESS_UNIT_MAILBOX.id, 'Sent Items').filter((m) =>
      m.customHeaders.some((c) => isBriefingHeader(c, status.id)),
    );
    expect(sent).toHaveLength(status.messages.total);
    for (const m of sent) {
      expect(m.to.length + m.bcc.length).toBeLessThanOrEqual(500);
      expect(m.to).toEqual([]);
    }
    const bcc = sent.flatMap((m) => m.bcc.map((a) => a.toLowerCase()));
    expect(new Set(bcc).size).toBe(status.recipients);

    // Every lead's inbox: exactly one copy, with the header the add-in reads.
    const ash = SANDBOX_PERSONAS.find((p) => p.roles.includes('AgencyLead'))!;
    const leadInboxes = state.mailboxes.filter((m) => bcc.includes(m.address.toLowerCase()));
    expect(leadInboxes).toHaveLength(status.recipients);
    for (const box of leadInboxes) {
      const copies = box.folders
        .find((f) => f.name === 'Inbox')!
        .messages.filter((m) => m.customHeaders.some((c) => isBriefingHeader(c, status.id)));
      expect(copies).toHaveLength(1);
      expect(copies[0]!.bcc).toEqual([]);
    }
    expect(bcc).toContain(ash.mail.toLowerCase());

    // What Ash's mail program receives: a plain-text part beside the HTML, the logo inline,
    // the large-print copy attached, the briefing's id in its header, and no Bcc list.
    const mime = await receivedMime(h, ash.id, status.id);
    // Header names are case-insensitive (RFC 5322) and a token needs no quotes (RFC 2045).
    expect(mime).toMatch(new RegExp(`^x-pathways-briefing: ${status.id}\r?$`, 'im'));
    expect(mime).toMatch(/Content-Type: multipart\/alternative/);
    expect(mime).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(mime).toMatch(/Content-Type: text\/html; charset=utf-8\r\n/);
    expect(mime).toMatch(/Content-ID: <partnership-logo>/);
    expect(mime).toMatch(
      /Content-Disposition: attachment; filename="?BRF-\d{4}-\d{4}-large-print\.html"?/,
    );
    expect(mime).not.toMatch(/^Bcc:/im);
    // No caller went over a limit the sandbox enforces.
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 120_000);

  it('when a briefing note names a child by first name with a school year, then it is refused naming the kind, never the child, and nothing is kept', async () => {
    const billie = h.persona('BusinessUnit');
    const refused = await h.api(billie, 'POST', '/api/briefings', {
      ...note,
      title: 'Learning from a rapid review: exclusions',
      identifiedLearning:
        'Tom Brown (Year 9) was excluded three times and nobody told social care.',
    });
    expect(refused.status).toBe(422);
    const text = JSON.stringify(refused.body);
    expect(text).toContain('Take out a person\u2019s name');
    expect(text).not.toMatch(/Tom|Brown/);
    const listed = await h.api(billie, 'GET', '/api/briefings');
    expect(JSON.stringify(listed.body)).not.toContain('exclusions');
  });

  it('when a worker crashed after a message was sent and before it was marked done, then running the jobs again sends nothing twice', async () => {
    const status = await sendBriefing(h);
    const db = h.service.database.db;
    const before = await mailState(h);
    const sentBefore = folder(before, BUSINESS_UNIT_MAILBOX.id, 'Sent Items').length;
    // As if the worker died after Graph accepted the send: the effect is pending again,
    // with no progress saved. Its job and the cascade's own job run again.
    const effects = await db
      .selectFrom('briefing_messages')
      .select('effect_id')
      .where('briefing_id', '=', status.id)
      .execute();
    await db
      .updateTable('graph_side_effects')
      .set({ status: 'pending', progress: '{}' })
      .where(
        'id',
        'in',
        effects.map((e) => e.effect_id),
      )
      .execute();
    await db.transaction().execute(async (trx) => {
      for (const e of effects)
        await h.service.jobs.enqueue(executorFor(trx), GRAPH_SIDE_EFFECTS_QUEUE, {
          effectId: e.effect_id,
        });
      await h.service.jobs.enqueue(executorFor(trx), PREPARE_CASCADE_QUEUE, {
        briefingId: status.id,
      });
    });
    h.service.jobs.wake(GRAPH_SIDE_EFFECTS_QUEUE);
    await until(async () => {
      const pending = await db
        .selectFrom('graph_side_effects')
        .select(sql<number>`count(*)::int`.as('n'))
        .where(
          'id',
          'in',
          effects.map((e) => e.effect_id),
        )
        .where('status', '=', 'pending')
        .executeTakeFirstOrThrow();
      return pending.n === 0 ? true : undefined;
    }, 'the repeated jobs to finish');
    const results = await db
      .selectFrom('graph_side_effects')
      .select('result')
      .where(
        'id',
        'in',
        effects.map((e) => e.effect_id),
      )
      .execute();
    expect(results.map((r) => (r.result as { status: string }).status)).toEqual(
      effects.map(() => 'already-sent'),
    );
    const after = await mailState(h);
    expect(folder(after, BUSINESS_UNIT_MAILBOX.id, 'Sent Items')).toHaveLength(sentBefore);
    const messages = await db
      .selectFrom('briefing_messages')
      .select('chunk')
      .where('briefing_id', '=', status.id)
      .execute();
    expect(messages).toHaveLength(status.messages.total);
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 120_000);

  it('when a cascade stalled in "sending" with no job left to run it, then pressing send again resumes it and every lead gets one copy', async () => {
    const billie = h.persona('BusinessUnit');
    const created = await h.api(billie, 'POST', '/api/briefings', note);
    const id = (created.body as BriefingStatus).id;
    // As if its job had run out of retries: the briefing says sending, and nothing will send it.
    await h.service.database.db
      .updateTable('briefings')
      .set({ status: 'sending', send_requested_at: new Date(), send_requested_by_id: billie.id })
      .where('id', '=', id)
      .execute();
    const sentBefore = folder(await mailState(h), BUSINESS_UNIT_MAILBOX.id, 'Sent Items').length;

    const again = await h.api(billie, 'POST', `/api/briefings/${id}/send`, {
      audience: await audience(h),
    });

    expect(again.status).toBe(200);
    const status = await until(async () => {
      const { body } = await h.api(billie, 'GET', `/api/briefings/${id}`);
      return (body as BriefingStatus).status === 'sent' ? (body as BriefingStatus) : undefined;
    }, 'the resumed briefing to be sent');
    const sentItems = folder(await mailState(h), BUSINESS_UNIT_MAILBOX.id, 'Sent Items');
    expect(sentItems).toHaveLength(sentBefore + status.messages.total);
  }, 120_000);

  it('when a lead opens the briefing from its header, then they see it with their own agency, and can acknowledge and record the cascade', async () => {
    const status = await sendBriefing(h);
    const ash = h.persona('AgencyLead');
    // Ash's directory entry writes the agency with other capitals: shown by its one name.
    const agency = currentAgencyName(loadPartnership('hsscp'), ash.agency);
    expect(agency).toBe('Colleges, schools and early years settings');
    const view = await h.api(ash, 'GET', `/api/lead/briefings/${status.id}`);
    expect(view.status).toBe(200);
    expect(view.body).toMatchObject({
      id: status.id,
      agency,
      recommendations: [
        { number: 1, text: note.recommendations[0] },
        { number: 2, text: note.recommendations[1] },
      ],
      you: { acknowledgedAt: null },
    });
    const acked = await h.api(ash, 'POST', `/api/lead/briefings/${status.id}/acknowledgement`, {});
    expect((acked.body as LeadBriefing).you.acknowledgedAt).not.toBeNull();
    const cascaded = await h.api(ash, 'POST', `/api/lead/briefings/${status.id}/cascades`, {
      method: 'team-meeting',
      on: new Date().toISOString().slice(0, 10),
      staffReached: 35,
    });
    expect(cascaded.status).toBe(200);
    const billie = h.persona('BusinessUnit');
    const { body } = await h.api(billie, 'GET', `/api/briefings/${status.id}`);
    const row = (body as BriefingStatus).agencyStatus.find((a) => a.agency === agency)!;
    expect(row).toMatchObject({ acknowledged: 1, staffReached: 35 });
    expect(row.cascades).toEqual([expect.objectContaining({ method: 'team-meeting' })]);
  }, 120_000);
  it('when the Business Unit sends a saved newsletter as a briefing, pressing twice at once and once more after, then every lead gets exactly one copy carrying the header, and the later presses send nothing', async () => {
    const billie = h.persona('BusinessUnit');
    const path = '/api/reports/newsletter?year=2025&quarter=3';
    const { body: view } = await h.api(billie, 'GET', path);
    const draft = (view as NewsletterView).current;
    const saved = await h.api(billie, 'POST', path, {
      expectedVersion: 0,
      content: {
        ...draft.content,
        intro: 'Welcome to the winter edition.',
        sections: draft.content.sections.map(({ id, heading, text }) => ({ id, heading, text })),
      },
    });
    expect(saved.status).toBe(201);
    const version = (saved.body as NewsletterVersion).version;
    const confirmed = await audience(h);
    const press = () =>
      h.api(billie, 'POST', '/api/briefings/newsletter', {
        audience: confirmed,
        year: 2025,
        quarter: 3,
        version,
      });
    const [first, second] = await Promise.all([press(), press()]);
    expect([first.status, second.status].sort()).toEqual([200, 201]);
    const id = (first.body as BriefingStatus).id;
    expect((second.body as BriefingStatus).id).toBe(id);
    expect(first.body).toMatchObject({ kind: 'newsletter', recommendations: [] });
    const status = await until(async () => {
      const { body } = await h.api(billie, 'GET', `/api/briefings/${id}`);
      return (body as BriefingStatus).status === 'sent' ? (body as BriefingStatus) : undefined;
    }, 'the newsletter to be sent');
    expect(status.agencies).toBe(loadPartnership('hsscp').circulationLists.agencyLeads.length);
    expect(status.delivery).toEqual({ queued: 0, sent: status.recipients, failed: 0 });

    const again = await press();
    expect(again.status).toBe(200);
    expect((again.body as BriefingStatus).id).toBe(id);

    const state = await mailState(h);
    const subject = 'HSSCP newsletter: quarter three of 2025-2026';
    const sent = folder(state, BUSINESS_UNIT_MAILBOX.id, 'Sent Items').filter(
      (m) => m.subject === subject,
    );
    expect(sent).toHaveLength(status.messages.total);
    for (const m of sent) {
      expect(m.to).toEqual([]);
      expect(m.bcc.length).toBeLessThanOrEqual(500);
      expect(m.customHeaders.some((c) => isBriefingHeader(c, id))).toBe(true);
    }
    const bcc = sent.flatMap((m) => m.bcc.map((a) => a.toLowerCase()));
    expect(new Set(bcc).size).toBe(status.recipients);
    const leadInboxes = state.mailboxes.filter((m) => bcc.includes(m.address.toLowerCase()));
    expect(leadInboxes).toHaveLength(status.recipients);
    for (const box of leadInboxes) {
      const copies = box.folders
        .find((f) => f.name === 'Inbox')!
        .messages.filter((m) => m.subject === subject);
      expect(copies).toHaveLength(1);
      expect(copies[0]!.customHeaders.some((c) => isBriefingHeader(c, id))).toBe(true);
    }
    // One briefing for the quarter, whatever the presses.
    const rows = await h.service.database.db
      .selectFrom('briefings')
      .select('id')
      .where('newsletter_year', '=', 2025)
      .where('newsletter_quarter', '=', 3)
      .execute();
    expect(rows.map((r) => r.id)).toEqual([id]);

    // What a lead's mail program receives: the sections under headings, a plain-text part,
    // the large print attached.
    const ash = h.persona('AgencyLead');
    const mime = await receivedMime(h, ash.id, id);
    expect(mime).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(mime).toMatch(
      /Content-Disposition: attachment; filename="?BRF-\d{4}-\d{4}-large-print\.html"?/,
    );
    // The lead opens it from the header: the newsletter, no recommendations to report on.
    const lead = await h.api(ash, 'GET', `/api/lead/briefings/${id}`);
    expect(lead.status).toBe(200);
    const opened = lead.body as LeadBriefing;
    expect(opened).toMatchObject({ kind: 'newsletter', kindTitle: 'Quarterly newsletter' });
    expect(opened.recommendations).toEqual([]);
    if (opened.kind !== 'newsletter') throw new Error('not a newsletter');
    expect(opened.newsletter.intro).toBe('Welcome to the winter edition.');
    expect(opened.newsletter.sections.map((s) => s.heading)).toContain('Multi-agency Audit');
    const { body: after } = await h.api(billie, 'GET', path);
    expect((after as NewsletterView).sentAs).toMatchObject({ briefingId: id, version });
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 120_000);
});
