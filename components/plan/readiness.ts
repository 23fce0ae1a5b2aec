/**
 * Roll-outs that never lose the cluster's majority on aws. A replaced controller counts as done only
 * when its host reports it really back: its `/ping` answers and the node is a member of THE cluster.
 *
 * The membership signal is the cluster's own log line, anchored so that nothing else can produce it:
 * - Every build logs through slf4j (`akka.loggers = [...Slf4jLogger]`, common/scala/src/main/resources/
 *   logging.conf at febde0042, 1.0.0, 2.0.0, 1fae641) with the console pattern
 *   `[%d{yyyy-MM-dd'T'HH:mm:ss.SSS'Z'}] [%p] %msg%n` (common/scala/src/main/resources/logback.xml at
 *   each of those refs), so a line starts with the timestamp and the level.
 * - The cluster daemon prefixes each of its messages with `Cluster Node [<this node's address>] - `
 *   (Akka / Pekko ClusterLogging). It logs `Welcome from [<member>]` when the cluster accepts this
 *   node's join, and when a first seed joins itself, `Node [<self>] is JOINING, roles [...]` on Akka
 *   2.5.4 (febde0042's build) and `Node [<self>] is JOINING itself (with roles [...]) and forming new
 *   cluster` on later 2.5.x, 2.6 and Pekko: both start with `Node [<self>] is JOINING`.
 * - So a line counts only if it starts (line start) with the timestamp, `[INFO] Cluster Node [` and
 *   this node's own address. OpenWhisk's own log lines (request logs, headers such as X-Request-ID,
 *   which end up in the transaction id) start `[<time>] [<level>] [#tid_...]`, never like that.
 * - Only the first seed may form a cluster by joining itself. If it did while another controller's
 *   remoting port answers, it formed a separate cluster next to the running one: that is reported
 *   (`separate-cluster <instance-id> ...`) and the gate fails at once instead of going on.
 *
 * The host publishes `ready <instance-id> <time> boot=<boot id> joined=<welcome|formed>` in an SSM
 * parameter once per boot; the deploying machine waits for that value with the new instance's id (an
 * old "ready" never counts for a new instance), and after a stop/start of the same instance (an
 * instance type change) for a report other than the one it accepted before (a new boot), before the
 * next controller is touched (components/aws/controllerReadyGate.ts).
 */
import type { Flavor } from "../config/flavorNames";
import { ACTOR_SYSTEM, seedUri } from "./flavors";
import { shellWord } from "./hostFiles";

/** The SSM parameter a controller's host reports readiness in. */
export function readyParameter(stack: string, controller: string): string {
  return `/openwhisk/${stack}/ready/${controller}`;
}

/** Parameters the controller hosts of a stack may write (IAM resource pattern). */
export function readyParameterPattern(stack: string): string {
  return readyParameter(stack, "*");
}

/** Whether a reported value says this very instance is ready (and is not the report `stale`, when given). */
export function isReadyFor(value: string | undefined, instanceId: string, stale?: string): boolean {
  const [word, id] = (value ?? "").trim().split(/\s+/);
  return word === "ready" && id === instanceId && (stale === undefined || (value ?? "").trim() !== stale.trim());
}

/** Whether the host reported that this instance formed a cluster of its own next to a running one. */
export function isSeparateClusterFor(value: string | undefined, instanceId: string): boolean {
  const [word, id] = (value ?? "").trim().split(/\s+/);
  return word === "separate-cluster" && id === instanceId;
}

/** The address a controller's cluster daemon logs as its own (`Cluster Node [<address>]`). */
export function clusterSelfAddress(flavor: Flavor, host: string, port: number): string {
  // febde0042's seed list is host:port; its StaticSeedNodesProvider makes akka.tcp addresses of the
  // actor system (core/controller/.../loadBalancer/SeedNodesProvider.scala), and so does remoting.
  return flavor === "legacy-2017" ? `akka.tcp://${ACTOR_SYSTEM}@${host}:${port}` : seedUri(flavor, host, port);
}

/** A literal string inside a POSIX extended regular expression. */
function ereLiteral(text: string): string {
  return text.replace(/[\\^$.|?*+()[\]{}]/g, "\\$&");
}

/** The start of a line the cluster daemon writes about this node, in every build's console pattern. */
function clusterLinePrefix(self: string): string {
  return `^\\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\\.[0-9]{3}Z\\] \\[INFO\\] Cluster Node \\[${ereLiteral(self)}\\] - `;
}

/** The line that says the cluster accepted this node's join (ERE). */
export function welcomeLogPattern(self: string): string {
  return `${clusterLinePrefix(self)}Welcome from \\[`;
}

/** The line that says this node joined itself, forming a new cluster (Akka 2.5.4 and later forms; ERE). */
export function formedLogPattern(self: string): string {
  return `${clusterLinePrefix(self)}Node \\[${ereLiteral(self)}\\] is JOINING`;
}

export interface WaitForReady {
  /** Reads the reported value (undefined when there is none yet). */
  read(): Promise<string | undefined>;
  controller: string;
  instanceId: string;
  /**
   * A report that no longer counts: after a stop/start of the same instance (an instance type change)
   * the report accepted before the stop; the host writes a new one (a new boot) once back.
   */
  stale?: string;
  timeoutSeconds: number;
  intervalSeconds?: number;
  sleep?(ms: number): Promise<void>;
  now?(): number;
}

/** Waits until the controller's host reports this instance ready; throws, naming the controller, on timeout. */
export async function waitForReady(w: WaitForReady): Promise<string> {
  const now = w.now ?? Date.now;
  const sleep = w.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const start = now();
  let last: string | undefined;
  for (;;) {
    try {
      last = await w.read();
    } catch (e) {
      last = `(not readable: ${e instanceof Error ? e.message : String(e)})`;
    }
    if (isReadyFor(last, w.instanceId, w.stale)) return last!;
    if (isSeparateClusterFor(last, w.instanceId)) {
      throw new Error(
        `controller ${w.controller} (instance ${w.instanceId}) formed a cluster of its own while other controllers are running (${last}): ` +
          `a separate cluster, not a member of the running one. The roll-out stops here: no other controller was touched. ` +
          `Check that its seeds are reachable from it (remoting port, security group, DNS), then run pulumi up again.`,
      );
    }
    if (now() - start >= w.timeoutSeconds * 1000) {
      throw new Error(
        `controller ${w.controller} (instance ${w.instanceId}) did not report ready within ${w.timeoutSeconds} s ` +
          `(its /ping must answer and it must have joined the cluster; last report: ${last ?? "none"}). ` +
          `The roll-out stops here: no other controller was touched. On the host: journalctl -u openwhisk-ready and ` +
          `journalctl -u openwhisk-${w.controller}; fix the cause, then run pulumi up again (it waits for the same instance).`,
      );
    }
    await sleep((w.intervalSeconds ?? 10) * 1000);
  }
}

export interface ReadyReportArgs {
  /** The controller's container (and unit) name. */
  controller: string;
  /** The host port of its HTTP API. */
  apiPort: number;
  parameter: string;
  region: string;
  timeoutSeconds: number;
  /** The address this controller's cluster daemon logs as its own (clusterSelfAddress). */
  self: string;
  /** Whether this node may form a new cluster by joining itself (the first seed only). */
  mayForm: boolean;
  /** The other controllers' remoting endpoints: if one answers, a self-join formed a separate cluster. */
  peers: Array<{ host: string; port: number }>;
}

/** The host's readiness reporter (run once per boot by openwhisk-ready.service, after the controller). */
export function readyReportScript(a: ReadyReportArgs): string {
  const w = shellWord;
  const peers = a.peers.map((p) => `${p.host}:${p.port}`);
  for (const p of peers) if (!/^[A-Za-z0-9.-]+:[0-9]+$/.test(p)) throw new Error(`not a peer endpoint: ${JSON.stringify(p)}`);
  return `#!/bin/sh
# Reports this controller ready once /ping answers and the cluster accepted it (written by
# openwhisk-static-cluster): SSM parameter ${a.parameter} = "ready <instance-id> <time> boot=<id> joined=<how>".
# Only the cluster daemon's own lines about this node count: anchored to the line start, the logback
# console pattern and this node's address (see components/plan/readiness.ts).
set -u
name=${w(a.controller)}
port=${a.apiPort}
parameter=${w(a.parameter)}
region=${w(a.region)}
may_form=${a.mayForm ? 1 : 0}
peers=${w(peers.join(" "))}
welcome=${w(welcomeLogPattern(a.self))}
formed=${w(formedLogPattern(a.self))}
timeout=\${READY_TIMEOUT:-${a.timeoutSeconds}}
interval=\${READY_INTERVAL:-5}
imds=\${IMDS_URL:-http://169.254.169.254}

token=$(curl -sf -X PUT "$imds/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300" || true)
instance=$(curl -sf -H "X-aws-ec2-metadata-token: $token" "$imds/latest/meta-data/instance-id" || true)
if [ -z "$instance" ]; then
  echo "openwhisk-ready: cannot read this instance's id from the metadata service" >&2
  exit 1
fi
boot=$(cat "\${BOOT_ID_FILE:-/proc/sys/kernel/random/boot_id}" 2>/dev/null || echo unknown)
put() {
  aws ssm put-parameter --region "$region" --name "$parameter" --type String --overwrite --value "$1" >/dev/null
}
# Whether host:port accepts a TCP connection within 2 s (the inner bash expands $0 and $1 itself).
# shellcheck disable=SC2016
answers() {
  timeout 2 bash -c 'exec 3<>"/dev/tcp/$0/$1"' "$1" "$2" >/dev/null 2>&1
}
started=$(date +%s)
while :; do
  joined=""
  if curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1; then
    # The controller logs to stdout (logback's console appender); stderr is not read.
    logs=$(docker logs "$name" 2>/dev/null || true)
    if printf '%s\n' "$logs" | grep -Eq "$welcome"; then
      joined=welcome
    elif [ "$may_form" = 1 ] && printf '%s\n' "$logs" | grep -Eq "$formed"; then
      for peer in $peers; do
        if answers "\${peer%:*}" "\${peer##*:}"; then
          echo "openwhisk-ready: $name formed a cluster of its own while $peer is up: a separate cluster, not ready" >&2
          put "separate-cluster $instance $(date -u +%Y-%m-%dT%H:%M:%SZ) peer=$peer" || true
          exit 1
        fi
      done
      joined=formed
    fi
  fi
  if [ -n "$joined" ]; then
    if put "ready $instance $(date -u +%Y-%m-%dT%H:%M:%SZ) boot=$boot joined=$joined"; then
      echo "openwhisk-ready: $name answers /ping and is a cluster member ($joined): reported ready ($instance, boot $boot)"
      exit 0
    fi
  fi
  if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
    echo "openwhisk-ready: $name was not ready within $timeout s (/ping on port $port and the cluster's own line that it joined)" >&2
    exit 1
  fi
  sleep "$interval"
done
`;
}
