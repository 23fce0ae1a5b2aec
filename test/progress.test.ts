/**
 * Long commands say what they are doing on stderr (stdout keeps the result), a line per phase or step,
 * a bar redrawn in place on a terminal, and nothing with --json.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { counter } from "../cli/progress";

const ROOT = path.resolve(__dirname, "..");

function command(script: string, ...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--expose-gc", "-r", "./cli/register.js", script, ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

// Two corpus programs in a folder inside the project (they import @pulumi/* from its node_modules).
const dir = fs.mkdtempSync(path.join(ROOT, "test", ".corpus-progress-"));
const programs = fs.readdirSync(path.join(ROOT, "test", "corpus")).filter((f) => f.endsWith(".ts")).sort().slice(0, 2);
for (const f of programs) fs.copyFileSync(path.join(ROOT, "test", "corpus", f), path.join(dir, f));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const runs = {
  corpus: command("cli/corpus.ts", "--dir", dir),
  corpusJson: command("cli/corpus.ts", "--dir", dir, "--json"),
  check: command("cli/check.ts", "--stack", "prod"),
};

test("corpus: a line per program on stderr (not a terminal), the verdicts on stdout", async () => {
  const r = await runs.corpus;
  expect(r.code).toBe(0);
  expect(r.stderr.trim().split("\n")).toEqual(programs.map((f, i) => `corpus: checking ${i + 1}/2: ${f}`));
  expect(r.stdout).toContain("2 of 2 programs");
});

test("corpus --json: JSON only on stdout, no progress", async () => {
  const r = await runs.corpusJson;
  expect(r.code).toBe(0);
  expect(r.stderr).toBe("");
  expect(JSON.parse(r.stdout)).toMatchObject({ programs: 2, right: 2 });
});

test("check: says what it runs and how long it took, on stderr", async () => {
  const r = await runs.check;
  expect(r.stderr).toMatch(/^check: running stack prod under Pulumi's mocks .* \.\.\.\n.*: done in \d+\.\d s\n$/);
  expect(r.stdout).not.toContain("check: running");
});

test("on a terminal, steps redraw one bar in place", () => {
  const writes: string[] = [];
  const stderr = process.stderr as NodeJS.WriteStream & { isTTY?: boolean };
  const wasTTY = stderr.isTTY;
  const write = jest.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => (writes.push(String(chunk)), true));
  stderr.isTTY = true;
  try {
    const c = counter(false, 4, "bench:");
    c.step("one");
    c.step("two");
    c.done();
    const quiet = counter(true, 4, "bench:");
    quiet.step("silent");
    quiet.done();
  } finally {
    stderr.isTTY = wasTTY;
    write.mockRestore();
  }
  expect(writes[0]).toMatch(/^\rbench: \[#####\.{15}\] 1\/4 one/);
  expect(writes[1]).toMatch(/^\rbench: \[#{10}\.{10}\] 2\/4 two/);
  expect(writes.slice(2)).toEqual(["\n"]);
});
