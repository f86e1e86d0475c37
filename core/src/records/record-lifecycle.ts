/**
 * One lifecycle for every kind of record (KLOE, consideration request, professional
 * challenge), read alike by the Teams card, the tab and the reports: received,
 * triaged, being explored, outcome recorded, closed. Each step keeps who took it and
 * when. Pure: the service stores the steps this allows, in the transaction that made
 * the change, and every figure is counted from those steps.
 */

export const LIFECYCLE_STAGES = [
  'received',
  'triaged',
  'being-explored',
  'outcome-recorded',
  'closed',
] as const;

export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

/** What triage decided. */
export const TRIAGE_RESULTS = ['accepted', 'declined', 'linked', 'more-information-asked'] as const;

export type TriageResult = (typeof TRIAGE_RESULTS)[number];

export const lifecycleStageText: Record<LifecycleStage, string> = {
  received: 'Received',
  triaged: 'Triaged',
  'being-explored': 'Being explored by the Engine Room',
  'outcome-recorded': 'Outcome recorded',
  closed: 'Closed',
};

export const triageResultText: Record<TriageResult, string> = {
  accepted: 'accepted',
  declined: 'declined',
  linked: 'linked to another record',
  'more-information-asked': 'more information asked for',
};

/** Where a record stands: its last step. */
export interface LifecyclePosition {
  stage: LifecycleStage;
  /** Set on the triaged stage. */
  result?: TriageResult | undefined;
}

/** One step taken, as stored and shown. */
export interface LifecycleStep extends LifecyclePosition {
  /** How it reads (lifecycleText): "Triaged (accepted)". */
  text: string;
  /** Who took it (their name as recorded). */
  by: string;
  /** When (ISO 8601). */
  at: string;
}

/** What happened to a record, as the lifecycle hears of it. */
export type LifecycleEvent =
  | { kind: 'receive' }
  | { kind: 'triage'; result: TriageResult; closes?: boolean }
  /** Engine Room work: evidence, a planned activity, a recommendation. */
  | { kind: 'explore' }
  | { kind: 'record-outcome' }
  | { kind: 'close' };

export type LifecycleMove =
  /** The steps to store, in order (a decline both triages and closes). */
  | { outcome: 'moved'; steps: LifecyclePosition[] }
  /** Nothing to store: the record is already there or beyond. */
  | { outcome: 'unchanged' }
  | { outcome: 'refused'; message: string };

const awaitingAnswer = (p: LifecyclePosition) =>
  p.stage === 'triaged' && p.result === 'more-information-asked';

/** Whether work may still move the record forward (not declined, linked away or closed). */
const open = (p: LifecyclePosition) =>
  p.stage !== 'closed' &&
  !(p.stage === 'triaged' && (p.result === 'declined' || p.result === 'linked'));

/**
 * The steps an event adds to a record that stands at `current` (undefined: nothing
 * recorded yet), or why it cannot happen, in words for the person who tried.
 */
export function moveLifecycle(
  current: LifecyclePosition | undefined,
  event: LifecycleEvent,
): LifecycleMove {
  const refuse = (what: string): LifecycleMove => ({
    outcome: 'refused',
    message: `it is at the step “${lifecycleText(current)}”, so it cannot be ${what} now.`,
  });
  if (event.kind === 'receive')
    return current
      ? { outcome: 'unchanged' }
      : { outcome: 'moved', steps: [{ stage: 'received' }] };
  if (!current) return refuse('changed');
  switch (event.kind) {
    case 'triage': {
      if (current.stage !== 'received' && !awaitingAnswer(current)) return refuse('triaged');
      const triaged: LifecyclePosition = { stage: 'triaged', result: event.result };
      return {
        outcome: 'moved',
        steps: event.closes ? [triaged, { stage: 'closed' }] : [triaged],
      };
    }
    case 'explore':
      if (current.stage === 'being-explored' || current.stage === 'outcome-recorded')
        return { outcome: 'unchanged' };
      if (!open(current)) return refuse('explored');
      return { outcome: 'moved', steps: [{ stage: 'being-explored' }] };
    case 'record-outcome':
      if (current.stage === 'outcome-recorded') return { outcome: 'unchanged' };
      if (!open(current)) return refuse('given an outcome');
      return { outcome: 'moved', steps: [{ stage: 'outcome-recorded' }] };
    case 'close':
      return current.stage === 'closed'
        ? { outcome: 'unchanged' }
        : { outcome: 'moved', steps: [{ stage: 'closed' }] };
  }
}

/** Whether a record standing here may be triaged now. */
export function canTriageAt(position: LifecyclePosition | undefined): boolean {
  return moveLifecycle(position, { kind: 'triage', result: 'accepted' }).outcome === 'moved';
}

/** Where a record stands after these steps (oldest first). */
export function currentPosition(
  steps: readonly LifecyclePosition[],
): LifecyclePosition | undefined {
  const last = steps[steps.length - 1];
  return last ? { stage: last.stage, result: last.result } : undefined;
}

/** How a record's position reads on the card and in the tab ("Triaged (accepted)"). */
export function lifecycleText(position: LifecyclePosition | undefined): string {
  if (!position) return 'Not yet received';
  return position.stage === 'triaged' && position.result
    ? `Triaged (${triageResultText[position.result]})`
    : lifecycleStageText[position.stage];
}

/** One stored step of one record, as the figures count it. */
export interface CountedStep {
  recordType: string;
  recordId: string;
  stage: LifecycleStage;
  result?: TriageResult | null | undefined;
  at: Date;
}

/** The figures every report reads (quarterly report, newsletter, measures): one count. */
export interface LifecycleFigures {
  /** Records received in the period. */
  received: number;
  /** Records triaged in the period, by what was decided. */
  triaged: Record<TriageResult, number>;
  /**
   * Records the Engine Room took up in the period: accepted onto its agenda, worked on
   * (being explored) or given an outcome. A record counts once.
   */
  explored: number;
  /** Records given an outcome in the period. */
  outcomeRecorded: number;
  /** Records closed in the period. */
  closed: number;
  /** Which records (ids) were received and explored: for figures by theme. */
  records: { received: string[]; explored: string[] };
}

/**
 * Counts the records that took each step in [from, to). A record counts once per
 * figure however many steps of that kind it took.
 */
export function lifecycleFigures(
  steps: readonly CountedStep[],
  from: Date,
  to: Date,
): LifecycleFigures {
  const sets = {
    received: new Set<string>(),
    explored: new Set<string>(),
    outcomeRecorded: new Set<string>(),
    closed: new Set<string>(),
  };
  const triaged = Object.fromEntries(TRIAGE_RESULTS.map((r) => [r, new Set<string>()])) as Record<
    TriageResult,
    Set<string>
  >;
  for (const s of steps) {
    if (s.at < from || s.at >= to) continue;
    const key = `${s.recordType}/${s.recordId}`;
    switch (s.stage) {
      case 'received':
        sets.received.add(key);
        break;
      case 'triaged':
        if (s.result) triaged[s.result].add(key);
        // Accepted onto the Engine Room's agenda: it is the Engine Room's to explore.
        if (s.result === 'accepted') sets.explored.add(key);
        break;
      case 'being-explored':
        sets.explored.add(key);
        break;
      case 'outcome-recorded':
        // An outcome is the end of exploring: the record was explored in the period.
        sets.explored.add(key);
        sets.outcomeRecorded.add(key);
        break;
      case 'closed':
        sets.closed.add(key);
        break;
    }
  }
  return {
    received: sets.received.size,
    triaged: Object.fromEntries(TRIAGE_RESULTS.map((r) => [r, triaged[r].size])) as Record<
      TriageResult,
      number
    >,
    explored: sets.explored.size,
    outcomeRecorded: sets.outcomeRecorded.size,
    closed: sets.closed.size,
    records: {
      received: [...sets.received].map(idOf),
      explored: [...sets.explored].map(idOf),
    },
  };
}

const idOf = (key: string) => key.slice(key.indexOf('/') + 1);

export function isLifecycleStage(value: string): value is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(value);
}

export function isTriageResult(value: string): value is TriageResult {
  return (TRIAGE_RESULTS as readonly string[]).includes(value);
}
