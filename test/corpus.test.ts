/**
 * The pack's verdicts on stacks other teams write by hand (raw @pulumi/aws / @pulumi/docker,
 * their own naming, no project helpers; both targets, all four builds). Every program under
 * test/corpus/ states its family and the exact set of mandatory policies it must get (`expect: pass`,
 * or `expect: reject <policy>, ...`), and is checked as `npm run check -- --program <file>` checks it:
 * under Pulumi's mocks as a new-stack preview and after an update, the pack over each, findings
 * united. The verdicts are checked by `npm run corpus` (the real command, one process per program;
 * `.ci/run` runs it), not here: running every program again in-process took a third of `npm test`.
 * This suite checks what the corpus must hold: its size and every family.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { corpusHeader } from "../cli/corpus";
import { ROOT } from "./support/mockRun";

const DIR = path.join(ROOT, "test", "corpus");

export interface CorpusEntry {
  file: string;
  family: string;
  expected: string[];
  /** The stack file it is checked with (--config-file), relative to the program. */
  config?: string;
}

export function corpus(): CorpusEntry[] {
  return fs.readdirSync(DIR).filter((f) => f.endsWith(".ts")).sort().map((file) => ({ file, ...corpusHeader(fs.readFileSync(path.join(DIR, file), "utf8"), file) }));
}

const entries = corpus();

test("the corpus is large enough and covers every family", () => {
  expect(entries.length).toBeGreaterThanOrEqual(70);
  const families = new Set(entries.map((e) => e.family));
  for (const f of ["seed host form", "instance identity", "env carried elsewhere", "nodes the model never sees", "build from the image", "jmx exposure", "cross-cluster seeds", "http management", "static primary interface", "cname to a static target", "addresses per network", "security group attachments", "docker network without a subnet"]) {
    expect(families).toContain(f);
  }
  // Round three: the families the pack misread or the checker passed silently.
  for (const f of ["split-brain resolver settings", "one cluster, one build", "shell words", "compose anchors and merge keys", "values filled in at boot", "no silent pass"]) {
    expect(families).toContain(f);
  }
  // What teams write beyond env lines: HOCON config files, several services per compose file, node types
  // the pack cannot read (named as advisories), several clusters in one stack.
  for (const f of ["nested HOCON", "multi-service compose", "nodes the pack cannot read", "two clusters in one stack", "bare stack-file keys"]) {
    expect(families).toContain(f);
  }
  // A program checked with a stack file (`config:` in its header) names one that exists.
  for (const e of entries.filter((e) => e.config)) expect(fs.existsSync(path.join(DIR, e.config!))).toBe(true);
  expect(entries.filter((e) => e.expected.length === 0).length).toBeGreaterThanOrEqual(10);
});
