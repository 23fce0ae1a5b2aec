/**
 * Suites that start other processes (the commands themselves, sh scripts with curl, the policy pack
 * server): `npm run test:processes`, kept out of `npm test` so that stays under two minutes.
 */
module.exports.PROCESS_SUITES = [
  "checkCommand", "commandLine", "progress", "planCommand", "noSilentPass", "policyPackServer", "renderCommand",
  "databaseInit", "shellWords", "secretsScript", "fetchScript", "kafkaTopics", "checkProgramRuns",
].map((name) => `<rootDir>/test/${name}.test.ts`);
