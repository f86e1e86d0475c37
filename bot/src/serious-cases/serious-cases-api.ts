import {
  caseClocks,
  considerationForm,
  formView,
  londonDate,
  type Role,
  type SeriousCase,
  type SeriousCaseStore,
  isUuid,
} from '@pathways/core';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import { problem, asyncRoute } from '../platform/http/problems';

/** Who may see cases (none of which shows the child's details). */
const CASE_READERS: [Role, ...Role[]] = [
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
  'Executive',
];
/** Who may see the child's details and record a case's progress. */
const CASE_WORKERS: [Role, ...Role[]] = ['BusinessUnit', 'EngineRoom'];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written as YYYY-MM-DD');
const eventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('record-notification'), on: isoDate, laAware: isoDate.optional() }),
  z.object({ type: z.literal('start-rapid-review'), on: isoDate }),
  z.object({ type: z.literal('send-rapid-review'), on: isoDate }),
  z.object({
    type: z.literal('decide'),
    on: isoDate,
    decision: z.enum(['lcspr', 'no-lcspr', 'other-learning-review']),
    reasons: z.string().max(4000).optional(),
  }),
  z.object({ type: z.literal('start-lcspr'), on: isoDate }),
  z.object({ type: z.literal('publish'), on: isoDate }),
  z.object({ type: z.literal('close'), on: isoDate, reason: z.string().max(4000).optional() }),
]);
const eventBody = z.object({ event: eventSchema, expectedVersion: z.number().int().optional() });

/** A case as the API shows it: no child details, with its clocks. */
export function caseSummary(c: SeriousCase) {
  return {
    id: c.id,
    reference: c.reference,
    status: c.status,
    version: c.version,
    referringAgency: c.referringAgency,
    criteria: c.criteria,
    receivedAt: c.receivedAt.toISOString(),
    dates: c.dates,
    decision: c.decision ?? null,
    decisionReasons: c.decisionReasons ?? null,
    closedReason: c.closedReason ?? null,
    clocks: caseClocks(c),
  };
}

export function seriousCasesApi(deps: {
  verifier: TokenVerifier;
  cases: SeriousCaseStore;
  partnershipId: string;
  now: () => Date;
}): Router {
  const router = Router();
  const signedIn = authenticate(deps.verifier);
  const readers = [signedIn, requireRole(...CASE_READERS)];
  const workers = [signedIn, requireRole(...CASE_WORKERS)];
  const caseId = (req: Request, res: Response): string | undefined => {
    const id = String(req.params.id);
    if (isUuid(id)) return id;
    problem(res, 404, 'NotFound', 'There is no such case.');
    return undefined;
  };

  router.get(
    '/serious-cases',
    ...readers,
    asyncRoute(async (_req, res) => {
      res.json({ cases: (await deps.cases.list(deps.partnershipId)).map(caseSummary) });
    }),
  );

  router.get(
    '/serious-cases/:id',
    ...readers,
    asyncRoute(async (req, res) => {
      const id = caseId(req, res);
      if (!id) return;
      const found = await deps.cases.get(deps.partnershipId, id);
      if (!found) return problem(res, 404, 'NotFound', 'There is no such case.');
      res.json(caseSummary(found));
    }),
  );

  router.get(
    '/serious-cases/:id/details',
    ...workers,
    asyncRoute(async (req, res) => {
      const caller = callerOf(res);
      const id = caseId(req, res);
      if (!id) return;
      const found = await deps.cases.get(deps.partnershipId, id);
      if (!found) return problem(res, 404, 'NotFound', 'There is no such case.');
      const child = await deps.cases.readDetails(deps.partnershipId, id, {
        aadObjectId: caller.id,
      });
      res.setHeader('cache-control', 'no-store');
      res.json({
        reference: found.reference,
        fields: formView(
          considerationForm,
          { ...found.values, ...child },
          {
            include: ['none', 'professional', 'child'],
          },
        ),
      });
    }),
  );

  router.post(
    '/serious-cases/:id/events',
    ...workers,
    asyncRoute(async (req, res) => {
      const caller = callerOf(res);
      const id = caseId(req, res);
      if (!id) return;
      const body = eventBody.safeParse(req.body);
      if (!body.success) {
        const issue = body.error.issues[0];
        return problem(
          res,
          400,
          'BadRequest',
          `The request is not valid: ${issue?.path.join('.') ?? 'body'} ${issue?.message ?? ''}`.trim(),
        );
      }
      const result = await deps.cases.transition(
        deps.partnershipId,
        id,
        body.data.event,
        { aadObjectId: caller.id, name: caller.displayName },
        {
          today: londonDate(deps.now()),
          ...(body.data.expectedVersion !== undefined
            ? { expectedVersion: body.data.expectedVersion }
            : {}),
        },
      );
      if (result.ok) return void res.json(caseSummary(result.seriousCase));
      const status = { 'not-found': 404, refused: 409, conflict: 409 }[result.reason];
      const code = { 'not-found': 'NotFound', refused: 'TransitionRefused', conflict: 'Conflict' }[
        result.reason
      ];
      problem(res, status, code, result.message);
    }),
  );

  return router;
}
