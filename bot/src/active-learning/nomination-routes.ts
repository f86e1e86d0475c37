import { currentAgencyName, resolveAgency } from '@pathways/core';
import { callerOf, requireRole } from '../platform/http/access';
import { asyncRoute, problem } from '../platform/http/problems';
import { nominationRequests, submitNomination } from './active-learning-handlers';
import { person, setId, type AddRoutes } from './route-kit';

/**
 * Agency leads: what they are asked, their nominations, and the directory lookup behind
 * people pickers. The lead's list comes first, so "nominations" is not taken for a set's id.
 */
export const nominationRoutes: AddRoutes = (router, deps) => {
  const leads = [deps.signedIn, requireRole('AgencyLead')];

  router.get(
    '/active-learning/nominations/mine',
    ...leads,
    asyncRoute(async (_req, res) => {
      res.json(await nominationRequests(deps, callerOf(res).id));
    }),
  );

  router.post(
    '/active-learning/:id/nominations',
    ...leads,
    asyncRoute(async (req, res) => {
      const result = await submitNomination(
        deps,
        setId(req),
        person(res),
        (req.body ?? {}) as Record<string, unknown>,
      );
      switch (result.outcome) {
        case 'done':
          return void res.status(201).json(result.request);
        case 'invalid':
          return void res.status(422).json({
            errors: result.errors,
            ...(result.warnings.length ? { warnings: result.warnings } : {}),
          });
        case 'not-invited':
          return problem(
            res,
            404,
            'NotFound',
            'You have not been asked to nominate for that Active Learning.',
          );
        case 'closed':
          return problem(
            res,
            409,
            'Closed',
            'That Active Learning has been held: nominations are closed.',
          );
      }
    }),
  );

  // The directory lookup: the Engine Room's invitations (any agency), and a lead's people
  // picker when nominating (only an agency they were asked to nominate for: their own).
  router.get(
    '/people',
    deps.signedIn,
    requireRole('BusinessUnit', 'EngineRoom', 'AgencyLead'),
    asyncRoute(async (req, res) => {
      const named = typeof req.query.agency === 'string' ? req.query.agency : '';
      const q = typeof req.query.q === 'string' ? req.query.q.slice(0, 100) : '';
      // A former name (a set asked before a rename) finds the agency under its current name.
      const agency = resolveAgency(deps.partnership, named)?.name;
      if (!agency)
        return problem(
          res,
          400,
          'BadRequest',
          'Choose an agency from the partnership\u2019s list.',
        );
      const caller = callerOf(res);
      if (
        !caller.roles.some((r) => r === 'BusinessUnit' || r === 'EngineRoom') &&
        !(await deps.store.agenciesAskedOf(caller.id)).some(
          (asked) => currentAgencyName(deps.partnership, asked) === agency,
        )
      )
        return problem(
          res,
          403,
          'Forbidden',
          `You can look up people only in an organisation you have been asked to nominate for, not ${agency}.`,
        );
      const found = await deps.organisations.search(agency, q, 50);
      res.json(found.map((p) => ({ value: p.id, title: p.name })));
    }),
  );
};
