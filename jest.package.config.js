/** `npm run test:package`: the npm tarball installed into a fresh consumer project (needs the npm registry or its cache), and the component package schema from Pulumi's analyzer. */
const base = require("./jest.config");

module.exports = { ...base, roots: ["<rootDir>/test/package"], testPathIgnorePatterns: ["/node_modules/", "/consumer/"], maxWorkers: 1, testTimeout: 300000 };
