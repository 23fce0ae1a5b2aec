/**
 * Validation of a stack's `openwhisk:*` config: the zod schema, then the cross-field rules.
 * Input is the flat key/value map Pulumi holds (`openwhisk:controllers` -> object); output is either
 * a typed StackConfig or the list of key-naming issues. Never throws on bad input.
 */
import type { z } from "zod";
import { ConfigError, ConfigIssue, keyOf, NAMESPACE, RedactedSecret } from "./errors";
import { judgeWorld } from "./cidr";
import { type Cidr, cidrContains, cidrsOverlap, ipToNumber, numberToIp, parseCidr } from "./ipv4";
import { dockerDynamicPool } from "../plan/dockerAddressPool";
import { SECRET_KEYS, StackConfig, stackConfigSchema } from "./schema";
import { parseDuration } from "./durations";
import { designDocumentSums } from "../plan/databaseInit";
import { DESIGN_DOCUMENT_SUMS } from "../plan/designDocumentSums";
import { SUPERVISOR_IMAGES } from "../plan/renderSupervisor";
import { deepFreeze } from "../plan/deepFreeze";

export type ValidationResult = { ok: true; config: StackConfig } | { ok: false; issues: ConfigIssue[] };

const SECRET_KEY_SET = new Set<string>(SECRET_KEYS);

/** Names that the stack gives to other nodes; a controller may not take them. */
export const RESERVED_NODE_NAMES = ["zookeeper", "kafka", "couchdb", "nginx", "edge", "initdb", "kafka-topics", "core", "supervisor"];

/**
 * Names the aws hosts give their own units and scripts (`openwhisk-<name>.service`,
 * `/usr/local/bin/openwhisk-<name>`): the readiness reporter (components/controllerCluster.ts), the action
 * fence (plan/actionIsolation.ts FENCE_JOB), the launcher (plan/hostFiles.ts LAUNCHER_PATH) and the
 * secrets scripts' prefix. A controller named like one would replace it.
 */
export const RESERVED_UNIT_NAMES = ["ready", "action-fence", "action-fence-watch", "data-volume", "engine-runc", "fetch-supervisor", "container", "secrets"];

/** Docker's predefined networks: a user-defined network cannot take their names. */
export const RESERVED_NETWORK_NAMES = ["bridge", "host", "none"];

/**
 * IPv4 blocks no bridge network may touch: "this network" 0/8, loopback 127/8, link-local 169.254/16
 * (the instance metadata service), multicast 224/4 and the reserved 240/4 (RFC 6890).
 */
export const RESERVED_BLOCKS = ["0.0.0.0/8", "127.0.0.0/8", "169.254.0.0/16", "224.0.0.0/4", "240.0.0.0/4"];

/** Docker's default bridge (docker0): every invoker host's engine already routes it. */
export const DOCKER_DEFAULT_BRIDGE = "172.17.0.0/16";

/** The shortest and longest aws roll-out gate (controllers.readyTimeout): a JVM needs more than seconds to join. */
export const READY_TIMEOUT_BOUNDS = { minMs: 60_000, maxMs: 86_400_000 } as const;

function reservedOverlap(block: Cidr, extra: string[] = []): string | undefined {
  return [...RESERVED_BLOCKS, ...extra].find((r) => cidrsOverlap(parseCidr(r)!, block));
}

/** Collects the `openwhisk:` keys of a flat config map into one object (other namespaces are ignored). */
export function namespaced(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    const colon = key.indexOf(":");
    if (colon < 0) continue;
    if (key.slice(0, colon) !== NAMESPACE) continue;
    // An own property, whatever the name: `openwhisk:__proto__` must reach validation as itself.
    Object.defineProperty(out, key.slice(colon + 1), { value, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function valueAt(root: unknown, path: ReadonlyArray<PropertyKey>): unknown {
  let cur: unknown = root;
  for (const part of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<PropertyKey, unknown>)[part as string];
  }
  return cur;
}

function issuesFromZod(error: z.ZodError, input: Record<string, unknown>): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const k of issue.keys) {
        const path = [...issue.path, k];
        out.push({ key: keyOf(path), value: valueAt(input, path), expected: "no such key (check its spelling against the README's config reference)" });
      }
      continue;
    }
    const path = issue.path;
    const value = valueAt(input, path);
    const top = String(path[0] ?? "");
    out.push({
      key: keyOf(path),
      value: SECRET_KEY_SET.has(top) ? new RedactedSecret(value) : value,
      expected: value === undefined && !/^expected/.test(issue.message) ? `a value (required): ${issue.message}` : issue.message,
    });
  }
  return out;
}

/**
 * Characters no config string may hold, anywhere (keys and values, however deep): C0 and C1 controls
 * (C1 holds NEL, U+0085), the line and paragraph separators U+2028/U+2029 (PyYAML, which cloud-init
 * reads user data with, breaks lines at NEL, LS and PS as well as at \n and \r), the byte-order mark
 * U+FEFF, noncharacters, lone surrogates, and the bidirectional overrides and isolates (text that reads
 * differently in a review than it runs).
 */
const FORBIDDEN_CHARACTER = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/u;

/** Caps on every value, whatever its key (the schema caps each key tighter where it knows more). */
export const VALUE_CAPS = { string: 1024, key: 128, list: 256, keys: 256, depth: 16 } as const;

/** Keys that name an object's prototype machinery, never configuration. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** A key as it may be printed: every forbidden character written as <U+XXXX>. */
function visible(key: string): string {
  return key.replace(new RegExp(FORBIDDEN_CHARACTER.source, "gu"), (c) => `<${codePoint(c)}>`);
}

/**
 * One pass over every string, key, list and object of the config, before the schema: characters that a
 * consumer could read as a line break or that cannot be written as text, the caps, prototype keys. Each
 * issue names the key it was found at.
 */
function valueIssues(input: Record<string, unknown>): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const shown = (path: PropertyKey[], value: unknown) => (SECRET_KEY_SET.has(String(path[0])) ? new RedactedSecret(String(value)) : value);
  const badText = (text: string) => {
    const m = FORBIDDEN_CHARACTER.exec(text);
    return m ? `${codePoint(m[0])} at character ${m.index + 1}` : undefined;
  };
  const walk = (value: unknown, path: PropertyKey[], depth: number) => {
    if (typeof value === "string") {
      const bad = badText(value);
      if (bad) {
        issues.push({ key: keyOf(path), value: shown(path, visible(value.length > 80 ? `${value.slice(0, 77)}...` : value)), expected: `text without control characters, line or paragraph separators, byte-order marks, noncharacters, lone surrogates or bidirectional controls (found ${bad})` });
      } else if (value.length > VALUE_CAPS.string) {
        issues.push({ key: keyOf(path), value: shown(path, `${value.slice(0, 40)}...`), expected: `a value of at most ${VALUE_CAPS.string} characters (got ${value.length})` });
      }
      return;
    }
    if (value === null || typeof value !== "object") return;
    if (depth >= VALUE_CAPS.depth) {
      issues.push({ key: keyOf(path), value: "{...}", expected: `a value nested at most ${VALUE_CAPS.depth} levels deep` });
      return;
    }
    const entries = Object.entries(value);
    if (Array.isArray(value) && value.length > VALUE_CAPS.list) {
      issues.push({ key: keyOf(path), value: `[${value.length} entries]`, expected: `a list of at most ${VALUE_CAPS.list} entries` });
      return;
    }
    if (!Array.isArray(value) && entries.length > VALUE_CAPS.keys) {
      issues.push({ key: keyOf(path), value: `{${entries.length} keys}`, expected: `a mapping of at most ${VALUE_CAPS.keys} keys` });
      return;
    }
    for (const [k, v] of entries) {
      const next = [...path, Array.isArray(value) ? Number(k) : k];
      if (!Array.isArray(value)) {
        const bad = badText(k);
        if (bad) {
          issues.push({ key: keyOf([...path, visible(k)]), value: visible(k), expected: `a key without control characters, separators or other invisible characters (found ${bad})` });
          continue;
        }
        if (PROTOTYPE_KEYS.has(k)) {
          issues.push({ key: keyOf(next), value: v, expected: `no such key: ${k} is never a config key` });
          continue;
        }
        if (k.length > VALUE_CAPS.key) {
          issues.push({ key: keyOf([...path, `${k.slice(0, 40)}...`]), value: `${k.length} characters`, expected: `a key of at most ${VALUE_CAPS.key} characters` });
          continue;
        }
      }
      walk(v, next, depth + 1);
    }
  };
  for (const [k, v] of Object.entries(input)) {
    const bad = badText(k);
    // A top-level key is printed too: never raw (an escape sequence would rewrite the terminal or CI log).
    if (bad) issues.push({ key: keyOf([visible(k)]), value: "{...}", expected: `a key without control characters, separators or other invisible characters (found ${bad})` });
    else if (PROTOTYPE_KEYS.has(k)) issues.push({ key: keyOf([k]), value: v, expected: `no such key: ${k} is never a config key` });
    else walk(v, [k], 0);
  }
  return issues;
}

/** Validates the flat config map of one stack. */
export function validateStackConfig(raw: Record<string, unknown>, encryptedKeys: ReadonlyArray<string> = []): ValidationResult {
  const input = namespaced(raw);
  // A secret encrypted in the stack file (`secure:`) cannot be read offline (render, check): it is set, its
  // value unknown, so its grammar is judged by `pulumi up`, which validates the decrypted value. Only the
  // secret keys (all optional) are held back from the schema; the placeholder is put back afterwards.
  const withheld = new Map<string, unknown>();
  for (const flat of encryptedKeys) {
    const key = flat.startsWith(`${NAMESPACE}:`) ? flat.slice(NAMESPACE.length + 1) : undefined;
    if (key !== undefined && SECRET_KEY_SET.has(key) && Object.prototype.hasOwnProperty.call(input, key)) {
      withheld.set(key, input[key]);
      delete input[key];
    }
  }
  const result = validateNamespaced(input);
  if (result.ok) for (const [key, value] of withheld) (result.config as Record<string, unknown>)[key] = value;
  return result;
}

function validateNamespaced(input: Record<string, unknown>): ValidationResult {
  const control = valueIssues(input);
  const parsed = stackConfigSchema.safeParse(input);
  if (!parsed.success || control.length) {
    const flagged = new Set(control.map((i) => i.key));
    // A key holding a forbidden character is reported above, shown visibly; never again raw.
    const rest = parsed.success ? [] : issuesFromZod(parsed.error, input).filter((i) => !flagged.has(i.key) && !FORBIDDEN_CHARACTER.test(i.key));
    return { ok: false, issues: [...control, ...rest] };
  }
  const issues = crossFieldIssues(parsed.data);
  return issues.length ? { ok: false, issues } : { ok: true, config: parsed.data };
}

/** Like validateStackConfig, but throws a ConfigError (with the formatted list) on invalid input. */
export function parseStackConfig(raw: Record<string, unknown>, source?: string): StackConfig {
  const result = validateStackConfig(raw);
  if (!result.ok) throw new ConfigError(result.issues, source);
  return result.config;
}

function crossFieldIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const add = (path: PropertyKey[], value: unknown, expected: string) => issues.push({ key: keyOf(path), value, expected });
  const { controllers, invokers, release } = c;

  if (controllers.seeds > controllers.count) {
    add(["controllers", "seeds"], controllers.seeds, `a seed count from 1 to controllers.count (${controllers.count})`);
  }

  // Downing keys must exist in the chosen build.
  const downing = controllers.downing;
  const akka25 = release.flavor === "legacy-2017" || release.flavor === "akka-2.5";
  if (downing.mode === "auto" && downing.strategy !== undefined && akka25) {
    add(["controllers", "downing", "strategy"], downing.strategy,
      `no strategy: ${release.flavor} builds (Akka 2.5) have no split-brain resolver; they read only auto-down-unreachable-after (remove strategy, or use flavor akka-2.6 or pekko)`);
  }
  if (downing.mode === "manual" && downing.via === "http") {
    add(["controllers", "downing", "via"], downing.via,
      "jmx: stock OpenWhisk images never serve cluster HTTP management with static seeds (Akka/Pekko Management starts only with " +
      "whisk.cluster.use-cluster-bootstrap, and the controller carries no /cluster/members routes), so HTTP downing would be no downing at all; " +
      "use via: jmx (the cluster MBean's down operation, authenticated) or automatic downing (mode: auto)");
  }
  if (downing.mode === "manual") {
    const taken = new Map<number, string>([[controllers.remotingPort, "controllers.remotingPort"], [8080, "the controller's HTTP API port inside the container"]]);
    for (const [port, what] of [[downing.port, "JMX"], [downing.port + 1, "RMI (port + 1)"]] as const) {
      if (port > 65535) add(["controllers", "downing", "port"], downing.port, "a port up to 65534 (the RMI port is port + 1)");
      else if (taken.has(port)) add(["controllers", "downing", "port"], downing.port, `a port whose ${what} port is not ${taken.get(port)} (${port})`);
    }
  }
  if (downing.mode === "auto" && !akka25) {
    const strategy = downing.strategy ?? "keep-majority";
    if (strategy === "static-quorum") {
      const min = Math.floor(controllers.count / 2) + 1;
      if (downing.quorumSize === undefined) {
        add(["controllers", "downing", "quorumSize"], undefined,
          `a quorum size for static-quorum, from ${min} to ${controllers.count} (more than half of the controllers): the resolver reads split-brain-resolver.static-quorum.quorum-size, which has no default, and the controller fails at startup without it`);
      } else if (downing.quorumSize < min || downing.quorumSize > controllers.count) {
        add(["controllers", "downing", "quorumSize"], downing.quorumSize, `a quorum size from ${min} to ${controllers.count} (more than half of controllers.count, at most all of them)`);
      }
    } else if (downing.quorumSize !== undefined) {
      add(["controllers", "downing", "quorumSize"], downing.quorumSize, "no quorumSize: it is read only with strategy static-quorum");
    }
    if (strategy === "lease-majority" && downing.leaseImplementation === undefined) {
      add(["controllers", "downing", "leaseImplementation"], undefined,
        "the config path of a lease implementation on the controllers' classpath for lease-majority (none ships with OpenWhisk images, and the resolver refuses an empty one at startup); or another strategy such as keep-majority");
    } else if (strategy !== "lease-majority" && downing.leaseImplementation !== undefined) {
      add(["controllers", "downing", "leaseImplementation"], downing.leaseImplementation, "no leaseImplementation: it is read only with strategy lease-majority");
    }
  }
  if (downing.mode === "auto" && downing.supervisor !== undefined) {
    add(["controllers", "downing", "supervisor"], downing.supervisor,
      "no supervisor with mode auto: the build's own automatic downing decides, and a second decider downing members is split brain " +
      "(use mode: manual to have the supervisor down members, or remove the supervisor key)");
  }
  if (downing.mode === "manual" && downing.supervisor.enabled && controllers.count >= 2 && controllers.seeds < 2) {
    // Akka/Pekko join a node whose seed list is only itself to itself at once (ClusterDaemon.scala, joinSeedNodes).
    add(["controllers", "seeds"], controllers.seeds,
      "at least 2 seeds while the downing supervisor runs (controllers.downing.supervisor.enabled): a controller whose seed list is only itself forms a cluster of its own whenever it starts, so a restart could make a second cluster; or set controllers.downing.supervisor.enabled: false");
  }
  if (downing.mode === "manual" && downing.supervisor.enabled && c.target === "aws" && c.aws && c.aws.privateSubnets.length > 0) {
    // The supervisor's host runs in the first private subnet and reaches the controllers' JMX/RMI ports from there.
    const home = parseCidr(c.aws.privateSubnets[0].cidr);
    const covered = home && downing.allowedCidrs.some((block) => {
      const b = parseCidr(block);
      return !!b && cidrContains(b, numberToIp(home.network)) && cidrContains(b, numberToIp(home.network + home.size - 1));
    });
    if (home && !covered) {
      add(["controllers", "downing", "allowedCidrs"], downing.allowedCidrs,
        `a block covering aws.privateSubnets[0] (${c.aws.privateSubnets[0].cidr}), where the downing supervisor's host runs: it reads and downs the controllers over their JMX and RMI ports (or set controllers.downing.supervisor.enabled: false)`);
    }
  }
  if (downing.mode === "manual") {
    const { stableAfter, interval } = downing.supervisor;
    if (parseDuration(stableAfter)!.ms < 2 * parseDuration(interval)!.ms) {
      add(["controllers", "downing", "supervisor", "stableAfter"], stableAfter,
        `a duration of at least twice supervisor.interval (${interval}): a view counts as stable only after it was read the same more than once`);
    }
  }
  if (downing.mode === "auto" && akka25) {
    for (const key of ["quorumSize", "leaseImplementation"] as const) {
      if (downing[key] !== undefined) add(["controllers", "downing", key], downing[key], `no ${key}: ${release.flavor} builds have no split-brain resolver`);
    }
  }
  if (c.guestAuthKey !== undefined && c.guestAuthKey === c.systemAuthKey) {
    add(["systemAuthKey"], new RedactedSecret(c.systemAuthKey), "a key other than openwhisk:guestAuthKey (the guest and whisk.system subjects must not share a key)");
  }
  // Upstream's JMX password defaults to the user name when a user is given (ansible/group_vars/all
  // `pass: "{{ jmxuser | default('jmxpass') }}"`): a password equal to its user name is published too.
  if (downing.mode === "manual" && c.jmxPassword !== undefined && c.jmxPassword === downing.user) {
    add(["jmxPassword"], new RedactedSecret(c.jmxPassword), "a password other than the JMX user name (controllers.downing.user)");
  }
  if (c.couchdbPassword !== undefined && c.couchdbPassword === c.services.couchdbUser) {
    add(["couchdbPassword"], new RedactedSecret(c.couchdbPassword), "a password other than the CouchDB user name (services.couchdbUser)");
  }
  if (downing.mode === "manual") worldIssue(["controllers", "downing", "allowedCidrs"], downing.allowedCidrs, c.minimumCidrPrefix, "the JMX port downs cluster members", issues);
  if (controllers.remotingPort === 8080) {
    add(["controllers", "remotingPort"], controllers.remotingPort, "a port other than 8080 (the controller's HTTP API port inside the container)");
  }

  // Names: one per controller, unique, not taken by another node.
  const names = controllers.names ?? [];
  if (controllers.names && names.length !== controllers.count) {
    add(["controllers", "names"], names, `exactly controllers.count (${controllers.count}) names`);
  }
  const seenNames = new Map<string, number>();
  names.forEach((name, i) => {
    if (seenNames.has(name)) add(["controllers", "names", i], name, `a unique DNS name (already used by controllers.names[${seenNames.get(name)}])`);
    else seenNames.set(name, i);
    if (RESERVED_NODE_NAMES.includes(name) || /^invoker\d+$/.test(name)) add(["controllers", "names", i], name, "a name not used by another node (zookeeper, kafka, couchdb, nginx, invoker<i>, ...)");
    else if (RESERVED_UNIT_NAMES.includes(name)) add(["controllers", "names", i], name, `a name other than the hosts' own units and scripts (${RESERVED_UNIT_NAMES.join(", ")})`);
  });

  const ready = parseDuration(controllers.readyTimeout)!.ms;
  if (ready < READY_TIMEOUT_BOUNDS.minMs || ready > READY_TIMEOUT_BOUNDS.maxMs) {
    add(["controllers", "readyTimeout"], controllers.readyTimeout, "a duration from 1m to 1d: a replaced controller's JVM needs more than seconds to start, answer /ping and join the cluster");
  }

  // runc: declared versions come in pairs (a mismatch is the policy pack's to reject, visibly).
  if (invokers.useRunc && invokers.runc) {
    const { hostVersion, imageVersion } = invokers.runc;
    if ((hostVersion === undefined) !== (imageVersion === undefined)) {
      const missing = hostVersion === undefined ? "hostVersion" : "imageVersion";
      add(["invokers", "runc", missing], undefined, "both runc.hostVersion and runc.imageVersion when runc is on (the image's runc must match the host's)");
    }
  }

  issues.push(...hostPortIssues(c));
  const missingSums = Object.entries(designDocumentSums(c)).filter(([, sum]) => sum === undefined).map(([path]) => path);
  if (missingSums.length) {
    add(["release", "designDocumentSums"], c.release.designDocumentSums,
      `a SHA-256 sum for each design document of sourceRef ${c.release.sourceRef}: this project ships sums only for ${Object.keys(DESIGN_DOCUMENT_SUMS).join(", ")}; missing ${missingSums.join(", ")}`);
  }
  if (c.environment === "production") issues.push(...unpinnedImageIssues(c));

  // Target blocks.
  if (c.target === "docker") {
    if (!c.docker) add(["docker"], undefined, "the docker target's settings: { subnet, controllerAddresses, networkName? }");
    else issues.push(...dockerIssues(c));
    if (c.aws) add(["aws"], "{...}", "no aws settings on a docker target (remove openwhisk:aws or set openwhisk:target: aws)");
  } else {
    if (!c.aws) add(["aws"], undefined, "the aws target's settings: { region, subnets, controllerAddresses, coreAddress, zoneName, adminCidrs }");
    else issues.push(...awsIssues(c));
    if (c.docker) add(["docker"], "{...}", "no docker settings on an aws target (remove openwhisk:docker or set openwhisk:target: docker)");
  }
  return issues;
}

/** An image reference pinned by content: `...@sha256:<64 hex digits>`. */
export const PINNED_IMAGE = /@sha256:[0-9a-f]{64}$/;

/** Production runs exactly the images that were reviewed: every image by digest (a tag can be moved). */
function unpinnedImageIssues(c: StackConfig): ConfigIssue[] {
  const images: Array<[PropertyKey[], string]> = [
    [["release", "controllerImage"], c.release.controllerImage],
    [["release", "invokerImage"], c.release.invokerImage],
    ...Object.entries(c.services.images).map(([k, v]) => [["services", "images", k], v] as [PropertyKey[], string]),
  ];
  // The downing supervisor's image runs too (its own host on aws, a container on docker), given or by default.
  const d = c.controllers.downing;
  if (d.mode === "manual" && d.supervisor.enabled) images.push([["controllers", "downing", "supervisor", "image"], d.supervisor.image ?? SUPERVISOR_IMAGES[c.target]]);
  return images
    .filter(([, image]) => !PINNED_IMAGE.test(image))
    .map(([path, image]) => ({ key: keyOf(path), value: image, expected: "an image pinned by digest in production, e.g. name:tag@sha256:<64 hex digits> (a tag can be moved to other content; defaults are tags too)" }));
}

/** Host ports the stack's hosts must keep for themselves (sshd). */
export const RESERVED_HOST_PORTS = new Map<number, string>([[22, "SSH"]]);

/**
 * Every host port the stack publishes must exist, be free for it (not SSH) and be bound once per host:
 * on docker all controllers, invokers and the edge share one host; on aws each controller host publishes
 * its API, remoting and JMX/RMI ports and each invoker host its API port.
 */
function hostPortIssues(c: StackConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  const { controllers, invokers } = c;
  type Use = { key: PropertyKey[]; value: number; what: string; from: number; to: number };
  const range = (key: PropertyKey[], value: number, count: number, what: string): Use => ({ key, value, what, from: value, to: value + count - 1 });
  const cApi = range(["controllers", "apiPortBase"], controllers.apiPortBase, controllers.count, `controller API ports ${controllers.apiPortBase}..${controllers.apiPortBase + controllers.count - 1}`);
  const iApi = range(["invokers", "apiPortBase"], invokers.apiPortBase, invokers.count, `invoker API ports ${invokers.apiPortBase}..${invokers.apiPortBase + invokers.count - 1}`);
  const downing = controllers.downing;
  const hosts: Use[][] = [];
  if (c.target === "docker") {
    const edge = c.docker ? [range(["docker", "edgePort"], c.docker.edgePort, 1, `the edge port ${c.docker.edgePort}`)] : [];
    hosts.push([cApi, iApi, ...edge]);
  } else {
    const jmx = downing.mode === "manual" ? [range(["controllers", "downing", "port"], downing.port, 2, `JMX/RMI ports ${downing.port}..${downing.port + 1}`)] : [];
    hosts.push([cApi, range(["controllers", "remotingPort"], controllers.remotingPort, 1, `the remoting port ${controllers.remotingPort}`), ...jmx], [iApi]);
  }
  const reported = new Set<string>();
  const add = (u: Use, expected: string) => {
    const k = keyOf(u.key);
    if (reported.has(k)) return;
    reported.add(k);
    issues.push({ key: k, value: u.value, expected });
  };
  for (const uses of hosts) {
    for (const u of uses) {
      if (u.to > 65535) add(u, `a base port such that all ${u.what.replace(/ \d+\.\.\d+$/, "")} fit below 65536 (the last would be ${u.to})`);
      for (const [port, what] of RESERVED_HOST_PORTS) if (u.from <= port && port <= u.to) add(u, `ports that leave ${port} (${what}) to the host: ${u.what} include it`);
    }
    uses.forEach((u, i) => uses.slice(0, i).forEach((v) => {
      if (u.from <= v.to && v.from <= u.to) add(u, `ports not already bound on the same host: ${u.what} overlap ${v.what} (${keyOf(v.key)})`);
    }));
  }
  return issues;
}

/** An allow-list that must not be the world (cidr.ts judges it: a block wider than the minimum, or a union covering everything). */
function worldIssue(path: PropertyKey[], cidrs: string[], minimumPrefix: number, why: string, issues: ConfigIssue[]) {
  const world = judgeWorld(cidrs, minimumPrefix);
  if (!world.open) return;
  const single = cidrs.findIndex((c) => judgeWorld([c], minimumPrefix).open);
  issues.push({
    key: keyOf(single >= 0 ? [...path, single] : path),
    value: single >= 0 ? cidrs[single] : cidrs,
    expected: `CIDR blocks narrower than the whole internet (${world.reason}; openwhisk:minimumCidrPrefix is ${minimumPrefix}): ${why}`,
  });
}

function uniqueAddressIssues(addresses: string[], path: PropertyKey[], issues: ConfigIssue[]) {
  const seen = new Map<string, number>();
  addresses.forEach((ip, i) => {
    if (seen.has(ip)) issues.push({ key: keyOf([...path, i]), value: ip, expected: `a unique address (already used by ${keyOf([...path, seen.get(ip)!])})` });
    else seen.set(ip, i);
  });
}

function dockerIssues(c: StackConfig): ConfigIssue[] {
  const d = c.docker!;
  const issues: ConfigIssue[] = [];
  const subnet = parseCidr(d.subnet)!;
  if (subnet.prefix > 29) issues.push({ key: keyOf(["docker", "subnet"]), value: d.subnet, expected: "a subnet of /29 or larger" });
  else if (subnet.prefix < 8) issues.push({ key: keyOf(["docker", "subnet"]), value: d.subnet, expected: "a subnet of /8 or narrower (a wider bridge takes routes from the whole host)" });
  const reserved = reservedOverlap(subnet);
  if (reserved) issues.push({ key: keyOf(["docker", "subnet"]), value: d.subnet, expected: `a block that does not overlap ${reserved} (${RESERVED_BLOCKS.join(", ")} are never a bridge network's)` });
  if (RESERVED_NETWORK_NAMES.includes(d.networkName)) {
    issues.push({ key: keyOf(["docker", "networkName"]), value: d.networkName, expected: `a network name other than docker's predefined ${RESERVED_NETWORK_NAMES.join(", ")}` });
  }
  const gateway = d.gateway ?? null;
  const gatewayNumber = gateway ? ipToNumber(gateway) : subnet.network + 1;
  if (gateway && !cidrContains(subnet, gateway)) issues.push({ key: keyOf(["docker", "gateway"]), value: gateway, expected: `an address inside docker.subnet ${d.subnet}` });
  if (d.controllerAddresses.length !== c.controllers.count) {
    issues.push({ key: keyOf(["docker", "controllerAddresses"]), value: d.controllerAddresses, expected: `exactly controllers.count (${c.controllers.count}) fixed addresses, one per controller` });
  }
  d.controllerAddresses.forEach((ip, i) => {
    const key = keyOf(["docker", "controllerAddresses", i]);
    const n = ipToNumber(ip);
    if (!cidrContains(subnet, ip)) issues.push({ key, value: ip, expected: `an address inside docker.subnet ${d.subnet}` });
    else if (n === subnet.network || n === subnet.network + subnet.size - 1) issues.push({ key, value: ip, expected: `a host address of ${d.subnet} (not its network or broadcast address)` });
    else if (n === gatewayNumber) issues.push({ key, value: ip, expected: `an address other than the network's gateway in ${d.subnet}` });
  });
  uniqueAddressIssues(d.controllerAddresses, ["docker", "controllerAddresses"], issues);
  // Fixed addresses outside the dynamic pool, so a container created meanwhile never takes one.
  const pool = parseCidr(dockerDynamicPool(d))!;
  if (d.ipRange && (pool.network < subnet.network || pool.network + pool.size > subnet.network + subnet.size || pool.size === subnet.size)) {
    issues.push({ key: keyOf(["docker", "ipRange"]), value: d.ipRange, expected: `a block inside docker.subnet ${d.subnet} and smaller than it (the dynamic pool; the controllers' fixed addresses go outside it)` });
  } else {
    d.controllerAddresses.forEach((ip, i) => {
      if (cidrContains(subnet, ip) && cidrContains(pool, ip)) {
        issues.push({ key: keyOf(["docker", "controllerAddresses", i]), value: ip, expected: `an address outside the network's dynamic pool ${pool.text}${d.ipRange ? " (docker.ipRange)" : " (the upper half of docker.subnet unless docker.ipRange says otherwise)"}: Docker hands pool addresses to any new container, which could take a controller's while it is away` });
      }
    });
  }
  return issues;
}

function awsIssues(c: StackConfig): ConfigIssue[] {
  const a = c.aws!;
  const issues: ConfigIssue[] = [];
  const add = (path: PropertyKey[], value: unknown, expected: string) => issues.push({ key: keyOf(path), value, expected });
  if ((a.vpcId === undefined) === (a.vpcCidr === undefined)) {
    add(["aws", "vpcCidr"], a.vpcCidr, "exactly one of aws.vpcId (an existing VPC) or aws.vpcCidr (a VPC the stack creates)");
  }
  const vpc = a.vpcCidr ? parseCidr(a.vpcCidr) : undefined;
  // Public subnets first, then private ones: the order of StaticAddress.subnetIndex and AwsNetwork.subnetIds.
  const all = [...a.subnets.map((s, i) => ({ s, key: ["aws", "subnets", i] as PropertyKey[], tier: "public" as const })),
    ...a.privateSubnets.map((s, i) => ({ s, key: ["aws", "privateSubnets", i] as PropertyKey[], tier: "private" as const }))];
  const subnets = all.map(({ s }) => parseCidr(s.cidr)!);
  all.forEach(({ s, key }, i) => {
    if (vpc && !(subnets[i].network >= vpc.network && subnets[i].network + subnets[i].size <= vpc.network + vpc.size)) {
      add([...key, "cidr"], s.cidr, `a block inside aws.vpcCidr ${a.vpcCidr}`);
    }
    if (s.id && !a.vpcId) add([...key, "id"], s.id, "no subnet id when the stack creates the VPC (set aws.vpcId to use existing subnets)");
    if (!s.id && a.vpcId) add([...key, "id"], undefined, "the id of the existing subnet with this CIDR (aws.vpcId is set)");
    if (subnets[i].prefix > 28) add([...key, "cidr"], s.cidr, "a subnet of /28 or larger (AWS's limit)");
    for (let j = 0; j < i; j++) {
      if (cidrsOverlap(subnets[i], subnets[j])) add([...key, "cidr"], s.cidr, `a block that does not overlap ${keyOf(all[j].key).replace(/^openwhisk:/, "")}.cidr ${all[j].s.cidr}`);
    }
  });
  const checkHostAddress = (ip: string, path: PropertyKey[], tier: "public" | "private", why: string) => {
    const index = subnets.findIndex((s) => cidrContains(s, ip));
    const wanted = tier === "public" ? "aws.subnets (public)" : "aws.privateSubnets";
    const choices = all.filter((x) => x.tier === tier).map((x) => x.s.cidr).join(", ");
    if (index < 0 || all[index].tier !== tier) {
      add(path, ip, `an address inside one of ${wanted} (${choices}): ${why}`);
      return;
    }
    const s = subnets[index];
    const offset = ipToNumber(ip) - s.network;
    if (offset < 4 || offset === s.size - 1) {
      add(path, ip, `an address AWS does not reserve in ${all[index].s.cidr} (not the first four or the last)`);
    }
  };
  if (a.controllerAddresses.length !== c.controllers.count) {
    add(["aws", "controllerAddresses"], a.controllerAddresses, `exactly controllers.count (${c.controllers.count}) fixed private addresses, one per controller`);
  }
  a.controllerAddresses.forEach((ip, i) => {
    if (i < c.controllers.seeds) checkHostAddress(ip, ["aws", "controllerAddresses", i], "public", `controller ${i} is a seed node with an Elastic IP`);
    else checkHostAddress(ip, ["aws", "controllerAddresses", i], "private", `controller ${i} is no seed and gets no public address`);
    if (ip === a.coreAddress) add(["aws", "controllerAddresses", i], ip, "an address other than aws.coreAddress");
  });
  checkHostAddress(a.coreAddress, ["aws", "coreAddress"], "private", "the core host (ZooKeeper, Kafka, CouchDB, the edge) gets no public address");
  uniqueAddressIssues(a.controllerAddresses, ["aws", "controllerAddresses"], issues);
  if (c.environment === "production" && a.amiId === undefined) {
    add(["aws", "amiId"], undefined, "a pinned AMI id (ami-...) in production: the newest AMI of the day would make every host of a later deployment a different machine");
  }
  if (a.publicZone && a.publicZone.name === a.zoneName) add(["aws", "publicZone", "name"], a.publicZone.name, "a public zone other than the private aws.zoneName");
  worldIssue(["aws", "adminCidrs"], a.adminCidrs, c.minimumCidrPrefix, "admin ports (SSH) are never open to the world", issues);
  const actions = parseCidr(a.actionSubnet)!;
  const actionReserved = reservedOverlap(actions, [DOCKER_DEFAULT_BRIDGE]);
  if (actions.prefix < 16 || actions.prefix > 28) add(["aws", "actionSubnet"], a.actionSubnet, "a block from /16 to /28 for the action containers of one invoker host");
  else if (actionReserved) {
    add(["aws", "actionSubnet"], a.actionSubnet, `a block that does not overlap ${actionReserved} (link-local 169.254/16 is the metadata service, ${DOCKER_DEFAULT_BRIDGE} docker's default bridge; ${RESERVED_BLOCKS.join(", ")} are never a bridge network's)`);
  } else if ([vpc, ...subnets].some((b) => b && cidrsOverlap(b, actions))) {
    add(["aws", "actionSubnet"], a.actionSubnet, "a block outside the VPC and its subnets (action traffic to the VPC is dropped, so the two must not overlap)");
  }
  if (vpc && (vpc.prefix < 16 || vpc.prefix > 28)) add(["aws", "vpcCidr"], a.vpcCidr, "a VPC block from /16 to /28 (AWS's limits)");
  return issues;
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(RESERVED_NODE_NAMES, RESERVED_UNIT_NAMES, RESERVED_NETWORK_NAMES, RESERVED_BLOCKS, READY_TIMEOUT_BOUNDS, VALUE_CAPS);
