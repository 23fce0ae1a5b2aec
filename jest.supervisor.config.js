/** `npm run test:supervisor`: the downing supervisor's model check, its JMX client against stand-in JVMs, fencing. */
const base = require("./jest.config");

module.exports = { ...base, roots: ["<rootDir>/test/supervisor"], testPathIgnorePatterns: ["/node_modules/"], maxWorkers: 1, testTimeout: 300000 };
