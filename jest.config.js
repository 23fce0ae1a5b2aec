const { PROCESS_SUITES } = require("./jest.suites");

/** Transpile-only ts-jest (isolatedModules in tsconfig): `npm run typecheck` type-checks separately. */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/test"],
  testMatch: ["**/*.test.ts"],
  // Suites that need programs from outside npm have their own scripts (`npm run test:tools`, ...).
  testPathIgnorePatterns: [
    "/node_modules/", "<rootDir>/test/tools/", "<rootDir>/test/docker/", "<rootDir>/test/package/", "<rootDir>/test/supervisor/",
    // Suites that start other processes: `npm run test:processes`.
    ...PROCESS_SUITES.map((p) => p.replace(/\./g, "\\.") + "$"),
  ],
  transform: { "^.+\\.ts$": ["ts-jest", { tsconfig: "tsconfig.json" }] },
  testTimeout: 60000,
  // Both cores (jest's default leaves one idle): the suite is mostly Pulumi mock runs and child processes.
  maxWorkers: "100%",
};
