/**
 * Issue 9: the pack's verdicts on stacks other teams write by hand (raw @pulumi/aws / @pulumi/docker,
 * their own naming, no project helpers; both targets, all four builds). Every program under
 * test/corpus/ states its family and the exact set of mandatory policies it must get (`expect: pass`,
 * or `expect: reject <policy>, ...`), and is checked as `npm run check -- --program <file>` checks it:
 * under Pulumi's mocks as a new-stack preview and after an update, the pack over each, findings
 * united. `npm run corpus` runs the same through the real command, one process per program.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { corpusHeader } from "../cli/corpus";
import { evaluatePolicies } from "../cli/offline/evaluatePolicies";
import { ROOT } from "./support/mockRun";

const DIR = path.join(ROOT, "test", "corpus");

export interface CorpusEntry {
  file: string;
  family: string;
  expected: string[];
}

export function corpus(): CorpusEntry[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith(".ts")).sort().map((file) => ({ file, ...corpusHeader(fs.readFileSync(path.join(DIR, file), "utf8"), file) }));
}

async function check(file: string): Promise<string[]> {
  const found = new Set<string>();
  for (const preview of [true, false]) {
    await jest.isolateModulesAsync(async () => {
      const { runProgram } = require("../cli/offline/runProgram") as typeof import("../cli/offline/runProgram");
      const run = await runProgram({ project: "team", stack: "dev", preview, config: {}, load: () => require(path.join(DIR, file)) });
      for (const v of evaluatePolicies(run.resources)) if (v.enforcementLevel === "mandatory") found.add(v.policy);
    });
  }
  return [...found].sort();
}

const entries = corpus();

test("the corpus is large enough and covers every family of issue 9", () => {
  expect(entries.length).toBeGreaterThanOrEqual(30);
  const families = new Set(entries.map((e) => e.family));
  for (const f of ["seed host form", "instance identity", "env carried elsewhere", "nodes the model never sees", "build from the image", "jmx exposure", "cross-cluster seeds", "http management", "static primary interface", "cname to a static target", "addresses per network", "security group attachments", "docker network without a subnet"]) {
    expect(families).toContain(f);
  }
  expect(entries.filter((e) => e.expected.length === 0).length).toBeGreaterThanOrEqual(10);
});

describe.each(entries)("$file ($family)", ({ file, expected }) => {
  test(expected.length ? `rejected by exactly ${expected.join(", ")}` : "passes", async () => {
    expect(await check(file)).toEqual(expected);
  });
});
