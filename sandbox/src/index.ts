// @pathways/sandbox: a local stand-in for the Microsoft 365 services Pathways calls.
export { startSandbox } from './server';
export type { SandboxOptions, SandboxServer } from './server';
export { SANDBOX_PERSONAS, SANDBOX_TENANT_ID } from './tenant/personas';
export type { PathwaysRole, Persona } from './tenant/personas';
export {
  SANDBOX_CHANNELS,
  SANDBOX_PARTNERSHIP_TEAMS,
  SANDBOX_TEAM_ID,
  sandboxMembersGroupOf,
  sandboxTeamOf,
} from './tenant/topology';
export { sandboxPlacesOf, type SandboxPartnershipPlaces } from './tenant/places';
export { SANDBOX_AGENCY_LEAD_GROUPS, SANDBOX_ROLE_GROUPS } from './tenant/groups';
export { agencyLeadGroupsOfAll } from './tenant/agencies';
export type { AgencyLeadGroup } from './tenant/agencies';
export { BUSINESS_UNIT_MAILBOX } from './tenant/directory';
export { SANDBOX_PLANNER } from './tenant/plannerSeed';
export { parseSandboxFaults } from './graph/faults';
export type { FaultKind, SandboxFaults } from './graph/faults';
export type { SandboxChannel, SandboxTeam } from './tenant/topology';
export { PERSONA_GRANT } from './auth/entraRoutes';
export type { SandboxStateView } from './view/stateView';
export { SandboxGraphMiddleware } from './graph/sdkMiddleware';
export { createSandboxCertificate } from './tls/selfSignedCertificate';
export type { LimitBreach } from './graph/graphLimits';
export { parsePlaygroundTargets } from './connector/playgroundMirror';
export type { PlaygroundTarget } from './connector/playgroundMirror';
