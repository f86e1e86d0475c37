// The reports feature's contract: what the service and other features may use.
export { actionFigures } from './action-figures';
export { reportsRouters } from './reports-api';
export { reportsStore } from './reports-store';
export { reportsFeature } from './reports-feature';
