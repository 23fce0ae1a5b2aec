/**
 * The runc guard: pausing with runc works only when the runc inside the invoker image is
 * exactly the host's; on a mismatch every pause fails and the invoker kills the container (docs/builds.md#invokers-and-runc).
 * Declared versions (`invokers.runc`, policy `invoker-runc-versions`) stop a known mismatch before
 * deploy; this guard checks reality at every invoker start, before the build's own start script:
 * - the engine's runc, as the host read it (aws: a host job asks the engine with the host's own docker
 *   CLI before the invoker starts and hands the answer in as a file, ENGINE_RUNC_FILE), else through
 *   the Docker socket the invoker mounts (the engine reports it as a server component, e.g.
 *   `runc=1.1.5+ds1`): the docker CLI in the image, else curl on the socket. The 2017 image can do
 *   neither: its docker CLI 1.12.0 (core/invoker/Dockerfile at febde0042) predates the engine's
 *   Server.Components (API 1.35) and cannot print them, so on that build only the host side reads it;
 * - the image's runc: `/usr/bin/runc --version` (2.0.0, master) or `/usr/bin/docker-runc --version`
 *   (2017 builds, 1.0.0; each build's core/invoker/Dockerfile, builds.ts invokerRuncBinary);
 * - equal: runc stays on. Different or unreadable: `openwhisk:invokers.runcMismatch` = `fallback`
 *   turns the build's runc switch off (both keys: the build reads its own) and logs one line naming both
 *   versions and the consequence; `fail` logs the line and exits non-zero so the orchestrator shows it.
 * The outcome is written to `/logs/runc-guard` (the invoker's log directory on the host) and logged.
 */
import type { StackConfig } from "../config/schema";
import { BUILDS } from "./builds";
import type { FileSpec } from "./containerSpec";

export const RUNC_GUARD_PATH = "/openwhisk/runc-guard.sh";
/** Where the outcome is recorded inside the container (`/logs` is the host's /var/tmp/wsklogs/<invoker>). */
export const RUNC_GUARD_OUTCOME = "/logs/runc-guard";

export const RUNC_GUARD_SCRIPT = `#!/bin/sh
# runc guard (written by openwhisk-static-cluster): compares the engine's runc with the invoker image's
# before the invoker starts. Equal: runc on. Different or unreadable: runc off (fallback) or refuse (fail).
# Usage: runc-guard.sh <the invoker's start command...>
set -u
mode=\${OPENWHISK_RUNC_GUARD:-fallback}
binary=\${OPENWHISK_RUNC_BINARY:-/usr/bin/runc}
outcome_file=\${OPENWHISK_RUNC_GUARD_FILE:-${RUNC_GUARD_OUTCOME}}

engine=""
engine_file=\${OPENWHISK_ENGINE_RUNC_FILE:-}
if [ -n "$engine_file" ] && [ -r "$engine_file" ]; then
  engine=$(head -n 1 "$engine_file" 2>/dev/null | tr -cd 'A-Za-z0-9.+~_-' || true)
fi
if [ -z "$engine" ] && command -v docker >/dev/null 2>&1; then
  engine=$(docker version --format '{{range .Server.Components}}{{if eq .Name "runc"}}{{.Version}}{{end}}{{end}}' 2>/dev/null || true)
fi
if [ -z "$engine" ] && command -v curl >/dev/null 2>&1; then
  engine=$(curl -s --unix-socket /var/run/docker.sock http://localhost/version 2>/dev/null | sed -n 's/.*"Name":"runc","Version":"\\([^"]*\\)".*/\\1/p' | head -n 1)
fi
image=""
if [ -x "$binary" ]; then
  image=$("$binary" --version 2>/dev/null | sed -n 's/^runc version \\([^ ]*\\).*/\\1/p' | head -n 1)
fi

record() {
  mkdir -p "$(dirname "$outcome_file")" 2>/dev/null || true
  printf 'outcome=%s\\nhost_runc=%s\\nimage_runc=%s\\nmode=%s\\n' "$1" "\${engine:-unreadable}" "\${image:-unreadable}" "$mode" > "$outcome_file" 2>/dev/null || true
}

if [ -n "$engine" ] && [ "$engine" = "$image" ]; then
  record runc-on
  echo "openwhisk runc guard: host runc $engine matches the image's runc $image: pausing with runc" >&2
elif [ "$mode" = fail ]; then
  record refused
  echo "openwhisk runc guard: host runc \${engine:-unreadable} differs from the image's runc \${image:-unreadable} ($binary): with runc on every pause would fail and the invoker would kill the container; refusing to start (openwhisk:invokers.runcMismatch is fail)" >&2
  exit 1
else
  record runc-off
  echo "openwhisk runc guard: host runc \${engine:-unreadable} differs from the image's runc \${image:-unreadable} ($binary): runc off, pausing with docker instead (slower pauses; use an image whose runc matches the host's to get runc back)" >&2
  CONFIG_whisk_docker_containerFactory_useRunc=false
  INVOKER_USE_RUNC=false
  export CONFIG_whisk_docker_containerFactory_useRunc INVOKER_USE_RUNC
fi
exec "$@"
`;

/** The job (aws host) that reads the engine's runc from the host side, and where its answer goes. */
export const ENGINE_RUNC_JOB = "engine-runc";
export const ENGINE_RUNC_HOST_FILE = "/run/openwhisk/engine-runc";
export const ENGINE_RUNC_FILE = "/openwhisk/engine-runc";

/** The host job's script: the host's docker CLI asks the engine for its runc and writes the version (or nothing). */
export const ENGINE_RUNC_SCRIPT = `#!/bin/sh
# Reads the Docker engine's runc version from the host side (written by openwhisk-static-cluster), for
# the invoker's runc guard: some invoker images' docker CLI cannot read it (the 2017 build's is 1.12.0).
set -u
out=\${OPENWHISK_ENGINE_RUNC_OUT:-${ENGINE_RUNC_HOST_FILE}}
mkdir -p "$(dirname "$out")"
version=$(docker version --format '{{range .Server.Components}}{{if eq .Name "runc"}}{{.Version}}{{end}}{{end}}' 2>/dev/null || true)
printf '%s\\n' "$version" > "$out.tmp" && mv "$out.tmp" "$out"
echo "openwhisk engine runc: \${version:-unreadable}"
`;

/** The guard's file, env and command wrapper for an invoker with runc on; nothing when runc is off. */
export function runcGuard(config: StackConfig, start: string[]): { files: FileSpec[]; env: Record<string, string>; command: string[]; label?: string } {
  if (!config.invokers.useRunc) return { files: [], env: {}, command: start };
  return {
    files: [{ containerPath: RUNC_GUARD_PATH, content: RUNC_GUARD_SCRIPT, mode: "0755" }],
    env: {
      OPENWHISK_RUNC_GUARD: config.invokers.runcMismatch,
      OPENWHISK_RUNC_BINARY: BUILDS[config.release.flavor].invokerRuncBinary,
      // aws: the host job's answer, mounted read-only (renderInvoker.ts).
      ...(config.target === "aws" ? { OPENWHISK_ENGINE_RUNC_FILE: ENGINE_RUNC_FILE } : {}),
    },
    command: ["/bin/sh", RUNC_GUARD_PATH, ...start],
    label: config.invokers.runcMismatch,
  };
}
