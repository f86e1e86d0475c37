// Graph users: /users, /users/{id | userPrincipalName}, /me.
import { Router } from 'express';
import type { Directory, DirectoryUser } from '../tenant/directory';
import { sendGraphError } from './graphErrors';
import { graphClaims, isDelegated } from './graphAuth';
import { UnsupportedQueryError, page, parseListQuery, parseSelect, project } from './odataQuery';

/** Properties Graph returns for a user when there is no $select. */
export const DEFAULT_USER_PROPERTIES: (keyof DirectoryUser)[] = [
  'businessPhones',
  'displayName',
  'givenName',
  'jobTitle',
  'mail',
  'mobilePhone',
  'officeLocation',
  'preferredLanguage',
  'surname',
  'userPrincipalName',
  'id',
];
const FILTERABLE = [
  'id',
  'mail',
  'userPrincipalName',
  'displayName',
  'givenName',
  'surname',
  'jobTitle',
  'companyName',
];

function notFound(id: string): [number, string, string] {
  return [
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  ];
}

export function usersRouter(directory: Directory, baseUrl: () => string): Router {
  const router = Router();
  const context = (suffix: string) => `${baseUrl()}/v1.0/$metadata#${suffix}`;

  router.get('/users', (req, res) => {
    try {
      const query = parseListQuery(req, FILTERABLE);
      query.select ??= DEFAULT_USER_PROPERTIES;
      const users = query.filter
        ? directory.users.filter((u) => query.filter?.(u as unknown as Record<string, unknown>))
        : directory.users;
      const self = new URL(req.originalUrl, baseUrl());
      res.json(page(users, query, context('users'), self));
    } catch (err) {
      if (err instanceof UnsupportedQueryError) {
        return sendGraphError(res, 400, 'Request_UnsupportedQuery', err.message);
      }
      throw err;
    }
  });

  router.get('/users/:id', (req, res) => {
    const user = directory.find(String(req.params.id));
    if (!user) return sendGraphError(res, ...notFound(String(req.params.id)));
    res.json({
      '@odata.context': context('users/$entity'),
      ...project(user, parseSelect(req) ?? DEFAULT_USER_PROPERTIES),
    });
  });

  router.get('/me', (req, res) => {
    const claims = graphClaims(res);
    if (!isDelegated(claims)) {
      return sendGraphError(
        res,
        400,
        'BadRequest',
        '/me request is only valid with delegated authentication flow.',
      );
    }
    const user = directory.find(claims.oid ?? '');
    if (!user) return sendGraphError(res, ...notFound(claims.oid ?? 'me'));
    res.json({
      '@odata.context': context('users/$entity'),
      ...project(user, parseSelect(req) ?? DEFAULT_USER_PROPERTIES),
    });
  });

  return router;
}
