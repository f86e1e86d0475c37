import {
  activeLearningSetForm,
  commonFreeTimes,
  engineRoomInvitationForm,
  identifyingWarnings,
  londonDate,
  validateForm,
  type ProposedTimes,
  type RecordDetail,
  type RecordType,
} from '@pathways/core';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Calendar } from '../platform/graph';
import { callerOf, requireRole } from '../platform/http/access';
import {
  nominationRequests,
  submitNomination,
  type ActiveLearningDependencies,
} from './active-learning-handlers';
import type { Mailer } from './active-learning-store';
import { problem, asyncRoute } from '../platform/http/problems';

const recordTypes = ['kloe', 'consideration', 'challenge'] as const;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD');

const notFound = (res: Response) =>
  problem(res, 404, 'NotFound', 'That Active Learning does not exist, or you cannot see it.');
const badRequest = (res: Response, error: z.ZodError) => {
  const issue = error.issues[0];
  problem(
    res,
    400,
    'BadRequest',
    `The request is not valid: ${issue?.path.join('.') || 'body'} ${issue?.message ?? ''}`.trim(),
  );
};

const newSetBody = z.object({
  plan: z.object({
    recordType: z.enum(recordTypes),
    recordId: z.string().regex(uuid, 'must be a record id'),
    activityId: z.string().regex(uuid, 'must be an activity id').optional(),
  }),
  agencies: z.array(z.string().max(200)).min(1, 'must name at least one agency').max(100),
  values: z.record(z.string(), z.unknown()),
  confirmChecked: z.literal('true').optional(),
});

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

/**
 * Active Learning's REST API (contract: core/src/active-learning/api.ts), and
 * invitations to attend the Engine Room. Every route is behind `signedIn`.
 */
export function activeLearningRoutes(
  deps: ActiveLearningDependencies & {
    signedIn: RequestHandler;
    calendar: Pick<Calendar, 'getSchedule'>;
    mailer: Mailer;
    chaseHours: number;
    recordDetail: (type: RecordType, id: string) => Promise<RecordDetail | undefined>;
  },
) {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const readers = [deps.signedIn, requireRole('BusinessUnit', 'EngineRoom', 'DevelopmentManager')];
  const businessUnit = [deps.signedIn, requireRole('BusinessUnit')];
  const leads = [deps.signedIn, requireRole('AgencyLead')];
  const engineRoom = [deps.signedIn, requireRole('BusinessUnit', 'EngineRoom')];
  const setId = (req: Request) => String(req.params.id);
  const person = (res: Response) => {
    const caller = callerOf(res);
    return { aadObjectId: caller.id, name: caller.displayName, mail: caller.email };
  };

  router.get(
    '/active-learning',
    ...readers,
    asyncRoute(async (_req, res) => {
      res.json(await deps.store.list());
    }),
  );

  router.post(
    '/active-learning',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      const body = newSetBody.safeParse(req.body);
      if (!body.success) return badRequest(res, body.error);
      const today = londonDate(now());
      const result = validateForm(activeLearningSetForm, deps.partnership, body.data.values, {
        today,
      });
      if (!result.ok) return void res.status(422).json({ errors: result.errors });
      const v = result.values;
      const errors: Record<string, string> = {};
      if (v.plannedTo! < v.plannedFrom!)
        errors.plannedTo = 'The end of the planned dates must be on or after the start';
      if (v.nominationsBy! > v.plannedFrom!)
        errors.nominationsBy = 'Nominations are needed by the start of the planned dates';
      const unknown = body.data.agencies.filter((a) => !deps.partnership.agencies.includes(a));
      if (unknown.length > 0)
        errors.agencies = `Choose agencies from the partnership\u2019s list (not ${unknown.join(', ')})`;
      if (Object.keys(errors).length > 0) return void res.status(422).json({ errors });
      const warnings = identifyingWarnings(activeLearningSetForm, v);
      if (warnings.length > 0 && body.data.confirmChecked !== 'true')
        return void res.status(422).json({ errors: {}, warnings });
      const agencies = await Promise.all(
        [...new Set(body.data.agencies)].map(async (agency) => ({
          agency,
          leads: await deps.organisations.leadsOf(agency),
        })),
      );
      const created = await deps.store.create(
        {
          recordType: body.data.plan.recordType,
          recordId: body.data.plan.recordId,
          activityId: body.data.plan.activityId,
          theme: v.theme!,
          kind: v.kind!,
          description: v.description!,
          plannedFrom: v.plannedFrom!,
          plannedTo: v.plannedTo!,
          nominationsBy: v.nominationsBy!,
          agencies,
        },
        person(res),
        now(),
        deps.mailer,
      );
      if (!created.ok)
        return problem(
          res,
          404,
          'NotFound',
          created.reason === 'no-record'
            ? 'That record does not exist, or you cannot see it.'
            : 'That planned activity is not part of the record.',
        );
      res.status(201).json(await deps.store.detail(created.id));
    }),
  );

  // Before /active-learning/:id, so "nominations" is not taken for an id.
  router.get(
    '/active-learning/nominations/mine',
    ...leads,
    asyncRoute(async (_req, res) => {
      res.json(await nominationRequests(deps, callerOf(res).id));
    }),
  );

  router.get(
    '/active-learning/:id',
    ...readers,
    asyncRoute(async (req, res) => {
      const detail = await deps.store.detail(setId(req));
      if (!detail) return notFound(res);
      res.json(detail);
    }),
  );

  router.post(
    '/active-learning/:id/nominations',
    ...leads,
    asyncRoute(async (req, res) => {
      const result = await submitNomination(
        deps,
        setId(req),
        person(res),
        (req.body ?? {}) as Record<string, unknown>,
      );
      switch (result.outcome) {
        case 'done':
          return void res.status(201).json(result.request);
        case 'invalid':
          return void res.status(422).json({
            errors: result.errors,
            ...(result.warnings.length ? { warnings: result.warnings } : {}),
          });
        case 'not-invited':
          return problem(
            res,
            404,
            'NotFound',
            'You have not been asked to nominate for that Active Learning.',
          );
        case 'closed':
          return problem(
            res,
            409,
            'Closed',
            'That Active Learning has been held: nominations are closed.',
          );
      }
    }),
  );

  router.post(
    '/active-learning/:id/chase',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      if (!uuid.test(setId(req))) return notFound(res);
      const result = await deps.store.chase(
        setId(req),
        person(res),
        now(),
        deps.chaseHours,
        deps.mailer,
      );
      if (!result) return notFound(res);
      res.json(result);
    }),
  );

  router.get(
    '/active-learning/:id/proposed-times',
    ...businessUnit,
    asyncRoute(async (req, res) => {
      const query = proposedQuery.safeParse(req.query);
      if (!query.success) return badRequest(res, query.error);
      const { from, to, minutes } = query.data;
      const start = new Date(`${from}T00:00:00Z`);
      const end = new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000);
      if (end <= start || end.getTime() - start.getTime() > 31 * 86_400_000)
        return problem(res, 400, 'BadRequest', 'Choose a window of 1 to 31 days, from before to.');
      const mailbox = deps.mailer.mailbox;
      if (!mailbox)
        return problem(
          res,
          409,
          'NotConfigured',
          'No Business Unit mailbox is configured (BUSINESS_UNIT_MAILBOX), so calendars cannot be read.',
        );
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
          end: { dateTime: end.toISOString().slice(0, 19), timeZone: 'UTC' },
        },
        30,
      );
      const times = commonFreeTimes(schedules, start, 30, minutes, { max: 10 });
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
      if (end <= start || end.getTime() - start.getTime() > 8 * 3_600_000)
        return void res
          .status(422)
          .json({ errors: { end: 'The meeting must end after it starts, within 8 hours' } });
      if (start <= now())
        return void res
          .status(422)
          .json({ errors: { start: 'The meeting must be in the future' } });
      const mailbox = deps.mailer.mailbox;
      if (!mailbox)
        return problem(
          res,
          409,
          'NotConfigured',
          'No Business Unit mailbox is configured (BUSINESS_UNIT_MAILBOX), so no meeting can be made.',
        );
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

  // Engine Room invitations ---------------------------------------------------

  // The directory lookup: the Engine Room's invitations (any agency), and a lead's people
  // picker when nominating (only an agency they were asked to nominate for: their own).
  router.get(
    '/people',
    deps.signedIn,
    requireRole('BusinessUnit', 'EngineRoom', 'AgencyLead'),
    asyncRoute(async (req, res) => {
      const agency = typeof req.query.agency === 'string' ? req.query.agency : '';
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
      if (!deps.partnership.agencies.includes(agency))
        return problem(
          res,
          400,
          'BadRequest',
          'Choose an agency from the partnership\u2019s list.',
        );
      const caller = callerOf(res);
      if (
        !caller.roles.some((r) => r === 'BusinessUnit' || r === 'EngineRoom') &&
        !(await deps.store.agenciesAskedOf(caller.id)).includes(agency)
      )
        return problem(
          res,
          403,
          'Forbidden',
          `You can look up people only in an organisation you have been asked to nominate for, not ${agency}.`,
        );
      const found = await deps.organisations.search(agency, q, 50);
      res.json(found.map((p) => ({ value: p.id, title: p.name })));
    }),
  );

  router.post(
    '/records/:type/:id/invitations',
    ...engineRoom,
    asyncRoute(async (req, res) => {
      const type = String(req.params.type);
      const id = String(req.params.id);
      if (!(recordTypes as readonly string[]).includes(type) || !uuid.test(id))
        return problem(res, 404, 'NotFound', 'That record does not exist, or you cannot see it.');
      const input = (req.body ?? {}) as Record<string, unknown>;
      const result = validateForm(engineRoomInvitationForm, deps.partnership, input, {
        today: londonDate(now()),
      });
      if (!result.ok) return void res.status(422).json({ errors: result.errors });
      const v = result.values;
      const invitee = (await deps.organisations.peopleIn(v.agency!)).find(
        (p) => p.id === v.personId,
      );
      if (!invitee)
        return void res
          .status(422)
          .json({ errors: { personId: `Choose someone from ${v.agency}` } });
      const warnings = identifyingWarnings(engineRoomInvitationForm, v);
      if (warnings.length > 0 && input.confirmChecked !== 'true')
        return void res.status(422).json({ errors: {}, warnings });
      const outcome = await deps.store.invite(
        type as RecordType,
        id,
        { agency: v.agency!, person: invitee, meetingDate: v.meetingDate!, note: v.note },
        person(res),
        now(),
      );
      if (outcome === 'not-found')
        return problem(res, 404, 'NotFound', 'That record does not exist, or you cannot see it.');
      res.status(201).json(await deps.recordDetail(type as RecordType, id));
    }),
  );

  return router;
}
