// Jest's Node environment, with compromise (the identifying-details screen's tagger) loaded once
// per worker process instead of once per test file: unpacking its lexicon costs about half a
// second of CPU, and some sixty files start the service that loads it. The screen only reads
// compromise's model and tags sentences, so nothing one file does to it reaches the next.
const { TestEnvironment } = require('jest-environment-node');

let compromise;

module.exports = class NodeEnvironmentSharingCompromise extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    compromise ??= require('compromise/two');
    this.global.__pathwaysSharedCompromise = compromise;
  }
};
