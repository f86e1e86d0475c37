// The partnership's Planner plan, seeded once into a new sandbox: buckets for the life of
// a recommendation (DOMAIN: the Development Manager monitors each to completion, then the
// Engine Room tests its impact) and two example tasks. Fixed ids so tests and
// configuration can name them.
import type { Planner } from '../graph/plannerRouter';
import { SANDBOX_PERSONAS } from './personas';
import { loadPartnership, partnershipIds } from '@pathways/core';
import { SANDBOX_TEAM_ID, sandboxTeamOf } from './topology';

export const SANDBOX_PLANNER = {
  planId: 'hsscpPartnershipPlan00000001',
  buckets: {
    recommendations: 'hsscpBucketRecommendations01',
    actions: 'hsscpBucketActions0000000001',
    impactTesting: 'hsscpBucketImpactTesting0001',
    done: 'hsscpBucketDone0000000000001',
  },
} as const;

/** Each configured partnership's plan: HSSCP's is SANDBOX_PLANNER's; another's is named from its id. */
export function sandboxPlanOf(partnershipId: string): string {
  if (partnershipId === 'hsscp') return SANDBOX_PLANNER.planId;
  return `${partnershipId.replace(/[^a-z0-9]/g, '')}PartnershipPlan`.padEnd(28, '0').slice(0, 28);
}

/** Seeds every configured partnership's plan that is not there yet; true when HSSCP's was. */
export function seedPlanner(planner: Planner): boolean {
  const seeded = seedHsscpPlan(planner);
  for (const id of partnershipIds()) {
    const planId = sandboxPlanOf(id);
    if (id === 'hsscp' || planner.plan(planId)) continue;
    planner.createPlan({
      id: planId,
      title: `${loadPartnership(id).shortName} Partnership`,
      groupId: sandboxTeamOf(id).groupId,
    });
    for (const name of ['Recommendations', 'Actions in progress', 'Impact testing', 'Done'])
      planner.createBucket({ planId, name });
  }
  return seeded;
}

function seedHsscpPlan(planner: Planner): boolean {
  if (planner.plan(SANDBOX_PLANNER.planId)) return false;
  planner.createPlan({
    id: SANDBOX_PLANNER.planId,
    title: 'HSSCP Partnership',
    groupId: SANDBOX_TEAM_ID,
  });
  const { buckets, planId } = SANDBOX_PLANNER;
  planner.createBucket({ planId, name: 'Recommendations' }, buckets.recommendations);
  planner.createBucket({ planId, name: 'Actions in progress' }, buckets.actions);
  planner.createBucket({ planId, name: 'Impact testing' }, buckets.impactTesting);
  planner.createBucket({ planId, name: 'Done' }, buckets.done);
  const manager = SANDBOX_PERSONAS.find((p) => p.roles.includes('DevelopmentManager'));
  const engineRoom = SANDBOX_PERSONAS.find((p) => p.roles[0] === 'EngineRoom');
  const assign = (id: string | undefined) =>
    id
      ? {
          assignments: {
            [id]: { '@odata.type': '#microsoft.graph.plannerAssignment', orderHint: ' !' },
          },
        }
      : {};
  planner.createTask(
    {
      planId,
      bucketId: buckets.actions,
      title: 'Example: share the briefing note from the last Active Learning Set',
      ...assign(manager?.id),
    },
    undefined,
  );
  planner.createTask(
    {
      planId,
      bucketId: buckets.impactTesting,
      title: 'Example: test the impact of the revised escalation guidance',
      ...assign(engineRoom?.id),
    },
    undefined,
  );
  return true;
}
