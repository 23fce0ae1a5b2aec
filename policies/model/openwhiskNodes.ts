/**
 * OpenWhisk controllers and invokers found among the stack's containers, instances and launch
 * templates, whoever wrote the stack: by their declared role (`openwhisk.role` label, `openwhisk:role`
 * tag), else by the env keys only a controller or an invoker has, else by the image (the container's,
 * or one a host's user data runs). Their build: declared, else the keys, else the image's tag.
 */
import { CLUSTER_KEYS, FLAVORS, RUNC_KEY, parseSeedUri, type ClusterKeys, type Flavor } from "../../components/plan/flavors";
import { imageTag } from "../../components/plan/builds";
import { JVM_OPTION_VARIABLES, jvmOptions, propertyToConfigKey } from "../../components/plan/envTransform";
import { readDeclarations, readNodeEnv, type NodeEnv } from "./nodeEnv";
import type { StackResource } from "./stackResource";
import { TYPES } from "./staticAddresses";
import { isUnknown, knownString } from "./unknowns";
import { textCache } from "../../components/plan/textCache";

export type Role = "controller" | "invoker";

export interface OpenWhiskNode {
  resource: StackResource;
  platform: "docker" | "aws";
  /** An auto-scaled template (launch template / configuration) rather than one fixed host. */
  template: boolean;
  role: Role;
  /** The OpenWhisk image the node runs, when the resource says. */
  image?: string;
  /** The instance index its command gives it (`init.sh <i>`, `controller <i>`; a container left on the image's command is 0). */
  instanceIndex?: number;
  /** The node's own name: container hostname or name, instance Name tag, else the resource name. */
  name: string;
  env: NodeEnv;
  /** `openwhisk.*` labels / `openwhisk:*` tags, keyed `openwhisk.<x>`. */
  declared: Map<string, string>;
  /** The build: declared (label/tag), else inferred from the keys, else the stack's controllers'. */
  flavor: Flavor | undefined;
  flavorSource: "declared" | "inferred" | "stack" | undefined;
}

const ACTOR_PROVIDER_KEYS = [...new Set(Object.values(CLUSTER_KEYS).map((k) => k.actorProvider))];
/** An image reference naming OpenWhisk's controller or invoker, anywhere in text (user data, compose files). */
export const OW_IMAGE = /(?:^|[\s"'=\[,])((?:[A-Za-z0-9.-]+(?::\d+)?\/)*[a-z0-9._-]*\/?(controller|invoker)(?::[A-Za-z0-9_][A-Za-z0-9_.-]*)?(?:@sha256:[0-9a-f]+)?)(?=$|[\s"',\]])/gm;
/**
 * Whether an image OW_IMAGE matched is OpenWhisk's own: `openwhisk`, `whisk` (upstream's Docker Hub
 * namespace and ansible's default docker_image_prefix) or `ow` as a word of its name (a mirror's
 * `registry/ow/controller`, `whisk-invoker`). Other projects publish images named `controller` too
 * (ingress-nginx/controller, traefik/controller, acme/whiskey-controller): those run no OpenWhisk node.
 */
export function isOpenWhiskImage(image: string): boolean {
  const name = image.replace(/(:[\w.-]+)?(@sha256:[0-9a-f]+)?$/, "");
  return /(^|[/._-])((open)?whisk|ow)([/._-]|$)/i.test(name);
}
export const COMPUTE_TYPES = new Set<string>([TYPES.container, TYPES.instance, TYPES.launchTemplate, TYPES.launchConfiguration]);

/** The OpenWhisk images a resource runs: a container's image (or its RemoteImage's name), or those its user data names. */
function imagesOf(resource: StackResource, env: NodeEnv, byUrn: Map<string, StackResource>): { role: Role; image: string }[] {
  const out: { role: Role; image: string }[] = [];
  const pulled = (resource.propertyDependencies.image ?? []).map((u) => byUrn.get(u)).find((r) => r?.type === "docker:index/remoteImage:RemoteImage");
  // The RemoteImage's name first: after an update the container's image is the pulled image's id, but a
  // replacement pulls the name again (a moving tag moves).
  const direct = knownString(pulled?.props.name) ?? knownString(resource.props.image);
  if (direct !== undefined) {
    for (const m of ` ${direct}`.matchAll(OW_IMAGE)) out.push({ role: m[2] as Role, image: m[1] });
    return out;
  }
  return env.text !== undefined ? userDataImages.get(env.text, imagesInText) : out;
}

/** The OpenWhisk images a user data text names, by text (the same host's text in the preview and after the update; the result is shared, never changed). */
const userDataImages = textCache<{ role: Role; image: string }[]>(8192);

function imagesInText(text: string): { role: Role; image: string }[] {
  const out: { role: Role; image: string }[] = [];
  for (const m of ` ${text}`.matchAll(OW_IMAGE)) if (m[1].includes("/")) out.push({ role: m[2] as Role, image: m[1] });
  return out;
}

/** The build an image's tag names: 1.0.0 (Akka 2.5), 2.0.0 (Akka 2.6), a 2017 date (the seed's era), nightly / master (Pekko). */
export function flavorFromImage(image: string | undefined): Flavor | undefined {
  if (!image) return undefined;
  const tag = imageTag(image);
  if (/^1\.0\.\d+/.test(tag)) return "akka-2.5";
  if (/^2\.0\.\d+/.test(tag)) return "akka-2.6";
  if (/(^|\D)2017[-._]?(0[1-9]|1[0-2])/.test(tag)) return "legacy-2017";
  // Upstream publishes master as `nightly` (and CI builds as `master`): today that is the Pekko build.
  if (tag === "nightly" || tag === "master") return "pekko";
  return undefined;
}

/** The instance index a controller's command gives it. */
function instanceIndexOf(resource: StackResource, env: NodeEnv, role: Role): number | undefined {
  const INDEX = /(?:init\.sh|bin\/controller)\s+(\d+)\b/;
  if (resource.type === TYPES.container) {
    const command = resource.props.command;
    if (isUnknown(command)) return undefined;
    const args = Array.isArray(command) ? command.map((c) => knownString(c)) : [];
    if (args.some((a) => a === undefined)) return undefined;
    if (args.length === 0) return role === "controller" ? 0 : undefined; // the image's CMD: ./init.sh 0
    const m = INDEX.exec(args.join(" "));
    return m ? Number(m[1]) : undefined;
  }
  const m = env.text ? INDEX.exec(env.text) : null;
  return m ? Number(m[1]) : undefined;
}
const SEED_KEY = /^(CONFIG_(akka|pekko)_cluster_seedNodes_\d+|AKKA_CLUSTER_SEED_NODES)$/;

function roleOf(resource: StackResource, env: NodeEnv, declared: Map<string, string>, images: { role: Role; image: string }[]): Role | undefined {
  const role = declared.get("openwhisk.role");
  if (role === "controller" || role === "invoker") return role;
  if (role) return undefined;
  const keys = [...env.values.keys()];
  if (keys.some((k) => ACTOR_PROVIDER_KEYS.includes(k) || SEED_KEY.test(k))) return "controller";
  if (keys.some((k) => k === RUNC_KEY.legacy || k === RUNC_KEY.config || k === "INVOKER_OPTS" || k.startsWith("CONFIG_whisk_invoker_"))) return "invoker";
  // An image says the role only when it is OpenWhisk's own (a node known by its keys runs any image).
  const roles = new Set(images.filter((i) => isOpenWhiskImage(i.image)).map((i) => i.role));
  if (roles.size === 1) return [...roles][0];
  const ami = knownString(resource.props.ami) ?? "";
  if (/(^|\/)controller([:@]|$)/.test(ami)) return "controller";
  if (/(^|\/)invoker([:@]|$)/.test(ami)) return "invoker";
  return undefined;
}

/** The build whose keys a node's env uses, when the keys say it unambiguously. */
export function inferFlavor(env: NodeEnv): Flavor | undefined {
  const keys = [...env.values.keys()];
  if (keys.some((k) => k.startsWith("CONFIG_pekko_"))) return "pekko";
  if (keys.some((k) => k.startsWith("CONFIG_akka_remote_artery_"))) return "akka-2.6";
  // Netty keys that only stand for `-D` options say Akka 2.5, which the 2017 build runs too: its own
  // AKKA_* variables then tell it apart from 1.0.0.
  const netty = keys.filter((k) => k.startsWith("CONFIG_akka_remote_netty_"));
  if (netty.length && keys.some((k) => k.startsWith("AKKA_"))) {
    const fromOptions = jvmOptionKeys(env.values);
    if (netty.every((k) => fromOptions.has(k))) return "legacy-2017";
  }
  if (netty.length) return "akka-2.5";
  if (keys.some((k) => k.startsWith("AKKA_"))) return "legacy-2017";
  for (const [k, v] of env.values) {
    if (!SEED_KEY.test(k)) continue;
    const scheme = parseSeedUri(v.split(/[\s,]+/)[0] ?? "")?.scheme;
    if (scheme === "akka.tcp") return "akka-2.5";
    if (scheme === "akka") return "akka-2.6";
  }
  return undefined;
}

function declaredFlavor(declared: Map<string, string>): Flavor | undefined {
  const f = declared.get("openwhisk.flavor");
  return f && (FLAVORS as readonly string[]).includes(f) ? (f as Flavor) : undefined;
}

function nodeName(resource: StackResource, declared: Map<string, string>): string {
  if (resource.type === TYPES.container) {
    // A container that sets no hostname gets one from Docker, its id's first 12 hex digits: not a name the team gave it.
    const hostname = knownString(resource.props.hostname);
    return (hostname && !/^[0-9a-f]{12}$/.test(hostname) ? hostname : undefined) ?? knownString(resource.props.name) ?? resource.name;
  }
  const tags = resource.props.tags as Record<string, unknown> | undefined;
  return knownString(tags?.Name) ?? declared.get("openwhisk.name") ?? resource.name;
}

/** The OpenWhisk images a compose service names (its `image`). */
function serviceImages(image: string | undefined): { role: Role; image: string }[] {
  if (image === undefined) return [];
  return [...` ${image}`.matchAll(OW_IMAGE)].map((m) => ({ role: m[2] as Role, image: m[1] }));
}

/**
 * The OpenWhisk nodes among a host's compose services, each judged on its own service's env: by its
 * `openwhisk.role` label, else its image, else the keys only a controller or an invoker sets in its own
 * `environment` / `env_file` (a kafka or nginx service beside it is not a node). Undefined when the
 * host's compose files run no OpenWhisk node (then the host is read as a whole).
 */
function serviceNodes(resource: StackResource, env: NodeEnv, declared: Map<string, string>): OpenWhiskNode[] | undefined {
  if (!env.services) return undefined;
  const found: OpenWhiskNode[] = [];
  const names: string[] = [];
  for (const { service, values, runtimeKeys } of env.services) {
    const own = new Map([...service.labels].filter(([k]) => k.startsWith("openwhisk.")));
    const labels = new Map([...declared, ...own]);
    const images = serviceImages(service.image);
    const ownEnv: NodeEnv = { ...env, values: service.own };
    // The role from the service itself: the host's `openwhisk:role` tag would make its kafka a controller too.
    const role = roleOf({ ...resource, props: {} }, ownEnv, own, images);
    if (!role) continue;
    const serviceEnv: NodeEnv = { ...env, values, runtimeKeys, services: undefined };
    const image = images.find((i) => i.role === role)?.image;
    const d = declaredFlavor(labels);
    const inferred = d ? undefined : inferFlavor(serviceEnv) ?? flavorFromImage(image);
    const index = service.command !== undefined ? /(?:init\.sh|bin\/controller)\s+(\d+)\b/.exec(service.command) : undefined;
    names.push(service.name);
    found.push({
      resource,
      platform: "aws",
      template: resource.type === TYPES.launchTemplate || resource.type === TYPES.launchConfiguration,
      role,
      image,
      // No command: the image's own CMD, `./init.sh 0` for a controller (core/controller/Dockerfile at 1.0.0,
      // 2.0.0 and 1fae641; the 2017 image has no CMD of its own, so its index is unknown).
      instanceIndex: index ? Number(index[1]) : service.command === undefined && role === "controller" && (d ?? inferred) !== "legacy-2017" ? 0 : undefined,
      name: nodeName(resource, declared),
      env: serviceEnv,
      declared: labels,
      flavor: d ?? inferred,
      flavorSource: d ? "declared" : inferred ? "inferred" : undefined,
    });
  }
  if (found.length === 0) return undefined;
  // Several OpenWhisk services on one host: each is named after its service too.
  if (found.length > 1) for (const [i, n] of found.entries()) n.name = `${n.name}/${names[i]}`;
  return found;
}

/** The CONFIG_ keys whose value a `-D` option in the JVM option variables gives (the option the key stands for). */
function jvmOptionKeys(values: Map<string, string>): Set<string> {
  const out = new Set<string>();
  for (const variable of JVM_OPTION_VARIABLES) {
    const text = values.get(variable);
    if (!text) continue;
    for (const [property, value] of jvmOptions(text)) {
      const key = propertyToConfigKey(property);
      if (values.get(key) === value) out.add(key);
    }
  }
  return out;
}

/**
 * The settings of the 2017 build that `-D` options in JAVA_OPTS / CONTROLLER_OPTS give too: its
 * application.conf reads them from these variables (`hostname = ${?AKKA_CLUSTER_HOST}`; core/controller/
 * src/main/resources/application.conf at febde0042), and a JVM system property overrides the file, as
 * on every build. The build has no transformEnvironment.sh, so a CONFIG_ variable itself is not read.
 */
const LEGACY_JVM_PROPERTIES: Record<string, string> = {
  "akka.actor.provider": "AKKA_ACTOR_PROVIDER",
  "akka.remote.netty.tcp.hostname": "AKKA_CLUSTER_HOST",
  "akka.remote.netty.tcp.port": "AKKA_CLUSTER_PORT",
  "akka.remote.netty.tcp.bind-port": "AKKA_CLUSTER_BIND_PORT",
  "akka.cluster.auto-down-unreachable-after": "AUTO_DOWN_UNREACHABLE_AFTER",
};

/** A 2017-build node's env with its `-D` options as the variables that build reads (a variable given too loses: the property wins). */
function withLegacyJvmOptions(node: OpenWhiskNode): void {
  if (node.flavor !== "legacy-2017") return;
  let values: Map<string, string> | undefined;
  for (const variable of JVM_OPTION_VARIABLES) {
    const text = node.env.values.get(variable);
    if (!text) continue;
    for (const [property, value] of jvmOptions(text)) {
      const key = LEGACY_JVM_PROPERTIES[property];
      if (!key) continue;
      values ??= new Map(node.env.values);
      values.set(key, value);
      // Not a CONFIG_ variable this build ignores: the option it came from is read.
      const configKey = propertyToConfigKey(property);
      if (values.get(configKey) === value) values.delete(configKey);
    }
  }
  if (values) node.env = { ...node.env, values };
}

/** A host's env less what its compose services set (when none of them is an OpenWhisk node). */
function withoutComposeEnv(env: NodeEnv): NodeEnv {
  const values = new Map(env.values);
  for (const { service } of env.services ?? []) for (const [k, v] of service.own) if (values.get(k) === v) values.delete(k);
  return { ...env, values, services: undefined };
}

/**
 * A node the host runs outside its compose files (`docker run` in a boot script) beside compose services
 * that are OpenWhisk nodes of the other role: a compose invoker and a `docker run` controller are two
 * nodes. Known by the keys only that role sets, among those no compose service sets itself.
 */
function nodeOutsideCompose(resource: StackResource, env: NodeEnv, services: OpenWhiskNode[], byUrn: Map<string, StackResource>): OpenWhiskNode | undefined {
  const rest: NodeEnv = env.outside ? { ...env, ...env.outside, services: undefined, outside: undefined } : withoutComposeEnv(env);
  // Its role from keys no compose service sets itself (an env file both read says nothing of the docker run).
  const keys = new Map(rest.values);
  for (const { service } of env.services ?? []) for (const k of service.own.keys()) keys.delete(k);
  const role = roleOf({ ...resource, props: {} }, { ...rest, values: keys }, new Map(), []);
  if (!role || services.some((n) => n.role === role)) return undefined;
  const serviceImages = new Set(services.map((n) => n.image));
  const image = imagesOf(resource, rest, byUrn).find((i) => i.role === role && !serviceImages.has(i.image))?.image;
  // Something must run it: its image outside the compose files, or a docker run (an env file no one reads is no node).
  if (!image && !/\b(docker|podman)\s+(container\s+)?(run|create)\b/.test(env.text ?? "")) return undefined;
  const inferred = inferFlavor(rest) ?? flavorFromImage(image);
  return {
    resource,
    platform: "aws",
    template: resource.type === TYPES.launchTemplate || resource.type === TYPES.launchConfiguration,
    role,
    image,
    instanceIndex: instanceIndexOf(resource, rest, role),
    name: nodeName(resource, readDeclarations(resource)),
    env: rest,
    declared: new Map(),
    flavor: inferred,
    flavorSource: inferred ? "inferred" : undefined,
  };
}

export function findNodes(resources: StackResource[]): OpenWhiskNode[] {
  const nodes: OpenWhiskNode[] = [];
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  for (const resource of resources) {
    if (!COMPUTE_TYPES.has(resource.type)) continue;
    let env = readNodeEnv(resource);
    const declared = readDeclarations(resource);
    const services = serviceNodes(resource, env, declared);
    if (services) {
      nodes.push(...services);
      const outside = nodeOutsideCompose(resource, env, services, byUrn);
      if (outside) nodes.push(outside);
      continue;
    }
    // Compose runs only other things here (kafka, zookeeper): their env is their containers', not the node's.
    if (env.services) env = withoutComposeEnv(env);
    const images = imagesOf(resource, env, byUrn);
    const role = roleOf(resource, env, declared, images);
    if (!role) continue;
    const image = images.find((i) => i.role === role)?.image;
    const d = declaredFlavor(declared);
    const inferred = d ? undefined : inferFlavor(env) ?? flavorFromImage(image);
    nodes.push({
      resource,
      platform: resource.type === TYPES.container ? "docker" : "aws",
      template: resource.type === TYPES.launchTemplate || resource.type === TYPES.launchConfiguration,
      role,
      image,
      instanceIndex: instanceIndexOf(resource, env, role),
      name: nodeName(resource, declared),
      env,
      declared,
      flavor: d ?? inferred,
      flavorSource: d ? "declared" : inferred ? "inferred" : undefined,
    });
  }
  for (const n of nodes) withLegacyJvmOptions(n);
  // Invokers carry no cluster keys: they take the flavour of the stack's controllers when those agree.
  const controllerFlavors = new Set(nodes.filter((n) => n.role === "controller" && n.flavor).map((n) => n.flavor));
  if (controllerFlavors.size === 1) {
    const [flavor] = [...controllerFlavors];
    for (const n of nodes) if (!n.flavor) Object.assign(n, { flavor, flavorSource: "stack" });
  }
  return nodes;
}

/** The cluster keys the node's build reads; modern (pekko) names when the build is unknown. */
export function keysOf(node: OpenWhiskNode): ClusterKeys {
  return CLUSTER_KEYS[node.flavor ?? "pekko"];
}

/** Whether the controller runs the cluster actor provider (or might: its env is not known yet). */
export function isClustered(node: OpenWhiskNode): boolean {
  if (node.role !== "controller") return false;
  if (node.env.unknownAll) return true;
  // The build's own key decides; without it, another build's key set to cluster still shows the intent
  // (and the keys-per-build policies then report the wrong keys).
  const own = node.flavor ? node.env.values.get(keysOf(node).actorProvider) : undefined;
  if (own !== undefined) return own === "cluster";
  return ACTOR_PROVIDER_KEYS.some((k) => node.env.values.get(k) === "cluster");
}

export interface SeedEntry {
  key: string;
  text: string;
  scheme: string | undefined;
  system: string | undefined;
  host: string | undefined;
  port: number | undefined;
}

/** The seed list the node's build reads (its own keys only: another build's keys are not read). */
export function seedsOf(node: OpenWhiskNode): SeedEntry[] {
  const keys = keysOf(node);
  const entries: SeedEntry[] = [];
  const add = (key: string, text: string) => {
    const parsed = parseSeedUri(text);
    entries.push({ key, text, scheme: parsed?.scheme, system: parsed?.system, host: parsed?.host.toLowerCase(), port: parsed?.port });
  };
  if (keys.seedNodesList) {
    for (const text of (node.env.values.get(keys.seedNodesList) ?? "").split(/[\s,]+/).filter(Boolean)) add(keys.seedNodesList, text);
  } else if (keys.seedNodesPrefix) {
    const prefix = keys.seedNodesPrefix;
    const indexed = [...node.env.values].filter(([k, v]) => k.startsWith(prefix) && /^\d+$/.test(k.slice(prefix.length)) && v !== "");
    indexed.sort(([a], [b]) => Number(a.slice(prefix.length)) - Number(b.slice(prefix.length)));
    for (const [k, v] of indexed) add(k, v);
  }
  return entries;
}

export function envPort(node: OpenWhiskNode, key: string | undefined): number | undefined {
  const v = key ? node.env.values.get(key) : undefined;
  return v !== undefined && /^\d+$/.test(v.trim()) ? Number(v.trim()) : undefined;
}
