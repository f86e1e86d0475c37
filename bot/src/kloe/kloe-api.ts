import {
  agencyOfOrganisation,
  isTriageVerb,
  isUuid,
  kloePrefillFromEmail,
  triageKloe,
  type TriageDone,
  kloeStatusText,
  raiseKloe,
  type KloePrefill,
  type Partnership,
  type PeopleDirectory,
  type RaisedKloe,
} from '@pathways/core';
import { createHash } from 'node:crypto';
import { z } from 'zod';
import express, { type Router } from 'express';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { conversationReferences } from '../platform/db/repositories';
import type { Tables } from '../platform/db/schema';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import { problem } from '../platform/http/problems';
import type { JobQueue } from '../platform/jobs/job-queue';
import { kloeStore } from './kloe-store';

const idempotencyKey = /^[\w-]{8,100}$/;

/**
 * POST /api/kloes (contract: core/src/kloe/kloe-api.ts): a KLOE raised outside chat,
 * through the same use case and store as the bot, so its card reaches the Business
 * Unit's channel by the same job and its receipt goes to the person's chat with
 * Pathways when we know it.
 */
export function kloeApi(deps: {
  db: Kysely<Tables>;
  jobs: Pick<JobQueue, 'enqueue' | 'wake'>;
  partnership: Partnership;
  verifier: TokenVerifier;
  /** Who the caller is in the directory: their organisation pre-fills the form. */
  directory: Pick<PeopleDirectory, 'profile'>;
  now?: () => Date;
}): Router {
  const router = express.Router();
  const store = kloeStore(deps.db, deps.jobs);
  const now = deps.now ?? (() => new Date());

  router.post('/kloes', authenticate(deps.verifier), async (req, res, next) => {
    try {
      const caller = callerOf(res);
      const key = req.get('Idempotency-Key') ?? '';
      if (!idempotencyKey.test(key)) {
        res.status(400).json({
          error: {
            code: 'BadRequest',
            message:
              'The request needs an Idempotency-Key header: 8 to 100 letters, digits, - or _, made once per KLOE.',
          },
        });
        return;
      }
      const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
        string,
        unknown
      >;
      // One person's keys never meet another's, nor a Teams activity id.
      const submissionKey = `api:${caller.id}:${key}`;
      // Kept with the key: a retry sends the same body, a new report reusing the key does not.
      const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
      const result = await raiseKloe(body, {
        partnership: deps.partnership,
        store,
        submissionKey,
        requestHash,
        submittedBy: { aadObjectId: caller.id, name: caller.displayName },
        receipt: {
          conversationReference:
            (await conversationReferences(deps.db).find(deps.partnership.id, caller.id)) ?? {},
          activityId: undefined,
        },
        now: now(),
      });
      switch (result.outcome) {
        case 'invalid':
          res.status(422).json({ errors: result.errors });
          return;
        case 'check':
          res.status(422).json({ errors: {}, warnings: result.warnings });
          return;
        case 'sent': {
          if (!result.created) {
            const first = await deps.db
              .selectFrom('kloes')
              .select('request_hash')
              .where('partnership_id', '=', deps.partnership.id)
              .where('submission_key', '=', submissionKey)
              .executeTakeFirst();
            if (first?.request_hash && first.request_hash !== requestHash) {
              problem(
                res,
                422,
                'IdempotencyKeyReused',
                'This Idempotency-Key was already used for a different KLOE, so this one was not saved. Send each new KLOE with a new key; resend a KLOE with its own key and exactly the same details.',
              );
              return;
            }
          }
          const raised: RaisedKloe = {
            id: result.kloe.id,
            reference: result.kloe.reference,
            statusText: kloeStatusText[result.kloe.status],
          };
          res.status(result.created ? 201 : 200).json(raised);
          return;
        }
      }
    } catch (error) {
      next(error);
    }
  });
  const emailForKloe = z.object({
    subject: z.string().max(2_000).default(''),
    body: z.string().max(100_000).default(''),
    sender: z
      .object({ name: z.string().max(500).optional(), email: z.string().max(500).optional() })
      .optional(),
  });

  // The add-in's pre-fill is worked out here, so the one set of identifying-detail rules
  // (core) decides what is taken out; the email is neither stored nor logged.
  router.post('/kloes/from-email', authenticate(deps.verifier), async (req, res, next) => {
    const caller = callerOf(res);
    const parsed = emailForKloe.safeParse(req.body ?? {});
    if (!parsed.success) {
      res.status(400).json({
        error: {
          code: 'BadRequest',
          message:
            'Send the email as { subject, body, sender }, with a body of 100,000 characters or fewer.',
        },
      });
      return;
    }
    try {
      // Their own organisation, as the partnership's agency list names it; none when it has no
      // such name (the directory's may differ), so the lead chooses rather than meets a guess.
      const profile = await deps.directory.profile(caller.id);
      const prefill: KloePrefill = kloePrefillFromEmail(parsed.data, {
        name: caller.displayName,
        agency: agencyOfOrganisation(deps.partnership, profile?.agency)?.name,
      });
      res.json(prefill);
    } catch (error) {
      next(error);
    }
  });
  // The tab's triage (contract: core/src/engine-room/api.ts): the channel card's use case and
  // rules, so the card is brought up to date by the same job whichever surface decided.
  router.post(
    '/records/kloe/:id/triage/:formId',
    authenticate(deps.verifier),
    // Only the Business Unit triages (the use case says so too, for the card's sake).
    requireRole('BusinessUnit'),
    async (req, res, next) => {
      try {
        const caller = callerOf(res);
        const verb = String(req.params.formId);
        if (!isTriageVerb(verb) || !isUuid(String(req.params.id))) {
          problem(res, 404, 'NotFound', 'There is no such record or triage decision.');
          return;
        }
        const body = (req.body && typeof req.body === 'object' ? req.body : {}) as Record<
          string,
          unknown
        >;
        const result = await triageKloe(
          verb,
          { ...body, kloeId: String(req.params.id) },
          {
            partnership: deps.partnership,
            store,
            actor: { aadObjectId: caller.id, name: caller.displayName },
            actorRoles: new Set(caller.roles),
            now: now(),
          },
        );
        switch (result.outcome) {
          case 'not-found':
            problem(res, 404, 'NotFound', 'That record does not exist, or you cannot see it.');
            return;
          case 'not-allowed':
            problem(res, 403, 'Forbidden', result.message);
            return;
          case 'invalid':
            res.status(422).json({ errors: result.errors });
            return;
          case 'refused':
          case 'conflict':
            problem(res, 409, 'Conflict', result.message);
            return;
          case 'done': {
            const done: TriageDone = { message: result.message };
            res.json(done);
            return;
          }
        }
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
