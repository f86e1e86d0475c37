import { ENGLAND_TIME_ZONE } from '@pathways/core';
import type { FeatureDefinition, Platform } from '../platform/feature';
import { partnershipOrganisations } from '../platform/graph';
import { authenticate } from '../platform/http/access';
import { plannerSync, POLL_PLANNER_QUEUE } from './planner-sync';
import { recommendations } from './recommendations';
import { recommendationRoutes } from './routes';

/** Recommendations from every source, as the platform's stores see them (stateless). */
export const recommendationsFor = (p: Platform) =>
  recommendations({
    db: p.db,
    partnership: p.partnership,
    jobs: p.jobs,
    planId: p.planId,
    impactTestAfterDays: p.config.IMPACT_TEST_AFTER_DAYS,
  });

/** The Planner sync, when a plan is configured. */
export const plannerSyncFor = (p: Platform) =>
  p.planId
    ? plannerSync({
        db: p.db,
        planner: p.graph.planner,
        directory: p.graph.people,
        organisations: partnershipOrganisations(p.graph.users, p.graph.people, p.partnership),
        jobs: p.jobs,
        recommendations: recommendationsFor(p),
        partnershipId: p.partnership.id,
        planId: p.planId,
        publicUrl: p.config.publicUrl,
      })
    : undefined;

/** Recommendations tracked to impact testing, mirrored to Planner. */
export const recommendationsFeature: FeatureDefinition = {
  name: 'recommendations',
  // A failed poll needs no retries: the next scheduled one does the same work.
  queues: { [POLL_PLANNER_QUEUE]: { retryLimit: 0 } },
  create: (p) => {
    if (!p.planId)
      p.logger.warn('PLANNER_PLAN_ID is not set: recommendations are tracked in Pathways only');
    const planner = plannerSyncFor(p);
    return {
      api: [
        recommendationRoutes({
          recommendations: recommendationsFor(p),
          partnership: p.partnership,
          signedIn: authenticate(p.verifier),
        }),
      ],
      async startWorkers() {
        if (!planner) return;
        await p.jobs.work(POLL_PLANNER_QUEUE, async () => {
          const polled = await planner.poll();
          if (polled.changed > 0) p.logger.info(polled, 'changes taken in from Planner');
        });
        await p.jobs.schedule(POLL_PLANNER_QUEUE, `*/${p.config.PLANNER_SYNC_MINUTES} * * * *`, {
          tz: ENGLAND_TIME_ZONE,
        });
      },
    };
  },
};
