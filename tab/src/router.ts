import { useEffect, useMemo, useState } from 'react';
import type { RecordType } from '@pathways/core';

/**
 * A tiny hash router. Teams content URLs point at `index.html#/engine-room` and `#/personal`;
 * a handful of fixed routes do not need a router library, and the hash keeps the service's
 * static hosting simple (no server-side fallback). Filters live in the hash's query so a
 * reload, a shared link or the back button keeps them.
 *
 *   #/engine-room?status=new&q=neglect   the queue
 *   #/engine-room/kloe/<id>               one record
 *   #/personal                            my submissions
 *   #/quarterly-report?year=2026&quarter=3
 *   #/briefings                           briefing notes (Business Unit)
 *   #/briefings/<id>                      one briefing's progress per agency
 *   #/active-learning                     Active Learning (Business Unit)
 *   #/active-learning/new?type=kloe&id=<record>&activity=<planned activity>
 *   #/active-learning/<id>                one set: nominations, chase, schedule, attendance
 *   #/newsletter?year=2025&quarter=3       the partners' newsletter
 *   #/circulation?from=&to=                the circulation plan: what is due
 *   #/recommendations?source=kloe&theme=Neglect   the Development Manager's view
 */
export type Route =
  | { name: 'engine-room'; query: URLSearchParams }
  | { name: 'record'; type: RecordType; id: string }
  | { name: 'personal' }
  | { name: 'quarterly-report'; query: URLSearchParams }
  | { name: 'briefings' }
  | { name: 'briefing'; id: string }
  | { name: 'active-learning' }
  | { name: 'active-learning-new'; query: URLSearchParams }
  | { name: 'active-learning-set'; id: string }
  | { name: 'newsletter'; query: URLSearchParams }
  | { name: 'circulation'; query: URLSearchParams }
  | { name: 'recommendations'; query: URLSearchParams }
  | { name: 'home' };

export type RouteName = Route['name'];

const recordTypes: readonly string[] = ['kloe', 'consideration', 'challenge'];

export function routeFromHash(hash: string): Route {
  const text = hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = text.split('?', 2);
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  const query = new URLSearchParams(search);
  if (parts[0] === 'engine-room') {
    if (parts.length === 1) return { name: 'engine-room', query };
    const [, type, id] = parts;
    if (parts.length === 3 && type && id && recordTypes.includes(type)) {
      return { name: 'record', type: type as RecordType, id };
    }
  }
  if (parts[0] === 'personal' && parts.length === 1) return { name: 'personal' };
  if (parts[0] === 'briefings' && parts.length === 1) return { name: 'briefings' };
  if (parts[0] === 'briefings' && parts.length === 2 && parts[1]) {
    return { name: 'briefing', id: parts[1] };
  }
  if (parts[0] === 'active-learning') {
    if (parts.length === 1) return { name: 'active-learning' };
    if (parts.length === 2 && parts[1] === 'new') return { name: 'active-learning-new', query };
    if (parts.length === 2 && parts[1]) return { name: 'active-learning-set', id: parts[1] };
  }
  if (parts[0] === 'quarterly-report' && parts.length === 1) {
    return { name: 'quarterly-report', query };
  }
  if (parts[0] === 'newsletter' && parts.length === 1) return { name: 'newsletter', query };
  if (parts[0] === 'circulation' && parts.length === 1) return { name: 'circulation', query };
  if (parts[0] === 'recommendations' && parts.length === 1) {
    return { name: 'recommendations', query };
  }
  return { name: 'home' };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function recordHash(type: RecordType, id: string): string {
  return `#/engine-room/${type}/${encodeURIComponent(id)}`;
}

export function hashWithQuery(path: string, params: Record<string, string | undefined>): string {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `#/${path}?${text}` : `#/${path}`;
}

const replacedEvent = 'pathways:hash-replaced';

/** Changes the address without a new history entry (filters: back leaves the page, not a filter). */
export function replaceHash(hash: string): void {
  if (window.location.hash === hash) return;
  window.history.replaceState(window.history.state, '', hash);
  window.dispatchEvent(new Event(replacedEvent));
}

export function useHashRoute(): Route {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const update = () => setHash(window.location.hash);
    window.addEventListener('hashchange', update);
    window.addEventListener(replacedEvent, update);
    return () => {
      window.removeEventListener('hashchange', update);
      window.removeEventListener(replacedEvent, update);
    };
  }, []);
  return useMemo(() => routeFromHash(hash), [hash]);
}
