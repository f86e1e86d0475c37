import {
  checkPeriod,
  currentAgencyName,
  datasetMeasures,
  type ChallengeStore,
  type Partnership,
  type Role,
  type SeriousCaseStore,
} from '@pathways/core';
import { Router } from 'express';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import { authenticate, requireRole } from '../platform/http/access';
import { asyncRoute, problem } from '../platform/http/problems';

/** Counts hold no personal details: open to those who govern and report on the partnership. */
const MEASURE_READERS: [Role, ...Role[]] = [
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
  'Executive',
];

/**
 * GET /api/measures?from=YYYY-MM-DD&to=YYYY-MM-DD[&agency=Name]: dataset
 * measures 4.1.3 and 4.2.1-4.2.4 for the period, overall and per agency.
 */
export function measuresApi(deps: {
  verifier: TokenVerifier;
  partnership: Partnership;
  cases: SeriousCaseStore;
  challenges: ChallengeStore;
}): Router {
  const router = Router();
  const signedIn = authenticate(deps.verifier);
  const readers = requireRole(...MEASURE_READERS);
  router.get(
    '/measures',
    signedIn,
    readers,
    asyncRoute(async (req, res) => {
      const period = { from: String(req.query.from ?? ''), to: String(req.query.to ?? '') };
      const invalid = checkPeriod(period);
      if (invalid) return problem(res, 400, 'BadRequest', invalid);
      const measures = datasetMeasures(deps.partnership, period, {
        cases: await deps.cases.list(deps.partnership.id),
        challenges: await deps.challenges.list(deps.partnership.id),
      });
      const agency = req.query.agency;
      if (agency === undefined) return void res.json(measures);
      // A former name asks for the agency under its current name, as the figures count it.
      const wanted = currentAgencyName(deps.partnership, String(agency));
      const one = measures.byAgency.find((a) => a.agency === wanted);
      if (!one)
        return problem(
          res,
          400,
          'BadRequest',
          `"${String(agency)}" is not one of the partnership\u2019s agencies.`,
        );
      res.json({ ...measures, byAgency: [one] });
    }),
  );
  return router;
}
