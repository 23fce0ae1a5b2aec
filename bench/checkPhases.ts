/**
 * `node --expose-gc -r ./cli/register.js bench/checkPhases.ts <check arguments>`: one `npm run check`,
 * run in this process through the command's own entry (cli/check.ts), its report discarded; prints
 * where the time went as JSON: starting Node and loading the checker and the Pulumi packages, the
 * preview run, the update run, the policies over both, and the rest (reading the stack, the report).
 */
const startedAt = process.uptime();
import { check } from "../cli/check";

(async () => {
  const t0 = process.uptime();
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = (() => true) as typeof process.stdout.write;
  const { code, result } = await check(process.argv.slice(2));
  process.stdout.write = write;
  const total = process.uptime();
  const t = result?.timings;
  const phases = t && { startAndLoad: t0 * 1000, previewRun: t.previewRun, updateRun: t.updateRun, policies: t.policies, rest: total * 1000 - t0 * 1000 - t.previewRun - t.updateRun - t.policies };
  write(JSON.stringify({ code, startedAt: startedAt * 1000, totalMs: total * 1000, phases }) + "\n");
})();
