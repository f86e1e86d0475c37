import type { RecordType } from '../engine-room/api';

/**
 * The start of a long text, cut at a word with an ellipsis, at most `max`
 * characters with it: what a channel card shows of a record that the tab shows whole.
 */
export function summarise(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  const lastSpace = cut.lastIndexOf(' ');
  // A single very long word is cut where it is, rather than dropped.
  return `${cut.slice(0, lastSpace > max / 2 ? lastSpace : cut.length).replace(/[\s,;:.]+$/, '')}…`;
}

/** The tab's page for one record (tab/src/router.ts: #/engine-room/<type>/<id>). */
export function recordInTab(tabUrl: string, type: RecordType, id: string): string {
  return `${tabUrl}#/engine-room/${type}/${encodeURIComponent(id)}`;
}
