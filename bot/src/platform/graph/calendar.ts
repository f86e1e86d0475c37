import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, isNotFound } from './graph-errors';
import { RetryControl } from './retry';

export interface DateTimeTimeZone {
  /** Local time, e.g. 2026-03-02T10:00:00 */
  dateTime: string;
  /** IANA or Windows time zone name, e.g. Europe/London */
  timeZone: string;
}

export interface NewEvent {
  subject: string;
  body?: { contentType: 'text' | 'html'; content: string };
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  location?: string;
  attendees?: { address: string; name?: string; type?: 'required' | 'optional' }[];
  isOnlineMeeting?: boolean;
}

export interface CalendarEvent {
  id: string;
  /** The event's etag (changeKey), for If-Match. */
  changeKey: string | undefined;
  subject: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  transactionId: string | null;
  /** The Teams meeting's join link, for an online meeting. */
  joinUrl: string | null;
}

export interface ScheduleItem {
  scheduleId: string;
  availabilityView: string;
  items: { status: string; start: DateTimeTimeZone; end: DateTimeTimeZone }[];
}

export interface Calendar {
  /**
   * Creates once per transactionId: Graph answers a repeated create with the event it
   * already made, so this POST may be retried after a 503 or a crash.
   */
  createEvent(mailbox: string, event: NewEvent, transactionId: string): Promise<CalendarEvent>;
  getEvent(mailbox: string, id: string): Promise<CalendarEvent | undefined>;
  updateEvent(
    mailbox: string,
    id: string,
    changes: Partial<NewEvent>,
    changeKey?: string,
  ): Promise<CalendarEvent>;
  /** Deleting what is already gone is done. */
  deleteEvent(mailbox: string, id: string): Promise<void>;
  getSchedule(
    mailbox: string,
    schedules: string[],
    window: { start: DateTimeTimeZone; end: DateTimeTimeZone },
    intervalMinutes?: number,
  ): Promise<ScheduleItem[]>;
  findMeetingTimes(mailbox: string, request: object): Promise<unknown>;
}

interface GraphEvent {
  id: string;
  changeKey?: string;
  subject?: string;
  start: DateTimeTimeZone;
  end: DateTimeTimeZone;
  transactionId?: string | null;
  onlineMeeting?: { joinUrl?: string | null } | null;
}

function eventBody(event: Partial<NewEvent>): Record<string, unknown> {
  return {
    ...(event.subject === undefined ? {} : { subject: event.subject }),
    ...(event.body ? { body: event.body } : {}),
    ...(event.start ? { start: event.start } : {}),
    ...(event.end ? { end: event.end } : {}),
    ...(event.location === undefined ? {} : { location: { displayName: event.location } }),
    ...(event.attendees
      ? {
          attendees: event.attendees.map((a) => ({
            emailAddress: { address: a.address, ...(a.name ? { name: a.name } : {}) },
            type: a.type ?? 'required',
          })),
        }
      : {}),
    ...(event.isOnlineMeeting === undefined
      ? {}
      : {
          isOnlineMeeting: event.isOnlineMeeting,
          ...(event.isOnlineMeeting ? { onlineMeetingProvider: 'teamsForBusiness' } : {}),
        }),
  };
}

const asEvent = (e: GraphEvent): CalendarEvent => ({
  id: e.id,
  changeKey: e.changeKey,
  subject: e.subject ?? '',
  start: e.start,
  end: e.end,
  transactionId: e.transactionId ?? null,
  joinUrl: e.onlineMeeting?.joinUrl ?? null,
});

export function graphCalendar(client: Client): Calendar {
  const user = (id: string) => `/users/${encodeURIComponent(id)}`;
  return {
    async createEvent(mailbox, event, transactionId) {
      const created = await graphCall<GraphEvent>(() =>
        client
          .api(`${user(mailbox)}/events`)
          .middlewareOptions([new RetryControl({ replaySafe: true })])
          .post({ ...eventBody(event), transactionId }),
      );
      return asEvent(created);
    },
    async getEvent(mailbox, id) {
      try {
        return asEvent(
          await graphCall<GraphEvent>(() =>
            client.api(`${user(mailbox)}/events/${encodeURIComponent(id)}`).get(),
          ),
        );
      } catch (error) {
        if (isNotFound(error)) return undefined;
        throw error;
      }
    },
    async updateEvent(mailbox, id, changes, changeKey) {
      const request = client.api(`${user(mailbox)}/events/${encodeURIComponent(id)}`);
      if (changeKey) request.header('If-Match', changeKey);
      return asEvent(await graphCall<GraphEvent>(() => request.patch(eventBody(changes))));
    },
    async deleteEvent(mailbox, id) {
      try {
        await graphCall(() =>
          client.api(`${user(mailbox)}/events/${encodeURIComponent(id)}`).delete(),
        );
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    async getSchedule(mailbox, schedules, window, intervalMinutes = 30) {
      const answer = await graphCall<{ value: ScheduleItem[] }>(() =>
        client
          .api(`${user(mailbox)}/calendar/getSchedule`)
          // A read, though it is a POST.
          .middlewareOptions([new RetryControl({ replaySafe: true })])
          .post({
            schedules,
            startTime: window.start,
            endTime: window.end,
            availabilityViewInterval: intervalMinutes,
          }),
      );
      return answer.value;
    },
    async findMeetingTimes(mailbox, request) {
      return graphCall(() =>
        client
          .api(`${user(mailbox)}/findMeetingTimes`)
          .middlewareOptions([new RetryControl({ replaySafe: true })])
          .post(request),
      );
    },
  };
}
