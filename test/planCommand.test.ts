/**
 * `npm run plan`: the change plan of a config change, through the real command in its own process.
 * The expectations follow what the providers do (cli/changes/replaceRules.ts): an aws instance with
 * user_data_replace_on_change is replaced when its user data changes; a network interface's private
 * IPs change in place; the roll-out order is the controllers' dependency chain through their gates.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { resourceChanges } from "../cli/changes/resourceChanges";
import type { RegisteredResource } from "../cli/offline/runProgram";

const ROOT = path.resolve(__dirname, "..");

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function plan(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ["--expose-gc", "-r", path.join(ROOT, "cli/register.js"), path.join(ROOT, "cli/plan.ts"), ...args], { cwd: ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

const prodText = fs.readFileSync(path.join(ROOT, "stacks/Pulumi.prod.yaml"), "utf8");
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "ow-plan-"));
function variant(dir: string, text: string): string {
  fs.mkdirSync(path.join(tmp, dir), { recursive: true });
  const file = path.join(tmp, dir, "Pulumi.prod.yaml");
  fs.writeFileSync(file, text);
  return file;
}
function replaced(text: string, from: string, to: string): string {
  if (!text.includes(from)) throw new Error(`fixture: ${JSON.stringify(from)} not in the prod stack`);
  return text.replace(from, to);
}
const old = variant("old", prodText);
const fiveControllers = variant("five", replaced(replaced(prodText, "    count: 3\n    seeds: 3", "    count: 5\n    seeds: 3"), "      - 10.50.3.10\n", "      - 10.50.3.10\n      - 10.50.11.11\n      - 10.50.12.11\n"));

const runs = {
  heap: plan("--config-file", variant("heap", replaced(prodText, "heap: 4g", "heap: 6g")), "--against", old, "--json"),
  seedIp: plan("--config-file", variant("seed", replaced(prodText, "      - 10.50.1.10\n", "      - 10.50.1.11\n")), "--against", old, "--json"),
  shrink: plan("--config-file", old, "--against", fiveControllers, "--json"),
  same: plan("--stack", "prod", "--against", "HEAD"),
  badRef: plan("--stack", "prod", "--against", "no-such-ref-xyz"),
  noAgainst: plan("--stack", "prod"),
};

afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const json = (r: Run) => JSON.parse(r.stdout);
const find = (p: ReturnType<typeof json>, name: string) => p.resources.find((r: { name: string }) => r.name === name);

describe("npm run plan", () => {
  test("a controller heap change replaces the three controller hosts one by one, each behind its ready gate, and flags nothing", async () => {
    const r = await runs.heap;
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const p = json(r);
    expect(p.summary).toMatchObject({ create: 0, delete: 0, replace: 3 });
    for (const c of ["controller0", "controller1", "controller2"]) {
      // user data changes and the hosts set userDataReplaceOnChange: replace, not a stop/start.
      expect(find(p, `openwhisk-controllers-${c}`)).toMatchObject({ action: "replace", replaceBecause: ["userDataBase64"] });
    }
    expect(p.rollout.map((s: { controller: string; action: string; gate: { kind: string; name: string } }) => [s.controller, s.action, s.gate.kind, s.gate.name])).toEqual([
      ["controller0", "replace", "ready-report", "openwhisk-controllers-controller0-ready"],
      ["controller1", "replace", "ready-report", "openwhisk-controllers-controller1-ready"],
      ["controller2", "replace", "ready-report", "openwhisk-controllers-controller2-ready"],
    ]);
    expect(p.flags).toEqual([]);
  });

  test("moving a seed to another IP flags the seed's address and the core host (its user data names the controllers), exit 1", async () => {
    const r = await runs.seedIp;
    expect(r.code).toBe(1);
    const p = json(r);
    expect(p.flags.map((f: { kind: string }) => f.kind).sort()).toEqual(["core-host", "seed-address"]);
    expect(p.flags.find((f: { kind: string }) => f.kind === "seed-address").message).toContain("10.50.1.10");
    // The interface keeps its identity and changes its private IP in place; the instance on it is replaced.
    expect(find(p, "openwhisk-addresses-controller0-eni")).toMatchObject({ action: "update", changed: ["privateIps"] });
    expect(find(p, "openwhisk-controllers-controller0").action).toBe("replace");
    expect(find(p, "openwhisk-controllers-controller1")).toBeUndefined();
  });

  test("going from five controllers to three deletes two at once (deletes are not gated): flagged", async () => {
    const r = await runs.shrink;
    expect(r.code).toBe(1);
    const p = json(r);
    expect(p.rollout.filter((s: { action: string }) => s.action === "delete").map((s: { controller: string }) => s.controller)).toEqual(["controller3", "controller4"]);
    expect(p.flags.some((f: { kind: string; message: string }) => f.kind === "controllers-at-once" && /2 controllers are deleted/.test(f.message))).toBe(true);
  });

  test("against a git ref: the stack file at HEAD; Markdown for a PR comment by default", async () => {
    const r = await runs.same;
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^## Change plan for stack `prod` \(against `HEAD`\)/);
    expect(r.stdout).toContain("### Controllers' roll-out");
    // Progress goes to stderr, never into the comment.
    expect(r.stderr).toMatch(/^plan: running the program/m);
  });

  test("a ref that is neither a file nor a commit, and a missing --against, exit 2 naming the flag", async () => {
    const bad = await runs.badRef;
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^plan: --against no-such-ref-xyz: not a file, and git has no stacks\/Pulumi.prod.yaml at that ref/);
    const none = await runs.noAgainst;
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("--against");
  });
});

describe("how replacements are derived", () => {
  const res = (name: string, type: string, inputs: Record<string, unknown>, propertyDependencies: Record<string, string[]> = {}): RegisteredResource => ({
    urn: `urn:pulumi:s::p::${type}::${name}`, type, name, custom: true, inputs, outputs: inputs, protect: false, deleteBeforeReplace: false, retainOnDelete: false, ignoreChanges: [],
    dependencies: Object.values(propertyDependencies).flat(), propertyDependencies,
  });
  const SUBNET = "aws:ec2/subnet:Subnet";
  const ENI = "aws:ec2/networkInterface:NetworkInterface";

  test("a property the provider marks create-only replaces; another updates; the replacement reaches what takes its output", () => {
    const before = [res("a", SUBNET, { cidrBlock: "10.0.1.0/24", tags: { x: "1" } }), res("e", ENI, { subnetId: "id", privateIps: ["10.0.1.5"] }, { subnetId: ["urn:pulumi:s::p::aws:ec2/subnet:Subnet::a"] })];
    const after = [res("a", SUBNET, { cidrBlock: "10.0.2.0/24", tags: { x: "1" } }), before[1]];
    const changes = resourceChanges(before, after);
    expect(changes.find((c) => c.name === "a")).toMatchObject({ action: "replace", replaceBecause: ["cidrBlock"] });
    expect(changes.find((c) => c.name === "e")).toMatchObject({ action: "replace", replaceBecause: ["subnetId"], causedBy: ["urn:pulumi:s::p::aws:ec2/subnet:Subnet::a"] });
    const tagsOnly = resourceChanges(before, [res("a", SUBNET, { cidrBlock: "10.0.1.0/24", tags: { x: "2" } }), before[1]]);
    expect(tagsOnly.map((c) => c.action)).toEqual(["update", "same"]);
  });

  test("a type not in the table is an update marked replaceUnknown, never silently a plain update", () => {
    const changes = resourceChanges([res("q", "aws:sqs/queue:Queue", { name: "a" })], [res("q", "aws:sqs/queue:Queue", { name: "b" })]);
    expect(changes[0]).toMatchObject({ action: "update", replaceUnknown: true });
  });

  test("create and delete by URN", () => {
    const changes = resourceChanges([res("gone", SUBNET, {})], [res("new", SUBNET, {})]);
    expect(changes.map((c) => `${c.name} ${c.action}`).sort()).toEqual(["gone delete", "new create"]);
  });
});

describe("flags from the changes", () => {
  const { planFlags } = require("../cli/changes/rollout") as typeof import("../cli/changes/rollout");
  const { validateStackConfig } = require("../components/config/validate") as typeof import("../components/config/validate");
  const { stackConfig } = require("./support/mockRun") as typeof import("./support/mockRun");
  const prod = (() => {
    const r = validateStackConfig(stackConfig("prod"));
    if (!r.ok) throw new Error("prod invalid");
    return r.config;
  })();
  const change = (name: string, type: string, parentType: string, action: "replace" | "update" | "same" | "delete") => ({
    urn: `urn:pulumi:prod::openwhisk::openwhisk:index:OpenWhiskCluster$${parentType}$${type}::${name}`,
    type, name, parent: `urn:pulumi:prod::openwhisk::openwhisk:index:OpenWhiskCluster$${parentType}::${name.split("-").slice(0, 2).join("-")}`,
    action, changed: [], replaceBecause: [], causedBy: [], protect: false, deleteBeforeReplace: false, dependencies: [],
  });

  test("two controllers' interfaces replaced at once (not gated) and the seeds' address resources: flagged", () => {
    const eni = "aws:ec2/networkInterface:NetworkInterface";
    const flags = planFlags([
      change("openwhisk-addresses-controller1-eni", eni, "openwhisk:aws:StaticAddresses", "replace"),
      change("openwhisk-addresses-controller2-eni", eni, "openwhisk:aws:StaticAddresses", "replace"),
    ], prod, prod);
    expect(flags.filter((f) => f.kind === "controllers-at-once").map((f) => f.message)).toEqual([expect.stringContaining("2 controllers (controller1, controller2)")]);
    expect(flags.filter((f) => f.kind === "seed-address").map((f) => f.message)).toEqual([
      expect.stringContaining("seed controller1's address resources are replaced"),
      expect.stringContaining("seed controller2's address resources are replaced"),
    ]);
  });

  test("an update in place of one seed's DNS record alone flags nothing", () => {
    expect(planFlags([change("openwhisk-addresses-controller0-record", "aws:route53/record:Record", "openwhisk:aws:StaticAddresses", "update")], prod, prod)).toEqual([]);
  });
});
