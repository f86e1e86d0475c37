import type { Context, Middleware, MiddlewareOptions } from '@microsoft/microsoft-graph-client';
import { parseRetryAfter, TRANSIENT_STATUSES } from './graph-errors';

/**
 * How the gateway waits out throttling: Retry-After when Graph sends it (never sooner),
 * otherwise exponential backoff with jitter; a bounded number of attempts, after which
 * the error goes to the caller (a job then retries later, from its stored state).
 */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxBackoffMs: number;
  /** A Retry-After longer than this is not waited in-process: the caller gets the 429. */
  maxRetryAfterMs: number;
  sleep(ms: number): Promise<void>;
  random(): number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMs: 1_000,
  maxBackoffMs: 30_000,
  maxRetryAfterMs: 120_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
};

/**
 * Milliseconds to wait before attempt `attempt + 1`, or undefined to stop waiting.
 * With Retry-After: that long plus up to 10% (at most a second) so callers spread out.
 * Without: "equal jitter" backoff, half fixed and half random, doubling each attempt.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
): number | undefined {
  if (attempt >= policy.maxAttempts) return undefined;
  if (retryAfterMs !== undefined) {
    if (retryAfterMs > policy.maxRetryAfterMs) return undefined;
    return retryAfterMs + Math.floor(policy.random() * Math.min(retryAfterMs * 0.1, 1_000));
  }
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.floor(ceiling / 2 + policy.random() * (ceiling / 2));
}

/**
 * Per-request control. A request that is safe to replay after a 503/504 (GET, PATCH with
 * If-Match, an event POST with transactionId) says so; any other POST is retried only on
 * 429, which Graph answers before doing anything.
 */
export class RetryControl implements MiddlewareOptions {
  constructor(readonly options: { replaySafe?: boolean; retry?: boolean } = {}) {}
}

const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
]);

/** A dropped or refused connection; not a refused certificate or a token error. */
function isTransientNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && TRANSIENT_NETWORK_CODES.has(code);
}

const REPLAY_SAFE_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']);

export interface RetryEvent {
  method: string;
  status: number | 'network';
  attempt: number;
  delayMs: number;
}

export class GraphRetryHandler implements Middleware {
  private next: Middleware | undefined;

  constructor(
    private readonly policy: RetryPolicy,
    private readonly onRetry?: (event: RetryEvent) => void,
  ) {}

  async execute(context: Context): Promise<void> {
    if (!this.next) throw new Error('GraphRetryHandler must not be last in the chain');
    const control = context.middlewareControl?.getMiddlewareOptions(RetryControl) as
      RetryControl | undefined;
    const method = (context.options?.method ?? 'GET').toUpperCase();
    const replaySafe = control?.options.replaySafe ?? REPLAY_SAFE_METHODS.has(method);
    const retry = control?.options.retry ?? true;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.next.execute(context);
      } catch (error) {
        // The connection failed: the request may or may not have been carried out.
        const delayMs =
          retry && replaySafe && isTransientNetworkError(error)
            ? retryDelayMs(this.policy, attempt, undefined)
            : undefined;
        if (delayMs === undefined) throw error;
        this.onRetry?.({ method, status: 'network', attempt, delayMs });
        await this.policy.sleep(delayMs);
        continue;
      }
      const status = context.response?.status ?? 0;
      if (!retry || !TRANSIENT_STATUSES.has(status)) return;
      if (status !== 429 && !replaySafe) return;
      const retryAfter = parseRetryAfter(context.response?.headers.get('retry-after'));
      const delayMs = retryDelayMs(this.policy, attempt, retryAfter);
      if (delayMs === undefined) return;
      this.onRetry?.({ method, status, attempt, delayMs });
      // Drain the refused response so its connection goes back to the pool.
      await context.response?.arrayBuffer().catch(() => undefined);
      await this.policy.sleep(delayMs);
    }
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}
