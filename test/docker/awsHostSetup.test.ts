/**
 * The aws host setup for real. The prod stack's user data is rendered by the real program
 * (under Pulumi's mocks); its files are laid out in a scratch root, its secrets script runs with a
 * stand-in `aws` CLI, and each unit's ExecStart (`openwhisk-container <name> run`, the fixed launcher)
 * runs against the engine with stand-in images tagged as the configured images. The containers it
 * starts have the intended env, ports, mounts, labels, privileges, network and command.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import type { RegisteredResource } from "../../cli/offline/runProgram";
import { hostFiles } from "../support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "../support/mockRun";
import { buildImage, cleanup, docker, dockerCli, must, PREFIX, requireEngine, track } from "./engine";

const root = mkdtempSync(join(tmpdir(), "owtest-host-"));
const children: ChildProcess[] = [];
let instances: RegisteredResource[] = [];
const config = parseStackConfig(stackConfig("prod"));
/**
 * prod pins every image by digest; an engine cannot give a locally built stand-in a registry digest, so
 * the stand-ins carry the tag and the host's image files are read without the digest (all else as rendered).
 */
const local = (image: string) => image.replace(/@sha256:[0-9a-f]{64}$/, "");
const ACTIONS = track("networks", `${PREFIX}-openwhisk-actions`);

beforeAll(async () => {
  requireEngine();
  instances = ofType(await runUnderMocks(stackConfig("prod"), { stack: "prod" }), "aws:ec2/instance:Instance");
  const sleeper = { content: "#!/bin/sh\nexec sleep 300\n", mode: 0o755 };
  const runc = { content: "#!/bin/sh\necho \"runc version 1.1.12\"\n", mode: 0o755 };
  buildImage(local(config.release.controllerImage), { "/init.sh": sleeper });
  buildImage(local(config.release.invokerImage), { "/init.sh": sleeper, "/usr/bin/runc": runc, "/usr/bin/docker": { content: dockerCli(), mode: 0o755 } });
  // The network the invoker host's fence unit creates (actionIsolation.ts), under this run's name.
  must(["network", "create", "--driver", "bridge", "--subnet", config.aws!.actionSubnet, ACTIONS]);
});

afterAll(() => {
  for (const c of children) c.kill("SIGKILL");
  cleanup();
  rmSync(root, { recursive: true, force: true });
});

/** Lays out a host's files under root/<host>, rewriting the absolute paths the host would use. */
function layOut(host: string, instance: RegisteredResource): string {
  const base = join(root, host);
  const rewrite = (text: string) =>
    text.replace(/\/etc\/openwhisk\//g, `${base}/etc/openwhisk/`).replace(/\/run\/openwhisk/g, `${base}/run/openwhisk`).replace(/dir=\/etc\/openwhisk$/m, `dir=${base}/etc/openwhisk`);
  for (const f of hostFiles(instance)) {
    const path = join(base, f.path);
    mkdirSync(dirname(path), { recursive: true });
    let content = f.path.endsWith(".args") ? rewriteArgs(rewrite(f.content)) : rewrite(f.content);
    if (f.path.endsWith(".image")) {
      expect(content.trim()).toMatch(/@sha256:[0-9a-f]{64}$/); // as rendered: pinned by digest
      content = local(content.trim()) + "\n";
    }
    if (f.path.endsWith(".args")) content = content.replace(/@sha256:[0-9a-f]{64}$/gm, "");
    if (f.path === "/usr/local/bin/openwhisk-container") content = content.replace(/\/usr\/bin\/docker/g, "docker");
    writeFileSync(path, content);
    chmodSync(path, parseInt(f.permissions, 8));
  }
  return base;
}

/**
 * This run's names for the containers and the action network; everything else as rendered, except
 * `--privileged`: these sandboxed machines refuse the full capability set (runc: "unable to apply caps"),
 * so it is checked in the argv file instead of on the running container.
 */
function rewriteArgs(text: string): string {
  const args = text.replace(/\n$/, "").split("\n").filter((a) => a !== "--privileged");
  const i = args.indexOf("--name");
  args[i + 1] = `${PREFIX}-${args[i + 1]}`;
  const n = args.indexOf("--network");
  if (n >= 0) args[n + 1] = ACTIONS;
  return args.join("\n") + "\n";
}

/** Runs the host's secrets script with a stand-in `aws` that answers every get-parameter. */
function secrets(base: string, name: string) {
  const bin = join(base, "stub-bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "aws"), '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = --name ] && { echo "value-of-$2"; exit 0; }; shift; done\nexit 1\n');
  chmodSync(join(bin, "aws"), 0o755);
  must(["version"]);
  const r = require("node:child_process").spawnSync("sh", [join(base, `usr/local/bin/openwhisk-secrets-${name}`)], { encoding: "utf8", env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } });
  if (r.status !== 0) throw new Error(`secrets script: ${r.stderr}`);
}

async function runUnit(base: string, name: string): Promise<Record<string, any>> {
  const launcher = join(base, "usr/local/bin/openwhisk-container");
  const child = spawn("sh", [launcher, name, "run"], { stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const container = track("containers", `${PREFIX}-${name}`);
  for (let i = 0; i < 120; i++) {
    const r = docker(["inspect", container]);
    if (r.code === 0 && JSON.parse(r.stdout)[0].State.Running) return JSON.parse(r.stdout)[0];
    if (child.exitCode !== null) throw new Error(`openwhisk-container ${name} run exited ${child.exitCode}: ${stderr}`);
    await new Promise((res) => setTimeout(res, 250));
  }
  throw new Error(`${container} did not start: ${stderr}`);
}

function expectFromHostFiles(c: Record<string, any>, base: string, name: string) {
  const env = new Set<string>(c.Config.Env);
  for (const line of readFileSync(join(base, `etc/openwhisk/${name}.env`), "utf8").trim().split("\n")) expect(env).toContain(line);
  for (const line of readFileSync(join(base, `run/openwhisk/${name}.secrets.env`), "utf8").trim().split("\n")) expect(env).toContain(line);
  const args = readFileSync(join(base, `etc/openwhisk/${name}.args`), "utf8").replace(/\n$/, "").split("\n");
  const flag = (f: string) => args.flatMap((a, i) => (a === f ? [args[i + 1]] : []));
  for (const p of flag("-p")) {
    const [hostPort, internal] = p.split(":");
    expect(c.HostConfig.PortBindings[`${internal}/tcp`]).toEqual([{ HostIp: "", HostPort: hostPort }]);
  }
  const mounts = new Set(c.Mounts.map((m: { Source: string; Destination: string }) => `${m.Source}:${m.Destination}`));
  for (const v of flag("-v")) expect(mounts).toContain(v.replace(/:ro$/, ""));
  for (const l of flag("--label")) expect(c.Config.Labels[l.slice(0, l.indexOf("="))]).toBe(l.slice(l.indexOf("=") + 1));
  const image = args.indexOf(readFileSync(join(base, `etc/openwhisk/${name}.image`), "utf8").trim());
  expect(c.Config.Cmd).toEqual(args.slice(image + 1));
  return { args, flag };
}

test("controller0's unit: the rendered env (and secrets from SSM), remoting and API ports, logs and conf, labels, its start command", async () => {
  const instance = instances.find((i) => (i.inputs.tags as Record<string, string>).Name === "controller0")!;
  const base = layOut("controller0", instance);
  secrets(base, "controller0");
  const c = await runUnit(base, "controller0");
  expectFromHostFiles(c, base, "controller0");
  expect(c.Config.Env).toContain("CONFIG_pekko_cluster_seedNodes_0=pekko://controller-actor-system@controller0.prod.openwhisk.internal:2551");
  // Secret settings reach the JVM through its config file (OPENWHISK_ENCODED_CONFIG), never as a CONFIG_ key (-D in argv).
  expect((c.Config.Env as string[]).some((e) => e.startsWith("CONFIG_whisk_couchdb_password="))).toBe(false);
  const encoded = (c.Config.Env as string[]).find((e) => e.startsWith("OPENWHISK_ENCODED_CONFIG="))!;
  expect(Buffer.from(encoded.slice(encoded.indexOf("=") + 1), "base64").toString("utf8")).toContain('whisk.couchdb.password = "value-of-/openwhisk/prod/couchdbControllerPassword"\n');
  expect(c.HostConfig.PortBindings["8080/tcp"][0].HostPort).toBe("10001");
  expect(c.HostConfig.PortBindings["2551/tcp"][0].HostPort).toBe("2551");
  expect(c.Config.Labels["openwhisk.role"]).toBe("controller");
  expect(c.Config.Cmd).toEqual(["/bin/sh", "-c", "exec /init.sh 0"]);
  expect(c.HostConfig.Privileged).toBe(false);
});

test("invoker0's unit: privileged, host pid and userns, docker socket, cgroups and the runc root, on the action network at its fixed address, behind the runc guard", async () => {
  const instance = instances.find((i) => (i.inputs.tags as Record<string, string>).Name === "invoker0")!;
  const base = layOut("invoker0", instance);
  secrets(base, "invoker0");
  const c = await runUnit(base, "invoker0");
  expectFromHostFiles(c, base, "invoker0");
  expect([c.HostConfig.PidMode, c.HostConfig.UsernsMode]).toEqual(["host", "host"]);
  expect(hostFiles(instance).find((f) => f.path === "/etc/openwhisk/invoker0.args")!.content.split("\n")).toContain("--privileged");
  const mounts = c.Mounts.map((m: { Destination: string }) => m.Destination);
  expect(mounts).toEqual(expect.arrayContaining(["/var/run/docker.sock", "/sys/fs/cgroup", "/run/runc", "/containers", "/logs", "/openwhisk/runc-guard.sh"]));
  expect(c.NetworkSettings.Networks[ACTIONS].IPAddress).toBe("192.168.255.2");
  expect(c.Config.Env).toContain("CONFIG_whisk_containerFactory_containerArgs_network=openwhisk-actions");
  expect(c.Config.Cmd).toEqual(["/bin/sh", "/openwhisk/runc-guard.sh", "/init.sh", "--id", "0", "--uniqueName", "0"]);
  expect(c.Config.Labels["openwhisk.runc.guard"]).toBe("fallback");
  // The guard ran against the engine before the (stand-in) invoker started, and recorded what it found.
  const logs = c.Mounts.find((m: { Destination: string }) => m.Destination === "/logs").Source;
  for (let i = 0; i < 40 && docker(["exec", `${PREFIX}-invoker0`, "cat", "/logs/runc-guard"]).code !== 0; i++) await new Promise((r) => setTimeout(r, 250));
  expect(must(["exec", `${PREFIX}-invoker0`, "cat", "/logs/runc-guard"])).toMatch(/^outcome=runc-(on|off)\nhost_runc=\S+\nimage_runc=1\.1\.12\nmode=fallback$/);
  expect(logs).toBe("/var/tmp/wsklogs/invoker0");
});
