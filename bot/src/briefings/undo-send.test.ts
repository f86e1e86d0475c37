import {
  BRIEFING_HEADER,
  type BriefingAudience,
  type BriefingStatus,
  type RecommendationList,
} from '@pathways/core';
import { BUSINESS_UNIT_MAILBOX } from '@pathways/sandbox';
import { startHarness, type Harness } from '../test-support/harness';
import { until } from '../test-support/until';

const UNDO_SECONDS = 4;

const note = {
  title: 'Learning from a rapid review: neglect',
  kind: 'reactive',
  theme: 'Neglect',
  identifiedLearning: 'Concerns about neglect were not shared early enough.',
  recommendations: ['Share concerns within one working day.'],
  proposedActions: 'Brief every team by the end of the month.',
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Messages carrying the briefing in the Business Unit's Sent Items (the sandbox's mailbox). */
async function sentCopies(h: Harness, briefingId: string): Promise<number> {
  const state = (await (await fetch(`${h.sandboxUrl}/api/state`)).json()) as {
    mailboxes: {
      userId: string;
      folders: { name: string; messages: { customHeaders: { name: string; value: string }[] }[] }[];
    }[];
  };
  const sent =
    state.mailboxes
      .find((m) => m.userId === BUSINESS_UNIT_MAILBOX.id)
      ?.folders.find((f) => f.name === 'Sent Items')?.messages ?? [];
  return sent.filter((m) =>
    // Header names are case-insensitive (RFC 5322): MIME writes X-Pathways-Briefing.
    m.customHeaders.some((c) => c.name.toLowerCase() === BRIEFING_HEADER && c.value === briefingId),
  ).length;
}

describe('Sending a briefing to every lead is deliberate and can be undone for a short time', () => {
  let h: Harness;
  let audience: { leads: number; agencies: number };
  const billie = () => h.persona('BusinessUnit');
  const draft = async () => {
    const created = await h.api(billie(), 'POST', '/api/briefings', note);
    expect(created.status).toBe(201);
    return (created.body as BriefingStatus).id;
  };

  beforeAll(async () => {
    h = await startHarness({ BRIEFING_UNDO_SECONDS: String(UNDO_SECONDS) });
    const shown = await h.api(billie(), 'GET', '/api/briefings/audience');
    expect(shown.status).toBe(200);
    const body = shown.body as BriefingAudience;
    expect(body.undoSeconds).toBe(UNDO_SECONDS);
    expect(body.leads).toBeGreaterThan(0);
    expect(body.agencies).toBeGreaterThan(0);
    expect(body.text).toBe(`${body.leads} leads in ${body.agencies} agencies`);
    audience = { leads: body.leads, agencies: body.agencies };
  }, 120_000);
  afterAll(() => h.close());

  it('when the send does not repeat the audience shown, or the audience has changed, then nothing is sent and it says why', async () => {
    const id = await draft();
    const unconfirmed = await h.api(billie(), 'POST', `/api/briefings/${id}/send`, {});
    expect(unconfirmed.status).toBe(422);
    expect(JSON.stringify(unconfirmed.body)).toContain('Confirm who it goes to');
    const stale = await h.api(billie(), 'POST', `/api/briefings/${id}/send`, {
      audience: { leads: audience.leads + 1, agencies: audience.agencies },
    });
    expect(stale.status).toBe(409);
    expect(JSON.stringify(stale.body)).toContain(
      `it would now go to ${audience.leads} leads in ${audience.agencies} agencies`,
    );
    const status = await h.api(billie(), 'GET', `/api/briefings/${id}`);
    expect((status.body as BriefingStatus).status).toBe('draft');
  });

  it('when sending is cancelled within the window, then no message ever leaves and the briefing is a draft again', async () => {
    const id = await draft();
    const sent = await h.api(billie(), 'POST', `/api/briefings/${id}/send`, { audience });
    expect(sent.status).toBe(200);
    const sending = sent.body as BriefingStatus;
    expect(sending.status).toBe('sending');
    expect(Date.parse(sending.cancellableUntil!)).toBeGreaterThan(Date.now());

    const cancelled = await h.api(billie(), 'POST', `/api/briefings/${id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body).toMatchObject({ status: 'draft', cancellableUntil: null });

    // Well past the window: the scheduled cascade found nothing to do.
    await sleep((UNDO_SECONDS + 4) * 1000);
    expect(await sentCopies(h, id)).toBe(0);
    const later = (await h.api(billie(), 'GET', `/api/briefings/${id}`)).body as BriefingStatus;
    expect(later).toMatchObject({ status: 'draft', recipients: 0, messages: { total: 0 } });
    const again = await h.api(billie(), 'POST', `/api/briefings/${id}/cancel`, {});
    expect(again.status).toBe(409);
  }, 60_000);

  it('when nobody cancels, then nothing leaves before the window ends, it is sent after it, and cancelling then is refused', async () => {
    const id = await draft();
    const sent = await h.api(billie(), 'POST', `/api/briefings/${id}/send`, { audience });
    const until_ = Date.parse((sent.body as BriefingStatus).cancellableUntil!);
    await sleep(Math.max(0, until_ - Date.now() - 1500));
    expect(await sentCopies(h, id)).toBe(0);

    const status = await until(async () => {
      const s = (await h.api(billie(), 'GET', `/api/briefings/${id}`)).body as BriefingStatus;
      return s.status === 'sent' ? s : undefined;
    }, 'the briefing to be sent');
    expect(status.recipients).toBe(audience.leads);
    expect(await sentCopies(h, id)).toBe(status.messages.total);
    const tooLate = await h.api(billie(), 'POST', `/api/briefings/${id}/cancel`, {});
    expect(tooLate.status).toBe(409);
    expect(JSON.stringify(tooLate.body)).toContain('Too late to cancel');

    // Sent: its recommendation is tracked with every other source's, once.
    const list = await h.api(
      h.persona('DevelopmentManager'),
      'GET',
      '/api/recommendations?source=briefing',
    );
    const fromThis = (list.body as RecommendationList).items.filter(
      (r) => r.sourceRecord.id === id,
    );
    expect(fromThis).toHaveLength(1);
    expect(fromThis[0]).toMatchObject({
      text: note.recommendations[0],
      sourceTitle: 'Briefing',
      sourceRecord: { type: 'briefing', reference: status.reference },
      owningAgency: 'All agencies',
      theme: 'Neglect',
    });
  }, 90_000);

  it('when a send is cancelled, then none of its recommendations is tracked', async () => {
    const id = await draft();
    await h.api(billie(), 'POST', `/api/briefings/${id}/send`, { audience });
    await h.api(billie(), 'POST', `/api/briefings/${id}/cancel`, {});
    await sleep((UNDO_SECONDS + 3) * 1000);
    const list = await h.api(
      h.persona('DevelopmentManager'),
      'GET',
      '/api/recommendations?source=briefing',
    );
    expect((list.body as RecommendationList).items.some((r) => r.sourceRecord.id === id)).toBe(
      false,
    );
  }, 60_000);
});
