// The small part of OData that Graph list endpoints need here: $top, $select, $filter, paging.
import type { Request } from 'express';

export class UnsupportedQueryError extends Error {}

export interface ListQuery {
  top: number;
  skip: number;
  select?: string[];
  filter?: (item: Record<string, unknown>) => boolean;
}

function param(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

const quoted = "'((?:[^']|'')*)'";
const EQ = new RegExp(`^\\s*(\\w+)\\s+eq\\s+${quoted}\\s*$`, 'i');
const STARTS_WITH = new RegExp(`^\\s*startswith\\(\\s*(\\w+)\\s*,\\s*${quoted}\\s*\\)\\s*$`, 'i');

/** Supports `prop eq 'x'` and `startswith(prop,'x')` on string properties, case-insensitively as Graph does. */
export function parseFilter(
  filter: string,
  filterable: string[],
): (item: Record<string, unknown>) => boolean {
  const eq = EQ.exec(filter);
  const sw = eq ? undefined : STARTS_WITH.exec(filter);
  const match = eq ?? sw;
  const prop = match?.[1];
  if (!match || !prop || !filterable.includes(prop)) {
    throw new UnsupportedQueryError(`Unsupported or invalid query filter clause: ${filter}`);
  }
  const wanted = (match[2] ?? '').replace(/''/g, "'").toLowerCase();
  return (item) => {
    const value = item[prop];
    if (typeof value !== 'string') return false;
    return eq ? value.toLowerCase() === wanted : value.toLowerCase().startsWith(wanted);
  };
}

export function parseListQuery(req: Request, filterable: string[], defaultTop = 100): ListQuery {
  const topParam = param(req, '$top');
  const top = topParam === undefined ? defaultTop : Number(topParam);
  if (!Number.isInteger(top) || top < 1 || top > 999) {
    throw new UnsupportedQueryError(
      `Invalid page size specified: '${topParam}'. Must be between 1 and 999 inclusive.`,
    );
  }
  const skip = Number(param(req, '$skiptoken') ?? 0);
  if (!Number.isInteger(skip) || skip < 0) throw new UnsupportedQueryError('Invalid $skiptoken.');
  const filter = param(req, '$filter');
  return {
    top,
    skip,
    select: parseSelect(req),
    filter: filter ? parseFilter(filter, filterable) : undefined,
  };
}

export function parseSelect(req: Request): string[] | undefined {
  const select = param(req, '$select');
  return select
    ? select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
    : undefined;
}

/** Keeps only $select-ed properties (id always stays, as in Graph). */
export function project<T extends object>(item: T, select: string[] | undefined): Partial<T> {
  if (!select) return item;
  const source = item as Record<string, unknown>;
  const out: Record<string, unknown> = { id: source.id };
  for (const key of select) if (key in source) out[key] = source[key];
  return out as Partial<T>;
}

/** A Graph collection page with @odata.nextLink when more items remain. */
export function page<T extends object>(
  items: T[],
  query: ListQuery,
  context: string,
  selfUrl: URL,
): Record<string, unknown> {
  const slice = items
    .slice(query.skip, query.skip + query.top)
    .map((i) => project(i, query.select));
  const body: Record<string, unknown> = { '@odata.context': context, value: slice };
  if (query.skip + query.top < items.length) {
    const next = new URL(selfUrl);
    next.searchParams.set('$skiptoken', String(query.skip + query.top));
    body['@odata.nextLink'] = next.toString();
  }
  return body;
}

/** $top / $skip paging as Outlook and Planner lists use it. */
export function parseTopSkip(
  req: Request,
  defaultTop: number,
  maxTop = 1000,
): { top: number; skip: number } {
  const topParam = param(req, '$top');
  const top = topParam === undefined ? defaultTop : Number(topParam);
  if (!Number.isInteger(top) || top < 1 || top > maxTop) {
    throw new UnsupportedQueryError(
      `Invalid page size specified: '${topParam}'. Must be between 1 and ${maxTop} inclusive.`,
    );
  }
  const skipParam = param(req, '$skip') ?? param(req, '$skiptoken');
  const skip = skipParam === undefined ? 0 : Number(skipParam);
  if (!Number.isInteger(skip) || skip < 0) throw new UnsupportedQueryError('Invalid $skip.');
  return { top, skip };
}

/** A collection page whose @odata.nextLink carries `$skip` (or another name) forward. */
export function pageBySkip(
  items: object[],
  paging: { top: number; skip: number },
  context: string,
  selfUrl: URL,
  skipName = '$skip',
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    '@odata.context': context,
    value: items.slice(paging.skip, paging.skip + paging.top),
  };
  if (paging.skip + paging.top < items.length) {
    const next = new URL(selfUrl);
    next.searchParams.delete('$skiptoken');
    next.searchParams.delete('$skip');
    next.searchParams.set('$top', String(paging.top));
    next.searchParams.set(skipName, String(paging.skip + paging.top));
    body['@odata.nextLink'] = next.toString();
  }
  return body;
}

/** Reads a query parameter (Graph also accepts OData options without the $). */
export function queryParam(req: Request, name: string): string | undefined {
  return param(req, name) ?? param(req, name.replace(/^\$/, ''));
}
