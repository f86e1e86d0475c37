import {
  availabilityWindow,
  checkMeetingSlot,
  commonFreeTimes,
  type ProposedTimes,
} from '@pathways/core';
import { z } from 'zod';
import { callerOf, requireRole } from '../platform/http/access';
import { asyncRoute, problem } from '../platform/http/problems';
import { badRequest, noMailbox, notFound, person, setId, uuid, type AddRoutes } from './route-kit';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD');

const proposedQuery = z.object({
  from: isoDate,
  to: isoDate,
  minutes: z.coerce
    .number({ error: 'must be a number of minutes' })
    .int('must be a whole number of minutes')
    .min(30, 'must be at least 30')
    .max(480, 'must be 480 or fewer')
    .default(120),
});

const meetingBody = z.object({
  start: z.iso.datetime({ error: 'must be a time such as 2027-01-12T10:00:00Z' }),
  end: z.iso.datetime({ error: 'must be a time such as 2027-01-12T12:00:00Z' }),
});

const attendanceBody = z.object({
  attended: z.array(z.string().regex(uuid, 'must be nomination ids')).max(500),
});

/** A set's meeting (Business Unit): free times proposed, the meeting made, attendance recorded. */
export const meetingRoutes: AddRoutes = (router, deps, now) => {
  const businessUnit = [deps.signedIn, requireRole('BusinessUnit')];

  router.get(
    '/active-learning/:id/proposed-times',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      const query = proposedQuery.safeParse(req.query);
      if (!query.success) return badRequest(res, query.error);
      const { from, to, minutes } = query.data;
      const window = availabilityWindow(from, to);
      if (!window)
        return problem(res, 400, 'BadRequest', 'Choose a window of 1 to 31 days, from before to.');
      const mailbox = deps.mailer.mailbox;
      if (!mailbox) return noMailbox(res, 'calendars cannot be read');
      const row = await deps.store.getRow(setId(req));
      if (!row) return notFound(res);
      const nominees = await deps.store.nominees(row.id);
      const caller = callerOf(res);
      const organisers = [
        { address: mailbox, name: 'Business Unit calendar' },
        ...(caller.email ? [{ address: caller.email, name: caller.displayName }] : []),
      ];
      const people = [
        ...organisers,
        ...nominees.flatMap((n) =>
          n.person_mail ? [{ address: n.person_mail, name: n.person_name }] : [],
        ),
      ];
      const schedules = await deps.calendar.getSchedule(
        mailbox,
        people.map((p) => p.address),
        {
          start: { dateTime: `${from}T00:00:00`, timeZone: 'UTC' },
          end: { dateTime: window.end.toISOString().slice(0, 19), timeZone: 'UTC' },
        },
        30,
      );
      const times = commonFreeTimes(schedules, window.start, 30, minutes, { max: 10 });
      const answer: ProposedTimes = {
        people: people.map((p) => p.name),
        times: times.map((t) => ({ start: t.start.toISOString(), end: t.end.toISOString() })),
      };
      res.json(answer);
    }),
  );

  router.post(
    '/active-learning/:id/meeting',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      const body = meetingBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const start = new Date(body.data.start);
      const end = new Date(body.data.end);
      const slot = checkMeetingSlot(start, end, now());
      if (!slot.ok) return void res.status(422).json({ errors: slot.errors });
      const mailbox = deps.mailer.mailbox;
      if (!mailbox) return noMailbox(res, 'no meeting can be made');
      if (!uuid.test(setId(req))) return notFound(res);
      const outcome = await deps.store.requestMeeting(
        setId(req),
        { start, end },
        person(res),
        now(),
        mailbox,
      );
      if (outcome === 'not-found') return notFound(res);
      if (outcome === 'already-arranged')
        return problem(
          res,
          409,
          'Conflict',
          'A meeting has already been arranged for this Active Learning. Reload to see it.',
        );
      if (outcome === 'no-nominees')
        return void res.status(422).json({
          errors: { start: 'Nobody has been nominated yet: chase the agencies first' },
        });
      res.status(201).json(await deps.store.detail(setId(req)));
    }),
  );

  router.post(
    '/active-learning/:id/attendance',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      const body = attendanceBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      if (!uuid.test(setId(req))) return notFound(res);
      const outcome = await deps.store.recordAttendance(
        setId(req),
        body.data.attended,
        person(res),
        now(),
      );
      if (outcome === 'not-found') return notFound(res);
      if (outcome === 'no-meeting')
        return problem(res, 409, 'Conflict', 'Arrange the meeting before recording attendance.');
      if (outcome === 'already-recorded')
        return problem(
          res,
          409,
          'Conflict',
          'Attendance has already been recorded. Reload to see it.',
        );
      if (outcome === 'unknown-nominee')
        return problem(
          res,
          400,
          'BadRequest',
          'Only people nominated for this Active Learning can attend.',
        );
      res.json(await deps.store.detail(setId(req)));
    }),
  );
};
