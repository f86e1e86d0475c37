import {
  impactResultForm,
  identifyingWarnings,
  isRecommendationSource,
  londonDate,
  recommendationForm,
  validateForm,
  type Partnership,
  type RecommendationView,
} from '@pathways/core';
import express, { type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { callerOf, requireRole } from '../platform/http/access';
import type { Recommendations } from './recommendations';

const listQuery = z.object({
  source: z.string().max(40).optional(),
  theme: z.string().max(200).optional(),
  status: z.string().max(40).optional(),
});

const changes = z
  .object({
    percentComplete: z
      .number({ error: 'Progress must be a whole number from 0 to 100' })
      .int('Progress must be a whole number from 0 to 100')
      .min(0, 'Progress must be a whole number from 0 to 100')
      .max(100, 'Progress must be a whole number from 0 to 100')
      .optional(),
    dueDate: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'Enter the due date as a date, for example 2027-03-31')
      .optional(),
    expectedVersion: z.number({ error: 'Reload the recommendation and try again' }).int(),
  })
  .strict();

function notFound(res: Response) {
  res.status(404).json({
    error: {
      code: 'NotFound',
      message: 'That recommendation does not exist, or you cannot see it.',
    },
  });
}

function conflict(res: Response, message: string) {
  res.status(409).json({ error: { code: 'Conflict', message } });
}

const csvCell = (value: string | number | null) => {
  const text = value === null ? '' : String(value);
  // Quote every cell; a leading = + - @ would be a formula in a spreadsheet.
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replace(/"/g, '""')}"`;
};

/** The Development Manager's export: one row per recommendation, as on screen. */
export function recommendationsCsv(items: RecommendationView[]): string {
  const header = [
    'Reference',
    'Recommendation',
    'Source',
    'From',
    'Theme',
    'Owning agency',
    'Owner',
    'Due date',
    'Overdue',
    'Status',
    'Progress (%)',
    'Impact test due',
    'Impact rating',
  ];
  const rows = items.map((r) => [
    r.reference,
    r.text,
    r.sourceTitle,
    r.sourceRecord.reference,
    r.theme,
    r.owningAgency,
    r.owner,
    r.dueDate,
    r.overdue ? 'Yes' : 'No',
    r.statusText,
    r.percentComplete,
    r.impactTestDue,
    r.impact?.ratingTitle ?? null,
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The REST API for recommendations (contract: core/src/recommendations/recommendation.ts). */
export function recommendationRoutes(deps: {
  recommendations: Recommendations;
  partnership: Partnership;
  signedIn: RequestHandler;
  now?: () => Date;
}) {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const readers = requireRole('DevelopmentManager', 'EngineRoom', 'BusinessUnit', 'Executive');

  const parseList = (query: unknown, res: Response) => {
    const parsed = listQuery.safeParse(query);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0]!;
    res.status(400).json({
      error: { code: 'BadRequest', message: `${issue.path.join('.')}: ${issue.message}` },
    });
    return undefined;
  };

  router.get('/recommendations', deps.signedIn, readers, async (req, res) => {
    const filter = parseList(req.query, res);
    if (filter) res.json(await deps.recommendations.list(filter));
  });

  router.get('/recommendations.csv', deps.signedIn, readers, async (req, res) => {
    const filter = parseList(req.query, res);
    if (!filter) return;
    const list = await deps.recommendations.list(filter);
    res
      .type('text/csv; charset=utf-8')
      .attachment(`${deps.partnership.shortName}-recommendations-${londonDate(now())}.csv`)
      // A byte order mark, so Excel reads the file as UTF-8.
      .send(`\uFEFF${recommendationsCsv(list.items)}`);
  });

  router.get('/recommendations/:id', deps.signedIn, readers, async (req, res) => {
    const found = await deps.recommendations.get(String(req.params.id));
    if (!found) return notFound(res);
    res.json(found);
  });

  router.patch(
    '/recommendations/:id',
    deps.signedIn,
    requireRole('DevelopmentManager'),
    async (req, res) => {
      const parsed = changes.safeParse(req.body ?? {});
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues)
          errors[String(issue.path[0] ?? 'form')] ??= issue.message;
        return res.status(422).json({ errors });
      }
      const caller = callerOf(res);
      const outcome = await deps.recommendations.update(
        String(req.params.id),
        { percentComplete: parsed.data.percentComplete, dueDate: parsed.data.dueDate },
        parsed.data.expectedVersion,
        { aadObjectId: caller.id, name: caller.displayName },
      );
      if (outcome === 'not-found') return notFound(res);
      if (outcome === 'stale')
        return conflict(
          res,
          'Someone changed this recommendation since you opened it. Reload to see it.',
        );
      if (outcome === 'closed')
        return conflict(res, 'This recommendation is closed: its impact test has been recorded.');
      res.json(outcome);
    },
  );

  router.post(
    '/recommendations/:id/impact',
    deps.signedIn,
    requireRole('EngineRoom'),
    async (req, res) => {
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = validateForm(impactResultForm, deps.partnership, body, {
        today: londonDate(now()),
      });
      if (!result.ok) return res.status(422).json({ errors: result.errors });
      const warnings = identifyingWarnings(impactResultForm, result.values);
      if (warnings.length > 0 && body.confirmChecked !== 'true')
        return res.status(422).json({ errors: {}, warnings });
      const caller = callerOf(res);
      const outcome = await deps.recommendations.recordImpact(
        String(req.params.id),
        { evidence: result.values.evidence!, rating: result.values.rating! },
        { aadObjectId: caller.id, name: caller.displayName },
      );
      if (outcome === 'not-found') return notFound(res);
      if (outcome === 'already-recorded')
        return conflict(res, 'The impact test has already been recorded. Reload to see it.');
      if (outcome === 'not-completed')
        return conflict(
          res,
          'Impact can be tested once the recommendation is completed. It is not completed yet.',
        );
      res.status(201).json(outcome);
    },
  );

  return router;
}

/** Body of POST /api/serious-cases/:id/recommendations: the recommendation form plus its source. */
export function validateCaseRecommendation(
  partnership: Partnership,
  body: Record<string, unknown>,
  today: string,
):
  | {
      ok: true;
      source: 'rapid-review' | 'lcspr';
      text: string;
      owningAgency: string;
      dueDate: string;
    }
  | { ok: false; errors: Record<string, string>; warnings?: string[] } {
  const source = body.source;
  const result = validateForm(recommendationForm, partnership, body, { today });
  const errors: Record<string, string> = result.ok ? {} : { ...result.errors };
  if (!(source === 'rapid-review' || source === 'lcspr') || !isRecommendationSource(source))
    errors.source = 'Say whether it comes from the Rapid Review or the LCSPR';
  if (!result.ok || Object.keys(errors).length > 0) return { ok: false, errors };
  const warnings = identifyingWarnings(recommendationForm, result.values);
  if (warnings.length > 0 && body.confirmChecked !== 'true')
    return { ok: false, errors: {}, warnings };
  return {
    ok: true,
    source: source as 'rapid-review' | 'lcspr',
    text: result.values.text!,
    owningAgency: result.values.owningAgency!,
    dueDate: result.values.dueDate!,
  };
}
