import { checkNewSet, londonDate } from '@pathways/core';
import { z } from 'zod';
import { requireRole } from '../platform/http/access';
import { asyncRoute, problem } from '../platform/http/problems';
import {
  badRequest,
  notFound,
  person,
  recordTypes,
  setId,
  uuid,
  type AddRoutes,
} from './route-kit';

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

/** Sets: listed and read by the Business Unit, Engine Room and Development Manager; planned and chased by the Business Unit. */
export const setRoutes: AddRoutes = (router, deps, now) => {
  const readers = [deps.signedIn, requireRole('BusinessUnit', 'EngineRoom', 'DevelopmentManager')];
  const businessUnit = [deps.signedIn, requireRole('BusinessUnit')];

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
      const checked = checkNewSet(deps.partnership, body.data, londonDate(now()));
      if (checked.outcome === 'invalid')
        return void res.status(422).json({ errors: checked.errors });
      if (checked.outcome === 'check')
        return void res.status(422).json({ errors: {}, warnings: checked.warnings });
      const v = checked.values;
      const agencies = await Promise.all(
        checked.agencies.map(async (agency) => ({
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
};
