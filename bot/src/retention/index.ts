// Retention and subject access: what the service may use.
export { applyRetention, RETENTION_CRON, RETENTION_QUEUE, type RetentionAction } from './retention';
export { personExportApi } from './person-export-route';
export { retentionFeature } from './retention-feature';
