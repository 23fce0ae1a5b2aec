/**
 * Roll-outs that never lose the cluster's majority on aws (issue 14). A replaced controller counts as
 * done only when its host reports it really back: its `/ping` answers and the node has joined the
 * cluster (Akka / Pekko log "Welcome from [...]" when the cluster accepts the join, or "... is JOINING
 * itself ... and forming new cluster" for a first seed starting one). The host publishes
 * `ready <instance-id> <time>` in an SSM parameter; the deploying machine waits for that value with
 * the new instance's id (an old "ready" never counts for a new instance) before the next controller
 * is touched (components/aws/controllerReadyGate.ts).
 */
import { shellWord } from "./hostFiles";

/** The SSM parameter a controller's host reports readiness in. */
export function readyParameter(stack: string, controller: string): string {
  return `/openwhisk/${stack}/ready/${controller}`;
}

/** Parameters the controller hosts of a stack may write (IAM resource pattern). */
export function readyParameterPattern(stack: string): string {
  return readyParameter(stack, "*");
}

/** Whether a reported value says this very instance is ready. */
export function isReadyFor(value: string | undefined, instanceId: string): boolean {
  const [word, id] = (value ?? "").trim().split(/\s+/);
  return word === "ready" && id === instanceId;
}

/** Log lines of Akka 2.5 / 2.6 and Pekko's cluster daemon that say this node is in the cluster. */
export const JOINED_LOG = "Welcome from \\[|is JOINING itself .*forming new cluster";

export interface WaitForReady {
  /** Reads the reported value (undefined when there is none yet). */
  read(): Promise<string | undefined>;
  controller: string;
  instanceId: string;
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
    if (isReadyFor(last, w.instanceId)) return last!;
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
}

/** The host's readiness reporter (run once per boot by openwhisk-ready.service, after the controller). */
export function readyReportScript(a: ReadyReportArgs): string {
  const w = shellWord;
  return `#!/bin/sh
# Reports this controller ready once /ping answers and it has joined the cluster (written by
# openwhisk-static-cluster): SSM parameter ${a.parameter} = "ready <instance-id> <time>".
set -u
name=${w(a.controller)}
port=${a.apiPort}
parameter=${w(a.parameter)}
region=${w(a.region)}
timeout=\${READY_TIMEOUT:-${a.timeoutSeconds}}
interval=\${READY_INTERVAL:-5}
imds=\${IMDS_URL:-http://169.254.169.254}

token=$(curl -sf -X PUT "$imds/latest/api/token" -H "X-aws-ec2-metadata-token-ttl-seconds: 300" || true)
instance=$(curl -sf -H "X-aws-ec2-metadata-token: $token" "$imds/latest/meta-data/instance-id" || true)
if [ -z "$instance" ]; then
  echo "openwhisk-ready: cannot read this instance's id from the metadata service" >&2
  exit 1
fi
started=$(date +%s)
while :; do
  if curl -sf "http://127.0.0.1:$port/ping" >/dev/null 2>&1 && docker logs "$name" 2>&1 | grep -Eq '${JOINED_LOG}'; then
    if aws ssm put-parameter --region "$region" --name "$parameter" --type String --overwrite --value "ready $instance $(date -u +%Y-%m-%dT%H:%M:%SZ)" >/dev/null; then
      echo "openwhisk-ready: $name answers /ping and has joined the cluster: reported ready ($instance)"
      exit 0
    fi
  fi
  if [ $(($(date +%s) - started)) -ge "$timeout" ]; then
    echo "openwhisk-ready: $name was not ready within $timeout s (/ping on port $port and a cluster join in its log)" >&2
    exit 1
  fi
  sleep "$interval"
done
`;
}
