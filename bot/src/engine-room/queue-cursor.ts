import { isUuid } from '@pathways/core';

/**
 * Where the next page of the queue starts: the last line shown, by the
 * queue's order (next deadline, then newest received, then id).
 */
export interface QueueCursor {
  /** coalesce(next_deadline, 'infinity') as text. */
  d: string;
  r: string;
  i: string;
}

export class BadCursorError extends Error {}

export function encodeCursor(line: {
  next_deadline: string | null;
  received_at: Date;
  record_id: string;
}): string {
  const cursor: QueueCursor = {
    d: line.next_deadline ?? 'infinity',
    r: line.received_at.toISOString(),
    i: line.record_id,
  };
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

/** The cursor a page link carries; a clear message when it was altered or is stale. */
export function decodeCursor(text: string): QueueCursor {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as QueueCursor;
    if (typeof c.d !== 'string' || typeof c.r !== 'string' || typeof c.i !== 'string') throw 0;
    if (Number.isNaN(Date.parse(c.r)) || !isUuid(c.i)) throw 0;
    if (c.d !== 'infinity' && !/^\d{4}-\d{2}-\d{2}$/.test(c.d)) throw 0;
    return c;
  } catch {
    throw new BadCursorError(
      'That page link is not valid any more: start again from the first page.',
    );
  }
}
