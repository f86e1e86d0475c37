// The Active Learning feature's contract: what the service and other features may use.
export { activeLearningModule, activeLearningQueues } from './active-learning-module';
export { activeLearningFeature } from './active-learning-feature';
