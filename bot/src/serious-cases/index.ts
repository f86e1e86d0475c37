// The consideration request and challenge feature's contract: what the service and other
// features may use.
export { caseRecommendationsApi } from './case-recommendations-api';
export { seriousCaseQueues, seriousCasesModule, seriousCasesRouters } from './serious-cases-module';
export { listSeriousCases } from './serious-case-rows';
export { seriousCaseStore } from './serious-case-store';
export { seriousCasesFeature } from './serious-cases-feature';
