import { SANDBOX_PERSONAS, type SandboxServer } from '../index';
import { appToken, sandboxGraphClient, userGraphToken } from '../test/graphClient';
import { withSandbox } from '../test/helpers';

const dana = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'))!;
const eli = SANDBOX_PERSONAS.find((p) => p.roles[0] === 'EngineRoom')!;
const billie = SANDBOX_PERSONAS.find((p) => p.roles.includes('BusinessUnit'))!;

/** A Tuesday in July (British Summer Time, UTC+1) well in the future. */
const DAY = '2031-07-08';

function meeting(subject: string, from: string, to: string, extra: Record<string, unknown> = {}) {
  return {
    subject,
    body: { contentType: 'text', content: 'Active Learning Set: scoping session.' },
    start: { dateTime: `${DAY}T${from}:00`, timeZone: 'GMT Standard Time' },
    end: { dateTime: `${DAY}T${to}:00`, timeZone: 'GMT Standard Time' },
    attendees: [{ emailAddress: { address: eli.mail, name: eli.displayName }, type: 'required' }],
    ...extra,
  };
}

describe('Microsoft Graph calendar', () => {
  let sandbox: SandboxServer;
  let app: string;
  beforeAll(async () => {
    sandbox = await withSandbox();
    app = await appToken(sandbox);
  });
  afterAll(() => sandbox.close());

  it('when an online event is created twice with the same transactionId, then there is one event with a Teams join link', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const body = meeting('Engine Room', '10:00', '11:00', {
      transactionId: 'tx-engine-room-1',
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
    });
    const first = await client.api(`/users/${dana.id}/events`).post(body);
    const again = await client.api(`/users/${dana.id}/events`).post(body);
    expect(again.id).toBe(first.id);
    expect(first.onlineMeeting.joinUrl).toMatch(/\/l\/meetup-join\//);
    expect(first).toMatchObject({
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      transactionId: 'tx-engine-room-1',
      start: { dateTime: `${DAY}T09:00:00.0000000`, timeZone: 'UTC' },
      originalStartTimeZone: 'GMT Standard Time',
    });
    const link = await fetch(first.onlineMeeting.joinUrl);
    expect(await link.text()).toContain('no meeting to join');
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      calendars: { userId: string; events: { transactionId: string | null }[] }[];
    };
    const danaEvents = state.calendars.find((c) => c.userId === dana.id)!.events;
    expect(danaEvents.filter((e) => e.transactionId === 'tx-engine-room-1')).toHaveLength(1);
  });

  it('when an event is read with Prefer: outlook.timezone, then times come back in that zone', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const created = await client
      .api(`/users/${dana.id}/events`)
      .post(meeting('Zone check', '14:00', '15:00'));
    const read = await client
      .api(`/users/${dana.id}/events/${created.id}`)
      .header('Prefer', 'outlook.timezone="Europe/London"')
      .get();
    expect(read.start).toEqual({ dateTime: `${DAY}T14:00:00.0000000`, timeZone: 'Europe/London' });
  });

  it('when an event names any Windows time zone, in any case, then Graph reads it as that zone', async () => {
    const client = sandboxGraphClient(sandbox, app);
    // Tokyo (UTC+9, no summer time): 18:00 there is 09:00 UTC.
    const created = await client.api(`/users/${dana.id}/events`).post(
      meeting('Tokyo partner call', '18:00', '19:00', {
        start: { dateTime: `${DAY}T18:00:00`, timeZone: 'tokyo standard time' },
        end: { dateTime: `${DAY}T19:00:00`, timeZone: 'Tokyo Standard Time' },
      }),
    );
    const read = await client
      .api(`/users/${dana.id}/events/${created.id}`)
      .header('Prefer', 'outlook.timezone="GMT Standard Time"')
      .get();
    expect(read.start).toEqual({
      dateTime: `${DAY}T10:00:00.0000000`,
      timeZone: 'GMT Standard Time',
    });
    await expect(
      client.api(`/users/${dana.id}/events`).post(
        meeting('Nowhere', '09:00', '10:00', {
          start: { dateTime: `${DAY}T09:00:00`, timeZone: 'Atlantis Standard Time' },
        }),
      ),
    ).rejects.toMatchObject({ statusCode: 400, code: 'TimeZoneNotSupportedException' });
  });

  it('when an event is updated with a stale etag, then it is 409; with the current one it changes, and delete removes it', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const created = await client
      .api(`/users/${dana.id}/events`)
      .post(meeting('To change', '12:00', '12:30'));
    const updated = await client
      .api(`/users/${dana.id}/events/${created.id}`)
      .header('If-Match', created['@odata.etag'])
      .patch({ subject: 'Changed' });
    expect(updated.subject).toBe('Changed');
    await expect(
      client
        .api(`/users/${dana.id}/events/${created.id}`)
        .header('If-Match', created['@odata.etag'])
        .patch({ subject: 'Again' }),
    ).rejects.toMatchObject({ statusCode: 409, code: 'ErrorIrresolvableConflict' });
    await client.api(`/users/${dana.id}/events/${created.id}`).delete();
    await expect(client.api(`/users/${dana.id}/events/${created.id}`).get()).rejects.toMatchObject({
      statusCode: 404,
      code: 'ErrorItemNotFound',
    });
  });

  it('when the end is before the start, then Graph answers 400', async () => {
    const client = sandboxGraphClient(sandbox, app);
    await expect(
      client.api(`/users/${dana.id}/events`).post(meeting('Backwards', '12:00', '11:00')),
    ).rejects.toMatchObject({
      statusCode: 400,
      code: 'ErrorCalendarEndDateIsEarlierThanStartDate',
    });
  });

  it('when getSchedule is asked about the organiser and an attendee, then the meeting shows busy and tentative', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const result = await client.api(`/users/${dana.id}/calendar/getSchedule`).post({
      schedules: [dana.mail, eli.mail, 'nobody@partner.example'],
      startTime: { dateTime: `${DAY}T09:00:00`, timeZone: 'GMT Standard Time' },
      endTime: { dateTime: `${DAY}T12:00:00`, timeZone: 'GMT Standard Time' },
      availabilityViewInterval: 60,
    });
    const [organiser, attendee, unknown] = result.value;
    expect(organiser.availabilityView).toBe('020'); // 10:00-11:00 Engine Room
    expect(attendee.availabilityView).toBe('010');
    expect(organiser.scheduleItems[0]).toMatchObject({ status: 'busy', subject: 'Engine Room' });
    expect(organiser.workingHours.daysOfWeek).toContain('monday');
    expect(unknown.error.responseCode).toBe('ErrorMailRecipientNotFound');
  });

  it('when findMeetingTimes is asked by a signed-in user, then suggestions avoid busy times; app-only is refused', async () => {
    const user = sandboxGraphClient(sandbox, await userGraphToken(sandbox, dana.id));
    const result = await user.api(`/users/${dana.id}/findMeetingTimes`).post({
      attendees: [{ type: 'required', emailAddress: { address: billie.mail } }],
      timeConstraint: {
        activityDomain: 'work',
        timeSlots: [
          {
            start: { dateTime: `${DAY}T09:00:00`, timeZone: 'GMT Standard Time' },
            end: { dateTime: `${DAY}T12:00:00`, timeZone: 'GMT Standard Time' },
          },
        ],
      },
      meetingDuration: 'PT1H',
      maxCandidates: 10,
    });
    const starts = result.meetingTimeSuggestions.map(
      (s: { meetingTimeSlot: { start: { dateTime: string } } }) => s.meetingTimeSlot.start.dateTime,
    );
    // The Engine Room meeting holds 10:00-11:00 London time (09:00-10:00 UTC).
    expect(starts).toContain(`${DAY}T08:00:00.0000000`);
    expect(starts).not.toContain(`${DAY}T09:00:00.0000000`);
    expect(starts).not.toContain(`${DAY}T08:30:00.0000000`);
    expect(result.emptySuggestionsReason).toBe('');

    const appClient = sandboxGraphClient(sandbox, app);
    await expect(
      appClient.api(`/users/${dana.id}/findMeetingTimes`).post({ attendees: [] }),
    ).rejects.toMatchObject({ statusCode: 403 });
  });

  it('when the organiser deletes a meeting, then the attendee copy is cancelled', async () => {
    const client = sandboxGraphClient(sandbox, app);
    const created = await client
      .api(`/users/${dana.id}/events`)
      .post(meeting('Cancelled soon', '15:00', '16:00'));
    await client.api(`/users/${dana.id}/events/${created.id}`).delete();
    const state = (await (await fetch(`${sandbox.url}/api/state`)).json()) as {
      calendars: { userId: string; events: { subject: string; isCancelled: boolean }[] }[];
    };
    const copy = state.calendars
      .find((c) => c.userId === eli.id)!
      .events.find((e) => e.subject.endsWith('Cancelled soon'))!;
    expect(copy.isCancelled).toBe(true);
  });
});
