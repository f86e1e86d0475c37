import { londonDate } from '@pathways/core';
import { briefingDrafts } from './briefing-drafts';
import { briefingLeadActions } from './briefing-lead-actions';
import { briefingLeadViews } from './briefing-lead-views';
import { briefingProgressViews } from './briefing-progress-views';
import { briefingSending } from './briefing-sending';
import { briefingStoreContext, type BriefingStoreDeps } from './briefing-store-context';

export type { Actor } from './briefing-store-context';
export {
  PREPARE_CASCADE_QUEUE,
  type CancelResult,
  type NewsletterSendResult,
} from './briefing-sending';

/**
 * Briefings' storage for one partnership, one part per responsibility: drafts, sending (with
 * its undo window), the Business Unit's progress views, and the leads' views and actions.
 * The rules are core's (briefing-progress.ts, lead-actions.ts); each part keeps only the SQL.
 */
export function briefingStore(deps: BriefingStoreDeps) {
  const ctx = briefingStoreContext(deps);
  const progress = briefingProgressViews(ctx);
  const drafts = briefingDrafts(ctx, progress);
  const lead = briefingLeadViews(ctx);
  return {
    create: drafts.create,
    ...briefingSending(ctx, progress, drafts),
    list: progress.list,
    recipients: progress.recipients,
    status: progress.status,
    leadList: lead.leadList,
    leadBriefing: lead.leadBriefing,
    recommendationCount: lead.recommendationCount,
    ...briefingLeadActions(ctx, lead),
    today: (now: Date) => londonDate(now),
  };
}

export type BriefingStore = ReturnType<typeof briefingStore>;
