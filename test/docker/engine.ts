/**
 * A real Docker engine for `npm run test:docker` (docs/testing.md#a-docker-engine-for-the-tests): talks only to containers, networks and
 * images the tests create (all named with this run's prefix), removes every one of them in the end,
 * even on failure. No image is pulled: stand-ins are built locally from Debian's busybox-static.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Everything this run creates carries this prefix. */
export const PREFIX = `owtest${process.pid}`;
const created = { containers: new Set<string>(), networks: new Set<string>(), images: new Set<string>() };

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function docker(args: string[], opts: { input?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Result {
  const r = spawnSync("docker", args, { encoding: "utf8", input: opts.input, cwd: opts.cwd, env: { ...process.env, ...opts.env }, maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw r.error;
  return { code: r.status ?? 1, stdout: r.stdout, stderr: r.stderr };
}

export function must(args: string[], opts: Parameters<typeof docker>[1] = {}): string {
  const r = docker(args, opts);
  if (r.code !== 0) throw new Error(`docker ${args.join(" ")} exited ${r.code}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}

export function requireEngine(): void {
  const r = spawnSync("docker", ["version", "--format", "{{.Server.Version}}"], { encoding: "utf8" });
  if (r.status !== 0) {
    throw new Error("npm run test:docker needs a running Docker engine (as root: dockerd --iptables=false --storage-driver=vfs; .ci/run starts one)");
  }
}

/** The engine's runc version, as the engine reports it (a server component). */
export function engineRunc(): string {
  return must(["version", "--format", '{{range .Server.Components}}{{if eq .Name "runc"}}{{.Version}}{{end}}{{end}}']);
}

export function track(kind: keyof typeof created, name: string): string {
  created[kind].add(name);
  return name;
}

export function cleanup(): void {
  for (const c of created.containers) docker(["rm", "-f", "-v", c]);
  for (const n of created.networks) docker(["network", "rm", n]);
  for (const i of created.images) docker(["rmi", "-f", i]);
  created.containers.clear();
  created.networks.clear();
  created.images.clear();
}

const BUSYBOX_APPLETS = ["sh", "sed", "cat", "grep", "cut", "tr", "head", "sleep", "env", "echo", "printf", "nslookup", "mkdir", "cp", "chmod", "ls", "dirname", "hostname", "true", "false", "test", "["];

/** A root filesystem of Debian's busybox-static, imported as an image (once per run). */
export function baseImage(): string {
  const tag = track("images", `${PREFIX}/busybox:1`);
  if (docker(["image", "inspect", tag]).code === 0) return tag;
  const root = mkdtempSync(join(tmpdir(), "owtest-rootfs-"));
  try {
    mkdirSync(join(root, "bin"), { recursive: true });
    for (const d of ["usr/bin", "tmp", "etc", "logs", "conf", "var/run"]) mkdirSync(join(root, d), { recursive: true });
    copyFileSync("/bin/busybox", join(root, "bin/busybox"));
    chmodSync(join(root, "bin/busybox"), 0o755);
    for (const a of BUSYBOX_APPLETS) symlinkSync("busybox", join(root, "bin", a));
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    const tar = spawnSync("tar", ["-C", root, "-c", "."], { maxBuffer: 64 * 1024 * 1024 });
    const r = spawnSync("docker", ["import", "--change", "ENV PATH=/usr/bin:/bin", "-", tag], { input: tar.stdout, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`docker import: ${r.stderr}`);
    return tag;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

/** Builds `tag` FROM `from` with files added (path -> content, mode), by the legacy builder (no buildx needed). */
export function buildImage(tag: string, files: Record<string, { content: string | Buffer; mode?: number }>, from = baseImage(), extra: string[] = []): string {
  const ctx = mkdtempSync(join(tmpdir(), "owtest-ctx-"));
  try {
    const lines = [`FROM ${from}`];
    Object.entries(files).forEach(([path, f], i) => {
      writeFileSync(join(ctx, `f${i}`), f.content);
      chmodSync(join(ctx, `f${i}`), f.mode ?? 0o644);
      lines.push(`COPY f${i} ${path}`);
    });
    lines.push(...extra);
    writeFileSync(join(ctx, "Dockerfile"), lines.join("\n") + "\n");
    must(["build", "-q", "-t", track("images", tag), ctx], { env: { DOCKER_BUILDKIT: "0" } });
    return tag;
  } finally {
    rmSync(ctx, { recursive: true, force: true });
  }
}

/** The machine's docker CLI (a static binary), for images whose scripts talk to the engine through the socket. */
export function dockerCli(): Buffer {
  for (const p of ["/usr/local/bin/docker", "/usr/bin/docker"]) {
    if (existsSync(p)) return require("node:fs").readFileSync(p);
  }
  throw new Error("no docker CLI on this machine");
}
