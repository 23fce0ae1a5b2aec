/**
 * Suites that start other processes (the commands themselves, sh scripts with curl, the policy pack
 * server), and the `plan` command's model suites beside its process test (changes between two runs,
 * the replacement table): `npm run test:processes`, kept out of `npm test` so that stays under two
 * minutes.
 */
module.exports.PROCESS_SUITES = [
  "checkCommand", "commandLine", "progress", "planCommand", "noSilentPass", "policyPackServer", "renderCommand",
  "databaseInit", "shellWords", "secretsScript", "fetchScript", "kafkaTopics", "checkProgramRuns", "changes", "planReplaceRules",
].map((name) => `<rootDir>/test/${name}.test.ts`);
