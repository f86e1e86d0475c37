import {
  BRIEFING_NOTE_FORM,
  checkCascade,
  checkImpact,
  londonDate,
  renderBriefingEmail,
  validateBriefing,
  type BriefingPreview,
  type Partnership,
} from '@pathways/core';
import { Router, type NextFunction, type Request, type Response } from 'express';
import type { TokenVerifier } from '../auth/token-verifier';
import { describeForm } from '../engine-room/routes';
import { authenticate, callerOf, requireRole } from '../http/access';
import type { BriefingStore } from './briefing-store';

function problem(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ error: { code, message } });
}

const NOT_FOUND = 'There is no such briefing, or it was not sent to you.';

/**
 * The briefing REST API (shapes in core/src/briefings/api.ts). The Business Unit writes,
 * previews and sends; the Development Manager may read the status. Leads see only the
 * briefings sent to them, and only their own agency's progress.
 */
export function briefingRoutes(deps: {
  verifier: TokenVerifier;
  store: BriefingStore;
  partnership: Partnership;
  now: () => Date;
  logo: () => Promise<Buffer | undefined>;
  /** False when no mailbox to send from is configured. */
  canSend: boolean;
}): Router {
  const router = Router();
  const { store, partnership } = deps;
  const signedIn = authenticate(deps.verifier);
  const writers = [signedIn, requireRole('BusinessUnit')];
  const readers = [signedIn, requireRole('BusinessUnit', 'DevelopmentManager')];
  const leads = [signedIn, requireRole('AgencyLead')];
  const route =
    (handler: (req: Request, res: Response) => Promise<void>) =>
    (req: Request, res: Response, next: NextFunction) =>
      handler(req, res).catch(next);
  const actor = (res: Response) => {
    const caller = callerOf(res);
    return { id: caller.id, displayName: caller.displayName };
  };

  router.get('/briefings/form', ...writers, (_req, res) => {
    // The same description as every declared form (GET /api/forms/:formId): themes resolved.
    res.json(describeForm(BRIEFING_NOTE_FORM, partnership));
  });

  router.post(
    '/briefings/preview',
    ...writers,
    route(async (req, res) => {
      const checked = validateBriefing(partnership, req.body);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      const logo = await deps.logo();
      const preview: BriefingPreview = renderBriefingEmail({
        partnership,
        note: checked.note,
        reference: 'BRF-YYYY-NNNN',
        // In the email the logo is an inline part (cid:); in a preview, the image itself.
        logoSrc: logo ? `data:image/png;base64,${logo.toString('base64')}` : '',
      });
      res.json(preview);
    }),
  );

  router.post(
    '/briefings',
    ...writers,
    route(async (req, res) => {
      const checked = validateBriefing(partnership, req.body);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      res.status(201).json(await store.create(checked.note, actor(res), deps.now()));
    }),
  );

  router.post(
    '/briefings/:id/send',
    ...writers,
    route(async (req, res) => {
      if (!deps.canSend) {
        return problem(
          res,
          409,
          'NoMailbox',
          'No mailbox to send briefing notes from is configured (BUSINESS_UNIT_MAILBOX).',
        );
      }
      if (partnership.circulationLists.agencyLeads.length === 0) {
        return problem(
          res,
          409,
          'NoCirculationList',
          'No circulation list of agency leads is configured for this partnership, so there is no one to send it to.',
        );
      }
      const status = await store.requestSend(String(req.params.id), actor(res), deps.now());
      if (!status) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(status);
    }),
  );

  router.get(
    '/briefings',
    ...readers,
    route(async (_req, res) => {
      res.json(await store.list());
    }),
  );

  router.get(
    '/briefings/:id',
    ...readers,
    route(async (req, res) => {
      const status = await store.status(String(req.params.id));
      if (!status) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(status);
    }),
  );

  router.get(
    '/briefings/:id/recipients',
    ...readers,
    route(async (req, res) => {
      const recipients = await store.recipients(String(req.params.id));
      if (!recipients) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(recipients);
    }),
  );

  router.get(
    '/lead/briefings',
    ...leads,
    route(async (_req, res) => {
      res.json(await store.leadList(actor(res)));
    }),
  );

  router.get(
    '/lead/briefings/:id',
    ...leads,
    route(async (req, res) => {
      const view = await store.leadBriefing(String(req.params.id), actor(res));
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  router.post(
    '/lead/briefings/:id/acknowledgement',
    ...leads,
    route(async (req, res) => {
      const view = await store.acknowledge(String(req.params.id), actor(res), deps.now());
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  router.post(
    '/lead/briefings/:id/cascades',
    ...leads,
    route(async (req, res) => {
      const now = deps.now();
      const checked = checkCascade(req.body, londonDate(now));
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      const view = await store.addCascade(String(req.params.id), actor(res), checked.value, now);
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  router.post(
    '/lead/briefings/:id/impact',
    ...leads,
    route(async (req, res) => {
      const id = String(req.params.id);
      const lead = actor(res);
      // Not sent to this lead: 404 before anything about the briefing is checked.
      if (!(await store.leadBriefing(id, lead))) return problem(res, 404, 'NotFound', NOT_FOUND);
      const checked = checkImpact(req.body, (await store.recommendationCount(id)) ?? 0);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      const view = await store.addImpact(id, lead, checked.value, deps.now());
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  return router;
}
