export * from './gateway';
export { GraphRequestError } from './graph-errors';
export type { DirectoryUser, UsersAndGroups } from './users';
export type { RoleGroup } from './people-directory';
export type { RetryEvent, RetryPolicy } from './retry';
export type { BatchItem, BatchResult } from './batch';
