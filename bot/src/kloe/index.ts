// The KLOE feature's contract: what the service and other features may use.
export { kloeApi } from './kloe-api';
export { askSubmitter, syncKloeCards } from './kloe-jobs';
export { refreshKloeQueueItem } from './kloe-queue';
export { ASK_SUBMITTER_QUEUE, kloeStore, loadKloe, POST_KLOE_QUEUE } from './kloe-store';
export { kloeFeature } from './kloe-feature';
