/** `npm run test:processes`: the suites that start other processes, and the plan command's model suites (jest.suites.js). */
const base = require("./jest.config");
const { PROCESS_SUITES } = require("./jest.suites");

module.exports = { ...base, testPathIgnorePatterns: ["/node_modules/"], testMatch: PROCESS_SUITES };
