import { GraphError } from '@microsoft/microsoft-graph-client';

/**
 * What the gateway throws when Graph says no. The message names the status and code
 * only: Graph's own message can quote addresses or names, so it is not carried.
 */
export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** Parsed Retry-After, when Graph sent one. */
    readonly retryAfterMs?: number,
  ) {
    super(`Microsoft Graph answered ${status}${code ? ` ${code}` : ''}.`);
    this.name = 'GraphRequestError';
  }

  /** Throttled or briefly unavailable: trying again later may succeed. */
  get transient(): boolean {
    return TRANSIENT_STATUSES.has(this.status);
  }
}

export const TRANSIENT_STATUSES = new Set([429, 503, 504]);

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`. */
export function parseRetryAfter(
  value: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (value === null || value === undefined || value.trim() === '') return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Turns whatever the SDK threw into a GraphRequestError (or rethrows what is not Graph's). */
export function asGraphRequestError(error: unknown): GraphRequestError {
  if (error instanceof GraphRequestError) return error;
  if (error instanceof GraphError && error.statusCode > 0) {
    return new GraphRequestError(
      error.statusCode,
      error.code ?? '',
      parseRetryAfter(error.headers?.get('retry-after')),
    );
  }
  throw error;
}

/** Runs a Graph call; any Graph failure comes out as a GraphRequestError. */
export async function graphCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw asGraphRequestError(error);
  }
}

export function isNotFound(error: unknown): boolean {
  return error instanceof GraphRequestError && error.status === 404;
}
