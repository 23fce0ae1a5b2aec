/**
 * The library as another team installs it: `npm pack` (which builds first), the tarball installed into
 * a fresh project next to a consumer program written against the documented arguments only
 * (test/package/consumer), type-checked against the tarball's declarations, run with plain node, and
 * checked by the policy pack under Pulumi's mocks with the verdict this repository's own program gets.
 *
 * Needs npm and the registry (or a warm npm cache: `npm ci` in this repository fills it).
 */
import { execFile, execFileSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const CONSUMER_SOURCES = path.join(__dirname, "consumer");
const AWS_CONSUMER_SOURCES = path.join(__dirname, "consumer-aws");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve) => {
    execFile(cmd, args, { cwd, env, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as { code?: unknown }).code === "number" ? ((error as { code: number }).code) : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

let work: string;
let tarball: string;
let consumer: string;

beforeAll(async () => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), "openwhisk-package-"));
  // prepack runs `npm run build`: what is packed is what the sources compile to now.
  const packed = await run("npm", ["pack", "--json", "--pack-destination", work], ROOT);
  if (packed.code !== 0) throw new Error(`npm pack failed:\n${packed.stderr}`);
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("[")));
  tarball = path.join(work, info.filename);
  consumer = path.join(work, "consumer");
  fs.mkdirSync(consumer);
  for (const f of fs.readdirSync(CONSUMER_SOURCES)) fs.copyFileSync(path.join(CONSUMER_SOURCES, f), path.join(consumer, f));
  // The aws consumer: its own Pulumi project in a folder of the same install.
  fs.mkdirSync(path.join(consumer, "aws"));
  for (const f of fs.readdirSync(AWS_CONSUMER_SOURCES)) fs.copyFileSync(path.join(AWS_CONSUMER_SOURCES, f), path.join(consumer, "aws", f));
  fs.writeFileSync(
    path.join(consumer, "package.json"),
    JSON.stringify({ name: "team-consumer", private: true, dependencies: { [pkg.name]: `file:${tarball}`, "@pulumi/pulumi": pkg.dependencies["@pulumi/pulumi"] } }, null, 2),
  );
  // No install scripts: Pulumi's packages would fetch provider plugins, which mocks do not need.
  const installed = await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", "--ignore-scripts"], consumer);
  if (installed.code !== 0) throw new Error(`npm install of the tarball failed:\n${installed.stderr}`);
}, 600_000);

afterAll(() => {
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe("the npm tarball", () => {
  test("holds the compiled library with declarations, and nothing else of the repository", () => {
    const files = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files).toEqual(expect.arrayContaining(["package.json", "README.md", "CHANGELOG.md", "dist/index.js", "dist/index.d.ts", "dist/openWhiskCluster.js", "dist/settings.d.ts", "dist/plan/renderController.js", "dist/config/schema.js"]));
    // npm always packs a "bin" target: cli/bin.js, which says the commands need a checkout (tested below).
    const others = files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !["package.json", "README.md", "CHANGELOG.md", "cli/bin.js"].includes(f));
    expect(others).toEqual([]);
    // TypeScript sources, the CLI, tests, stacks, the policy pack and the plugin entry stay out.
    expect(files.filter((f) => (/(^|\/)(cli|test|stacks|policies|program|bench)\//.test(f) && f !== "cli/bin.js") || /provider\.(js|d\.ts)$/.test(f) || /componentPackage/.test(f))).toEqual([]);
  });

  test("its bin, installed, says that the commands run from a checkout (exit 2), not a stack trace", async () => {
    const bin = await run(path.join(consumer, "node_modules", ".bin", "openwhisk-static-cluster"), ["check", "--json"], consumer);
    expect(bin.code).toBe(2);
    expect(bin.stdout).toBe("");
    expect(bin.stderr).toMatch(/^openwhisk-static-cluster: check runs from a checkout of this repository/);
  });

  test("a proper, public package: name, semantic version, exports and types into dist", () => {
    expect(pkg.private).toBeUndefined();
    expect(pkg.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.main).toBe("./dist/index.js");
    expect(pkg.types).toBe("./dist/index.d.ts");
    expect(pkg.exports["."].require).toBe("./dist/index.js");
    expect(pkg.exports["."].types).toBe("./dist/index.d.ts");
    const changelog = fs.readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8");
    expect(changelog).toContain(`## ${pkg.version}`);
  });

  test("needs no TypeScript at run time: none of its dependencies is a TypeScript tool", () => {
    const installed = JSON.parse(fs.readFileSync(path.join(consumer, "node_modules", pkg.name, "package.json"), "utf8"));
    expect(installed.version).toBe(pkg.version);
    for (const tool of ["typescript", "ts-node", "sucrase", "pirates", "@pulumi/policy"]) expect(Object.keys(installed.dependencies)).not.toContain(tool);
  });

  test("loads with plain node and exports the components and the settings contract", async () => {
    const script = `const m = require(${JSON.stringify(pkg.name)}); console.log(JSON.stringify(["OpenWhiskCluster","OpenWhiskSecrets","DockerStaticAddresses","AwsNetwork","ControllerCluster","InvokerFleet","CoreServices","validateStackConfig","settingsToConfig","configToSettings"].map((k) => [k, typeof m[k]])));`;
    const loaded = await run(process.execPath, ["-e", script], consumer, { PATH: process.env.PATH ?? "" });
    expect(loaded.stderr).toBe("");
    expect(Object.fromEntries(JSON.parse(loaded.stdout))).toEqual({
      OpenWhiskCluster: "function", OpenWhiskSecrets: "function", DockerStaticAddresses: "function", AwsNetwork: "function",
      ControllerCluster: "function", InvokerFleet: "function", CoreServices: "function",
      validateStackConfig: "function", settingsToConfig: "function", configToSettings: "function",
    });
  });

  test("its declarations type a consumer's arguments: the TypeScript consumer compiles, a wrong argument does not", async () => {
    fs.writeFileSync(
      path.join(consumer, "wrong.ts"),
      [
        'import { OpenWhiskCluster } from "openwhisk-static-cluster";',
        'new OpenWhiskCluster("x", { target: "docker", release: { flavor: "pekko", controllerImage: "a", invokerImage: "b" },',
        '  controllers: { count: "3", seeds: 1, remotingPort: 2551, downing: { mode: "auto" } }, invokers: { count: 1, useRunc: false } });',
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(consumer, "tsconfig.wrong.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["index.ts", "wrong.ts"] }));
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const compiled = await run(process.execPath, [tsc, "-p", "tsconfig.wrong.json"], consumer);
    const errors = compiled.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    expect(errors.length).toBeGreaterThan(0);
    // Every error is the wrong argument (count: "3"); index.ts, the real consumer, has none.
    expect(errors.filter((l) => !l.startsWith("wrong.ts(3,"))).toEqual([]);
  });

  test("its enumerations are literal unions: a wrong flavor, target, downing mode or runcMismatch does not compile", async () => {
    fs.writeFileSync(
      path.join(consumer, "wrongEnum.ts"),
      [
        'import { OpenWhiskCluster } from "openwhisk-static-cluster";',
        'new OpenWhiskCluster("x", { target: "docker", release: { flavor: "pekko-1.1", controllerImage: "a", invokerImage: "b" },',
        '  controllers: { count: 3, seeds: 1, remotingPort: 2551, downing: { mode: "auto", strategy: "keep-majority" } }, invokers: { count: 1, useRunc: false } });',
        'new OpenWhiskCluster("y", { target: "k8s", release: { flavor: "pekko", controllerImage: "a", invokerImage: "b" },',
        '  controllers: { count: 3, seeds: 1, remotingPort: 2551, downing: { mode: "auto", strategy: "keep-referee" } }, invokers: { count: 1, useRunc: false } });',
        'new OpenWhiskCluster("z", { target: "aws", environment: "prod", release: { flavor: "akka-2.6", controllerImage: "a", invokerImage: "b" },',
        '  controllers: { count: 3, seeds: 1, remotingPort: 2551, downing: { mode: "supervisor" } }, invokers: { count: 1, useRunc: true, runcMismatch: "ignore" } });',
        "",
      ].join("\n"),
    );
    fs.writeFileSync(path.join(consumer, "tsconfig.wrongEnum.json"), JSON.stringify({ extends: "./tsconfig.json", files: ["index.ts", "wrongEnum.ts"] }));
    const tsc = path.join(ROOT, "node_modules", "typescript", "bin", "tsc");
    const compiled = await run(process.execPath, [tsc, "-p", "tsconfig.wrongEnum.json", "--pretty", "false"], consumer);
    const errors = compiled.stdout.split("\n").filter((l) => /error TS\d+/.test(l));
    // One error per wrong value, each on its line; none in index.ts.
    const where = errors.map((l) => /^(\S+)\((\d+),/.exec(l)!.slice(1, 3).join(":")).sort();
    expect(where).toEqual(["wrongEnum.ts:2", "wrongEnum.ts:4", "wrongEnum.ts:5", "wrongEnum.ts:6", "wrongEnum.ts:7", "wrongEnum.ts:7"]);
    for (const wrong of ["pekko-1.1", "k8s", "keep-referee", "prod", "supervisor", "ignore"]) expect(compiled.stdout).toContain(`"${wrong}"`);
  });
});

describe("the consumer program under Pulumi's mocks", () => {
  const check = (args: string[]) =>
    run(process.execPath, ["--expose-gc", "-r", "./cli/register.js", "cli/check.ts", ...args, "--json"], ROOT);

  test("runs on its own @pulumi/pulumi and gets the verdict this repository's program gets for the same cluster", async () => {
    expect(fs.existsSync(path.join(consumer, "node_modules", "@pulumi", "pulumi", "package.json"))).toBe(true);
    const [theirs, ours] = await Promise.all([check(["--program", path.join(consumer, "index.js"), "--stack", "local"]), check(["--stack", "local"])]);
    expect(theirs.stderr).toBe("");
    const a = JSON.parse(theirs.stdout);
    const b = JSON.parse(ours.stdout);
    expect(theirs.code).toBe(ours.code);
    expect(a.ok).toBe(b.ok);
    expect(a.resources).toBe(b.resources);
    expect(a.resources).toBeGreaterThan(10);
    const verdict = (r: { violations: { policy: string; enforcementLevel: string }[] }) => r.violations.map((v) => `${v.enforcementLevel} ${v.policy}`).sort();
    expect(verdict(a)).toEqual(verdict(b));
    // Not a vacuous pass: the pack read the consumer's controllers (two of them, the local stack's one advisory).
    expect(verdict(a)).toContain("advisory odd-controller-count");
  });
});

/**
 * The script a dynamic provider host runs, reduced to what matters here: the aws consumer runs under
 * Pulumi's mocks (its own @pulumi/pulumi, from the consumer's node_modules), which serialize every
 * ControllerReadyGate's provider exactly as `pulumi up` does (runtime.serializeFunction over the
 * installed package). The first gate's serialized text and inputs are then loaded as
 * @pulumi/pulumi/cmd/dynamic-provider loads them (require-from-string, `.handler()`), and its diff
 * and create run against a stand-in SSM endpoint on loopback.
 */
const GATE_SCRIPT = `
const pulumi = require("@pulumi/pulumi");
const gates = [];
pulumi.runtime.setMocks({
  newResource(args) {
    if (args.type === "pulumi-nodejs:dynamic/openwhisk:ControllerReadyGate") gates.push(args.inputs);
    return { id: args.name + "-id", state: args.inputs };
  },
  // The hosts' roles scope their report writes to the caller's account (aws.getCallerIdentity).
  call(args) {
    return args.token === "aws:index/getCallerIdentity:getCallerIdentity"
      ? { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/deployer", userId: "AIDATEST", id: "123456789012" }
      : {};
  },
}, "team-consumer-aws", "prod", false);
process.on("unhandledRejection", (e) => { console.error("unhandled: " + (e && e.stack || e)); process.exit(3); });
require("./aws/index.js");
setTimeout(async () => {
  try {
    if (gates.length === 0) throw new Error("no ControllerReadyGate registered");
    const gate = gates[0];
    const provider = require("require-from-string")(gate.__provider).handler();
    const inputs = { ...gate, instanceId: "i-0123456789abcdef0" };
    delete inputs.__provider;
    const same = await provider.diff("id", inputs, { ...inputs });
    const replaced = await provider.diff("id", inputs, { ...inputs, instanceId: "i-0fedcba987654321" });
    const created = await provider.create(inputs);
    console.log(JSON.stringify({ gates: gates.length, text: gate.__provider, inputs, same: same.changes, replaced: replaced.changes, created }));
  } catch (e) { console.error(e && e.stack || String(e)); process.exit(1); }
}, 3000);
`;

describe("the aws consumer (roll-out gates are dynamic resources serialized from node_modules)", () => {
  const check = (args: string[]) =>
    run(process.execPath, ["--expose-gc", "-r", "./cli/register.js", "cli/check.ts", ...args, "--json"], ROOT);

  test("is checked offline with the verdict this repository's prod stack gets", async () => {
    const prodStack = path.join(ROOT, "stacks", "Pulumi.prod.yaml");
    const [theirs, ours] = await Promise.all([check(["--program", path.join(consumer, "aws", "index.js"), "--config-file", prodStack]), check(["--stack", "prod"])]);
    expect(theirs.stderr).toBe("");
    expect(theirs.code).toBe(ours.code);
    const a = JSON.parse(theirs.stdout);
    const b = JSON.parse(ours.stdout);
    expect(a.resources).toBe(b.resources);
    const verdict = (r: { violations: { policy: string; enforcementLevel: string }[] }) => r.violations.map((v) => `${v.enforcementLevel} ${v.policy}`).sort();
    expect(verdict(a)).toEqual(verdict(b));
    expect(a.resources).toBeGreaterThan(30);
  });

  test("each gate's provider serializes from the installed package and runs as the dynamic provider host runs it", async () => {
    const asked: { target: string | undefined; body: { Name?: string } }[] = [];
    // SSM's JSON protocol (awsJson1_1): POST /, X-Amz-Target: AmazonSSM.GetParameter.
    const server = http.createServer((req, res) => {
      let body = "";
      req.on("data", (c) => (body += c));
      req.on("end", () => {
        const parsed = JSON.parse(body || "{}");
        asked.push({ target: req.headers["x-amz-target"] as string | undefined, body: parsed });
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
        res.end(JSON.stringify({ Parameter: { Name: parsed.Name, Type: "String", Value: "ready i-0123456789abcdef0 2026-12-03T10:00:00Z", Version: 1 } }));
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as { port: number }).port;
    try {
      fs.writeFileSync(path.join(consumer, "gate-host.js"), GATE_SCRIPT);
      const env = {
        PATH: process.env.PATH ?? "",
        AWS_ENDPOINT_URL_SSM: `http://127.0.0.1:${port}`,
        AWS_ACCESS_KEY_ID: "AKIDTEST",
        AWS_SECRET_ACCESS_KEY: "test",
        AWS_EC2_METADATA_DISABLED: "true",
        // The SDK warns about node versions on stderr; the assertion below is about errors.
        NODE_NO_WARNINGS: "1",
      };
      const ran = await run(process.execPath, ["gate-host.js"], consumer, env);
      expect(ran.stderr).toBe("");
      expect(ran.code).toBe(0);
      const out = JSON.parse(ran.stdout);
      expect(out.gates).toBe(3);
      // Nothing of the package is required by path (its exports map would refuse it): only the AWS SDK.
      const required = [...String(out.text).matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]);
      expect(required.filter((r) => r !== "@aws-sdk/client-ssm")).toEqual([]);
      expect(out.same).toBe(false);
      expect(out.replaced).toBe(true);
      expect(out.created.id).toBe(`${out.inputs.controller}-i-0123456789abcdef0`);
      expect(out.created.outs.reported).toMatch(/^ready i-0123456789abcdef0 /);
      expect(asked.length).toBeGreaterThan(0);
      expect(asked[0].target).toBe("AmazonSSM.GetParameter");
      expect(asked[0].body.Name).toBe(out.inputs.parameter);
      expect(out.inputs.parameter).toMatch(/^\/openwhisk\/prod\/ready\//);
    } finally {
      server.close();
    }
  });
});
