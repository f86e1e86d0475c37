import express from 'express';
import type { Kysely } from 'kysely';
import type { TokenVerifier } from '../platform/auth/token-verifier';
import type { Tables } from '../platform/db/schema';
import { authenticate, callerOf, requireRole } from '../platform/http/access';
import { problem } from '../platform/http/problems';
import { exportPerson } from './person-export';

/** A subject access request: everything held about one person, as JSON (audited). */
export function personExportApi(deps: {
  db: Kysely<Tables>;
  partnershipId: string;
  verifier: TokenVerifier;
}) {
  const router = express.Router();
  router.get(
    '/people/:personId/export',
    authenticate(deps.verifier),
    requireRole('Administrator'),
    async (req, res, next) => {
      try {
        const personId = String(req.params.personId);
        if (!/^[A-Za-z0-9._:@-]{1,128}$/.test(personId)) {
          problem(res, 422, 'Invalid', 'Give the person’s Microsoft Entra object id.');
          return;
        }
        const data = await exportPerson(deps.db, deps.partnershipId, personId, {
          aadObjectId: callerOf(res).id,
        });
        res
          .set('cache-control', 'no-store')
          .set('content-disposition', `attachment; filename="pathways-person-${personId}.json"`)
          .json(data);
      } catch (error) {
        next(error);
      }
    },
  );
  return router;
}
