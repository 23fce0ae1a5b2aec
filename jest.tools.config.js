/** `npm run test:tools`: generated files checked by the programs that consume them (Debian packages, see .ci/run). */
const base = require("./jest.config");

module.exports = { ...base, roots: ["<rootDir>/test/tools"], testPathIgnorePatterns: ["/node_modules/"], maxWorkers: 1 };
