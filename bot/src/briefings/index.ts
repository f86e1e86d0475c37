// The briefing notes feature's contract: what the service and other features may use.
export { briefingQueues, briefingsModule } from './briefings-module';
export { briefingsFeature, briefingsFor } from './briefings-feature';
