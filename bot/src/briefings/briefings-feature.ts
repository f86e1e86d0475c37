import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { FeatureDefinition, Platform } from '../platform/feature';
import { recommendationsFor } from '../recommendations';
import { briefingQueues, briefingsModule } from './briefings-module';

/** Briefing notes over the platform (stateless: any number may be made). */
export const briefingsFor = (p: Platform) => {
  const logoPath = resolve(
    p.rootDir,
    'core/src/partnerships/assets',
    p.partnership.brand.logo.file,
  );
  return briefingsModule({
    db: p.db,
    jobs: p.jobs,
    partnership: p.partnership,
    logger: p.logger,
    mailbox: p.businessUnitMailbox,
    logo: async () => (existsSync(logoPath) ? readFile(logoPath) : undefined),
    reminderIntervalDays: p.config.BRIEFING_REMINDER_INTERVAL_DAYS,
    undoSeconds: p.config.BRIEFING_UNDO_SECONDS,
    users: p.graph.users,
    recommendations: recommendationsFor(p),
    // The Outlook add-in's task pane for the briefing (a Teams deep link in a tenant).
    link: (id) => `${p.config.publicUrl}/outlook/taskpane.html?briefing=${encodeURIComponent(id)}`,
  });
};

/** Briefing notes and the newsletter cascaded to agency leads, with reminders. */
export const briefingsFeature: FeatureDefinition = {
  name: 'briefings',
  queues: briefingQueues,
  create: (p) => {
    const briefings = briefingsFor(p);
    return {
      api: [briefings.api(p.verifier)],
      startWorkers: () => briefings.startWorkers(p.graph.users),
    };
  },
};
