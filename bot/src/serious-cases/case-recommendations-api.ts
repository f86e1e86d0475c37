import { londonDate, type Partnership, isUuid } from '@pathways/core';
import { Router } from 'express';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Tables } from '../platform/db/schema';
import { addHistoryLine } from '../records/record-history';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import type { Recommendations } from '../recommendations';
import { validateCaseRecommendation } from '../recommendations';

/** Before a Rapid Review has started there is nothing for it to recommend. */
const RAPID_REVIEW_UNDER_WAY = [
  'rapid-review-in-progress',
  'rapid-review-sent',
  'decided',
  'lcspr-in-progress',
  'published',
  'closed',
];

/**
 * POST /api/serious-cases/:id/recommendations: a Rapid Review's or an LCSPR's
 * recommendation, recorded through the one recommendations use case (so it is
 * tracked in Planner like every other).
 */
export function caseRecommendationsApi(deps: {
  db: Kysely<Tables>;
  verifier: TokenVerifier;
  partnership: Partnership;
  recommendations: Pick<Recommendations, 'add' | 'get'>;
  now: () => Date;
}): Router {
  const router = Router();
  router.post(
    '/serious-cases/:id/recommendations',
    authenticate(deps.verifier),
    requireRole('BusinessUnit', 'EngineRoom'),
    async (req, res) => {
      const id = String(req.params.id);
      const body = (req.body ?? {}) as Record<string, unknown>;
      const at = deps.now();
      const checked = validateCaseRecommendation(deps.partnership, body, londonDate(at));
      if (!checked.ok)
        return res.status(422).json({
          errors: checked.errors,
          ...(checked.warnings ? { warnings: checked.warnings } : {}),
        });
      const caller = callerOf(res);
      const by = { aadObjectId: caller.id, name: caller.displayName };
      const outcome = await deps.db.transaction().execute(async (trx) => {
        const found = isUuid(id)
          ? await trx
              .selectFrom('serious_cases')
              .select(['id', 'reference', 'status', 'decision'])
              .where('id', '=', id)
              .where('partnership_id', '=', deps.partnership.id)
              .forUpdate()
              .executeTakeFirst()
          : undefined;
        if (!found) return 'not-found' as const;
        if (checked.source === 'rapid-review' && !RAPID_REVIEW_UNDER_WAY.includes(found.status))
          return 'no-rapid-review' as const;
        if (checked.source === 'lcspr' && found.decision !== 'lcspr') return 'no-lcspr' as const;
        const what = checked.source === 'lcspr' ? 'an LCSPR' : 'a Rapid Review';
        await addHistoryLine(trx, {
          type: 'consideration',
          id: found.id,
          by,
          at,
          action: `recorded ${what} recommendation for ${checked.owningAgency}`,
        });
        // Last: it records the audit event.
        return deps.recommendations.add(trx, {
          source: checked.source,
          record: { type: 'consideration', id: found.id, reference: found.reference },
          text: checked.text,
          owningAgency: checked.owningAgency,
          dueDate: checked.dueDate,
          by,
          at,
        });
      });
      if (outcome === 'not-found')
        return res.status(404).json({
          error: { code: 'NotFound', message: 'That case does not exist, or you cannot see it.' },
        });
      if (outcome === 'no-rapid-review' || outcome === 'no-lcspr')
        return res.status(409).json({
          error: {
            code: 'Conflict',
            message:
              outcome === 'no-lcspr'
                ? 'This case has no LCSPR: the Executive has not decided on one.'
                : 'The Rapid Review for this case has not started yet.',
          },
        });
      res.status(201).json(await deps.recommendations.get(outcome.id));
    },
  );
  return router;
}
