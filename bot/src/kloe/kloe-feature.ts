import type { FeatureDefinition } from '../platform/feature';
import { kloeChat } from './kloe-handlers';
import { kloeApi } from './kloe-api';
import { askSubmitter, syncKloeCards } from './kloe-jobs';
import { ASK_SUBMITTER_QUEUE, kloeStore, POST_KLOE_QUEUE } from './kloe-store';

/** Key Lines of Enquiry: raised in chat (the base of the chat handlers) or over the API. */
export const kloeFeature: FeatureDefinition = {
  name: 'kloe',
  queues: {
    // Posts wait their turn behind Teams' limit (2 a second per channel) in the pacer, not
    // the queue: enough workers to keep a channel busy while each job's wait stays well
    // inside its expiry.
    [POST_KLOE_QUEUE]: { concurrency: 16, expireInSeconds: 120 },
    [ASK_SUBMITTER_QUEUE]: { concurrency: 8, expireInSeconds: 120 },
  },
  create: (p) => {
    const tabUrl = `${p.config.publicUrl}/tab/index.html`;
    return {
      // Chat itself (help, welcome, "Raise as KLOE") and the KLOE card verbs.
      ...kloeChat(p.db, p.partnership, kloeStore(p.db, p.jobs), p.graph.people, undefined, tabUrl),
      api: [
        kloeApi({
          db: p.db,
          jobs: p.jobs,
          partnership: p.partnership,
          verifier: p.verifier,
          directory: p.graph.people,
        }),
      ],
      async startWorkers(teams) {
        const deps = {
          db: p.db,
          teams,
          target: p.businessUnit,
          partnership: p.partnership,
          directory: p.graph.people,
          tabUrl,
        };
        await p.jobs.work(POST_KLOE_QUEUE, syncKloeCards(deps));
        await p.jobs.work(ASK_SUBMITTER_QUEUE, askSubmitter(deps));
      },
    };
  },
};
