import { ENGLAND_TIME_ZONE } from '@pathways/core';
import type { FeatureDefinition } from '../platform/feature';
import { personExportApi } from './person-export-route';
import { applyRetention, RETENTION_CRON, RETENTION_QUEUE, type RetentionAction } from './retention';

/** Retention applied daily, and subject access requests answered. */
export const retentionFeature: FeatureDefinition = {
  name: 'retention',
  // A failed run needs no retries: tomorrow's run does the same work.
  queues: { [RETENTION_QUEUE]: { retryLimit: 0 } },
  create: (p) => ({
    api: [personExportApi({ db: p.db, partnershipId: p.partnership.id, verifier: p.verifier })],
    async startWorkers() {
      await p.jobs.work(RETENTION_QUEUE, async () => {
        const done = await applyRetention(p.db, p.partnership, new Date());
        // Counts only: what was removed is in the audit trail, by record id.
        if (done.length > 0) p.logger.info({ retention: countByRule(done) }, 'retention applied');
      });
      await p.jobs.schedule(RETENTION_QUEUE, RETENTION_CRON, { tz: ENGLAND_TIME_ZONE });
    },
  }),
};

function countByRule(done: RetentionAction[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const d of done)
    counts[`${d.rule}.${d.action}`] = (counts[`${d.rule}.${d.action}`] ?? 0) + 1;
  return counts;
}
