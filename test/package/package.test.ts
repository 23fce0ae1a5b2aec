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
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "../..");
const CONSUMER_SOURCES = path.join(__dirname, "consumer");
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
    const others = files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f) && !["package.json", "README.md", "CHANGELOG.md"].includes(f));
    expect(others).toEqual([]);
    // TypeScript sources, the CLI, tests, stacks, the policy pack and the plugin entry stay out.
    expect(files.filter((f) => /(^|\/)(cli|test|stacks|policies|program|bench)\//.test(f) || /provider\.(js|d\.ts)$/.test(f) || /componentPackage/.test(f))).toEqual([]);
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
