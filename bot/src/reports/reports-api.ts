import {
  addCalendarDays,
  checkNewsletterEdit,
  circulationDue,
  isIsoDate,
  loadCirculationPlan,
  londonDate,
  type CirculationPlan,
  type CirculationView,
  type NewsletterView,
  type Partnership,
  type Role,
} from '@pathways/core';
import {
  Router,
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
} from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import type { Kysely } from 'kysely';
import type { Tables } from '../platform/db/schema';
import { reportsStore, VersionConflictError, type ReportsStore } from './reports-store';

const READERS: [Role, ...Role[]] = [
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
  'Executive',
];

function problem(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message } });
}

const handle =
  (fn: (req: Request, res: Response) => Promise<unknown>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    fn(req, res).catch(next);
  };

const quarterQuery = z.object({
  year: z.coerce
    .number({ error: 'must be a year such as 2026' })
    .int('must be a year such as 2026')
    .min(2020, 'must be 2020 or later')
    .max(2100, 'must be 2100 or earlier'),
  quarter: z.coerce
    .number({ error: 'must be 1, 2, 3 or 4' })
    .int('must be 1, 2, 3 or 4')
    .min(1, 'must be 1, 2, 3 or 4')
    .max(4, 'must be 1, 2, 3 or 4'),
});

function parseQuarter(req: Request, res: Response) {
  const parsed = quarterQuery.safeParse(req.query);
  if (parsed.success) return parsed.data as { year: number; quarter: 1 | 2 | 3 | 4 };
  const issue = parsed.error.issues[0]!;
  problem(res, 400, 'BadRequest', `${issue.path.join('.')}: ${issue.message}`);
  return undefined;
}

const isoDate = z
  .string({ error: 'Enter a date as YYYY-MM-DD' })
  .refine(isIsoDate, 'Enter a date as YYYY-MM-DD');

/**
 * The partners' newsletter and the circulation plan (contracts:
 * core/src/reports/newsletter.ts and core/src/circulation/circulation-plan.ts).
 */
export function reportsApi(deps: {
  verifier: TokenVerifier;
  partnership: Partnership;
  plan: CirculationPlan;
  store: ReportsStore;
  now?: () => Date;
}): Router {
  const router = Router();
  const now = deps.now ?? (() => new Date());
  const signedIn = authenticate(deps.verifier);
  const readers = requireRole(...READERS);
  const editors = requireRole('BusinessUnit', 'DevelopmentManager');
  const recorders = requireRole('BusinessUnit');
  const actor = (res: Response) => {
    const c = callerOf(res);
    return { aadObjectId: c.id, name: c.displayName };
  };

  router.get(
    '/reports/newsletter',
    signedIn,
    readers,
    handle(async (req, res) => {
      const q = parseQuarter(req, res);
      if (!q) return;
      const view: NewsletterView = await deps.store.current(q.year, q.quarter);
      res.json(view);
    }),
  );

  router.get(
    '/reports/newsletter/draft',
    signedIn,
    readers,
    handle(async (req, res) => {
      const q = parseQuarter(req, res);
      if (q) res.json(await deps.store.fresh(q.year, q.quarter));
    }),
  );

  router.get(
    '/reports/newsletter/versions/:version',
    signedIn,
    readers,
    handle(async (req, res) => {
      const q = parseQuarter(req, res);
      if (!q) return;
      const version = Number(req.params.version);
      const found = Number.isInteger(version)
        ? await deps.store.version(q.year, q.quarter, version)
        : undefined;
      if (!found)
        return problem(res, 404, 'NotFound', 'That version of the newsletter does not exist.');
      res.json(found);
    }),
  );

  router.post(
    '/reports/newsletter',
    signedIn,
    editors,
    handle(async (req, res) => {
      const q = parseQuarter(req, res);
      if (!q) return;
      const checked = checkNewsletterEdit(req.body);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      try {
        res
          .status(201)
          .json(await deps.store.save(q.year, q.quarter, checked.edit, actor(res), now()));
      } catch (error) {
        if (!(error instanceof VersionConflictError)) throw error;
        problem(
          res,
          409,
          'Conflict',
          'Someone saved this newsletter while you were editing it. Copy your changes, reload, and make them again.',
        );
      }
    }),
  );

  const windowQuery = z.object({ from: isoDate.optional(), to: isoDate.optional() });
  router.get(
    '/circulation',
    signedIn,
    readers,
    handle(async (req, res) => {
      const parsed = windowQuery.safeParse(req.query);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        return problem(res, 400, 'BadRequest', `${issue.path.join('.')}: ${issue.message}`);
      }
      const today = londonDate(now());
      const from = parsed.data.from ?? addCalendarDays(today, -30);
      const to = parsed.data.to ?? addCalendarDays(today, 60);
      if (to < from)
        return problem(res, 400, 'BadRequest', 'The end of the period cannot be before its start.');
      // Events well either side of the window: a meeting after it can make papers due in it.
      const events = await deps.store.events(addCalendarDays(from, -400), addCalendarDays(to, 400));
      const view: CirculationView = {
        source: deps.plan.source,
        today,
        from,
        to,
        eventKinds: deps.plan.events.map((e) => ({
          id: e.id,
          title: e.title,
          training: e.training,
        })),
        events: events.filter((e) => e.on >= from && e.on <= to),
        due: circulationDue({
          plan: deps.plan,
          events,
          done: await deps.store.done(),
          today,
          from,
          to,
        }),
        standing: deps.plan.items
          .filter((i) => i.timing.kind === 'as-needed')
          .map(({ id, what, toWhom, how, byWhom, when }) => ({
            id,
            what,
            toWhom,
            how,
            byWhom,
            when,
          })),
      };
      res.json(view);
    }),
  );

  const eventKinds = deps.plan.events.map((e) => e.id) as [string, ...string[]];
  const eventBody = z.object({
    kind: z.enum(eventKinds, { error: 'Choose what kind of meeting or event it is' }),
    title: z
      .string({ error: 'Enter a title' })
      .trim()
      .min(1, 'Enter a title')
      .max(200, 'Keep the title to 200 characters'),
    on: isoDate,
    delivery: z
      .enum(['in-person', 'virtual', 'hybrid'], { error: 'Choose face to face, virtual or hybrid' })
      .nullish(),
  });
  router.post(
    '/circulation/events',
    signedIn,
    recorders,
    handle(async (req, res) => {
      const parsed = eventBody.safeParse(req.body ?? {});
      if (!parsed.success) return void res.status(422).json({ errors: fieldErrors(parsed.error) });
      const training = deps.plan.events.find((e) => e.id === parsed.data.kind)!.training;
      if (training && !parsed.data.delivery)
        return void res.status(422).json({
          errors: {
            delivery: 'Say how the training was delivered: face to face, virtual or hybrid',
          },
        });
      const id = await deps.store.recordEvent(
        {
          kind: parsed.data.kind,
          title: parsed.data.title,
          on: parsed.data.on,
          delivery: parsed.data.delivery ?? null,
        },
        actor(res),
        now(),
      );
      res.status(201).json({ id });
    }),
  );

  const itemIds = deps.plan.items.map((i) => i.id) as [string, ...string[]];
  const doneBody = z.object({
    itemId: z.enum(itemIds, { error: 'That is not an item of the circulation plan' }),
    occurrence: z.string({ error: 'Say which meeting or period it was for' }).min(1).max(100),
    doneOn: isoDate,
  });
  router.post(
    '/circulation/done',
    signedIn,
    recorders,
    handle(async (req, res) => {
      const parsed = doneBody.safeParse(req.body ?? {});
      if (!parsed.success) return void res.status(422).json({ errors: fieldErrors(parsed.error) });
      if (parsed.data.doneOn > londonDate(now()))
        return void res
          .status(422)
          .json({ errors: { doneOn: 'The date it was done cannot be in the future' } });
      await deps.store.markDone(parsed.data, actor(res), now());
      res.status(201).json({ ok: true });
    }),
  );

  return router;
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) errors[issue.path.join('.') || 'body'] ??= issue.message;
  return errors;
}

/** The reports API under /api, for the service and the API under test. */
export function reportsRouters(deps: {
  db: Kysely<Tables>;
  partnership: Partnership;
  verifier: TokenVerifier;
  now?: () => Date;
}): Router[] {
  const plan = loadCirculationPlan(deps.partnership.id);
  return [
    reportsApi({
      verifier: deps.verifier,
      partnership: deps.partnership,
      plan,
      store: reportsStore(deps.db, deps.partnership, plan),
      ...(deps.now ? { now: deps.now } : {}),
    }),
  ];
}
