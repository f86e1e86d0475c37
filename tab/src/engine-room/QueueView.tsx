import { Button, Link, makeStyles, Text, tokens } from '@fluentui/react-components';
import { defaultRangeExtractor, useWindowVirtualizer, type Range } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { QueueFacets, QueueItem } from '@pathways/core';
import { messageOf, type SignedIn, Empty, Loading, Problem } from '@pathways/ui-shell';
import { hashWithQuery, recordHash, replaceHash } from '../router';
import { filterKeys, getFacets, type QueueFilters as Filters } from './api';
import { canReadQueue } from './access';
import { describeDeadline, formatDate, plural, recordTypeNames } from './format';
import { QueueFilters } from './QueueFilters';
import { filtersKey, rememberOpened, takeRemembered, useQueue, type QueueState } from './useQueue';

const useStyles = makeStyles({
  toolbar: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalL,
    marginBlockEnd: tokens.spacingVerticalM,
  },
  summary: { marginBlock: tokens.spacingVerticalS },
  list: {
    position: 'relative',
    margin: 0,
    padding: 0,
    listStyleType: 'none',
    maxWidth: '64rem',
  },
  row: {
    position: 'absolute',
    top: 0,
    left: 0,
    width: '100%',
    boxSizing: 'border-box',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXXS,
    // A long unbroken word in a title wraps rather than pushing the page sideways.
    overflowWrap: 'anywhere',
    '& p': { margin: 0 },
  },
  title: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  meta: { color: tokens.colorNeutralForeground2 },
  overdue: { color: tokens.colorStatusDangerForeground1, fontWeight: tokens.fontWeightSemibold },
  more: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: tokens.spacingHorizontalM,
    marginBlock: tokens.spacingVerticalM,
  },
});

// The filter choices hardly change: fetched once per page load.
let facetsPromise: Promise<QueueFacets> | undefined;

function useFacets(session: SignedIn) {
  const [facets, setFacets] = useState<QueueFacets>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    facetsPromise ??= getFacets(session.api);
    facetsPromise.then(
      (f) => live && setFacets(f),
      (e: unknown) => {
        facetsPromise = undefined;
        if (live) setError(messageOf(e));
      },
    );
    return () => {
      live = false;
    };
  }, [session.api]);
  return { facets, error };
}

/** "12 records match, next deadline first. Showing 12." */
function summaryText(state: QueueState, filtered: boolean): string {
  const count = state.totalIsAtLeast
    ? `${state.total.toLocaleString('en-GB')} or more records`
    : plural(state.total, 'record');
  const verb = !filtered
    ? 'in the queue'
    : state.total === 1 && !state.totalIsAtLeast
      ? 'matches'
      : 'match';
  return `${count} ${verb}, next deadline first. Showing ${state.items.length.toLocaleString('en-GB')}.`;
}

export function filtersFrom(query: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const key of filterKeys) {
    const value = query.get(key);
    if (value) filters[key] = value;
  }
  return filters;
}

/** The Engine Room's queue: every KLOE, consideration request and challenge, next deadline first. */
export function QueueView({ session, query }: { session: SignedIn; query: URLSearchParams }) {
  const styles = useStyles();
  const filters = useMemo(() => filtersFrom(query), [query]);
  const { facets, error: facetsError } = useFacets(session);
  const { state, loadMore, retry } = useQueue(session.api, filters);
  // Only the list drawn from what was remembered goes back to its place (not a fresh fetch).
  const restoreFor = (shown: QueueState) => {
    const remembered = takeRemembered(filtersKey(filters));
    return remembered?.state === shown ? remembered : undefined;
  };

  // The last page loaded from "Show more records" takes the button away: keep the keyboard near.
  const askedByButton = useRef(false);
  const endRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (state.status !== 'ready' || state.loadingMore) return;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (askedByButton.current && !state.nextCursor && lost) endRef.current?.focus();
    askedByButton.current = false;
  }, [state.status, state.loadingMore, state.nextCursor]);

  const change = useCallback((next: Filters) => {
    const params: Record<string, string | undefined> = {};
    for (const key of filterKeys) params[key] = next[key] || undefined;
    replaceHash(hashWithQuery('engine-room', params));
  }, []);

  if (!canReadQueue(session.me)) {
    return (
      <Empty title="The Engine Room queue is not open to you">
        <Text as="p">
          It is for the Business Unit, Engine Room members and the Development Manager. If you need
          it, ask the Business Unit to give you the Engine Room role.
        </Text>
        <Text as="p">
          <Link href="#/personal">See the forms you have sent</Link>
        </Text>
      </Empty>
    );
  }

  const active = Object.values(filters).some(Boolean);
  const typeTitle = (item: QueueItem) =>
    facets?.types.find((t) => t.value === item.type)?.title ?? recordTypeNames[item.type];

  return (
    <>
      <nav aria-label="Engine Room" className={styles.toolbar}>
        <Link href="#/quarterly-report">Quarterly report to the Executive</Link>
      </nav>
      <QueueFilters filters={filters} facets={facets} onChange={change} />
      {facetsError ? (
        <Text as="p">
          The filter lists could not be loaded ({facetsError}). Search still works; reload the page
          to try the lists again.
        </Text>
      ) : null}
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">Records</h2>
        <div role="status" className={styles.summary}>
          {state.status === 'ready' && state.total > 0 ? (
            <Text>{summaryText(state, active)}</Text>
          ) : null}
        </div>
        {state.status === 'loading' ? <Loading label="Loading the queue…" /> : null}
        {state.status === 'failed' ? (
          <Problem
            message={`The queue could not be loaded. ${state.error ?? ''}`.trim()}
            onRetry={retry}
          />
        ) : null}
        {state.status === 'ready' && state.total === 0 && state.items.length === 0 ? (
          active ? (
            <Empty title="No records match this search and these filters">
              <Text as="p">
                Try other words, choose &quot;Any&quot; in a filter, or widen the dates. Select
                &quot;Clear search and filters&quot; to see the whole queue.
              </Text>
            </Empty>
          ) : (
            <Empty title="The queue is empty">
              <Text as="p">
                Key Lines of Enquiry, consideration requests and professional challenges appear here
                as soon as agencies send them. To raise a KLOE, open the Pathways chat in Teams and
                type &quot;kloe&quot;.
              </Text>
            </Empty>
          )
        ) : null}
        {state.status === 'ready' && state.items.length > 0 ? (
          <QueueList
            items={state.items}
            total={state.totalIsAtLeast ? undefined : state.total}
            remembered={restoreFor(state)}
            typeTitle={typeTitle}
            nearEnd={
              state.nextCursor && !state.loadingMore && !state.moreError ? loadMore : undefined
            }
          />
        ) : null}
        {state.status === 'ready' && state.nextCursor ? (
          <div className={styles.more}>
            {/* The button stays while loading, so the keyboard does not lose its place. */}
            <Button
              disabledFocusable={state.loadingMore}
              onClick={() => {
                askedByButton.current = true;
                loadMore();
              }}
            >
              {state.loadingMore ? 'Loading more records…' : 'Show more records'}
            </Button>
            {state.moreError ? (
              <Problem message={`More records could not be loaded. ${state.moreError}`} />
            ) : null}
          </div>
        ) : null}
        {state.status === 'ready' && !state.nextCursor && state.items.length > 0 ? (
          <p ref={endRef} tabIndex={-1}>
            <Text>That is every record that matches.</Text>
          </p>
        ) : null}
      </section>
    </>
  );
}

interface QueueListProps {
  items: QueueItem[];
  /** Undefined when only a lower bound is known. */
  total: number | undefined;
  remembered: ReturnType<typeof takeRemembered>;
  typeTitle: (item: QueueItem) => string;
  /** Called when the last rows come into view, to fetch the next page. */
  nearEnd: (() => void) | undefined;
}

/**
 * Only the rows on screen are in the page (a virtualised list), so thousands of loaded records
 * stay fast. Each row says its place in the whole list (aria-posinset / aria-setsize) for screen
 * readers, and the focused row stays rendered even when scrolled away.
 */
function QueueList({ items, total, remembered, typeTitle, nearEnd }: QueueListProps) {
  const styles = useStyles();
  const listRef = useRef<HTMLUListElement>(null);
  const [margin, setMargin] = useState(0);
  const focused = useRef<number | undefined>(undefined);

  useLayoutEffect(() => {
    const top = (listRef.current?.getBoundingClientRect().top ?? 0) + window.scrollY;
    if (Math.abs(top - margin) > 1) setMargin(top);
  });

  const rangeExtractor = useCallback((range: Range) => {
    const indexes = defaultRangeExtractor(range);
    const keep = focused.current;
    if (keep !== undefined && keep < range.count && !indexes.includes(keep)) {
      indexes.push(keep);
      indexes.sort((a, b) => a - b);
    }
    return indexes;
  }, []);

  const virtualizer = useWindowVirtualizer({
    count: items.length,
    estimateSize: () => 96,
    overscan: 6,
    scrollMargin: margin,
    rangeExtractor,
    getItemKey: (index) => {
      const item = items[index];
      return item ? `${item.type}/${item.id}` : index;
    },
  });
  const rows = virtualizer.getVirtualItems();
  const lastShown = rows[rows.length - 1]?.index ?? -1;

  useEffect(() => {
    if (nearEnd && lastShown >= items.length - 8) nearEnd();
  }, [nearEnd, lastShown, items.length]);

  // Back from a record: the same place in the list, and the keyboard on the row opened.
  useEffect(() => {
    if (!remembered) return;
    const { scrollY, opened } = remembered;
    const timer = setTimeout(() => {
      window.scrollTo(0, scrollY);
      const index = opened ? items.findIndex((i) => `${i.type}/${i.id}` === opened) : -1;
      if (index < 0) return;
      virtualizer.scrollToIndex(index, { align: 'auto' });
      setTimeout(() => {
        listRef.current?.querySelector<HTMLAnchorElement>(`[data-record="${opened}"]`)?.focus();
      }, 50);
    }, 0);
    return () => clearTimeout(timer);
    // Once, when the list first appears.
  }, []);

  return (
    <ul
      ref={listRef}
      aria-label="Records, next deadline first"
      className={styles.list}
      style={{ height: virtualizer.getTotalSize() }}
      onFocus={(e) => {
        const row = (e.target as HTMLElement).closest('li');
        const index = Number(row?.dataset['index']);
        focused.current = Number.isInteger(index) ? index : undefined;
      }}
    >
      {rows.map((row) => {
        const item = items[row.index];
        if (!item) return null;
        const key = `${item.type}/${item.id}`;
        const deadline = item.nextDeadline ? describeDeadline(item.nextDeadline.due) : undefined;
        return (
          <li
            key={key}
            data-index={row.index}
            ref={virtualizer.measureElement}
            // -1: the size of the whole list is not known (ARIA).
            aria-setsize={total ?? -1}
            aria-posinset={row.index + 1}
            className={styles.row}
            style={{ transform: `translateY(${row.start - margin}px)` }}
          >
            <Link
              href={recordHash(item.type, item.id)}
              className={styles.title}
              data-record={key}
              onClick={() => rememberOpened(key)}
            >
              {item.reference}: {item.title}
            </Link>
            <Text as="p" className={styles.meta}>
              {[
                typeTitle(item),
                item.statusText,
                item.theme ? `Theme: ${item.theme}` : null,
                item.agency,
                `Received ${formatDate(item.receivedAt)}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </Text>
            <Text as="p" className={deadline?.overdue ? styles.overdue : undefined}>
              {item.nextDeadline && deadline
                ? `Next deadline: ${item.nextDeadline.what}, ${deadline.text}`
                : 'No deadline set'}
            </Text>
          </li>
        );
      })}
    </ul>
  );
}
