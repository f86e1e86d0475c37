export * from './gateway';
export { GraphRequestError } from './graph-errors';
export type { DirectoryUser, UsersAndGroups } from './users';
export type { RoleGroup } from './people-directory';
export {
  organisationDirectory,
  partnershipOrganisations,
  type OrganisationDirectory,
  type OrganisationPerson,
} from './organisation-directory';
export type { RetryEvent, RetryPolicy } from './retry';
export type { BatchItem, BatchResult } from './batch';
export type { ActivityFeed, ActivityNotification } from './activity';
export type { Calendar, CalendarEvent, NewEvent, ScheduleItem } from './calendar';
export {
  MailNotYetVisibleError,
  PATHWAYS_KEY_HEADER,
  type Checkpoint,
  type Mail,
  type MailProgress,
  type OutgoingMail,
  type SendOutcome,
} from './mail';
export type { NewPlannerTask, Planner, PlannerTask, TaskChanges, UpdateOutcome } from './planner';
export { titleWithMarker } from './planner';
export {
  enqueueGraphSideEffect,
  graphSideEffect,
  graphSideEffectHandler,
  GRAPH_SIDE_EFFECTS_QUEUE,
  type GraphSideEffect,
  type DomainSideEffect,
  type DomainSideEffectHandlers,
  type GraphSideEffectJob,
} from './side-effects';
