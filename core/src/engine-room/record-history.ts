import { withIndefiniteArticle } from '../forms/form';
import type { HistoryEntry } from './api';
import { activityKindTitle } from '../active-learning/active-learning-rules';
import { DECISIONS } from './forms';

/** How a KLOE's own event codes read in a history line, after who did it. */
const KLOE_EVENT_WORDS: Record<string, string> = {
  submitted: 'raised it',
  accept: 'accepted it onto the Engine Room agenda',
  ask: 'asked for more information',
  decline: 'declined it',
  'linked-duplicate': 'closed it as a duplicate',
  'linked-related': 'linked it to a related KLOE',
  answered: "answered the Business Unit's question",
};

/** "closed it as a duplicate (HSSCP-KLOE-0004)": one KLOE event as English. */
export function describeKloeEvent(action: string, detail: unknown): string {
  const fields = (detail ?? {}) as Record<string, string>;
  const other = fields.otherReference ? ` (${fields.otherReference})` : '';
  return `${KLOE_EVENT_WORDS[action] ?? action}${other}`;
}

/** One record's history lines from all its sources, oldest first. */
export function historyInOrder(lines: { at: Date; by: string; action: string }[]): HistoryEntry[] {
  return [...lines]
    .sort((a, b) => a.at.getTime() - b.at.getTime())
    .map((e) => ({ at: e.at.toISOString(), by: e.by, action: e.action }));
}

export function decisionTitle(decision: string): string {
  return DECISIONS.find((d) => d.value === decision)?.title ?? decision;
}

/** Engine Room work added to a record, as the Engine Room form gave it. */
export type EngineRoomWork =
  | { kind: 'evidence'; summary: string; source: string; sourceDate: string }
  | {
      kind: 'activity';
      activity: string;
      description: string;
      owner: string;
      startDate: string;
      endDate: string;
    }
  | { kind: 'recommendation'; text: string; owningAgency: string; dueDate: string }
  | { kind: 'outcome'; learning: string; decision: string };

/** "planned a multi-agency audit": how adding that work reads in the record's history. */
export function describeWork(work: EngineRoomWork): string {
  switch (work.kind) {
    case 'evidence':
      return `added evidence from ${work.source}`;
    case 'activity':
      return `planned ${withIndefiniteArticle(activityKindTitle(work.activity).toLowerCase())}`;
    case 'recommendation':
      return `recorded a recommendation for ${work.owningAgency}`;
    case 'outcome':
      return 'recorded the outcome';
  }
}
