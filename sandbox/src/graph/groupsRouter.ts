// Graph groups: /groups, /groups/{id}, /groups/{id}/members (and transitiveMembers: the
// sandbox has no nested groups), /users/{id}/memberOf. Members are directoryObjects
// carrying @odata.type, as Graph returns them.
import { type Request, type Response, Router } from 'express';
import type { Directory } from '../tenant/directory';
import type { Groups, SandboxGroup } from '../tenant/groups';
import { sendGraphError } from './graphErrors';
import { UnsupportedQueryError, page, parseListQuery, parseSelect, project } from './odataQuery';
import { DEFAULT_USER_PROPERTIES } from './usersRouter';

const GROUP_PROPERTIES: (keyof SandboxGroup)[] = [
  'id',
  'createdDateTime',
  'description',
  'displayName',
  'groupTypes',
  'mail',
  'mailEnabled',
  'mailNickname',
  'resourceProvisioningOptions',
  'securityEnabled',
  'visibility',
];

function notFound(res: Response, id: string): void {
  sendGraphError(
    res,
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`,
  );
}

function typed<T extends object>(odataType: string, item: T): Record<string, unknown> {
  return { '@odata.type': odataType, ...item };
}

export function groupsRouter(directory: Directory, groups: Groups, baseUrl: () => string): Router {
  const router = Router();
  const context = (suffix: string) => `${baseUrl()}/v1.0/$metadata#${suffix}`;
  const self = (req: Request) => new URL(req.originalUrl, baseUrl());

  function listing(req: Request, res: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof UnsupportedQueryError) {
        return sendGraphError(res, 400, 'Request_UnsupportedQuery', err.message);
      }
      throw err;
    }
  }

  router.get('/groups', (req, res) =>
    listing(req, res, () => {
      const query = parseListQuery(req, ['id', 'displayName', 'mailNickname', 'mail']);
      query.select ??= GROUP_PROPERTIES;
      const items = query.filter
        ? groups.all.filter((g) => query.filter?.(g as unknown as Record<string, unknown>))
        : groups.all;
      const view = items.map(({ memberIds: _m, ...g }) => g);
      res.json(page(view, query, context('groups'), self(req)));
    }),
  );

  router.get('/groups/:id', (req, res) => {
    const group = groups.find(String(req.params.id));
    if (!group) return notFound(res, String(req.params.id));
    const { memberIds: _m, ...view } = group;
    res.json({
      '@odata.context': context('groups/$entity'),
      ...project(view, parseSelect(req) ?? GROUP_PROPERTIES),
    });
  });

  const members = (req: Request, res: Response) =>
    listing(req, res, () => {
      const group = groups.find(String(req.params.id));
      if (!group) return notFound(res, String(req.params.id));
      const query = parseListQuery(req, []);
      const select = query.select ?? DEFAULT_USER_PROPERTIES;
      query.select = undefined; // projected below so that @odata.type stays
      const users = group.memberIds.flatMap((id) => {
        const user = directory.find(id);
        return user ? [typed('#microsoft.graph.user', project(user, select))] : [];
      });
      res.json(page(users, query, context('directoryObjects'), self(req)));
    });
  router.get('/groups/:id/members', members);
  router.get('/groups/:id/transitiveMembers', members);
  router.get('/groups/:id/members/microsoft.graph.user', members);

  router.get('/users/:id/memberOf', (req, res) =>
    listing(req, res, () => {
      const user = directory.find(String(req.params.id));
      if (!user) return notFound(res, String(req.params.id));
      const query = parseListQuery(req, []);
      const select = query.select ?? GROUP_PROPERTIES;
      query.select = undefined;
      const items = groups
        .memberOf(user.id)
        .map(({ memberIds: _m, ...g }) => typed('#microsoft.graph.group', project(g, select)));
      res.json(page(items, query, context('directoryObjects'), self(req)));
    }),
  );

  // POST /users/{id}/checkMemberGroups: which of up to 20 groups the user is in (transitively;
  // the sandbox has no nested groups). As Graph: more than 20 ids, or an id that is not a
  // GUID, is a 400; an unknown user a 404; groups that do not exist are simply not listed.
  router.post('/users/:id/checkMemberGroups', (req, res) => {
    const user = directory.find(String(req.params.id));
    if (!user) return notFound(res, String(req.params.id));
    const body = (req.body ?? {}) as { groupIds?: unknown };
    const ids = body.groupIds;
    if (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))
      return sendGraphError(
        res,
        400,
        'Request_BadRequest',
        "The request body must have 'groupIds', an array of group ids.",
      );
    if (ids.length > 20)
      return sendGraphError(
        res,
        400,
        'Request_BadRequest',
        'Too many groupIds: checkMemberGroups takes at most 20 group ids in one request.',
      );
    const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
    const bad = (ids as string[]).find((id) => !guid.test(id));
    if (bad)
      return sendGraphError(res, 400, 'Request_BadRequest', `Invalid object identifier '${bad}'.`);
    const mine = new Set(groups.memberOf(user.id).map((g) => g.id));
    res.json({
      '@odata.context': context('Collection(Edm.String)'),
      value: (ids as string[]).filter((id) => mine.has(id.toLowerCase())),
    });
  });

  return router;
}
