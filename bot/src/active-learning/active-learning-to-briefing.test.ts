import {
  addCalendarDays,
  BRIEFING_HEADER,
  loadPartnership,
  londonDate,
  type ActiveLearningDetail,
  type AgencyBriefingStatus,
  type BriefingRecipientStatus,
  type BriefingAudience,
  type BriefingStatus,
  type LeadBriefing,
  type NominationRequest,
  type ProposedTimes,
} from '@pathways/core';
import { BUSINESS_UNIT_MAILBOX, type Persona } from '@pathways/sandbox';
import { startHarness, type Harness } from '../test-support/harness';

// Issue 7's must-show, as one story against the sandbox tenant enforcing Microsoft 365's
// limits: the Business Unit plans an Active Learning Set from an Engine Room plan, two
// agencies' leads nominate by Teams card, the set is scheduled and held, then a briefing
// note goes to every HSSCP lead; two leads of different agencies (a persona and a lead who
// is only in the directory) acknowledge and record their cascade, the Business Unit sees
// it, and a week later everyone else is reminded once. Every step goes through a public
// interface (the REST API as each person, Teams activities, the sandbox's Graph state);
// only the hourly reminder check is called directly, with the clock a week on.

const hsscp = loadPartnership('hsscp');
const POLICE = 'Cleveland Police';
const SCHOOLS = 'Colleges, schools and early years settings';
const DAY = 86_400_000;
const today = londonDate(new Date());
const inDays = (n: number) => addCalendarDays(today, n);

const note = {
  title: 'Learning from Active Learning: neglect of adolescents',
  kind: 'proactive',
  theme: 'Neglect',
  identifiedLearning: 'Agencies recognise neglect of teenagers later than of younger children.',
  recommendations: [
    'Use the neglect toolkit for young people aged 13 to 17.',
    'Share concerns about neglect within one working day.',
  ],
  proposedActions: 'Brief every team by the end of the month.',
};

type CardJson = { fallbackText?: string };
interface MessageView {
  subject: string;
  to: string[];
  bcc: string[];
  customHeaders: { name: string; value: string }[];
}
interface SandboxView {
  personalChats: {
    member: { id: string; name: string };
    activities: { attachments: { content: CardJson }[] }[];
  }[];
  mailboxes: {
    userId: string;
    address: string;
    folders: { name: string; messages: MessageView[] }[];
  }[];
  calendars: {
    displayName: string;
    events: { subject: string; attendees: string[]; joinUrl: string | null }[];
  }[];
  activityFeeds: {
    userId: string;
    notifications: { activityType: string; previewText?: string; topic: string }[];
  }[];
}

/** Polls until the probe answers (no fixed waits); long enough for a slow 2-core machine. */
async function until<T>(probe: () => Promise<T | undefined>, what: string, seconds = 90) {
  for (let i = 0; i < seconds * 5; i += 1) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

let h: Harness;
const view = async () => (await h.state()) as unknown as SandboxView;

/** A REST call whose status the story relies on. */
async function call<T>(
  who: Persona,
  method: string,
  path: string,
  expected: number,
  body?: object,
): Promise<T> {
  const res = await h.api(who, method, path, body);
  if (res.status !== expected)
    throw new Error(
      `${method} ${path} as ${who.displayName}: ${res.status} ${JSON.stringify(res.body)}`,
    );
  return res.body as T;
}

/** A Teams invoke (card action or people search) whose HTTP status must be 200. */
async function teams<T>(activity: object): Promise<T> {
  const res = await h.send(activity);
  expect(res.status).toBe(200);
  return (res.body as { value: T }).value;
}

beforeAll(async () => {
  h = await startHarness({ SANDBOX_LIMITS: 'enforce', BRIEFING_REMINDER_INTERVAL_DAYS: '7' });
}, 240_000);
afterAll(() => h.close());

describe('From an Active Learning Set to a briefing cascaded, acknowledged and reminded (issue 7)', () => {
  it('when a set is planned, nominated, scheduled and held, and its briefing is sent, acknowledged and cascaded by two leads, then the Business Unit sees both agencies and everyone else is reminded exactly once', async () => {
    const pat = h.persona('Practitioner');
    const billie = h.persona('BusinessUnit');
    const eli = h.persona('EngineRoom');
    const ash = h.persona('AgencyLead');

    // 1. A KLOE raised in Teams, and a focus group planned for it by the Engine Room.
    const patChat = await h.openPersonalChat(pat);
    await teams(
      h.cardAction(pat, patChat, 'chain-kloe', 'kloe.submit', {
        form: 'kloe',
        organisation: POLICE,
        contactOfficer: 'Pat Practitioner',
        subject: 'Neglect of adolescents is recognised late',
        theme: 'Neglect',
        details: 'Agencies recognise neglect of teenagers later than of younger children.',
        actionWanted: 'Learn from practitioners across agencies.',
      }),
    );
    const kloeId = await until(async () => {
      const queue = await call<{ items: { id: string }[] }>(
        billie,
        'GET',
        '/api/queue?type=kloe',
        200,
      );
      return queue.items[0]?.id;
    }, 'the KLOE on the queue');
    const planned = await call<{ activities: { id: string }[] }>(
      eli,
      'POST',
      `/api/records/kloe/${kloeId}/activities`,
      201,
      {
        kind: 'focus-group',
        description: 'How agencies recognise neglect of adolescents.',
        owner: 'Eli EngineRoom',
        startDate: inDays(30),
        endDate: inDays(44),
      },
    );
    const activityId = planned.activities[0]!.id;

    // 2. The Business Unit plans the set from that plan and asks two agencies to nominate.
    const created = await call<ActiveLearningDetail>(billie, 'POST', '/api/active-learning', 201, {
      plan: { recordType: 'kloe', recordId: kloeId, activityId },
      agencies: [SCHOOLS, POLICE],
      values: {
        theme: 'Neglect',
        kind: 'focus-group',
        description: 'How agencies recognise neglect of adolescents.',
        plannedFrom: inDays(30),
        plannedTo: inDays(44),
        nominationsBy: inDays(14),
      },
    });
    const setId = created.id;
    const asked = created.agencies.flatMap((a) => a.leads);
    expect(created.agencies.find((a) => a.agency === POLICE)?.leads).toEqual(
      expect.arrayContaining(['Cleveland Police Lead 1', 'Cleveland Police Lead 2']),
    );

    // The second lead is a real directory identity, not a persona: found through the
    // directory lookup, then signed in by the sandbox as themselves.
    const police = await call<{ value: string; title: string }[]>(
      eli,
      'GET',
      `/api/people?agency=${encodeURIComponent(POLICE)}&q=${encodeURIComponent('cleveland')}`,
      200,
    );
    const directoryLead = (name: string): Persona => {
      const found = police.find((p) => p.title === name);
      if (!found) throw new Error(`${name} is not in the directory`);
      return { ...ash, id: found.value, displayName: name, agency: POLICE };
    };
    const policeLead1 = directoryLead('Cleveland Police Lead 1');
    const policeLead2 = directoryLead('Cleveland Police Lead 2');

    // Each lead asked gets a Teams card to nominate from.
    const cards = await until(async () => {
      const found = (await view()).personalChats.flatMap((c) =>
        c.activities
          .map((a) => ({ member: c.member, card: a.attachments[0]?.content }))
          .filter((x) =>
            x.card?.fallbackText?.startsWith('Active Learning: nominate representatives'),
          ),
      );
      return found.length === asked.length ? found : undefined;
    }, 'a nomination card for every lead asked');
    expect(cards.map((c) => c.member.id)).toEqual(expect.arrayContaining([ash.id, policeLead1.id]));

    // 3. Each lead finds a colleague by typing in the card, and nominates them.
    const nominateByCard = async (lead: Persona, query: string, name: string) => {
      const chat = await h.openPersonalChat(lead);
      const search = await teams<{ results: { title: string; value: string }[] }>(
        h.invoke(lead, chat, `chain-search-${lead.id}`, 'application/search', {
          dataset: 'pathways.people.my-organisation',
          queryText: query,
          queryOptions: { top: 15, skip: 0 },
        }),
      );
      const nominee = search.results.find((r) => r.title === name);
      if (!nominee)
        throw new Error(`${lead.displayName} cannot find ${name}: ${JSON.stringify(search)}`);
      const thanks = await teams<CardJson>(
        h.cardAction(lead, chat, `chain-nominate-${lead.id}`, 'active-learning.nominate', {
          setId,
          nominee1: nominee.value,
        }),
      );
      expect(thanks.fallbackText).toBe('Active Learning: nominations sent (Neglect)');
      return nominee.value;
    };
    const schoolsNominee = await nominateByCard(ash, 'schools', 'Schools Lead 1');
    const policeNominee = await nominateByCard(policeLead1, 'cleveland', 'Cleveland Police Lead 2');
    expect(policeNominee).toBe(policeLead2.id);

    // The Business Unit sees a nomination from each agency; the lead sees theirs (add-in).
    const nominated = await call<ActiveLearningDetail>(
      billie,
      'GET',
      `/api/active-learning/${setId}`,
      200,
    );
    expect(nominated.agenciesNominated).toBe(2);
    const byAgency = Object.fromEntries(nominated.agencies.map((a) => [a.agency, a]));
    expect(byAgency[SCHOOLS]).toMatchObject({
      status: 'nominated',
      nominations: [{ personId: schoolsNominee, nominatedBy: ash.displayName }],
    });
    expect(byAgency[POLICE]).toMatchObject({
      status: 'nominated',
      nominations: [{ personId: policeLead2.id, nominatedBy: 'Cleveland Police Lead 1' }],
    });
    const mine = await call<NominationRequest[]>(
      policeLead1,
      'GET',
      '/api/active-learning/nominations/mine',
      200,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        setId,
        agency: POLICE,
        nominated: [{ personId: policeLead2.id, name: 'Cleveland Police Lead 2' }],
      }),
    ]);

    // 4. Scheduled at a time the nominees and organisers are free, as a Teams meeting.
    const proposed = await call<ProposedTimes>(
      billie,
      'GET',
      `/api/active-learning/${setId}/proposed-times?from=${inDays(30)}&to=${inDays(37)}&minutes=120`,
      200,
    );
    expect(proposed.people).toEqual(
      expect.arrayContaining(['Schools Lead 1', 'Cleveland Police Lead 2']),
    );
    const slot = proposed.times[0]!;
    await call(billie, 'POST', `/api/active-learning/${setId}/meeting`, 201, slot);
    const meeting = await until(async () => {
      const { meeting: m } = await call<ActiveLearningDetail>(
        billie,
        'GET',
        `/api/active-learning/${setId}`,
        200,
      );
      return m?.state === 'created' ? m : undefined;
    }, 'the Teams meeting created');
    const events = (await view()).calendars
      .find((c) => c.displayName === 'HSSCP Business Unit')!
      .events.filter((e) => e.subject.startsWith('Active Learning'));
    expect(events).toEqual([
      expect.objectContaining({
        joinUrl: meeting.joinUrl,
        attendees: expect.arrayContaining([
          'schools.lead.1@hsscp.sandbox.example',
          'cleveland.police.lead.2@hsscp.sandbox.example',
        ]),
      }),
    ]);

    // 5. The set is held; attendance recorded.
    const held = await call<ActiveLearningDetail>(
      billie,
      'POST',
      `/api/active-learning/${setId}/attendance`,
      200,
      { attended: nominated.agencies.flatMap((a) => a.nominations.map((n) => n.id)) },
    );
    expect(held.status).toBe('held');
    expect(held.agencies.flatMap((a) => a.nominations.map((n) => n.attended))).toEqual([
      true,
      true,
    ]);

    // 6. The briefing note from the set goes to every HSSCP lead.
    const draft = await call<BriefingStatus>(billie, 'POST', '/api/briefings', 201, note);
    const audience = await call<BriefingAudience>(billie, 'GET', '/api/briefings/audience', 200);
    await call(billie, 'POST', `/api/briefings/${draft.id}/send`, 200, {
      audience: { leads: audience.leads, agencies: audience.agencies },
    });
    const sent = await until(async () => {
      const s = await call<BriefingStatus>(billie, 'GET', `/api/briefings/${draft.id}`, 200);
      return s.status === 'sent' ? s : undefined;
    }, 'the briefing sent');
    expect(sent.agencies).toBe(hsscp.circulationLists.agencyLeads.length);
    expect(sent.delivery).toEqual({ queued: 0, sent: sent.recipients, failed: 0 });
    expect(sent.agencyStatus.every((a) => a.acknowledged === 0 && a.cascades.length === 0)).toBe(
      true,
    );

    // Every lead's inbox holds exactly one copy carrying the briefing's id.
    const afterSending = await view();
    const copies = (box: SandboxView['mailboxes'][number]) =>
      (box.folders.find((f) => f.name === 'Inbox')?.messages ?? []).filter((m) =>
        // Header names are case-insensitive (RFC 5322): MIME writes X-Pathways-Briefing.
        m.customHeaders.some(
          (c) => c.name.toLowerCase() === BRIEFING_HEADER && c.value === sent.id,
        ),
      );
    const leadBoxes = afterSending.mailboxes.filter((b) => copies(b).length > 0);
    expect(leadBoxes.map((b) => copies(b).length)).toEqual(leadBoxes.map(() => 1));
    expect(leadBoxes).toHaveLength(sent.recipients);
    const recipientIds = leadBoxes.map((b) => b.userId);
    expect(recipientIds).toEqual(
      expect.arrayContaining([ash.id, policeLead1.id, policeLead2.id, schoolsNominee]),
    );
    const sentItems = afterSending.mailboxes
      .find((b) => b.userId === BUSINESS_UNIT_MAILBOX.id)!
      .folders.find((f) => f.name === 'Sent Items')!
      .messages.filter((m) => m.customHeaders.some((c) => c.value === sent.id));
    expect(sentItems).toHaveLength(sent.messages.total);

    // 7. Two leads of different agencies open it, acknowledge and record their cascade.
    const leadActs = async (lead: Persona, agency: string, staffReached: number) => {
      const opened = await call<LeadBriefing>(lead, 'GET', `/api/lead/briefings/${sent.id}`, 200);
      expect(opened).toMatchObject({ agency, you: { acknowledgedAt: null } });
      const acked = await call<LeadBriefing>(
        lead,
        'POST',
        `/api/lead/briefings/${sent.id}/acknowledgement`,
        200,
        {},
      );
      expect(acked.you.acknowledgedAt).not.toBeNull();
      const cascaded = await call<LeadBriefing>(
        lead,
        'POST',
        `/api/lead/briefings/${sent.id}/cascades`,
        200,
        { method: 'team-meeting', on: londonDate(new Date()), staffReached },
      );
      expect(cascaded.agencyProgress.cascades).toEqual([
        expect.objectContaining({ recordedBy: lead.displayName, staffReached }),
      ]);
    };
    await leadActs(ash, SCHOOLS, 40);
    await leadActs(policeLead1, POLICE, 120);

    // The other Cleveland Police lead sees their agency's cascade, and not their own acknowledgement.
    const colleague = await call<LeadBriefing>(
      policeLead2,
      'GET',
      `/api/lead/briefings/${sent.id}`,
      200,
    );
    expect(colleague).toMatchObject({
      you: { acknowledgedAt: null },
      agencyProgress: { acknowledgedBy: [{ name: 'Cleveland Police Lead 1' }] },
    });

    // 8. The Business Unit's view shows both agencies' acknowledgement and cascade.
    const status = await call<BriefingStatus>(billie, 'GET', `/api/briefings/${sent.id}`, 200);
    const row = (agency: string) => status.agencyStatus.find((a) => a.agency === agency)!;
    expect(row(SCHOOLS)).toMatchObject({
      acknowledged: 1,
      staffReached: 40,
      cascades: [expect.objectContaining({ method: 'team-meeting', staffReached: 40 })],
      impactReportedOn: [],
    });
    expect(row(POLICE)).toMatchObject({
      acknowledged: 1,
      staffReached: 120,
      cascades: [expect.objectContaining({ method: 'team-meeting', staffReached: 120 })],
    });
    const others = status.agencyStatus.filter((a) => a.agency !== SCHOOLS && a.agency !== POLICE);
    expect(others.every((a) => a.acknowledged === 0 && a.cascades.length === 0)).toBe(true);
    const recipients = await call<BriefingRecipientStatus[]>(
      billie,
      'GET',
      `/api/briefings/${sent.id}/recipients`,
      200,
    );
    expect(
      recipients
        .filter((r) => r.acknowledgedAt !== null)
        .map((r) => r.name)
        .sort(),
    ).toEqual([ash.displayName, 'Cleveland Police Lead 1'].sort());

    // 9. A week later: everyone who has not acknowledged is reminded to; the two leads,
    // whose agencies have cascaded, are reminded of the next step, reporting impact.
    const weekLater = new Date(Date.now() + 7 * DAY + 60_000);
    const decided = (await h.service.briefings.checkReminders(weekLater)).filter(
      (d) => d.briefingId === sent.id,
    );
    const twoLeads = [ash.id, policeLead1.id];
    const stepOf = Object.fromEntries(decided.map((d) => [d.userId, d.step]));
    expect(decided).toHaveLength(sent.recipients);
    expect(Object.keys(stepOf).sort()).toEqual([...recipientIds].sort());
    for (const id of recipientIds)
      expect([id, stepOf[id]]).toEqual([id, twoLeads.includes(id) ? 'report' : 'acknowledge']);

    // Checking again at once, or a day later, reminds no one.
    expect(await h.service.briefings.checkReminders(weekLater)).toEqual([]);
    expect(await h.service.briefings.checkReminders(new Date(weekLater.getTime() + DAY))).toEqual(
      [],
    );

    // Each reminded lead's Teams activity feed shows exactly one reminder, and no one else's.
    const feeds = await until(
      async () => {
        const state = await view();
        const reminded = state.activityFeeds.filter((f) =>
          f.notifications.some((n) => n.activityType === 'briefingReminder'),
        );
        return reminded.length >= recipientIds.length ? reminded : undefined;
      },
      'the reminders in the leads\u2019 activity feeds',
      120,
    );
    expect(feeds.map((f) => f.userId).sort()).toEqual([...recipientIds].sort());
    for (const feed of feeds) {
      const reminders = feed.notifications.filter((n) => n.activityType === 'briefingReminder');
      expect([feed.userId, reminders.length]).toEqual([feed.userId, 1]);
      // The preview names the step only; the topic is the briefing's title.
      expect(reminders[0]).toMatchObject({
        previewText: twoLeads.includes(feed.userId)
          ? 'Reminder: please report the change and its impact against each recommendation.'
          : 'Reminder: please acknowledge it.',
        topic: note.title,
      });
    }

    // The Business Unit sees every agency reminded.
    const reminded = await call<BriefingStatus>(billie, 'GET', `/api/briefings/${sent.id}`, 200);
    expect(
      reminded.agencyStatus.filter((a: AgencyBriefingStatus) => a.lastReminderAt === null),
    ).toEqual([]);

    // Nothing went over a limit the sandbox enforces.
    expect(h.service.sandbox!.limitBreaches()).toEqual([]);
  }, 300_000);
});
