import type { FeatureDefinition } from '../platform/feature';
import { recommendationsFor } from '../recommendations';
import { caseRecommendationsApi } from './case-recommendations-api';
import { seriousCaseQueues, seriousCasesModule } from './serious-cases-module';

/** Consideration requests (Child Safeguarding Practice Reviews) and professional challenges. */
export const seriousCasesFeature: FeatureDefinition = {
  name: 'serious-cases',
  queues: seriousCaseQueues,
  create: (p) => {
    const module = seriousCasesModule({
      db: p.db,
      jobs: p.jobs,
      partnership: p.partnership,
      logger: p.logger,
      directory: p.graph.people,
      tabUrl: `${p.config.publicUrl}/tab/index.html`,
    });
    return {
      cardVerbs: module.cardVerbs,
      api: [
        ...module.api(p.verifier),
        caseRecommendationsApi({
          db: p.db,
          verifier: p.verifier,
          partnership: p.partnership,
          recommendations: recommendationsFor(p),
          now: () => new Date(),
        }),
      ],
      startWorkers: (teams) => module.startWorkers(teams, p.businessUnit),
    };
  },
};
