// Planner through Graph: plans, buckets, tasks and task details, with etags. Changes need
// If-Match with the object's current etag (400 without one, 412 when it is stale); PATCH
// answers 204, or 200 with the object for Prefer: return=representation. The Planner
// object limits (20 assignees, 200 buckets, 9,000 tasks, 3,000 open tasks) answer 403.
import { type Request, type Response, Router } from 'express';
import type { GraphStore, Json, StoredPlannerItem } from '../state/graphStore';
import type { Directory } from '../tenant/directory';
import type { Groups } from '../tenant/groups';
import { type AccessTokenClaims } from '../auth/tokens';
import { graphClaims, isDelegated } from './graphAuth';
import { sendGraphError } from './graphErrors';
import { plannerId } from './ids';
import { UnsupportedQueryError, pageBySkip, parseSelect, parseTopSkip } from './odataQuery';
import { GraphRequestError } from './outlookItems';

const LIMITS = { assignees: 20, buckets: 200, tasks: 9000, openTasks: 3000 };

export function plannerEtag(stored: StoredPlannerItem): string {
  // Task details share the task's id, so the kind is part of the etag too.
  const kind = 'checklist' in stored.item ? 'Details' : 'Item';
  const token = Buffer.from(`'${stored.version}-${kind}-${String(stored.item.id)}'`).toString(
    'base64',
  );
  return `W/"${token}"`;
}

function stamp(): string {
  return new Date().toISOString();
}

function forbidden(code: string, message: string): GraphRequestError {
  return new GraphRequestError(403, code, message);
}

function identity(claims: AccessTokenClaims | undefined): Json {
  if (!claims) return { user: { displayName: null, id: null } };
  return {
    ...(isDelegated(claims) ? { user: { displayName: null, id: claims.oid } } : {}),
    application: { displayName: null, id: claims.azp ?? claims.appid ?? null },
  };
}

/** A fresh orderHint that sorts after every hint handed out before it. */
let hintCounter = 0;
function orderHint(): string {
  hintCounter++;
  return `8585${Date.now().toString(36)}${String(hintCounter).padStart(6, '0')}`;
}

/** Open-type maps (assignments, references, checklist): null removes a key. */
function mergeMap(
  current: Json,
  changes: unknown,
  shape: (key: string, value: Json, before: Json | undefined) => Json,
): Json {
  const out: Json = { ...current };
  for (const [key, value] of Object.entries((changes ?? {}) as Json)) {
    if (value === null) delete out[key];
    else out[key] = shape(key, value as Json, current[key] as Json | undefined);
  }
  return out;
}

export class Planner {
  constructor(
    private readonly store: GraphStore,
    private readonly directory: Directory,
  ) {}

  get state() {
    return this.store.state;
  }

  plan(id: string) {
    return this.state.plans.find((p) => p.item.id === id);
  }
  bucket(id: string) {
    return this.state.buckets.find((b) => b.item.id === id);
  }
  task(id: string) {
    return this.state.tasks.find((t) => t.item.id === id);
  }
  details(id: string) {
    return this.state.taskDetails.find((d) => d.item.id === id);
  }

  createPlan(input: {
    id?: string;
    title: string;
    groupId: string;
    createdBy?: Json;
  }): StoredPlannerItem {
    const stored: StoredPlannerItem = {
      version: 1,
      item: {
        id: input.id ?? plannerId(),
        title: input.title,
        owner: input.groupId,
        container: {
          containerId: input.groupId,
          type: 'group',
          url: `https://graph.microsoft.com/v1.0/groups/${input.groupId}`,
        },
        createdDateTime: stamp(),
        createdBy: input.createdBy ?? identity(undefined),
      },
    };
    this.state.plans.push(stored);
    return stored;
  }

  createBucket(input: Json, id?: string): StoredPlannerItem {
    const planId = String(input.planId ?? '');
    if (!this.plan(planId))
      throw new GraphRequestError(400, 'BadRequest', `The plan '${planId}' does not exist.`);
    if (typeof input.name !== 'string' || !input.name.trim()) {
      throw new GraphRequestError(400, 'BadRequest', 'A bucket needs a name.');
    }
    if (this.state.buckets.filter((b) => b.item.planId === planId).length >= LIMITS.buckets) {
      throw forbidden(
        'MaximumBucketsInProject',
        `A plan can have at most ${LIMITS.buckets} buckets.`,
      );
    }
    const stored: StoredPlannerItem = {
      version: 1,
      item: { id: id ?? plannerId(), name: input.name, planId, orderHint: orderHint() },
    };
    this.state.buckets.push(stored);
    return stored;
  }

  createTask(input: Json, claims: AccessTokenClaims | undefined, id?: string): StoredPlannerItem {
    const planId = String(input.planId ?? '');
    if (!this.plan(planId))
      throw new GraphRequestError(400, 'BadRequest', `The plan '${planId}' does not exist.`);
    if (typeof input.title !== 'string' || !input.title.trim()) {
      throw new GraphRequestError(400, 'BadRequest', 'A task needs a title.');
    }
    const bucketId = input.bucketId ? String(input.bucketId) : null;
    if (bucketId && this.bucket(bucketId)?.item.planId !== planId) {
      throw new GraphRequestError(
        400,
        'BadRequest',
        `The bucket '${bucketId}' is not in the plan '${planId}'.`,
      );
    }
    const inPlan = this.state.tasks.filter((t) => t.item.planId === planId);
    if (inPlan.length >= LIMITS.tasks) {
      throw forbidden('MaximumTasksInProject', `A plan can have at most ${LIMITS.tasks} tasks.`);
    }
    if (inPlan.filter((t) => Number(t.item.percentComplete) < 100).length >= LIMITS.openTasks) {
      throw forbidden(
        'MaximumActiveTasksInProject',
        `A plan can have at most ${LIMITS.openTasks} open tasks.`,
      );
    }
    const by = identity(claims);
    const taskId = id ?? plannerId();
    const stored: StoredPlannerItem = {
      version: 1,
      item: {
        id: taskId,
        planId,
        bucketId,
        title: input.title,
        orderHint: orderHint(),
        assigneePriority: '',
        percentComplete: 0,
        startDateTime: null,
        createdDateTime: stamp(),
        dueDateTime: null,
        hasDescription: false,
        previewType: 'automatic',
        completedDateTime: null,
        completedBy: null,
        referenceCount: 0,
        checklistItemCount: 0,
        activeChecklistItemCount: 0,
        conversationThreadId: null,
        priority: 5,
        createdBy: by,
        appliedCategories: {},
        assignments: {},
      },
    };
    this.applyTask(stored, input, claims);
    this.state.tasks.push(stored);
    this.state.taskDetails.push({
      version: 1,
      item: {
        id: taskId,
        description: '',
        previewType: 'automatic',
        references: {},
        checklist: {},
      },
    });
    return stored;
  }

  applyTask(stored: StoredPlannerItem, input: Json, claims: AccessTokenClaims | undefined): void {
    const t = stored.item;
    for (const key of [
      'title',
      'startDateTime',
      'dueDateTime',
      'conversationThreadId',
      'previewType',
      'orderHint',
      'assigneePriority',
    ]) {
      if (key in input) t[key] = input[key];
    }
    if ('bucketId' in input && input.bucketId !== t.bucketId) {
      const bucketId = String(input.bucketId);
      if (this.bucket(bucketId)?.item.planId !== t.planId) {
        throw new GraphRequestError(
          400,
          'BadRequest',
          `The bucket '${bucketId}' is not in the task's plan.`,
        );
      }
      t.bucketId = bucketId;
    }
    if ('priority' in input) {
      const p = Number(input.priority);
      if (!Number.isInteger(p) || p < 0 || p > 10)
        throw new GraphRequestError(400, 'BadRequest', 'priority must be from 0 to 10.');
      t.priority = p;
    }
    if ('percentComplete' in input) {
      const p = Number(input.percentComplete);
      if (!Number.isInteger(p) || p < 0 || p > 100)
        throw new GraphRequestError(400, 'BadRequest', 'percentComplete must be from 0 to 100.');
      t.percentComplete = p;
      t.completedDateTime = p === 100 ? stamp() : null;
      t.completedBy = p === 100 ? identity(claims) : null;
    }
    if ('appliedCategories' in input) {
      t.appliedCategories = mergeMap(
        t.appliedCategories as Json,
        input.appliedCategories,
        (_k, v) => v,
      );
      for (const [k, v] of Object.entries(t.appliedCategories as Json))
        if (v === false) delete (t.appliedCategories as Json)[k];
    }
    if ('assignments' in input) {
      const assignments = mergeMap(
        t.assignments as Json,
        input.assignments,
        (userId, value, before) => {
          if (!this.directory.find(userId))
            throw new GraphRequestError(
              400,
              'BadRequest',
              `The user '${userId}' is not in the tenant.`,
            );
          return {
            '@odata.type': '#microsoft.graph.plannerAssignment',
            assignedDateTime: (before?.assignedDateTime as string) ?? stamp(),
            orderHint: orderHint(),
            assignedBy: before?.assignedBy ?? identity(claims),
          };
        },
      );
      if (Object.keys(assignments).length > LIMITS.assignees) {
        throw forbidden(
          'MaximumAssigneesInTasks',
          `A task can have at most ${LIMITS.assignees} assignees.`,
        );
      }
      t.assignments = assignments;
    }
  }

  applyDetails(task: StoredPlannerItem, details: StoredPlannerItem, input: Json): void {
    const d = details.item;
    if ('description' in input)
      d.description = input.description === null ? '' : String(input.description);
    if ('previewType' in input) d.previewType = input.previewType;
    if ('references' in input) {
      d.references = mergeMap(d.references as Json, input.references, (_key, value) => ({
        '@odata.type': '#microsoft.graph.plannerExternalReference',
        alias: value.alias ?? null,
        type: value.type ?? null,
        previewPriority:
          typeof value.previewPriority === 'string' ? value.previewPriority : orderHint(),
        lastModifiedDateTime: stamp(),
        lastModifiedBy: { user: { displayName: null, id: null } },
      }));
    }
    if ('checklist' in input) {
      d.checklist = mergeMap(d.checklist as Json, input.checklist, (_key, value, before) => ({
        '@odata.type': '#microsoft.graph.plannerChecklistItem',
        title: value.title ?? before?.title ?? '',
        isChecked: value.isChecked ?? before?.isChecked ?? false,
        orderHint:
          typeof value.orderHint === 'string' ? orderHint() : (before?.orderHint ?? orderHint()),
        lastModifiedDateTime: stamp(),
        lastModifiedBy: { user: { displayName: null, id: null } },
      }));
    }
    const t = task.item;
    const checklist = Object.values(d.checklist as Record<string, Json>);
    t.hasDescription = String(d.description ?? '').length > 0;
    t.referenceCount = Object.keys(d.references as Json).length;
    t.checklistItemCount = checklist.length;
    t.activeChecklistItemCount = checklist.filter((c) => c.isChecked !== true).length;
  }
}

export function plannerRouter(deps: {
  store: GraphStore;
  planner: Planner;
  groups: Groups;
  baseUrl: () => string;
}): Router {
  const { store, planner, groups, baseUrl } = deps;
  const router = Router();
  const context = (suffix: string) => `${baseUrl()}/v1.0/$metadata#${suffix}`;

  function handle(res: Response, run: () => void): void {
    try {
      run();
    } catch (err) {
      if (err instanceof GraphRequestError)
        return sendGraphError(res, err.status, err.code, err.message);
      if (err instanceof UnsupportedQueryError)
        return sendGraphError(res, 400, 'BadRequest', err.message);
      throw err;
    }
  }

  function notFound(res: Response): void {
    sendGraphError(res, 404, 'NotFound', 'The requested item is not found.');
  }

  /** A signed-in user may use a plan only when they are a member of its group. */
  function mayUse(res: Response, planId: unknown): boolean {
    const claims = graphClaims(res);
    if (!isDelegated(claims)) return true;
    const groupId = String(planner.plan(String(planId))?.item.owner ?? '');
    if (groups.find(groupId)?.memberIds.includes(claims.oid ?? '')) return true;
    sendGraphError(
      res,
      403,
      'Forbidden',
      'You do not have access to this plan. Only members of its group do.',
    );
    return false;
  }

  function send(
    res: Response,
    status: number,
    stored: StoredPlannerItem,
    entity: string,
    req: Request,
  ): void {
    const etag = plannerEtag(stored);
    res.setHeader('ETag', etag);
    const select = parseSelect(req);
    const item = select
      ? Object.fromEntries(
          Object.entries(stored.item).filter(([k]) => k === 'id' || select.includes(k)),
        )
      : stored.item;
    res.status(status).json({ '@odata.context': context(entity), '@odata.etag': etag, ...item });
  }

  /** 400 without If-Match, 412 when it is not the current etag. */
  function precondition(req: Request, res: Response, stored: StoredPlannerItem): boolean {
    const ifMatch = req.headers['if-match'];
    if (!ifMatch) {
      sendGraphError(
        res,
        400,
        'BadRequest',
        'The If-Match header must be specified for this kind of request.',
      );
      return false;
    }
    if (ifMatch.trim() !== plannerEtag(stored)) {
      sendGraphError(
        res,
        412,
        'PreconditionFailed',
        'The precondition given in If-Match is not met: the item has changed since that etag was read.',
      );
      return false;
    }
    return true;
  }

  function updated(req: Request, res: Response, stored: StoredPlannerItem, entity: string): void {
    stored.version++;
    store.changed();
    if (/return=representation/i.test(String(req.headers.prefer ?? '')))
      return send(res, 200, stored, entity, req);
    res.setHeader('ETag', plannerEtag(stored));
    res.status(204).end();
  }

  function list(req: Request, res: Response, items: StoredPlannerItem[], entity: string): void {
    const paging = parseTopSkip(req, 100, 400);
    const self = new URL(req.originalUrl, baseUrl());
    const select = parseSelect(req);
    const values = items.map((s) => ({
      '@odata.etag': plannerEtag(s),
      ...(select
        ? Object.fromEntries(
            Object.entries(s.item).filter(([k]) => k === 'id' || select.includes(k)),
          )
        : s.item),
    }));
    res.json(pageBySkip(values, paging, context(entity), self, '$skiptoken'));
  }

  router.get('/planner/plans/:id', (req, res) =>
    handle(res, () => {
      const plan = planner.plan(String(req.params.id));
      if (!plan) return notFound(res);
      if (!mayUse(res, plan.item.id)) return;
      send(res, 200, plan, 'planner/plans/$entity', req);
    }),
  );

  router.get('/groups/:groupId/planner/plans', (req, res) =>
    handle(res, () => {
      const groupId = String(req.params.groupId);
      if (!groups.find(groupId)) return notFound(res);
      list(
        req,
        res,
        planner.state.plans.filter((p) => p.item.owner === groupId),
        `groups('${groupId}')/planner/plans`,
      );
    }),
  );

  router.get('/planner/plans/:id/buckets', (req, res) =>
    handle(res, () => {
      const planId = String(req.params.id);
      if (!planner.plan(planId)) return notFound(res);
      if (!mayUse(res, planId)) return;
      list(
        req,
        res,
        planner.state.buckets.filter((b) => b.item.planId === planId),
        `planner/plans('${planId}')/buckets`,
      );
    }),
  );

  router.get('/planner/plans/:id/tasks', (req, res) =>
    handle(res, () => {
      const planId = String(req.params.id);
      if (!planner.plan(planId)) return notFound(res);
      if (!mayUse(res, planId)) return;
      list(
        req,
        res,
        planner.state.tasks.filter((t) => t.item.planId === planId),
        `planner/plans('${planId}')/tasks`,
      );
    }),
  );

  router.get('/planner/buckets/:id/tasks', (req, res) =>
    handle(res, () => {
      const bucket = planner.bucket(String(req.params.id));
      if (!bucket) return notFound(res);
      if (!mayUse(res, bucket.item.planId)) return;
      list(
        req,
        res,
        planner.state.tasks.filter((t) => t.item.bucketId === bucket.item.id),
        `planner/buckets('${String(bucket.item.id)}')/tasks`,
      );
    }),
  );

  router.post('/planner/buckets', (req, res) =>
    handle(res, () => {
      const body = (req.body ?? {}) as Json;
      if (planner.plan(String(body.planId ?? '')) && !mayUse(res, body.planId)) return;
      const bucket = planner.createBucket(body);
      store.changed();
      send(res, 201, bucket, 'planner/buckets/$entity', req);
    }),
  );

  router.get('/planner/buckets/:id', (req, res) =>
    handle(res, () => {
      const bucket = planner.bucket(String(req.params.id));
      if (!bucket) return notFound(res);
      if (!mayUse(res, bucket.item.planId)) return;
      send(res, 200, bucket, 'planner/buckets/$entity', req);
    }),
  );

  router.patch('/planner/buckets/:id', (req, res) =>
    handle(res, () => {
      const bucket = planner.bucket(String(req.params.id));
      if (!bucket) return notFound(res);
      if (!mayUse(res, bucket.item.planId) || !precondition(req, res, bucket)) return;
      const body = (req.body ?? {}) as Json;
      if (typeof body.name === 'string') bucket.item.name = body.name;
      if (typeof body.orderHint === 'string') bucket.item.orderHint = orderHint();
      updated(req, res, bucket, 'planner/buckets/$entity');
    }),
  );

  router.delete('/planner/buckets/:id', (req, res) =>
    handle(res, () => {
      const bucket = planner.bucket(String(req.params.id));
      if (!bucket) return notFound(res);
      if (!mayUse(res, bucket.item.planId) || !precondition(req, res, bucket)) return;
      const state = planner.state;
      state.buckets.splice(state.buckets.indexOf(bucket), 1);
      for (const task of state.tasks.filter((t) => t.item.bucketId === bucket.item.id))
        deleteTask(task);
      store.changed();
      res.status(204).end();
    }),
  );

  function deleteTask(task: StoredPlannerItem): void {
    const state = planner.state;
    state.tasks.splice(state.tasks.indexOf(task), 1);
    const details = planner.details(String(task.item.id));
    if (details) state.taskDetails.splice(state.taskDetails.indexOf(details), 1);
  }

  router.post('/planner/tasks', (req, res) =>
    handle(res, () => {
      const body = (req.body ?? {}) as Json;
      if (planner.plan(String(body.planId ?? '')) && !mayUse(res, body.planId)) return;
      const task = planner.createTask(body, graphClaims(res));
      store.changed();
      send(res, 201, task, 'planner/tasks/$entity', req);
    }),
  );

  router.get('/planner/tasks/:id', (req, res) =>
    handle(res, () => {
      const task = planner.task(String(req.params.id));
      if (!task) return notFound(res);
      if (!mayUse(res, task.item.planId)) return;
      send(res, 200, task, 'planner/tasks/$entity', req);
    }),
  );

  router.patch('/planner/tasks/:id', (req, res) =>
    handle(res, () => {
      const task = planner.task(String(req.params.id));
      if (!task) return notFound(res);
      if (!mayUse(res, task.item.planId) || !precondition(req, res, task)) return;
      planner.applyTask(task, (req.body ?? {}) as Json, graphClaims(res));
      updated(req, res, task, 'planner/tasks/$entity');
    }),
  );

  router.delete('/planner/tasks/:id', (req, res) =>
    handle(res, () => {
      const task = planner.task(String(req.params.id));
      if (!task) return notFound(res);
      if (!mayUse(res, task.item.planId) || !precondition(req, res, task)) return;
      deleteTask(task);
      store.changed();
      res.status(204).end();
    }),
  );

  router.get('/planner/tasks/:id/details', (req, res) =>
    handle(res, () => {
      const task = planner.task(String(req.params.id));
      const details = planner.details(String(req.params.id));
      if (!task || !details) return notFound(res);
      if (!mayUse(res, task.item.planId)) return;
      send(res, 200, details, 'planner/tasks/details/$entity', req);
    }),
  );

  router.patch('/planner/tasks/:id/details', (req, res) =>
    handle(res, () => {
      const task = planner.task(String(req.params.id));
      const details = planner.details(String(req.params.id));
      if (!task || !details) return notFound(res);
      if (!mayUse(res, task.item.planId) || !precondition(req, res, details)) return;
      planner.applyDetails(task, details, (req.body ?? {}) as Json);
      task.version++; // the task's counts changed with its details
      updated(req, res, details, 'planner/tasks/details/$entity');
    }),
  );

  return router;
}
