import {
  activeLearningForms,
  briefingLeadForms,
  engineRoomForms,
  kloeForm,
  triageForms,
  activityForm,
  evidenceForm,
  outcomeForm,
  recommendationForm,
  identifyingWarnings,
  londonDate,
  validateForm,
  describeForm,
  type FormDecl,
  type Partnership,
  type QuarterlyReport,
  type RecordType,
} from '@pathways/core';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Tables } from '../platform/db/schema';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import type { Recommendations } from '../recommendations';
import { problem } from '../platform/http/problems';
import { BadCursorError, engineRoomStore, type EngineRoomStore } from './engine-room-store';
import { quarterlyReport } from './quarterly-report';
import { quarterlyReportDocx } from './quarterly-docx';

const recordTypes = ['kloe', 'consideration', 'challenge'] as const;
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD');

const queueQuery = z.object({
  type: z.enum(recordTypes, { error: 'must be kloe, consideration or challenge' }).optional(),
  status: z.string().max(60).optional(),
  theme: z.string().max(200).optional(),
  agency: z.string().max(200).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  q: z.string().trim().max(200, 'must be 200 characters or fewer').optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce
    .number({ error: 'must be a number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 100')
    .max(100, 'must be between 1 and 100')
    .default(50),
});

const badRequest = (res: Response, message: string) => problem(res, 400, 'BadRequest', message);
const notFound = (res: Response) =>
  problem(res, 404, 'NotFound', 'That record does not exist, or you cannot see it.');

/** The declared forms the tab and the Outlook add-in draw (GET /api/forms/:formId). */
const servedForms: Record<string, FormDecl> = {
  ...engineRoomForms,
  ...activeLearningForms,
  [kloeForm.id]: kloeForm,
  ...briefingLeadForms,
  // The Business Unit's triage, drawn in the tab as on the KLOE's channel card.
  ...triageForms,
};

/**
 * The Engine Room's REST API (contract: core/src/engine-room/api.ts). Every
 * route is behind `signedIn`; roles are checked here, on the server.
 */
export function engineRoomRoutes(deps: {
  store: EngineRoomStore;
  partnership: Partnership;
  signedIn: RequestHandler;
  report: (year: number, quarter: 1 | 2 | 3 | 4) => Promise<QuarterlyReport>;
  /** The partnership's logo for documents, if its file is there. */
  logo: () => Promise<{ png: Buffer; alt: string; width: number; height: number } | undefined>;
  now?: () => Date;
}) {
  const router = express.Router();
  const now = deps.now ?? (() => new Date());
  const readers = requireRole('BusinessUnit', 'EngineRoom', 'DevelopmentManager');
  const workers = requireRole('BusinessUnit', 'EngineRoom');

  router.get('/queue', deps.signedIn, readers, async (req, res, next) => {
    const parsed = queueQuery.safeParse(req.query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return badRequest(res, `${issue.path.join('.')}: ${issue.message}`);
    }
    try {
      res.json(await deps.store.queue(parsed.data));
    } catch (error) {
      if (error instanceof BadCursorError) return badRequest(res, error.message);
      next(error);
    }
  });

  router.get('/queue/facets', deps.signedIn, readers, (_req, res) => {
    res.json(deps.store.facets());
  });

  router.get('/forms/:formId', deps.signedIn, (req, res) => {
    const form = servedForms[String(req.params.formId)];
    if (!form) return notFound(res);
    res.json(describeForm(form, deps.partnership));
  });

  const recordType = (req: Request): RecordType | undefined =>
    (recordTypes as readonly string[]).includes(String(req.params.type))
      ? (req.params.type as RecordType)
      : undefined;

  router.get('/records/:type/:id', deps.signedIn, readers, async (req, res) => {
    const type = recordType(req);
    const detail = type && (await deps.store.detail(type, String(req.params.id)));
    if (!detail) return notFound(res);
    res.json(detail);
  });

  const addWork = (
    form: FormDecl,
    toWork: (values: Record<string, string>) => Parameters<EngineRoomStore['addWork']>[4],
  ): RequestHandler[] => [
    deps.signedIn,
    workers,
    async (req, res) => {
      const type = recordType(req);
      const id = String(req.params.id);
      if (!type) return notFound(res);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const result = validateForm(form, deps.partnership, body, { today: londonDate(now()) });
      if (!result.ok) return res.status(422).json({ errors: result.errors });
      const warnings = identifyingWarnings(form, result.values);
      if (warnings.length > 0 && body.confirmChecked !== 'true') {
        return res.status(422).json({ errors: {}, warnings });
      }
      if (form === activityForm && result.values.endDate! < result.values.startDate!) {
        return res
          .status(422)
          .json({ errors: { endDate: 'The end date must be on or after the start date' } });
      }
      const caller = callerOf(res);
      const outcome = await deps.store.addWork(
        type,
        id,
        { aadObjectId: caller.id, name: caller.displayName },
        now(),
        toWork(result.values),
      );
      if (outcome === 'not-found') return notFound(res);
      if (outcome === 'already-recorded')
        return problem(
          res,
          409,
          'Conflict',
          'The outcome has already been recorded. Reload to see it.',
        );
      if (typeof outcome === 'object')
        return problem(res, 409, 'Conflict', `Not saved: ${outcome.refused}`);
      res.status(201).json(await deps.store.detail(type, id));
    },
  ];

  router.post(
    '/records/:type/:id/evidence',
    ...addWork(evidenceForm, (v) => ({
      kind: 'evidence',
      summary: v.summary!,
      source: v.source!,
      sourceDate: v.sourceDate!,
    })),
  );
  router.post(
    '/records/:type/:id/activities',
    ...addWork(activityForm, (v) => ({
      kind: 'activity',
      activity: v.kind!,
      description: v.description!,
      owner: v.owner!,
      startDate: v.startDate!,
      endDate: v.endDate!,
    })),
  );
  router.post(
    '/records/:type/:id/recommendations',
    ...addWork(recommendationForm, (v) => ({
      kind: 'recommendation',
      text: v.text!,
      owningAgency: v.owningAgency!,
      dueDate: v.dueDate!,
    })),
  );
  router.post(
    '/records/:type/:id/outcome',
    ...addWork(outcomeForm, (v) => ({
      kind: 'outcome',
      learning: v.learning!,
      decision: v.decision!,
    })),
  );

  const reportReaders = requireRole(
    'BusinessUnit',
    'EngineRoom',
    'DevelopmentManager',
    'Executive',
  );
  const reportQuery = z.object({
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
  const parseReport = (req: Request, res: Response) => {
    const parsed = reportQuery.safeParse(req.query);
    if (parsed.success) return parsed.data as { year: number; quarter: 1 | 2 | 3 | 4 };
    const issue = parsed.error.issues[0]!;
    badRequest(res, `${issue.path.join('.')}: ${issue.message}`);
    return undefined;
  };
  router.get('/reports/quarterly', deps.signedIn, reportReaders, async (req, res) => {
    const q = parseReport(req, res);
    if (q) res.json(await deps.report(q.year, q.quarter));
  });
  router.get('/reports/quarterly.docx', deps.signedIn, reportReaders, async (req, res) => {
    const q = parseReport(req, res);
    if (!q) return;
    const report = await deps.report(q.year, q.quarter);
    const file = await quarterlyReportDocx(report, deps.partnership, await deps.logo());
    res
      .type('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .attachment(`${deps.partnership.shortName}-quarterly-report-${q.year}-Q${q.quarter}.docx`)
      .send(file);
  });

  router.get('/my/submissions', deps.signedIn, async (_req, res) => {
    res.json(await deps.store.mySubmissions(callerOf(res).id));
  });

  return router;
}

/** The Engine Room's API as the service mounts it: the store, the report and the logo wired. */
export function engineRoomApi(deps: {
  db: Kysely<Tables>;
  partnership: Partnership;
  recommendations: Recommendations;
  verifier: TokenVerifier;
  /** The folder of the partnership's logos (core/src/partnerships/assets). */
  partnershipAssets: string;
}) {
  return engineRoomRoutes({
    store: engineRoomStore(deps.db, deps.partnership, deps.recommendations),
    partnership: deps.partnership,
    signedIn: authenticate(deps.verifier),
    report: (year, quarter) => quarterlyReport(deps.db, deps.partnership, year, quarter),
    logo: async () => {
      const { file, alt, widthPx, heightPx } = deps.partnership.brand.logo;
      const path = join(deps.partnershipAssets, file);
      if (!existsSync(path)) return undefined;
      // 3 cm wide on the page, whatever the file's pixel size.
      return {
        png: await readFile(path),
        alt,
        width: 170,
        height: Math.round((170 * heightPx) / widthPx),
      };
    },
  });
}
