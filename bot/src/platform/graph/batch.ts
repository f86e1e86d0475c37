import type { Client } from '@microsoft/microsoft-graph-client';
import { graphCall, parseRetryAfter, TRANSIENT_STATUSES } from './graph-errors';
import { RetryControl, retryDelayMs, type RetryPolicy } from './retry';

/** Graph answers at most 20 requests per JSON batch. */
export const MAX_BATCH_SIZE = 20;

export interface BatchItem {
  /** Unique within one call. */
  id: string;
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Relative to the version, e.g. `/users/{id}`. */
  url: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Safe to send again after a 503/504 (default: every method but POST). */
  replaySafe?: boolean;
}

export interface BatchResult {
  id: string;
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

interface BatchResponseBody {
  responses: {
    id: string;
    status: number;
    headers?: Record<string, string>;
    body?: unknown;
  }[];
}

const replaySafe = (item: BatchItem) => item.replaySafe ?? item.method !== 'POST';

function headerValue(headers: Record<string, string> | undefined, name: string) {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key ? headers?.[key] : undefined;
}

/**
 * JSON batching: at most 20 requests per batch, batches one after another (the mailbox
 * concurrency limit is 4). Graph throttles each sub-request on its own and the SDK does
 * not retry inside a batch, so a sub-request answered 429 (or 503/504, when it is safe
 * to replay) is sent again in a later batch after its Retry-After, up to the policy's
 * attempts; then its last answer is the result.
 */
export async function sendBatch(
  client: Client,
  items: readonly BatchItem[],
  policy: RetryPolicy,
): Promise<Map<string, BatchResult>> {
  if (new Set(items.map((i) => i.id)).size !== items.length) {
    throw new Error('Each request in a batch needs its own id.');
  }
  const results = new Map<string, BatchResult>();
  for (let start = 0; start < items.length; start += MAX_BATCH_SIZE) {
    let pending = items.slice(start, start + MAX_BATCH_SIZE);
    for (let attempt = 1; pending.length > 0; attempt += 1) {
      const sent = pending;
      const answer = await graphCall<BatchResponseBody>(() =>
        client
          .api('/$batch')
          .middlewareOptions([new RetryControl({ replaySafe: sent.every(replaySafe) })])
          .post({
            requests: sent.map((item) => ({
              id: item.id,
              method: item.method,
              url: item.url,
              ...(item.body === undefined
                ? {}
                : {
                    body: item.body,
                    headers: { 'Content-Type': 'application/json', ...item.headers },
                  }),
              ...(item.body === undefined && item.headers ? { headers: item.headers } : {}),
            })),
          }),
      );
      const byId = new Map(answer.responses.map((r) => [r.id, r]));
      const again: BatchItem[] = [];
      let waitMs = 0;
      for (const item of sent) {
        const response = byId.get(item.id);
        const result: BatchResult = {
          id: item.id,
          status: response?.status ?? 0,
          headers: response?.headers ?? {},
          body: response?.body,
        };
        // A request missing from the answer may or may not have run.
        const retryable =
          response === undefined
            ? replaySafe(item)
            : TRANSIENT_STATUSES.has(result.status) && (result.status === 429 || replaySafe(item));
        const delay = retryable
          ? retryDelayMs(
              policy,
              attempt,
              parseRetryAfter(headerValue(result.headers, 'retry-after')),
            )
          : undefined;
        if (delay === undefined) {
          results.set(item.id, result);
        } else {
          again.push(item);
          waitMs = Math.max(waitMs, delay);
        }
      }
      if (again.length > 0) await policy.sleep(waitMs);
      pending = again;
    }
  }
  return results;
}
