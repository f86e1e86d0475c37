// JSON batching: POST /v1.0/$batch with at most 20 requests. Each request is sent through
// the sandbox's own /v1.0 (same token), so each meets the limits and faults on its own and
// may come back 429 with its own Retry-After; the batch itself still answers 200. Requests
// run one after another in the order given (Graph may run them in any order; dependsOn
// is honoured, and a request whose dependency failed gets 424).
import type { NextFunction, Request, Response } from 'express';
import { sendGraphError } from './graphErrors';
import { MAX_BATCH_REQUESTS } from './graphLimits';

interface BatchRequest {
  id: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
  dependsOn?: string[];
}

interface BatchResponse {
  id: string;
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

/** Names the listener (http or https) a batch came in on, for its inner requests' links. */
export const BATCH_LISTENER_HEADER = 'x-sandbox-batch-listener';

const PASSED_BACK = ['retry-after', 'etag', 'location', 'content-type', 'preference-applied'];
const METHODS = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE'];

function invalid(res: Response, message: string): void {
  sendGraphError(res, 400, 'BadRequest', message);
}

/**
 * `internalUrl` is the sandbox's plain http listener: inner requests go there (so a batch
 * sent over https needs no certificate trust inside the sandbox) and carry the listener
 * the batch came in on.
 */
export function batchHandler(baseUrl: () => string, internalUrl: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || req.path !== '/$batch') return next();
    const requests = (req.body as { requests?: unknown })?.requests;
    if (!Array.isArray(requests) || requests.length === 0) {
      return invalid(res, 'Invalid batch payload format: the requests array is missing or empty.');
    }
    if (requests.length > MAX_BATCH_REQUESTS) {
      return invalid(
        res,
        `Number of batch request steps exceeds the maximum of ${MAX_BATCH_REQUESTS}.`,
      );
    }
    const ids = new Set<string>();
    for (const r of requests as Partial<BatchRequest>[]) {
      if (typeof r?.id !== 'string' || r.id === '' || ids.has(r.id)) {
        return invalid(res, 'Every batch request needs an id, unique within the batch.');
      }
      ids.add(r.id);
      if (
        typeof r.url !== 'string' ||
        typeof r.method !== 'string' ||
        !METHODS.includes(r.method.toUpperCase())
      ) {
        return invalid(res, `Batch request '${r.id}' needs a method and a relative url.`);
      }
      for (const dep of r.dependsOn ?? []) {
        if (!ids.has(dep))
          return invalid(
            res,
            `Batch request '${r.id}' depends on '${dep}', which does not come before it.`,
          );
      }
    }

    const statuses = new Map<string, number>();
    const responses: BatchResponse[] = [];
    for (const r of requests as BatchRequest[]) {
      const failed = (r.dependsOn ?? []).find((d) => (statuses.get(d) ?? 0) >= 400);
      const response = failed
        ? {
            id: r.id,
            status: 424,
            headers: { 'Content-Type': 'application/json' },
            body: {
              error: {
                code: 'FailedDependency',
                message: `Request '${failed}', which this one depends on, failed.`,
              },
            },
          }
        : await run(r, req.headers.authorization, internalUrl, baseUrl());
      statuses.set(r.id, response.status);
      responses.push(response);
    }
    res.json({ responses });
  };
}

async function run(
  r: BatchRequest,
  authorization: string | undefined,
  internalUrl: string,
  listener: string,
): Promise<BatchResponse> {
  // The Graph SDK writes "/v1.0/..." for absolute Request urls; Graph takes that too.
  const path = r.url.trim().replace(/^\/?v1\.0(?=\/)/i, '');
  if (/^[a-z]+:\/\//i.test(path) || /^\/?\$batch/i.test(path) || /^\/?beta\//i.test(path)) {
    return {
      id: r.id,
      status: 400,
      headers: { 'Content-Type': 'application/json' },
      body: {
        error: {
          code: 'BadRequest',
          message: 'A batch request url must be relative to /v1.0, such as /users/{id}.',
        },
      },
    };
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(r.headers ?? {})) headers.set(name, String(value));
  if (authorization) headers.set('authorization', authorization);
  headers.set(BATCH_LISTENER_HEADER, listener);
  let body: string | undefined;
  if (r.body !== undefined && r.body !== null) {
    body = typeof r.body === 'string' ? r.body : JSON.stringify(r.body);
    if (!headers.has('content-type')) headers.set('content-type', 'application/json');
  }
  const answer = await fetch(`${internalUrl}/v1.0/${path.replace(/^\//, '')}`, {
    method: r.method.toUpperCase(),
    headers,
    body,
  });
  const out: BatchResponse = { id: r.id, status: answer.status, headers: {} };
  for (const name of PASSED_BACK) {
    const value = answer.headers.get(name);
    if (value !== null)
      out.headers[
        name === 'content-type' ? 'Content-Type' : name === 'retry-after' ? 'Retry-After' : name
      ] = value;
  }
  const text = await answer.text();
  if (text) {
    try {
      out.body = JSON.parse(text);
    } catch {
      out.body = text;
    }
  }
  return out;
}
