/** `npm run test:docker`: tests against a real Docker engine (docs/testing.md#a-docker-engine-for-the-tests; .ci/run starts one). */
const base = require("./jest.config");

module.exports = { ...base, roots: ["<rootDir>/test/docker"], testPathIgnorePatterns: ["/node_modules/"], maxWorkers: 1, testTimeout: 300000 };
