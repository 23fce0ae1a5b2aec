/**
 * Resources that visibly run an OpenWhisk controller or invoker but that the pack cannot read as a
 * node: it reads docker containers and EC2 instances, launch templates and launch configurations
 * (openwhiskNodes.ts), so a controller on a GCP or Azure VM, a Kubernetes Deployment, an ECS task
 * definition or a `command:remote:Command` that starts it over SSH is judged by none of its policies.
 * Such a resource is named rather than passed in silence. "Visibly" means one of its known string
 * properties names an OpenWhisk controller or invoker image, or an env key only controllers of a
 * cluster or invokers set, or it is a Helm release of OpenWhisk's chart; anything less (a resource that
 * merely mentions `controller`) is not one.
 */
import { CLUSTER_KEYS, RUNC_KEY } from "../../components/plan/flavors";
import { COMPUTE_TYPES, isOpenWhiskImage, OW_IMAGE, type Role } from "./openwhiskNodes";
import type { StackResource } from "./stackResource";
import { isUnknown } from "./unknowns";

export interface UnjudgedResource {
  resource: StackResource;
  role: Role;
  /** What shows it: the image, or the env key. */
  evidence: string;
}

/**
 * Types that carry an image or env without running it: the node that runs it is judged (a pulled or
 * built image; a parameter, secret or object a boot script reads).
 */
const CARRIERS = /^(docker:index\/(remoteImage|image|registryImage|tag):|docker-build:|aws:(ssm|secretsmanager|s3|ecr|kms)\/|kubernetes:core\/v1:(ConfigMap|Secret)(List)?$|pulumi:|random:|tls:)/;

/** Env keys only a clustered controller (actor provider, seed list) or an invoker (runc) sets, in every build. */
const CONTROLLER_KEYS = [...new Set(Object.values(CLUSTER_KEYS).flatMap((k) => [k.actorProvider, k.seedNodesList, k.seedNodesPrefix && `${k.seedNodesPrefix}\\d+`].filter((x): x is string => !!x)))];
const KEY = new RegExp(`(?:^|[^A-Za-z0-9_])(${[...CONTROLLER_KEYS, RUNC_KEY.legacy, RUNC_KEY.config].join("|")})(?![A-Za-z0-9_])`);

/** Every known string and object key in a value, depth first, each with the object key it is the value of. */
function* stringsOf(value: unknown, key = "", depth = 0): Generator<[string, string]> {
  if (depth > 12 || value === null || value === undefined || isUnknown(value)) return;
  if (typeof value === "string") yield [value, key];
  else if (Array.isArray(value)) for (const v of value) yield* stringsOf(v, key, depth + 1);
  else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      yield [k, ""];
      yield* stringsOf(v, k, depth + 1);
    }
  }
}


/**
 * Whether an OpenWhisk-looking name found in a string is an image: a repository path (`openwhisk/controller`,
 * `registry/.../whisk-invoker`), or a bare name given as an image (an `image` field, `"image":"..."` in a
 * JSON text, `image: ...` in a YAML text). A bare `openwhisk-controller` anywhere else is the name of a
 * security group, a target group, a DNS record or a Service in front of the controllers, which runs nothing.
 */
function isImageReference(text: string, key: string, match: RegExpMatchArray): boolean {
  // A command line that builds, pushes, pulls or tags the image runs nothing (`docker build -t .../controller`).
  const start = ` ${text}`.lastIndexOf("\n", match.index!) + 1;
  const end = ` ${text}`.indexOf("\n", match.index! + match[0].length);
  const line = ` ${text}`.slice(start, end < 0 ? undefined : end);
  if (/\b(docker|podman|buildah|skopeo|crane)\s+((image|buildx)\s+)?(build|push|pull|tag|save|load|inspect|copy|cp|bake)\b/.test(line) && !/\b(docker|podman)\s+(container\s+)?(run|create)\b|\bservice\s+create\b/.test(line)) return false;
  if (match[1].includes("/")) return true;
  if (/^image$/i.test(key)) return true;
  const before = ` ${text}`.slice(0, match.index! + match[0].length - match[1].length);
  return /image["']?\s*[:=]\s*["']?$/i.test(before);
}

/** What shows a resource runs an OpenWhisk node, or undefined. */
export function openwhiskEvidence(props: Record<string, unknown>): { role: Role; evidence: string } | undefined {
  // A Helm release of OpenWhisk's own chart (apache/openwhisk-deploy-kube, chart `openwhisk`) runs
  // controllers and invokers whatever its values say.
  const chart = typeof props.chart === "string" ? props.chart : undefined;
  if (chart && /(^|\/)openwhisk$/.test(chart.replace(/[-@:]\d[\w.+-]*$/, ""))) return { role: "controller", evidence: `Helm chart ${chart}` };
  let byKey: { role: Role; evidence: string } | undefined;
  for (const [s, key] of stringsOf(props)) {
    for (const m of ` ${s}`.matchAll(OW_IMAGE)) {
      // An image of OpenWhisk's own (openwhisk/controller, a mirror's .../openwhisk/invoker, whisk-controller):
      // other projects publish images named `controller` too (ingress-nginx/controller, acme/whiskey-controller).
      if (isOpenWhiskImage(m[1]) && isImageReference(s, key, m)) return { role: m[2] as "controller" | "invoker", evidence: `image ${m[1]}` };
    }
    const k = byKey ? null : KEY.exec(s);
    if (k) byKey = { role: k[1] === RUNC_KEY.legacy || k[1] === RUNC_KEY.config ? "invoker" : "controller", evidence: `env key ${k[1]}` };
  }
  return byKey;
}

export function unjudgedResources(resources: StackResource[]): UnjudgedResource[] {
  // A component resource (the parent of others) only groups what it creates; its children are read themselves.
  const parents = new Set(resources.map((r) => r.parent).filter((p): p is string => !!p));
  const out: UnjudgedResource[] = [];
  for (const resource of resources) {
    if (COMPUTE_TYPES.has(resource.type) || CARRIERS.test(resource.type) || parents.has(resource.urn)) continue;
    const found = openwhiskEvidence(resource.props);
    if (found) out.push({ resource, ...found });
  }
  return out;
}
