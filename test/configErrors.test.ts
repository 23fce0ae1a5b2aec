/**
 * Error messages a user acts on: a YAML syntax error says where (file:line:column, the line, a caret),
 * an empty secret is said to be empty (never "[secret]"), and on this project's own stacks a policy
 * finding names the stack config key to change.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { describeValue, formatIssues } from "../components/config/errors";
import { readStackFile, StackFileError } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import { evaluatePolicies } from "../cli/offline/evaluatePolicies";
import { STACK_CONFIG_KEYS } from "../policies/stackConfigHints";
import { POLICIES } from "../policies/pack";
import { runUnderMocks, stackConfig } from "./support/mockRun";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ow-errors-"));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

function yamlError(name: string, text: string): string {
  const file = path.join(tmp, `Pulumi.${name}.yaml`);
  fs.writeFileSync(file, text);
  try {
    readStackFile(file);
  } catch (e) {
    expect(e).toBeInstanceOf(StackFileError);
    return (e as Error).message;
  }
  throw new Error("no error");
}

describe("a YAML syntax error shows the line and column", () => {
  test("an indentation error: file:line:column, the line, a caret under the column", () => {
    const message = yamlError("indent", "config:\n  openwhisk:target: docker\n   openwhisk:release: {flavor: pekko}\n");
    const [head, source, caret] = message.split("\n");
    const m = /^(.+):(\d+):(\d+): not valid YAML \(line \2, column \3\): (.+)$/.exec(head)!;
    expect(m).not.toBeNull();
    expect(m[1]).toBe(path.join(tmp, "Pulumi.indent.yaml"));
    expect(Number(m[2])).toBe(2);
    expect(source).toBe("  " + "  openwhisk:target: docker");
    expect(caret.indexOf("^")).toBe(2 + Number(m[3]) - 1);
  });

  test("an alias without its anchor (the YAML library throws it without a position)", () => {
    const message = yamlError("alias", "config:\n  openwhisk:target: docker\n  openwhisk:release: *release\n");
    expect(message.split("\n")[0]).toBe(`${path.join(tmp, "Pulumi.alias.yaml")}:3:22: not valid YAML (line 3, column 22): the alias *release names no anchor (&release) defined before it`);
  });

  test("an unterminated quote", () => {
    expect(yamlError("quote", 'config:\n  openwhisk:target: "docker\n')).toMatch(/:3:1: not valid YAML \(line 3, column 1\): Missing closing "quote/);
  });

  test("through a command: exit 2, no stack trace", () => {
    const file = path.join(tmp, "Pulumi.cmd.yaml");
    fs.writeFileSync(file, "config:\n  openwhisk:target: [docker\n  x: 1\n");
    let stderr = "";
    let status = 0;
    try {
      execFileSync(process.execPath, ["-r", "./cli/register.js", "cli/render.ts", "--config-file", file], { cwd: path.resolve(__dirname, ".."), stdio: "pipe" });
    } catch (e) {
      stderr = String((e as { stderr: Buffer }).stderr);
      status = (e as { status: number }).status;
    }
    expect(status).toBe(2);
    expect(stderr).toMatch(new RegExp(`^render: ${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:3:3: not valid YAML`));
    expect(stderr).not.toMatch(/\n\s+at /);
  });
});

describe("secrets in config errors", () => {
  const withSecret = (key: string, value: unknown) => ({ ...stackConfig("local"), [`openwhisk:${key}`]: value });
  const issueFor = (key: string, value: unknown) => {
    const result = validateStackConfig(withSecret(key, value));
    expect(result.ok).toBe(false);
    return formatIssues(result.ok ? [] : result.issues);
  };

  test("an empty secret is reported as empty", () => {
    expect(issueFor("couchdbPassword", "")).toContain('openwhisk:couchdbPassword: got an empty value ("")');
    expect(issueFor("jmxPassword", "   ")).toContain("openwhisk:jmxPassword: got only whitespace (3 characters)");
  });

  test("a wrong non-empty secret is still never shown, in text or JSON", () => {
    const result = validateStackConfig(withSecret("jmxPassword", "short"));
    const text = formatIssues(result.ok ? [] : result.issues);
    expect(text).toContain("openwhisk:jmxPassword: got a secret value (not shown)");
    expect(text).not.toContain("short");
    expect(JSON.stringify(result)).not.toContain("short");
    expect(describeValue("[secret]")).toBe('"[secret]"');
  });
});

describe("policy hints on this project's stacks name the stack config key", () => {
  test("every policy has its keys", () => {
    expect(Object.keys(STACK_CONFIG_KEYS).sort()).toEqual(POLICIES.map((p) => p.name).sort());
  });

  test("the local stack's odd-controller-count advisory says to change openwhisk:controllers.count", async () => {
    const run = await runUnderMocks(stackConfig("local"), { stack: "local", preview: false });
    const odd = evaluatePolicies(run.resources).filter((v) => v.policy === "odd-controller-count");
    expect(odd).toHaveLength(1);
    expect(odd[0].message).toMatch(/In this project's stack config: change openwhisk:controllers\.count \(Pulumi\.local\.yaml\)\.$/);
  });

  test("another team's program gets the policy's own message only", async () => {
    const run = await runUnderMocks({}, { stack: "dev", preview: false, program: path.resolve(__dirname, "fixtures/handwrittenProgram.ts") });
    const violations = evaluatePolicies(run.resources);
    expect(violations.length).toBeGreaterThan(0);
    expect(violations.filter((v) => v.message.includes("In this project's stack config"))).toEqual([]);
  });
});
