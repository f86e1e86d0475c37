import type { NextFunction, Request, RequestHandler, Response } from 'express';

/**
 * Every error answer from the API has one shape:
 *
 *   { "error": { "code": "<PascalCase, stable>", "message": "<plain English: what to do>" } }
 *
 * (a form's own answers are the exception: 422 `{ errors, warnings }` names each field).
 * A client's mistake is a 4xx, logged as one warning line (status, code, route), never a
 * stack: 400 the body is not JSON or is nested too deeply, 401 not signed in, 403 not
 * allowed, 404 nothing there, 413 the body is too large, 422 the request cannot be
 * accepted as sent (e.g. text that cannot be stored). Only our own failures are 5xx.
 */
export function problem(
  res: Response,
  status: number,
  code: string,
  message: string,
  /** More for the client to act on (e.g. the partnerships to choose from). */
  more: Record<string, unknown> = {},
): void {
  res.status(status).json({ error: { code, message, ...more } });
}

/** A refusal of the client's request (4xx), raised where it is found and answered centrally. */
export class RequestProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RequestProblem';
  }
}

/** How deeply a JSON body may nest: far beyond any form, card action or Teams activity. */
export const MAX_JSON_DEPTH = 32;

/**
 * The answer for a request the client got wrong (body-parser's refusals and
 * RequestProblem), or undefined for anything else (our own failure).
 */
export function clientProblem(
  error: unknown,
): { status: number; code: string; message: string } | undefined {
  if (error instanceof RequestProblem) {
    return { status: error.status, code: error.code, message: error.message };
  }
  // body-parser (express.json) marks its errors with `type` and a 4xx `status`.
  const e = error as { type?: unknown; status?: unknown; limit?: unknown } | null;
  if (!e || typeof e !== 'object' || typeof e.status !== 'number') return undefined;
  if (e.status < 400 || e.status > 499) return undefined;
  switch (e.type) {
    case 'entity.parse.failed':
      return {
        status: 400,
        code: 'MalformedJson',
        message: 'The request body is not valid JSON. Check the JSON and send it again.',
      };
    case 'entity.too.large':
      return {
        status: 413,
        code: 'TooLarge',
        message: `The request body is larger than this service accepts (${Math.round(Number(e.limit) / 1024)} KB). Send less at once.`,
      };
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return {
        status: 415,
        code: 'UnsupportedEncoding',
        message: 'Send the request body as UTF-8 JSON.',
      };
    default:
      return {
        status: e.status,
        code: 'BadRequest',
        message: 'The request could not be read. Please send it again.',
      };
  }
}

// A UTF-16 half without its other half: not text, and PostgreSQL cannot store it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function unstorable(text: string): string | undefined {
  if (text.includes('\u0000')) return 'a NUL character (\\u0000)';
  if (LONE_SURROGATE.test(text)) return 'half of a character pair (a lone surrogate)';
  return undefined;
}

/**
 * After express.json: refuses a body nested deeper than MAX_JSON_DEPTH (400)
 * or with text that cannot be stored in any field name or value (422), before
 * any route sees it. Walks without recursion, so no body can exhaust the stack.
 */
export function readableJsonBody(): RequestHandler {
  return (req: Request, _res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    if (body === null || typeof body !== 'object') {
      next();
      return;
    }
    const pending: { value: unknown; depth: number; path: string }[] = [
      { value: body, depth: 1, path: '' },
    ];
    while (pending.length > 0) {
      const { value, depth, path } = pending.pop()!;
      if (depth > MAX_JSON_DEPTH) {
        next(
          new RequestProblem(
            400,
            'TooDeeplyNested',
            `The request body nests objects and lists more than ${MAX_JSON_DEPTH} deep. Send a flatter body.`,
          ),
        );
        return;
      }
      for (const [key, child] of Object.entries(value as object)) {
        const at = path ? `${path}.${key}` : key;
        const bad = unstorable(key) ?? (typeof child === 'string' ? unstorable(child) : undefined);
        if (bad) {
          next(
            new RequestProblem(
              422,
              'InvalidText',
              `The text in “${unstorable(key) ? path || '(the body)' : at}” contains ${bad}, which is not text that can be kept. Remove it and send again.`,
            ),
          );
          return;
        }
        if (child !== null && typeof child === 'object') {
          pending.push({ value: child, depth: depth + 1, path: at });
        }
      }
    }
    next();
  };
}

/** An async route handler whose failures (a rejected promise) go to Express's error handler. */
export const asyncRoute =
  (handler: (req: Request, res: Response) => Promise<void>): RequestHandler =>
  (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
