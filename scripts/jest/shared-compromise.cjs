// `compromise/two` in tests: the copy node-environment.cjs loaded for this worker, or (in a file
// on another environment, such as jsdom) the package itself, by the path jest.config.js resolved.
module.exports = globalThis.__pathwaysSharedCompromise ?? require(globalThis.__compromiseTwoPath);
