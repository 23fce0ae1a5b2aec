/**
 * The two runs of the offline check stay independent while the checker reuses what it may, checked in
 * a plain Node.js process (jest's module registry is not Node's):
 * - a program's modules are taken out of every module that stays loaded (Node.js lists a required
 *   module in its requirer's `children`, and a library module names the program's module as its
 *   `parent`), so one run's exports, and every resource and output they reach, are not kept alive
 *   during the next run or after the check;
 * - the component library stays loaded, and the program still registers every resource in both runs.
 */
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");
const PROGRAM = path.join(ROOT, "test/fixtures/reuseProgram.ts");

const SCRIPT = `
const { checkProgram } = require("./cli/offline/checkProgram");
const program = ${JSON.stringify(PROGRAM)};
checkProgram({ project: "team", stack: "team", config: {}, program }).then((result) => {
  const modules = Object.values(require.cache);
  process.stdout.write(JSON.stringify({
    preview: result.preview.resources.map((r) => r.urn),
    update: result.update.resources.map((r) => r.urn),
    programLoaded: require.cache[program] !== undefined,
    libraryLoaded: require.cache[${JSON.stringify(path.join(ROOT, "components/index.ts"))}] !== undefined,
    childOf: modules.filter((m) => m.children.some((c) => c.id === program)).map((m) => m.id),
    parentOf: modules.filter((m) => m.parent && m.parent.id === program).map((m) => m.id),
  }));
});
`;

test("after a check no module that stays loaded refers to the program's modules; both runs registered the same resources", () => {
  const out = JSON.parse(execFileSync(process.execPath, ["-r", "./cli/register.js", "-e", SCRIPT], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
  expect(out.preview.length).toBeGreaterThan(10);
  expect(out.update).toEqual(out.preview);
  expect(out.programLoaded).toBe(false);
  expect(out.libraryLoaded).toBe(true);
  expect(out.childOf).toEqual([]);
  expect(out.parentOf).toEqual([]);
}, 120_000);
