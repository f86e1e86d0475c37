import {
  BRIEFING_NOTE_FORM,
  checkCascade,
  describeForm,
  audienceText,
  checkImpact,
  londonDate,
  newsletterAsBriefing,
  renderBriefingEmail,
  validateBriefing,
  type BriefingAudience,
  type BriefingPreview,
  type NewsletterVersion,
  type Partnership,
} from '@pathways/core';
import { z } from 'zod';
import { Router, type Response } from 'express';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import type { BriefingStore } from './briefing-store';
import { problem, asyncRoute } from '../platform/http/problems';

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
  /** Who a briefing would reach now (the circulation lists, read from the directory). */
  audience: () => Promise<{ leads: number; agencies: number }>;
  /** Seconds after sending during which it can be cancelled. */
  undoSeconds: number;
  logo: () => Promise<Buffer | undefined>;
  /** False when no mailbox to send from is configured. */
  canSend: boolean;
  /** The latest saved version of a quarter's newsletter (bot/src/reports/reports-store.ts). */
  newsletters: {
    saved(year: number, quarter: 1 | 2 | 3 | 4): Promise<NewsletterVersion | undefined>;
  };
}): Router {
  const router = Router();
  const { store, partnership } = deps;
  const signedIn = authenticate(deps.verifier);
  const writers = [signedIn, requireRole('BusinessUnit')];
  const readers = [signedIn, requireRole('BusinessUnit', 'DevelopmentManager')];
  const leads = [signedIn, requireRole('AgencyLead')];
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
    asyncRoute(async (req, res) => {
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
    asyncRoute(async (req, res) => {
      const checked = validateBriefing(partnership, req.body);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      res.status(201).json(await store.create(checked.note, actor(res), deps.now()));
    }),
  );

  /** Whether anything can be sent at all; answers 409 and says why when not. */
  const cannotSend = (res: Response): boolean => {
    if (!deps.canSend) {
      problem(
        res,
        409,
        'NoMailbox',
        'No mailbox to send briefings from is configured (BUSINESS_UNIT_MAILBOX).',
      );
      return true;
    }
    if (partnership.circulationLists.agencyLeads.length === 0) {
      problem(
        res,
        409,
        'NoCirculationList',
        'No circulation list of agency leads is configured for this partnership, so there is no one to send it to.',
      );
      return true;
    }
    return false;
  };

  const confirmation = z.object(
    {
      audience: z.object({
        leads: z.number().int().min(0),
        agencies: z.number().int().min(0),
      }),
    },
    { error: 'Confirm who it goes to' },
  );

  /**
   * Sending to every lead is deliberate: the request repeats the audience the person was
   * shown. Answers (422 or 409) and returns false when it is missing or no longer true.
   */
  const confirmed = async (body: unknown, res: Response): Promise<boolean> => {
    const parsed = confirmation.safeParse(body ?? {});
    if (!parsed.success) {
      res.status(422).json({
        errors: {
          audience:
            'Confirm who it goes to: look at how many leads and agencies it reaches, then confirm.',
        },
      });
      return false;
    }
    const now = await deps.audience();
    const shown = parsed.data.audience;
    if (now.leads !== shown.leads || now.agencies !== shown.agencies) {
      problem(
        res,
        409,
        'AudienceChanged',
        `The circulation lists have changed: it would now go to ${audienceText(now)}, not ${audienceText(shown)}. Nothing was sent. Check, then confirm again.`,
      );
      return false;
    }
    return true;
  };

  router.get(
    '/briefings/audience',
    ...writers,
    asyncRoute(async (_req, res) => {
      const now = await deps.audience();
      const audience: BriefingAudience = {
        ...now,
        text: audienceText(now),
        undoSeconds: deps.undoSeconds,
      };
      res.json(audience);
    }),
  );

  const newsletterSend = z.object({
    year: z.number({ error: 'Say which year' }).int().min(2020).max(2100),
    quarter: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)], {
      error: 'Say which quarter: 1, 2, 3 or 4',
    }),
    version: z.number({ error: 'Say which saved version to send' }).int().min(1),
  });

  router.post(
    '/briefings/newsletter',
    ...writers,
    asyncRoute(async (req, res) => {
      const parsed = newsletterSend.safeParse(req.body ?? {});
      if (!parsed.success) {
        const errors: Record<string, string> = {};
        for (const issue of parsed.error.issues) errors[issue.path.join('.')] ??= issue.message;
        return void res.status(422).json({ errors });
      }
      const { year, quarter, version } = parsed.data;
      if (cannotSend(res)) return;
      if (!(await confirmed(req.body, res))) return;
      const latest = await deps.newsletters.saved(year, quarter);
      if (!latest || version > latest.version)
        return problem(
          res,
          404,
          'NotFound',
          'That version of the newsletter has not been saved. Save it, then send it.',
        );
      if (version < latest.version)
        return problem(
          res,
          409,
          'NotLatest',
          `Version ${latest.version} has been saved since (by ${latest.savedBy}). Look at it, then send the latest version.`,
        );
      const sent = await store.sendNewsletter(newsletterAsBriefing(latest), actor(res), deps.now());
      if (sent.outcome === 'other-version-sent')
        return problem(
          res,
          409,
          'AlreadySent',
          `This quarter's newsletter was sent already (version ${sent.version}, ${sent.status.reference}). A quarter's newsletter is sent once.`,
        );
      res.status(sent.outcome === 'sent' ? 201 : 200).json(sent.status);
    }),
  );

  router.post(
    '/briefings/:id/send',
    ...writers,
    asyncRoute(async (req, res) => {
      if (cannotSend(res)) return;
      if (!(await store.status(String(req.params.id))))
        return problem(res, 404, 'NotFound', 'There is no such briefing.');
      if (!(await confirmed(req.body, res))) return;
      const status = await store.requestSend(String(req.params.id), actor(res), deps.now());
      if (!status) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(status);
    }),
  );

  router.post(
    '/briefings/:id/cancel',
    ...writers,
    asyncRoute(async (req, res) => {
      const result = await store.cancelSend(String(req.params.id), actor(res), deps.now());
      if (!result) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      if (result.outcome === 'too-late')
        return problem(
          res,
          409,
          'TooLate',
          result.status.status === 'draft'
            ? 'It has not been sent, so there is nothing to cancel.'
            : 'Too late to cancel: the time to cancel has passed and it is being sent.',
        );
      res.json(result.status);
    }),
  );

  router.get(
    '/briefings',
    ...readers,
    asyncRoute(async (_req, res) => {
      res.json(await store.list());
    }),
  );

  router.get(
    '/briefings/:id',
    ...readers,
    asyncRoute(async (req, res) => {
      const status = await store.status(String(req.params.id));
      if (!status) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(status);
    }),
  );

  router.get(
    '/briefings/:id/recipients',
    ...readers,
    asyncRoute(async (req, res) => {
      const recipients = await store.recipients(String(req.params.id));
      if (!recipients) return problem(res, 404, 'NotFound', 'There is no such briefing.');
      res.json(recipients);
    }),
  );

  router.get(
    '/lead/briefings',
    ...leads,
    asyncRoute(async (_req, res) => {
      res.json(await store.leadList(actor(res)));
    }),
  );

  router.get(
    '/lead/briefings/:id',
    ...leads,
    asyncRoute(async (req, res) => {
      const view = await store.leadBriefing(String(req.params.id), actor(res));
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  router.post(
    '/lead/briefings/:id/acknowledgement',
    ...leads,
    asyncRoute(async (req, res) => {
      const view = await store.acknowledge(String(req.params.id), actor(res), deps.now());
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  router.post(
    '/lead/briefings/:id/cascades',
    ...leads,
    asyncRoute(async (req, res) => {
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
    asyncRoute(async (req, res) => {
      const id = String(req.params.id);
      const lead = actor(res);
      // Not sent to this lead: 404 before anything about the briefing is checked.
      if (!(await store.leadBriefing(id, lead))) return problem(res, 404, 'NotFound', NOT_FOUND);
      const count = (await store.recommendationCount(id)) ?? 0;
      if (count === 0)
        return void res.status(422).json({
          errors: {
            recommendation:
              'This briefing makes no recommendations, so there is no change or impact to report. Acknowledge it and record how you shared it.',
          },
        });
      const checked = checkImpact(req.body, count);
      if (!checked.ok) return void res.status(422).json({ errors: checked.errors });
      const view = await store.addImpact(id, lead, checked.value, deps.now());
      if (!view) return problem(res, 404, 'NotFound', NOT_FOUND);
      res.json(view);
    }),
  );

  return router;
}
