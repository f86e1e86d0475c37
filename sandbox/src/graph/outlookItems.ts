// Shared pieces of Outlook items (messages, events): recipients, bodies, etags, $select.
import type { Request } from 'express';
import type { Json } from '../state/graphStore';
import type { DirectoryUser } from '../tenant/directory';
import { parseSelect } from './odataQuery';

export class GraphRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface Recipient {
  emailAddress: { name?: string; address: string };
}

export function emailAddressOf(user: DirectoryUser): Recipient {
  return { emailAddress: { name: user.displayName, address: user.mail } };
}

/** Reads a recipient collection; every entry needs an address that looks like one. */
export function recipients(value: unknown, property: string): Recipient[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    throw new GraphRequestError(
      400,
      'ErrorInvalidRecipients',
      `'${property}' must be a collection of recipients.`,
    );
  }
  return value.map((r: unknown) => {
    const email = (r as { emailAddress?: { name?: unknown; address?: unknown } })?.emailAddress;
    const address = typeof email?.address === 'string' ? email.address.trim() : '';
    if (!/^[^@\s]+@[^@\s]+$/.test(address)) {
      throw new GraphRequestError(
        400,
        'ErrorInvalidRecipients',
        `At least one recipient isn't valid. Recipient '${address}' isn't resolved. All recipients must be resolved before a message can be submitted.`,
      );
    }
    return {
      emailAddress: {
        ...(typeof email?.name === 'string' ? { name: email.name } : {}),
        address,
      },
    };
  });
}

export function itemBody(value: unknown): { contentType: 'text' | 'html'; content: string } {
  const body = (value ?? {}) as { contentType?: unknown; content?: unknown };
  const contentType = String(body.contentType ?? 'text').toLowerCase() === 'html' ? 'html' : 'text';
  return { contentType, content: typeof body.content === 'string' ? body.content : '' };
}

/** Plain text of a body, for bodyPreview (255 characters, as Outlook keeps). */
export function preview(body: { contentType: string; content: string }): string {
  const text =
    body.contentType === 'html'
      ? body.content
          .replace(/<(style|script)[^>]*>[\s\S]*?<\/\1>/gi, ' ')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&nbsp;/g, ' ')
          .replace(/&amp;/g, '&')
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
      : body.content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}

export function odataEtag(changeKey: string): string {
  return `W/"${changeKey}"`;
}

/** If-Match may carry the weak etag or the bare change key. */
export function matchesEtag(ifMatch: string, changeKey: string): boolean {
  const given = ifMatch.trim();
  return (
    given === '*' ||
    given === odataEtag(changeKey) ||
    given.replace(/^W\//, '').replace(/"/g, '') === changeKey
  );
}

/**
 * Applies $select. Outlook always keeps id and @odata.etag; without $select it returns the
 * item without the properties it only returns on request.
 */
export function selectOutlook(item: Json, req: Request, hiddenByDefault: string[]): Json {
  const select = parseSelect(req);
  const out: Json = { '@odata.etag': odataEtag(String(item.changeKey)), id: item.id };
  if (!select) {
    for (const [k, v] of Object.entries(item)) if (!hiddenByDefault.includes(k)) out[k] = v;
    return out;
  }
  const keys = Object.keys(item);
  for (const wanted of select) {
    const key = keys.find((k) => k.toLowerCase() === wanted.toLowerCase());
    if (key) out[key] = item[key];
  }
  return out;
}

/** Action parameters are case-insensitive in Graph ("Message" and "message" both work). */
export function actionParam(body: unknown, name: string): unknown {
  if (!body || typeof body !== 'object') return undefined;
  const key = Object.keys(body).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (body as Json)[key];
}
