import type { ActiveLearningTables } from './schema/active-learning-tables';
import type { BriefingTables } from './schema/briefing-tables';
import type { PlatformTables } from './schema/platform-tables';
import type { RecordTables } from './schema/record-tables';

/** Table types for Kysely; the migrations in ./migrations are the source of truth. */
export interface Tables
  extends PlatformTables, RecordTables, BriefingTables, ActiveLearningTables {}
