/**
 * The runc guard on a real Docker engine. A stand-in invoker image (busybox-static, the
 * machine's docker CLI, a fake runc that prints a chosen version, an /init.sh that prints what the
 * invoker would be started with) runs the guard exactly as rendered for the stack: its file, its env,
 * its command. The engine's runc is the engine's own (e.g. 1.1.5+ds1 from Debian).
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import { renderStack } from "../../components/plan/renderStack";
import type { ContainerSpec } from "../../components/plan/containerSpec";
import { ENGINE_RUNC_FILE, ENGINE_RUNC_HOST_FILE, ENGINE_RUNC_JOB, ENGINE_RUNC_SCRIPT } from "../../components/plan/runcGuard";
import { rawConfig, withKey } from "../support/configs";
import { baseImage, buildImage, cleanup, docker, dockerCli, engineRunc, PREFIX, requireEngine, track } from "./engine";

const FAKE_RUNC = '#!/bin/sh\n[ -n "${FAKE_RUNC:-}" ] || exit 1\necho "runc version $FAKE_RUNC"\necho "spec: 1.0.2-dev"\n';
const FAKE_INIT = '#!/bin/sh\necho "started useRunc=${CONFIG_whisk_docker_containerFactory_useRunc:-unset} legacy=${INVOKER_USE_RUNC:-unset} args=$*"\n';

let invokerImage: string;
let noCliImage: string;
let hostRunc: string;
const work = mkdtempSync(join(tmpdir(), "owtest-guard-"));

beforeAll(() => {
  requireEngine();
  hostRunc = engineRunc();
  const files = {
    "/usr/bin/runc": { content: FAKE_RUNC, mode: 0o755 },
    "/usr/bin/docker-runc": { content: FAKE_RUNC, mode: 0o755 },
    "/init.sh": { content: FAKE_INIT, mode: 0o755 },
    "/invoker/bin/invoker": { content: FAKE_INIT, mode: 0o755 },
  };
  invokerImage = buildImage(`${PREFIX}/invoker:guard`, { ...files, "/usr/bin/docker": { content: dockerCli(), mode: 0o755 } });
  noCliImage = buildImage(`${PREFIX}/invoker:nocli`, files, baseImage());
});
afterAll(() => {
  cleanup();
  rmSync(work, { recursive: true, force: true });
});

function invokerSpec(flavor: "pekko" | "legacy-2017", mismatch?: "fallback" | "fail"): ContainerSpec {
  const raw = withKey(rawConfig({ flavor, useRunc: true, invokers: 1 }), "openwhisk:invokers", mismatch ? { runcMismatch: mismatch } : {});
  return renderStack(parseStackConfig(raw), "guard").nodes.find((n) => n.role === "invoker")!;
}

/** Runs the rendered guard in the stand-in image as the invoker would start; returns output, exit code, recorded outcome. */
function run(spec: ContainerSpec, opts: { fakeRunc?: string; image?: string; env?: Record<string, string>; volumes?: string[] } = {}) {
  const logs = mkdtempSync(join(work, "logs-"));
  const guard = spec.files.find((f) => f.containerPath === "/openwhisk/runc-guard.sh")!;
  const name = track("containers", `${PREFIX}-guard-${Math.random().toString(36).slice(2, 8)}`);
  const env = { ...(spec.env as Record<string, string>), ...(opts.fakeRunc !== undefined ? { FAKE_RUNC: opts.fakeRunc } : {}), ...opts.env };
  const guardFile = join(logs, "runc-guard.sh");
  require("node:fs").writeFileSync(guardFile, guard.content as string);
  const r = docker([
    "run", "--name", name,
    "-v", "/var/run/docker.sock:/var/run/docker.sock",
    "-v", `${logs}:/logs`,
    "-v", `${guardFile}:/openwhisk/runc-guard.sh:ro`,
    ...(opts.volumes ?? []).flatMap((v) => ["-v", v]),
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    opts.image ?? invokerImage,
    ...spec.command,
  ]);
  docker(["rm", "-f", name]);
  let outcome: Record<string, string> = {};
  try {
    outcome = Object.fromEntries(readFileSync(join(logs, "runc-guard"), "utf8").trim().split("\n").map((l) => l.split("=") as [string, string]));
  } catch {
    // no outcome recorded
  }
  return { ...r, outcome };
}

test("the engine reports its runc as a server component", () => {
  expect(hostRunc).toMatch(/^\d+\.\d+\.\d+/);
});

test("matching versions: runc stays on, the invoker starts with its own arguments", () => {
  const r = run(invokerSpec("pekko"), { fakeRunc: hostRunc });
  expect(r.code).toBe(0);
  // INVOKER_USE_RUNC is not rendered on builds since 2018 (they do not read it).
  expect(r.stdout).toContain("started useRunc=true legacy=unset args=--id 0 --uniqueName 0");
  expect(r.stderr).toContain(`host runc ${hostRunc} matches the image's runc ${hostRunc}`);
  expect(r.outcome).toEqual({ outcome: "runc-on", host_runc: hostRunc, image_runc: hostRunc, mode: "fallback" });
});

test("a mismatch with fallback: the build's runc switch off, one line naming both versions and the consequence", () => {
  const r = run(invokerSpec("pekko"), { fakeRunc: "1.0.0-rc93" });
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("started useRunc=false legacy=false");
  const lines = r.stderr.trim().split("\n").filter((l) => l.startsWith("openwhisk runc guard"));
  expect(lines).toHaveLength(1);
  expect(lines[0]).toBe(`openwhisk runc guard: host runc ${hostRunc} differs from the image's runc 1.0.0-rc93 (/usr/bin/runc): runc off, pausing with docker instead (slower pauses; use an image whose runc matches the host's to get runc back)`);
  expect(r.outcome.outcome).toBe("runc-off");
});

test("a mismatch with fail: exit non-zero with the line, the invoker never starts", () => {
  const r = run(invokerSpec("pekko", "fail"), { fakeRunc: "1.0.0-rc93" });
  expect(r.code).not.toBe(0);
  expect(r.stdout).not.toContain("started");
  expect(r.stderr).toMatch(/host runc .* differs from the image's runc 1\.0\.0-rc93 .*refusing to start \(openwhisk:invokers\.runcMismatch is fail\)/);
  expect(r.outcome).toEqual({ outcome: "refused", host_runc: hostRunc, image_runc: "1.0.0-rc93", mode: "fail" });
});

test("an unreadable image runc counts as a mismatch", () => {
  const r = run(invokerSpec("pekko"), {});
  expect(r.stdout).toContain("started useRunc=false");
  expect(r.stderr).toContain("differs from the image's runc unreadable");
  expect(r.outcome.image_runc).toBe("unreadable");
});

test("an unreadable engine runc (no docker CLI, no curl in the image) counts as a mismatch", () => {
  const r = run(invokerSpec("pekko"), { fakeRunc: hostRunc, image: noCliImage });
  expect(r.stdout).toContain("started useRunc=false");
  expect(r.stderr).toContain(`host runc unreadable differs from the image's runc ${hostRunc}`);
});

test("2017 builds: docker-runc is the image's runc, INVOKER_USE_RUNC the switch, invoker/bin/invoker <i> the start", () => {
  const spec = invokerSpec("legacy-2017");
  expect(spec.env.OPENWHISK_RUNC_BINARY).toBe("/usr/bin/docker-runc");
  const on = run(spec, { fakeRunc: hostRunc });
  expect(on.stdout).toContain("started useRunc=unset legacy=true args=0");
  const off = run(spec, { fakeRunc: "0.1.1" });
  expect(off.stdout).toContain("legacy=false args=0");
  expect(off.stderr).toContain("(/usr/bin/docker-runc)");
});

describe("the 2017 image cannot read the engine's runc; the host side reads it for it (aws)", () => {
  // Like febde0042's invoker image: docker CLI 1.12.0 (core/invoker/Dockerfile) knows no
  // Server.Components and fails the template; its curl has no --unix-socket.
  const CLI_1_12 = '#!/bin/sh\ncase "$*" in *Server.Components*) echo "Template parsing error: template: :1:8: executing \\"\\" at <.Server.Components>: can\'t evaluate field Components in type types.Version" >&2; exit 1 ;; esac\nexit 1\n';
  const OLD_CURL = '#!/bin/sh\necho "curl: option --unix-socket: is unknown" >&2\nexit 2\n';
  let legacyImage: string;
  beforeAll(() => {
    legacyImage = buildImage(`${PREFIX}/invoker:2017`, {
      "/usr/bin/docker": { content: CLI_1_12, mode: 0o755 },
      "/usr/bin/curl": { content: OLD_CURL, mode: 0o755 },
      "/usr/bin/docker-runc": { content: FAKE_RUNC, mode: 0o755 },
      "/invoker/bin/invoker": { content: FAKE_INIT, mode: 0o755 },
    }, baseImage());
  });

  const awsLegacy = () => renderStack(parseStackConfig(rawConfig({ flavor: "legacy-2017", target: "aws", useRunc: true, invokers: 1 })), "guard").nodes.find((n) => n.role === "invoker")!;

  test("the stand-in, alone, cannot read it: unreadable, runc off (the old behaviour on this build)", () => {
    const spec = awsLegacy();
    const r = run(spec, { fakeRunc: hostRunc, image: legacyImage });
    expect(r.outcome).toEqual({ outcome: "runc-off", host_runc: "unreadable", image_runc: hostRunc, mode: "fallback" });
  });

  test("with the host job's answer mounted as rendered, the guard sees the engine's runc and keeps runc on", () => {
    const spec = awsLegacy();
    expect(spec.dependsOn).toContain(ENGINE_RUNC_JOB);
    const mount = spec.volumes.find((v) => v.containerPath === spec.env.OPENWHISK_ENGINE_RUNC_FILE)!;
    expect(mount).toEqual({ hostPath: ENGINE_RUNC_HOST_FILE, containerPath: ENGINE_RUNC_FILE, readOnly: true });
    // The host job, run on this machine's host side (its own docker CLI, the real engine).
    const out = join(mkdtempSync(join(work, "host-")), "engine-runc");
    const job = require("node:child_process").spawnSync("sh", ["-c", ENGINE_RUNC_SCRIPT], { env: { ...process.env, OPENWHISK_ENGINE_RUNC_OUT: out }, encoding: "utf8" });
    expect(job.status).toBe(0);
    expect(readFileSync(out, "utf8").trim()).toBe(hostRunc);
    const r = run(spec, { fakeRunc: hostRunc, image: legacyImage, volumes: [`${out}:${mount.containerPath}:ro`] });
    expect(r.stdout).toContain("started useRunc=unset legacy=true args=0");
    expect(r.outcome).toEqual({ outcome: "runc-on", host_runc: hostRunc, image_runc: hostRunc, mode: "fallback" });
    // And a different image runc is still caught.
    const off = run(spec, { fakeRunc: "1.0.0-rc4", image: legacyImage, volumes: [`${out}:${mount.containerPath}:ro`] });
    expect(off.outcome).toEqual({ outcome: "runc-off", host_runc: hostRunc, image_runc: "1.0.0-rc4", mode: "fallback" });
  });
});
