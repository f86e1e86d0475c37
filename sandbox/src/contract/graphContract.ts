// Contract checks against Microsoft's Graph v1.0 OpenAPI slice (fixtures/, MIT licence
// beside it). Ajv validates JSON bodies against each operation's schemas, after the
// corrections the slice's README asks for and one more:
//   1. `@odata.type` is dropped from `required` (real payloads usually omit it);
//   2. extra properties are allowed everywhere (additionalProperties removed);
//   3. action parameters are camelCase on the wire (`message`, `saveToSentItems`,
//      `schedules`), while the slice, generated for PowerShell, spells them `Message`...
// Also used by the service's Graph gateway tests (deep import of this file): record what
// the SDK sent and got with GraphContractRecorder, then check every exchange.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

const SLICE = join(__dirname, 'fixtures', 'graph-v1-slice.lean.yaml');
const NUMERIC_FORMATS = [
  'int16',
  'int32',
  'int64',
  'float',
  'double',
  'decimal',
  'uint8',
  'sbyte',
  'byte',
  'base64url',
];

export interface GraphExchange {
  method: string;
  /** Path and query after /v1.0, e.g. /users/abc/events?$select=subject. */
  url: string;
  requestBody?: unknown;
  status: number;
  responseBody?: unknown;
}

interface Operation {
  key: string;
  method: string;
  template: string;
  pattern: RegExp;
  request?: ValidateFunction;
  responses: { status: string; validate?: ValidateFunction }[];
}

/** Operations Pathways uses that the slice does not describe, checked with its components. */
const BEYOND_SLICE: {
  method: string;
  template: string;
  request?: string;
  response?: string;
  collection?: boolean;
}[] = [
  {
    method: 'POST',
    template: '/users/{user-id}/messages',
    request: 'microsoft.graph.message',
    response: 'microsoft.graph.message',
  },
  {
    method: 'GET',
    template: '/users/{user-id}/messages/{message-id}',
    response: 'microsoft.graph.message',
  },
  {
    method: 'PATCH',
    template: '/users/{user-id}/messages/{message-id}',
    request: 'microsoft.graph.message',
    response: 'microsoft.graph.message',
  },
  { method: 'POST', template: '/users/{user-id}/messages/{message-id}/send' },
  {
    method: 'GET',
    template: '/users/{user-id}/messages',
    response: 'microsoft.graph.message',
    collection: true,
  },
  {
    method: 'GET',
    template: '/users/{user-id}/mailFolders/{mailFolder-id}/messages',
    response: 'microsoft.graph.message',
    collection: true,
  },
  {
    method: 'POST',
    template: '/users/{user-id}/calendar/events',
    request: 'microsoft.graph.event',
    response: 'microsoft.graph.event',
  },
  { method: 'DELETE', template: '/planner/tasks/{plannerTask-id}' },
  {
    method: 'GET',
    template: '/planner/buckets/{plannerBucket-id}',
    response: 'microsoft.graph.plannerBucket',
  },
  {
    method: 'PATCH',
    template: '/planner/buckets/{plannerBucket-id}',
    request: 'microsoft.graph.plannerBucket',
    response: 'microsoft.graph.plannerBucket',
  },
  {
    method: 'GET',
    template: '/groups/{group-id}/transitiveMembers',
    response: 'microsoft.graph.directoryObjectCollectionResponse',
  },
];

function camelCase(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** Applies the three corrections above, in place. */
function correct(node: unknown, inActionBody = false): void {
  if (Array.isArray(node)) {
    for (const item of node) correct(item, inActionBody);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const o = node as Json;
  if (Array.isArray(o.required)) {
    o.required = (o.required as string[]).filter((r) => r !== '@odata.type');
    if ((o.required as string[]).length === 0) delete o.required;
  }
  delete o.discriminator;
  delete o.additionalProperties;
  if (inActionBody && o.properties && typeof o.properties === 'object') {
    o.properties = Object.fromEntries(
      Object.entries(o.properties as Json).map(([k, v]) => [
        k.startsWith('@') ? k : camelCase(k),
        v,
      ]),
    );
  }
  for (const value of Object.values(o)) correct(value, false);
}

function resolve(doc: Json, node: unknown): Json | undefined {
  let current = node as Json | undefined;
  while (current && typeof current.$ref === 'string') {
    const path = (current.$ref as string).replace(/^#\//, '').split('/');
    current = path.reduce<unknown>(
      (n, key) => (n as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')],
      doc,
    ) as Json | undefined;
  }
  return current;
}

function templatePattern(template: string): RegExp {
  const source = template
    .split('/')
    .map((segment) =>
      /^\{.+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('/');
  return new RegExp(`^${source}$`, 'i');
}

export class GraphContract {
  private readonly operations: Operation[] = [];
  /** The operations the slice itself describes ("POST /users/{user-id}/sendMail", ...). */
  readonly sliceOperations: string[] = [];

  private constructor() {
    const doc = parse(readFileSync(SLICE, 'utf8')) as Json;
    const paths = doc.paths as Record<string, Json>;
    const components = doc.components as Json & { schemas: Json };
    // Action bodies are inline in paths or under requestBodies; mark them before correcting.
    for (const item of Object.values(paths)) {
      for (const op of Object.values(item)) {
        const operation = op as Json;
        if (operation['x-ms-docs-operation-type'] !== 'action') continue;
        const body = resolve(doc, operation.requestBody);
        const media = (body?.content as Json | undefined)?.['application/json'] as Json | undefined;
        if (media?.schema) correct(media.schema, true);
      }
    }
    correct(doc);

    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(ajv);
    for (const f of NUMERIC_FORMATS) ajv.addFormat(f, true);
    ajv.addFormat('duration', true); // ISO 8601 durations also carry a pattern in the slice

    // Each schema to check is filed under components so its own $refs still resolve.
    type Slot = { validate?: ValidateFunction; request?: ValidateFunction };
    const pending: { slot: Slot; field: keyof Slot; name: string }[] = [];
    const register = (schema: unknown, slot: Slot, field: keyof Slot) => {
      if (!schema) return;
      const name = `contract_${pending.length}`;
      components.schemas[name] = schema;
      pending.push({ slot, field, name });
    };

    for (const [template, item] of Object.entries(paths)) {
      for (const method of ['get', 'post', 'patch', 'delete', 'put']) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const key = `${method.toUpperCase()} ${template}`;
        this.sliceOperations.push(key);
        const operation: Operation = {
          key,
          method: method.toUpperCase(),
          template,
          pattern: templatePattern(template),
          responses: [],
        };
        const body = resolve(doc, op.requestBody);
        register(
          ((body?.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema,
          operation,
          'request',
        );
        for (const [status, response] of Object.entries((op.responses ?? {}) as Json)) {
          const resolved = resolve(doc, response);
          const entry: { status: string; validate?: ValidateFunction } = { status };
          register(
            ((resolved?.content as Json | undefined)?.['application/json'] as Json | undefined)
              ?.schema,
            entry,
            'validate',
          );
          operation.responses.push(entry);
        }
        this.operations.push(operation);
      }
    }
    const error = { $ref: '#/components/schemas/microsoft.graph.ODataErrors.ODataError' };
    for (const extra of BEYOND_SLICE) {
      const operation: Operation = {
        key: `${extra.method} ${extra.template}`,
        method: extra.method,
        template: extra.template,
        pattern: templatePattern(extra.template),
        responses: [],
      };
      const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
      if (extra.request) register(ref(extra.request), operation, 'request');
      const success: { status: string; validate?: ValidateFunction } = { status: '2XX' };
      if (extra.response) {
        register(
          extra.collection
            ? {
                type: 'object',
                properties: {
                  value: { type: 'array', items: ref(extra.response) },
                  '@odata.nextLink': { type: 'string' },
                },
                required: ['value'],
              }
            : ref(extra.response),
          success,
          'validate',
        );
      }
      const failure: { status: string; validate?: ValidateFunction } = { status: 'default' };
      register(error, failure, 'validate');
      operation.responses.push(success, failure);
      this.operations.push(operation);
    }

    ajv.addSchema(doc, 'slice');
    for (const p of pending) {
      const validate = ajv.getSchema(`slice#/components/schemas/${p.name}`);
      if (!validate) throw new Error(`Could not compile ${p.name}`);
      p.slot[p.field] = validate;
    }
  }

  private static loaded: GraphContract | undefined;

  /** Parsed and compiled once per process: the slice is large. */
  static load(): GraphContract {
    GraphContract.loaded ??= new GraphContract();
    return GraphContract.loaded;
  }

  /** The operation a request is for; slice operations win over the extra ones. */
  operationFor(method: string, url: string): Operation | undefined {
    const path = decodeURIComponent(url.split('?')[0] ?? '').replace(/\/+$/, '');
    const candidates = this.operations.filter(
      (o) => o.method === method.toUpperCase() && o.pattern.test(path),
    );
    // Prefer the most literal template (fewest parameters).
    return candidates.sort(
      (a, b) => a.template.split('{').length - b.template.split('{').length,
    )[0];
  }

  /** Problems with one exchange: none means it keeps to the contract. */
  check(exchange: GraphExchange): string[] {
    const operation = this.operationFor(exchange.method, exchange.url);
    if (!operation) return [`${exchange.method} ${exchange.url}: no operation in the contract`];
    const problems: string[] = [];
    const where = `${operation.key} (${exchange.status})`;
    if (operation.request && exchange.requestBody !== undefined && exchange.requestBody !== null) {
      if (!operation.request(exchange.requestBody)) {
        problems.push(`${where} request: ${JSON.stringify(operation.request.errors?.slice(0, 3))}`);
      }
    }
    const family = `${String(exchange.status).charAt(0)}XX`;
    const response =
      operation.responses.find((r) => r.status === String(exchange.status)) ??
      operation.responses.find((r) => r.status === family) ??
      (exchange.status >= 400
        ? operation.responses.find((r) => r.status === 'default')
        : undefined);
    if (!response) {
      problems.push(`${where}: the operation describes no such response`);
    } else if (response.validate && exchange.responseBody !== undefined) {
      if (!response.validate(exchange.responseBody)) {
        problems.push(
          `${where} response: ${JSON.stringify(response.validate.errors?.slice(0, 3))}`,
        );
      }
    }
    return problems;
  }

  key(method: string, url: string): string | undefined {
    return this.operationFor(method, url)?.key;
  }
}

/**
 * Graph SDK middleware that records each request and response (bodies parsed as JSON).
 * Put it after SandboxGraphMiddleware and before HTTPMessageHandler; a $batch exchange is
 * also recorded once per inner request, so each meets its own operation's contract.
 */
export class GraphContractRecorder implements Middleware {
  readonly exchanges: GraphExchange[] = [];
  private next: Middleware | undefined;

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('GraphContractRecorder must not be last in the chain');
    const url = typeof context.request === 'string' ? context.request : context.request.url;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const path = new URL(url).pathname.replace(/^\/v1\.0/, '') + new URL(url).search;
    const requestBody = parseBody(context.options?.body);
    await this.next.execute(context);
    const response = context.response;
    if (!response) return;
    const text = await response.clone().text();
    const responseBody = text ? JSON.parse(text) : undefined;
    if (path.split('?')[0] === '/$batch') {
      const requests = (requestBody as { requests?: Json[] })?.requests ?? [];
      for (const inner of (responseBody as { responses?: Json[] })?.responses ?? []) {
        const sent = requests.find((r) => r.id === inner.id);
        if (!sent) continue;
        this.exchanges.push({
          method: String(sent.method),
          url: String(sent.url).replace(/^\/?v1\.0(?=\/)/, ''),
          requestBody: sent.body,
          status: Number(inner.status),
          responseBody: inner.body,
        });
      }
      return;
    }
    this.exchanges.push({ method, url: path, requestBody, status: response.status, responseBody });
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string' || body === '') return undefined;
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}
