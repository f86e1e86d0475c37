// Outlook calendars through Graph: events (create with transactionId, get, update with
// optional If-Match, delete), getSchedule and findMeetingTimes. Attendees in the tenant get
// a copy in their own calendar, so their free/busy shows the meeting; deleting the
// organiser's event cancels the copies.
import { randomBytes } from 'node:crypto';
import { type Request, type Response, Router } from 'express';
import type { GraphStore, Json, StoredEvent } from '../state/graphStore';
import type { Directory, DirectoryUser } from '../tenant/directory';
import { graphClaims, isDelegated } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { changeKey, graphDateTime, outlookId } from './ids';
import { mailboxOf } from './mailbox';
import {
  GraphRequestError,
  type Recipient,
  actionParam,
  emailAddressOf,
  itemBody,
  matchesEtag,
  preview,
  recipients,
  selectOutlook,
} from './outlookItems';
import { TimeZoneError, fromUtc, ianaZone, preferredTimeZone, toUtc } from './timeZones';

type Availability = 'free' | 'tentative' | 'busy' | 'oof' | 'workingElsewhere' | 'unknown';
const VIEW_CODES: Record<Availability, string> = {
  free: '0',
  tentative: '1',
  busy: '2',
  oof: '3',
  workingElsewhere: '4',
  unknown: '0',
};
const RANK: Availability[] = ['free', 'workingElsewhere', 'tentative', 'busy', 'oof'];
const NEVER = '0001-01-01T00:00:00Z';
/** The sandbox's mailboxes all keep UK office hours. */
const WORKING_HOURS = {
  start: 8,
  end: 17,
  zone: 'Europe/London',
  windowsZone: 'GMT Standard Time',
};
const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];
const UPDATABLE = [
  'subject',
  'categories',
  'importance',
  'sensitivity',
  'showAs',
  'isReminderOn',
  'reminderMinutesBeforeStart',
  'responseRequested',
  'allowNewTimeProposals',
  'hideAttendees',
  'isAllDay',
];

function worst(a: Availability, b: Availability): Availability {
  return RANK.indexOf(a) >= RANK.indexOf(b) ? a : b;
}

function utcMs(value: unknown): number {
  return Date.parse(`${String((value as { dateTime?: string }).dateTime).slice(0, 19)}Z`);
}

function utcValue(date: Date): { dateTime: string; timeZone: string } {
  return { dateTime: graphDateTime(date), timeZone: 'UTC' };
}

function location(value: unknown): Json {
  const l = (value ?? {}) as Json;
  return {
    displayName: typeof l.displayName === 'string' ? l.displayName : '',
    locationType: 'default',
    uniqueIdType: 'unknown',
    address: {},
    coordinates: {},
  };
}

function attendeesOf(value: unknown): (Recipient & { type: string })[] {
  const list = Array.isArray(value) ? value : [];
  const read = recipients(list, 'attendees');
  return read.map((r, i) => {
    const type = String((list[i] as { type?: unknown })?.type ?? 'required');
    return { ...r, type: ['required', 'optional', 'resource'].includes(type) ? type : 'required' };
  });
}

/** ISO 8601 duration such as PT1H30M, in ms. */
function durationMs(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  const match = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(
    String(value),
  );
  if (!match)
    throw new GraphRequestError(
      400,
      'ErrorInvalidRequest',
      `The meeting duration '${String(value)}' is not valid.`,
    );
  const [, d = '0', h = '0', m = '0', s = '0'] = match;
  return ((Number(d) * 24 + Number(h)) * 60 + Number(m)) * 60_000 + Number(s) * 1000;
}

export function calendarRouter(deps: {
  store: GraphStore;
  directory: Directory;
  baseUrl: () => string;
}): Router {
  const { store, directory, baseUrl } = deps;
  const router = Router();
  const events = () => store.state.events;
  const context = (suffix: string) => `${baseUrl()}/v1.0/$metadata#${suffix}`;

  function handle(res: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof GraphRequestError)
        return sendGraphError(res, err.status, err.code, err.message);
      if (err instanceof TimeZoneError)
        return sendGraphError(res, 400, 'TimeZoneNotSupportedException', err.message);
      throw err;
    }
  }

  /** The event as Graph returns it: times in UTC or the zone asked for with Prefer. */
  function view(stored: StoredEvent, req: Request): Json {
    const zone = preferredTimeZone(req.headers.prefer);
    const e = stored.event;
    return selectOutlook(
      {
        ...e,
        start: fromUtc(new Date(utcMs(e.start)), zone),
        end: fromUtc(new Date(utcMs(e.end)), zone),
      },
      req,
      [],
    );
  }

  function find(owner: DirectoryUser, id: string): StoredEvent | undefined {
    return events().find((e) => e.calendarOwnerId === owner.id && e.event.id === id);
  }

  function readTimes(
    body: Json,
    current?: Json,
  ): { start: Date; end: Date; startZone: string; endZone: string } {
    const startInput = body.start ?? current?.start;
    const endInput = body.end ?? current?.end;
    if (!startInput || !endInput) {
      throw new GraphRequestError(
        400,
        'ErrorInvalidRequest',
        'An event needs both a start and an end.',
      );
    }
    const start = toUtc(startInput);
    const end = toUtc(endInput);
    if (end.getTime() < start.getTime()) {
      throw new GraphRequestError(
        400,
        'ErrorCalendarEndDateIsEarlierThanStartDate',
        'The end date you entered occurs before the start date.',
      );
    }
    const zoneOf = (v: unknown, fallback: unknown) =>
      String((v as { timeZone?: unknown })?.timeZone ?? fallback ?? 'UTC');
    return {
      start,
      end,
      startZone: zoneOf(body.start, current?.originalStartTimeZone),
      endZone: zoneOf(body.end, current?.originalEndTimeZone),
    };
  }

  function onlineMeeting(isOnline: boolean): Json {
    if (!isOnline)
      return { isOnlineMeeting: false, onlineMeetingProvider: 'unknown', onlineMeeting: null };
    const thread = encodeURIComponent(
      `19:meeting_${randomBytes(18).toString('base64url')}@thread.v2`,
    );
    return {
      isOnlineMeeting: true,
      onlineMeetingProvider: 'teamsForBusiness',
      onlineMeeting: { joinUrl: `${baseUrl()}/l/meetup-join/${thread}/0` },
    };
  }

  /** Keeps attendees' copies in step with the organiser's event. */
  function syncCopies(organizerEvent: StoredEvent): void {
    const e = organizerEvent.event;
    const wanted = new Map<string, DirectoryUser>();
    for (const a of (e.attendees as Recipient[]) ?? []) {
      const user = directory.findByAddress(a.emailAddress.address);
      if (user && user.id !== organizerEvent.calendarOwnerId) wanted.set(user.id, user);
    }
    const copies = events().filter((c) => c.organizerEventId === e.id);
    for (const copy of copies) {
      if (!wanted.has(copy.calendarOwnerId)) {
        copy.event.isCancelled = true;
        copy.event.changeKey = changeKey();
      }
    }
    for (const user of wanted.values()) {
      let copy = copies.find((c) => c.calendarOwnerId === user.id);
      if (!copy) {
        copy = {
          calendarOwnerId: user.id,
          organizerEventId: String(e.id),
          event: {
            id: outlookId(),
            createdDateTime: e.lastModifiedDateTime,
            showAs: 'tentative',
            responseStatus: { response: 'notResponded', time: NEVER },
          },
        };
        events().push(copy);
      }
      const {
        id: _id,
        showAs: _showAs,
        responseStatus: _rs,
        transactionId: _t,
        createdDateTime: _c,
        ...shared
      } = e;
      const keep = {
        id: copy.event.id,
        createdDateTime: copy.event.createdDateTime,
        showAs: copy.event.showAs,
        responseStatus: copy.event.responseStatus,
      };
      copy.event = {
        ...shared,
        ...keep,
        transactionId: null,
        isOrganizer: false,
        isCancelled: false,
        changeKey: changeKey(),
        webLink: `${baseUrl()}/#calendar-${user.id}`,
      };
    }
  }

  router.post(['/users/:userId/events', '/users/:userId/calendar/events'], (req, res) =>
    handle(res, () => {
      const owner = mailboxOf(res);
      const body = (req.body ?? {}) as Json;
      const transactionId =
        typeof body.transactionId === 'string' && body.transactionId ? body.transactionId : null;
      if (transactionId) {
        // A retried create with the same transactionId returns the event already made.
        const existing = events().find(
          (e) => e.calendarOwnerId === owner.id && e.event.transactionId === transactionId,
        );
        if (existing)
          return res.status(201).json({
            '@odata.context': context(`users('${owner.id}')/events/$entity`),
            ...view(existing, req),
          });
      }
      const times = readTimes(body);
      ianaZone(times.startZone);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const b = itemBody(body.body);
      const attendees = attendeesOf(body.attendees).map((a) => ({
        ...a,
        status: { response: 'none', time: NEVER },
      }));
      const id = outlookId();
      const event: Json = {
        id,
        createdDateTime: now,
        lastModifiedDateTime: now,
        changeKey: changeKey(),
        categories: Array.isArray(body.categories) ? body.categories : [],
        transactionId,
        originalStartTimeZone: times.startZone,
        originalEndTimeZone: times.endZone,
        iCalUId: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`,
        uid: `040000008200E00074C5B7101A82E008${randomBytes(28).toString('hex').toUpperCase()}`,
        reminderMinutesBeforeStart: 15,
        isReminderOn: true,
        hasAttachments: false,
        subject: typeof body.subject === 'string' ? body.subject : '',
        bodyPreview: preview(b),
        importance: 'normal',
        sensitivity: 'normal',
        isAllDay: false,
        isCancelled: false,
        isOrganizer: true,
        responseRequested: true,
        seriesMasterId: null,
        showAs: 'busy',
        type: 'singleInstance',
        webLink: `${baseUrl()}/#calendar-${owner.id}`,
        onlineMeetingUrl: null,
        allowNewTimeProposals: true,
        occurrenceId: null,
        isDraft: false,
        hideAttendees: false,
        responseStatus: { response: 'organizer', time: NEVER },
        body: b,
        start: utcValue(times.start),
        end: utcValue(times.end),
        location: location(body.location),
        locations: body.location ? [location(body.location)] : [],
        recurrence: null,
        attendees,
        organizer: emailAddressOf(owner),
        ...onlineMeeting(body.isOnlineMeeting === true),
      };
      for (const key of UPDATABLE) if (key in body && key !== 'subject') event[key] = body[key];
      const stored: StoredEvent = { calendarOwnerId: owner.id, event };
      events().push(stored);
      syncCopies(stored);
      store.changed();
      res.setHeader('Location', `${baseUrl()}/v1.0/users/${owner.id}/events/${id}`);
      res.status(201).json({
        '@odata.context': context(`users('${owner.id}')/events/$entity`),
        ...view(stored, req),
      });
    }),
  );

  router.get(['/users/:userId/events/:id', '/users/:userId/calendar/events/:id'], (req, res) =>
    handle(res, () => {
      const stored = find(mailboxOf(res), String(req.params.id));
      if (!stored) return notFound(res);
      res.json({ '@odata.context': context('events/$entity'), ...view(stored, req) });
    }),
  );

  router.patch(['/users/:userId/events/:id', '/users/:userId/calendar/events/:id'], (req, res) =>
    handle(res, () => {
      const stored = find(mailboxOf(res), String(req.params.id));
      if (!stored) return notFound(res);
      const ifMatch = req.headers['if-match'];
      if (ifMatch && !matchesEtag(ifMatch, String(stored.event.changeKey))) return conflict(res);
      const body = (req.body ?? {}) as Json;
      const e = stored.event;
      if ('start' in body || 'end' in body) {
        const times = readTimes(body, e);
        e.start = utcValue(times.start);
        e.end = utcValue(times.end);
        e.originalStartTimeZone = times.startZone;
        e.originalEndTimeZone = times.endZone;
      }
      for (const key of UPDATABLE) if (key in body) e[key] = body[key];
      if ('body' in body) {
        e.body = itemBody(body.body);
        e.bodyPreview = preview(e.body as { contentType: string; content: string });
      }
      if ('location' in body) {
        e.location = location(body.location);
        e.locations = body.location ? [e.location] : [];
      }
      if ('attendees' in body) {
        const before = new Map(
          ((e.attendees as (Recipient & { status: Json })[]) ?? []).map((a) => [
            a.emailAddress.address.toLowerCase(),
            a.status,
          ]),
        );
        e.attendees = attendeesOf(body.attendees).map((a) => ({
          ...a,
          status: before.get(a.emailAddress.address.toLowerCase()) ?? {
            response: 'none',
            time: NEVER,
          },
        }));
      }
      if (
        'isOnlineMeeting' in body &&
        (body.isOnlineMeeting === true) !== (e.isOnlineMeeting === true)
      ) {
        Object.assign(e, onlineMeeting(body.isOnlineMeeting === true));
      }
      e.changeKey = changeKey();
      e.lastModifiedDateTime = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      if (e.isOrganizer) syncCopies(stored);
      store.changed();
      res.json({ '@odata.context': context('events/$entity'), ...view(stored, req) });
    }),
  );

  router.delete(['/users/:userId/events/:id', '/users/:userId/calendar/events/:id'], (req, res) =>
    handle(res, () => {
      const stored = find(mailboxOf(res), String(req.params.id));
      if (!stored) return notFound(res);
      const ifMatch = req.headers['if-match'];
      if (ifMatch && !matchesEtag(ifMatch, String(stored.event.changeKey))) return conflict(res);
      events().splice(events().indexOf(stored), 1);
      for (const copy of events().filter((c) => c.organizerEventId === stored.event.id)) {
        copy.event.isCancelled = true;
        copy.event.subject = `Canceled: ${String(copy.event.subject ?? '')}`;
        copy.event.changeKey = changeKey();
      }
      store.changed();
      res.status(204).end();
    }),
  );

  /** The busiest status `userId` has in [from, to). */
  function availability(userId: string, from: number, to: number): Availability {
    let result: Availability = 'free';
    for (const e of events()) {
      if (e.calendarOwnerId !== userId || e.event.isCancelled) continue;
      if (utcMs(e.event.start) < to && utcMs(e.event.end) > from) {
        const showAs = String(e.event.showAs ?? 'busy') as Availability;
        if (showAs in VIEW_CODES) result = worst(result, showAs);
      }
    }
    return result;
  }

  router.post('/users/:userId/calendar/getSchedule', (req, res) =>
    handle(res, () => {
      const schedules = actionParam(req.body, 'schedules');
      if (!Array.isArray(schedules) || schedules.length === 0) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          "The parameter 'Schedules' must name at least one mailbox.",
        );
      }
      if (schedules.length > 100) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          'getSchedule accepts at most 100 schedules.',
        );
      }
      const startInput = actionParam(req.body, 'startTime');
      const endInput = actionParam(req.body, 'endTime');
      if (!startInput || !endInput) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          "The parameters 'StartTime' and 'EndTime' are required.",
        );
      }
      const start = toUtc(startInput).getTime();
      const end = toUtc(endInput).getTime();
      if (end <= start) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          'EndTime must be after StartTime.',
        );
      }
      if (end - start > 62 * 86_400_000) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          'The time window may be at most 62 days.',
        );
      }
      const intervalParam = actionParam(req.body, 'availabilityViewInterval');
      const interval =
        intervalParam === undefined || intervalParam === null ? 30 : Number(intervalParam);
      if (!Number.isInteger(interval) || interval < 5 || interval > 1440) {
        throw new GraphRequestError(
          400,
          'ErrorInvalidParameter',
          'availabilityViewInterval must be from 5 to 1440 minutes.',
        );
      }
      const zone = preferredTimeZone(req.headers.prefer);
      const value = schedules.map((scheduleId: unknown) => {
        const user = directory.findByAddress(String(scheduleId));
        if (!user) {
          return {
            scheduleId: String(scheduleId),
            availabilityView: '',
            scheduleItems: [],
            error: {
              message: `The mailbox '${String(scheduleId)}' could not be found.`,
              responseCode: 'ErrorMailRecipientNotFound',
            },
          };
        }
        let view = '';
        for (let t = start; t < end; t += interval * 60_000) {
          view += VIEW_CODES[availability(user.id, t, Math.min(end, t + interval * 60_000))];
        }
        const scheduleItems = events()
          .filter(
            (e) =>
              e.calendarOwnerId === user.id &&
              !e.event.isCancelled &&
              String(e.event.showAs) !== 'free',
          )
          .filter((e) => utcMs(e.event.start) < end && utcMs(e.event.end) > start)
          .sort((a, b) => utcMs(a.event.start) - utcMs(b.event.start))
          .map((e) => ({
            isPrivate: e.event.sensitivity === 'private',
            status: e.event.showAs,
            subject: e.event.subject,
            location: (e.event.location as { displayName?: string })?.displayName ?? '',
            isMeeting: ((e.event.attendees as unknown[]) ?? []).length > 0,
            isRecurring: false,
            isException: false,
            isReminderSet: e.event.isReminderOn === true,
            start: fromUtc(new Date(utcMs(e.event.start)), zone),
            end: fromUtc(new Date(utcMs(e.event.end)), zone),
          }));
        return {
          scheduleId: String(scheduleId),
          availabilityView: view,
          scheduleItems,
          workingHours: {
            daysOfWeek: WEEKDAYS,
            startTime: `${String(WORKING_HOURS.start).padStart(2, '0')}:00:00.0000000`,
            endTime: `${String(WORKING_HOURS.end).padStart(2, '0')}:00:00.0000000`,
            timeZone: { name: WORKING_HOURS.windowsZone },
          },
        };
      });
      res.json({
        '@odata.context': context('Collection(microsoft.graph.scheduleInformation)'),
        value,
      });
    }),
  );

  router.post('/users/:userId/findMeetingTimes', (req, res) =>
    handle(res, () => {
      if (!isDelegated(graphClaims(res))) {
        // findMeetingTimes has no application permission.
        return sendGraphError(
          res,
          403,
          'ErrorAccessDenied',
          'Access is denied. Check credentials and try again.',
        );
      }
      const organizer = mailboxOf(res);
      const body = (req.body ?? {}) as Json;
      const attendees = attendeesOf(actionParam(body, 'attendees'));
      const duration = durationMs(actionParam(body, 'meetingDuration'), 30 * 60_000);
      const maxCandidates = Number(actionParam(body, 'maxCandidates') ?? 10);
      const minimum = Number(actionParam(body, 'minimumAttendeePercentage') ?? 50);
      const organizerOptional = actionParam(body, 'isOrganizerOptional') === true;
      const reasons = actionParam(body, 'returnSuggestionReasons') === true;
      const constraint = (actionParam(body, 'timeConstraint') ?? {}) as Json;
      const domain = String(constraint.activityDomain ?? 'work');
      const now = Date.now();
      const slots =
        Array.isArray(constraint.timeSlots) && constraint.timeSlots.length
          ? (constraint.timeSlots as Json[]).map((s) => ({
              start: toUtc(s.start).getTime(),
              end: toUtc(s.end).getTime(),
            }))
          : [{ start: now, end: now + 2 * 86_400_000 }];
      const zone = preferredTimeZone(req.headers.prefer);
      const step = 30 * 60_000;
      const people = attendees.map((a) => ({
        attendee: a,
        user: directory.findByAddress(a.emailAddress.address),
      }));
      const suggestions: Json[] = [];
      let organizerEverFree = false;
      let anyCandidate = false;
      for (const slot of slots) {
        for (let t = Math.ceil(slot.start / step) * step; t + duration <= slot.end; t += step) {
          if (suggestions.length >= maxCandidates) break;
          if (domain === 'work' && !withinWorkingHours(t, t + duration)) continue;
          anyCandidate = true;
          const organizerAvailability = availability(organizer.id, t, t + duration);
          if (organizerAvailability === 'free') organizerEverFree = true;
          if (!organizerOptional && organizerAvailability !== 'free') continue;
          const attendeeAvailability = people.map(({ attendee, user }) => ({
            attendee: { type: attendee.type, emailAddress: attendee.emailAddress },
            availability: user ? availability(user.id, t, t + duration) : 'unknown',
          }));
          const scores: number[] = attendeeAvailability.map((a) =>
            a.availability === 'free'
              ? 100
              : a.availability === 'tentative' || a.availability === 'unknown'
                ? 50
                : 0,
          );
          const confidence = scores.length
            ? scores.reduce((x, y) => x + y, 0) / scores.length
            : 100;
          if (confidence < minimum) continue;
          suggestions.push({
            confidence,
            organizerAvailability,
            ...(reasons
              ? {
                  suggestionReason:
                    confidence === 100
                      ? 'Suggested because it is one of the nearest times when all attendees are available.'
                      : 'Suggested because most attendees are available.',
                }
              : {}),
            meetingTimeSlot: {
              start: fromUtc(new Date(t), zone),
              end: fromUtc(new Date(t + duration), zone),
            },
            attendeeAvailability,
            locations: [],
          });
        }
      }
      const emptySuggestionsReason = suggestions.length
        ? ''
        : !anyCandidate
          ? 'Unknown'
          : organizerEverFree || organizerOptional
            ? 'AttendeesUnavailable'
            : 'OrganizerUnavailable';
      res.json({
        '@odata.context': context('microsoft.graph.meetingTimeSuggestionsResult'),
        emptySuggestionsReason,
        meetingTimeSuggestions: suggestions,
      });
    }),
  );

  return router;
}

function withinWorkingHours(from: number, to: number): boolean {
  const parts = (ms: number) => {
    const p = new Intl.DateTimeFormat('en-GB', {
      timeZone: WORKING_HOURS.zone,
      weekday: 'long',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    }).formatToParts(new Date(ms));
    const get = (type: string) => p.find((x) => x.type === type)?.value ?? '';
    return {
      day: get('weekday').toLowerCase(),
      minutes: Number(get('hour')) * 60 + Number(get('minute')),
    };
  };
  const a = parts(from);
  const b = parts(to);
  return (
    WEEKDAYS.includes(a.day) &&
    a.day === b.day &&
    a.minutes >= WORKING_HOURS.start * 60 &&
    b.minutes <= WORKING_HOURS.end * 60
  );
}

function notFound(res: Response): void {
  sendGraphError(res, 404, 'ErrorItemNotFound', 'The specified object was not found in the store.');
}

function conflict(res: Response): void {
  sendGraphError(
    res,
    409,
    'ErrorIrresolvableConflict',
    'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
  );
}
