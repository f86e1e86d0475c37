import type { Role } from '@pathways/core';
import type { Me } from '@pathways/ui-shell';

/**
 * What the tab offers each role. The service decides (it checks every call); these only spare
 * people controls that would be refused, and explain why a page is empty for them.
 */
const queueReaders: readonly Role[] = ['BusinessUnit', 'EngineRoom', 'DevelopmentManager'];
const recordWriters: readonly Role[] = ['BusinessUnit', 'EngineRoom'];
/** Who may open a consideration request's child details (the service audits each open). */
const childDetailReaders: readonly Role[] = ['BusinessUnit', 'EngineRoom'];
const reportReaders: readonly Role[] = [
  'BusinessUnit',
  'EngineRoom',
  'DevelopmentManager',
  'Executive',
];

const holds = (me: Me, roles: readonly Role[]) =>
  me.roles.some((r) => (roles as readonly string[]).includes(r));

export const canReadQueue = (me: Me) => holds(me, queueReaders);
export const canWriteRecords = (me: Me) => holds(me, recordWriters);
export const canReadReports = (me: Me) => holds(me, reportReaders);
export const canReadChildDetails = (me: Me) => holds(me, childDetailReaders);
/** Only the Business Unit triages, in the tab as on the channel card. */
export const canTriage = (me: Me) => holds(me, ['BusinessUnit']);

const recommendationReaders: readonly Role[] = [
  'DevelopmentManager',
  'EngineRoom',
  'BusinessUnit',
  'Executive',
];
export const canReadRecommendations = (me: Me) => holds(me, recommendationReaders);
