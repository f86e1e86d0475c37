import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

const SLICE = join(__dirname, '../../../../test-fixtures/graph/graph-v1-slice.lean.yaml');

/**
 * Allows for the slice's two defects (its README): `@odata.type` is not required, and
 * properties the schemas do not list are allowed. Discriminators are dropped (mappings
 * pointing outside the slice were removed, so they cannot be resolved).
 */
function loosen(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(loosen);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'discriminator') continue;
    if (key === 'additionalProperties') {
      out[key] = true;
      continue;
    }
    if (key === 'required' && Array.isArray(value)) {
      out[key] = value.filter((name) => name !== '@odata.type');
      continue;
    }
    out[key] = loosen(value);
  }
  return out;
}

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  /** JSON pointer of the request body schema, when the operation takes one. */
  bodySchema: string | undefined;
}

/** Operations Pathways calls that the slice does not describe, with their body schema. */
const OUTSIDE_SLICE: [string, string, string | undefined][] = [
  // Drafts and their send (the slice has sendMail; we never call it).
  ['POST', '/users/{user-id}/messages', 'microsoft.graph.message'],
  ['POST', '/users/{user-id}/messages/{message-id}/send', undefined],
  ['GET', '/users/{user-id}/messages/{message-id}', undefined],
  ['GET', '/users/{user-id}/mailFolders/{folder}/messages', undefined],
  // Read before writing details (the slice lists GET and PATCH on details too).
  ['POST', '/$batch', undefined],
];

export interface ContractViolation {
  request: string;
  problem: string;
}

export class GraphContract {
  private readonly ajv: Ajv;
  private readonly operations: Operation[] = [];
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly schemas: Record<string, Json>;

  constructor() {
    const document = loosen(parse(readFileSync(SLICE, 'utf8'))) as Json;
    const components = document.components as Json;
    this.schemas = components.schemas as Record<string, Json>;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    for (const format of ['int32', 'int64', 'double', 'float', 'base64url']) {
      this.ajv.addFormat(format, true);
    }
    const operationBodies: Record<string, Json> = {};
    const requestBodies = components.requestBodies as Record<string, Json>;
    for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
      for (const method of ['get', 'post', 'patch', 'delete']) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        let body = op.requestBody as Json | undefined;
        let pointer: string | undefined;
        if (body?.$ref) {
          const name = String(body.$ref).split('/').pop() ?? '';
          body = requestBodies[name];
          pointer = `#/components/requestBodies/${name}/content/application~1json/schema`;
        }
        const schema = (body?.content as Json | undefined)?.['application/json'] as
          Json | undefined;
        if (schema && !pointer) {
          // Inline bodies join the document so their #/components refs resolve.
          const name = `op${Object.keys(operationBodies).length}`;
          operationBodies[name] = schema.schema as Json;
          pointer = `#/components/operationBodies/${name}`;
        }
        this.operations.push(this.operation(method.toUpperCase(), template, pointer));
      }
    }
    this.ajv.addSchema({ components: { ...components, operationBodies } }, 'graph');
    for (const [method, template, schema] of OUTSIDE_SLICE) {
      this.operations.push(
        this.operation(method, template, schema && `#/components/schemas/${schema}`),
      );
    }
  }

  private operation(method: string, template: string, bodySchema: string | undefined): Operation {
    const pattern = new RegExp(
      `^${template.replace(/[$.]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`,
    );
    return { method, template, pattern, bodySchema };
  }

  private validator(pointer: string): ValidateFunction {
    let fn = this.compiled.get(pointer);
    if (!fn) {
      fn = this.ajv.compile({ $ref: `graph${pointer}` });
      this.compiled.set(pointer, fn);
    }
    return fn;
  }

  /** Problems with one request as sent (path after /v1.0, query ignored). */
  check(method: string, url: string, body: unknown): ContractViolation[] {
    const path = decodeURIComponent(new URL(url, 'https://graph.invalid').pathname).replace(
      /^\/v1\.0/,
      '',
    );
    const request = `${method} ${path}`;
    const op = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op) return [{ request, problem: 'no such operation in the Graph slice' }];
    if (op.template === '/$batch') {
      const requests = (body as { requests?: Json[] }).requests ?? [];
      if (requests.length > 20) return [{ request, problem: 'more than 20 requests in a batch' }];
      return requests.flatMap((r) => this.check(String(r.method), String(r.url), r.body));
    }
    if (!op.bodySchema || body === undefined || body === null) return [];
    const validate = this.validator(op.bodySchema);
    if (validate(body)) return [];
    return (validate.errors ?? []).map((e) => ({
      request,
      problem: `${e.instancePath || '(body)'} ${e.message ?? ''}`,
    }));
  }

  /** Top-level body properties the operation's schema does not name (navigation properties). */
  unlisted(method: string, url: string, body: unknown): string[] {
    const path = new URL(url, 'https://graph.invalid').pathname.replace(/^\/v1\.0/, '');
    const op = this.operations.find((o) => o.method === method && o.pattern.test(path));
    if (!op?.bodySchema?.startsWith('#/components/schemas/') || !body) return [];
    const known = this.propertiesOf(op.bodySchema.split('/').pop() ?? '');
    return Object.keys(body as Json).filter((k) => !known.has(k));
  }

  private propertiesOf(name: string): Set<string> {
    const schema = this.schemas[name] ?? {};
    const names = new Set(Object.keys((schema.properties as Json | undefined) ?? {}));
    for (const part of (schema.allOf as Json[] | undefined) ?? []) {
      if (typeof part.$ref === 'string') {
        for (const n of this.propertiesOf(part.$ref.split('/').pop() ?? '')) names.add(n);
      }
      for (const n of Object.keys((part.properties as Json | undefined) ?? {})) names.add(n);
    }
    return names;
  }
}
