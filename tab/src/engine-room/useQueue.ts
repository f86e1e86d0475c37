import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueItem } from '@pathways/core';
import { messageOf, type ApiClient } from '@pathways/ui-shell';
import { filterKeys, getQueue, type QueueFilters } from './api';

export interface QueueState {
  status: 'loading' | 'ready' | 'failed';
  items: QueueItem[];
  total: number;
  /** The service counts up to a limit: `total` or more match. */
  totalIsAtLeast: boolean;
  nextCursor: string | null;
  error?: string;
  loadingMore: boolean;
  moreError?: string;
}

/** What the queue showed last, so coming back from a record returns to the same place. */
interface Remembered {
  key: string;
  state: QueueState;
  scrollY: number;
  /** `type/id` of the record opened from the list. */
  opened?: string;
}
let remembered: Remembered | undefined;

export function filtersKey(filters: QueueFilters): string {
  return filterKeys.map((k) => `${k}=${filters[k] ?? ''}`).join('&');
}

let queueHash = '#/engine-room';

/** The queue's address as last seen (with its filters), for "Back to the queue". */
export function lastQueueHash(): string {
  return queueHash;
}

export function rememberOpened(record: string): void {
  queueHash = window.location.hash || '#/engine-room';
  if (remembered) {
    remembered.opened = record;
    remembered.scrollY = window.scrollY;
  }
}

export function takeRemembered(key: string): Remembered | undefined {
  return remembered?.key === key && remembered.state.status === 'ready' ? remembered : undefined;
}

const loading: QueueState = {
  status: 'loading',
  items: [],
  total: 0,
  totalIsAtLeast: false,
  nextCursor: null,
  loadingMore: false,
};

/** The queue for some filters: the first page, then more on request (server paging). */
export function useQueue(api: ApiClient, filters: QueueFilters) {
  const key = filtersKey(filters);
  const [state, setState] = useState<QueueState>(() => takeRemembered(key)?.state ?? loading);
  const [attempt, setAttempt] = useState(0);
  // Answers to an older request (other filters) are dropped.
  const request = useRef(0);
  const latest = useRef(state);
  latest.current = state;
  const filtersRef = useRef(filters);
  filtersRef.current = filters;

  useEffect(() => {
    queueHash = window.location.hash || '#/engine-room';
  }, [key]);

  useEffect(() => {
    const previous = takeRemembered(key);
    if (previous && attempt === 0 && latest.current === previous.state) return;
    const current = ++request.current;
    setState(loading);
    getQueue(api, filtersRef.current).then(
      (page) => {
        if (request.current !== current) return;
        setState({
          status: 'ready',
          items: page.items,
          total: page.total,
          totalIsAtLeast: page.totalIsAtLeast === true,
          nextCursor: page.nextCursor,
          loadingMore: false,
        });
      },
      (error: unknown) => {
        if (request.current !== current) return;
        setState({ ...loading, status: 'failed', error: messageOf(error) });
      },
    );
  }, [api, key, attempt]);

  useEffect(() => {
    if (state.status === 'ready') {
      remembered = {
        key,
        state,
        scrollY: remembered?.key === key ? remembered.scrollY : 0,
        ...(remembered?.key === key && remembered.opened ? { opened: remembered.opened } : {}),
      };
    }
  }, [key, state]);

  const loadMore = useCallback(() => {
    const now = latest.current;
    if (now.status !== 'ready' || !now.nextCursor || now.loadingMore) return;
    const current = request.current;
    setState({ ...now, loadingMore: true, moreError: undefined });
    getQueue(api, filtersRef.current, now.nextCursor).then(
      (page) => {
        if (request.current !== current) return;
        setState((s) => {
          // The server pages by cursor; a record that moved between pages is shown once.
          const seen = new Set(s.items.map((i) => `${i.type}/${i.id}`));
          const fresh = page.items.filter((i) => !seen.has(`${i.type}/${i.id}`));
          return {
            ...s,
            items: [...s.items, ...fresh],
            total: page.total,
            totalIsAtLeast: page.totalIsAtLeast === true,
            nextCursor: page.nextCursor,
            loadingMore: false,
          };
        });
      },
      (error: unknown) => {
        if (request.current !== current) return;
        setState((s) => ({ ...s, loadingMore: false, moreError: messageOf(error) }));
      },
    );
  }, [api]);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return { state, loadMore, retry };
}

/** A record changed (evidence, outcome...): keep the remembered queue's row in step. */
export function updateRemembered(record: {
  type: string;
  id: string;
  status: string;
  statusText: string;
}): void {
  if (!remembered) return;
  const items = remembered.state.items.map((item) =>
    item.type === record.type && item.id === record.id
      ? { ...item, status: record.status, statusText: record.statusText }
      : item,
  );
  remembered = { ...remembered, state: { ...remembered.state, items } };
}
