import { engineRoomRecords } from '../engine-room';
import type { FeatureDefinition } from '../platform/feature';
import { activeLearningModule, activeLearningQueues } from './active-learning-module';

/** Active Learning Sets: planned from a record, nominations, the meeting and attendance. */
export const activeLearningFeature: FeatureDefinition = {
  name: 'active-learning',
  queues: activeLearningQueues,
  create: (p) => {
    const records = engineRoomRecords(p);
    const module = activeLearningModule({
      db: p.db,
      jobs: p.jobs,
      partnership: p.partnership,
      people: p.graph.people,
      users: p.graph.users,
      calendar: p.graph.calendar,
      recordDetail: (type, id) => records.detail(type, id),
      settings: {
        mailbox: p.businessUnitMailbox,
        chaseHours: p.config.ACTIVE_LEARNING_CHASE_HOURS,
        tabUrl: `${p.config.publicUrl}/tab/index.html#/active-learning`,
        nominationLink: (id) =>
          `${p.config.publicUrl}/outlook/taskpane.html?nomination=${encodeURIComponent(id)}`,
      },
    });
    return {
      ...module.chat,
      api: [module.api(p.verifier)],
      startWorkers: (teams) => module.startWorkers(teams, p.businessUnit),
    };
  },
};
