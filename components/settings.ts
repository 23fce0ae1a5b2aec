/**
 * The arguments a user sets, as plain documented interfaces: what the components take (from
 * TypeScript, and through the component provider from Python, Go, C#, Java and YAML). They mirror the
 * stack config (`openwhisk:*`, README config reference) field by field; the components validate them
 * with the same contract (zod, cross-field rules) and report problems by the same keys
 * (`openwhisk:controllers.seeds` is `controllers.seeds` here). Only types every Pulumi language can
 * express: strings (enumerations documented), numbers, booleans, lists and nested objects.
 */
import { ConfigError } from "./config/errors";
import { SECRET_KEYS, type StackConfig } from "./config/schema";
import { validateStackConfig } from "./config/validate";

// The enumerations, as Pulumi's component analyzer reads them (an `as const` object and a type of the
// same name): literal unions in TypeScript, so a wrong value fails at compile time, and enums in the
// component schema for the other languages. The value lists are the stack config's (schema.ts); the
// checks at the end of this file fail to compile if the two drift apart.

/** Which OpenWhisk build the images are. */
export const FlavorName = {
  /** apache/openwhisk at commit febde0042 (2017; Akka 2.5 auto-down, INVOKER_USE_RUNC). */
  Legacy2017: "legacy-2017",
  /** Release 1.0.0 (Akka 2.5). */
  Akka25: "akka-2.5",
  /** Release 2.0.0 (Akka 2.6, split-brain resolver). */
  Akka26: "akka-2.6",
  /** master (Apache Pekko, split-brain resolver). */
  Pekko: "pekko",
} as const;
export type FlavorName = (typeof FlavorName)[keyof typeof FlavorName];

/** Where the deployment runs. */
export const DeployTarget = {
  /** One Docker engine: containers on a user-defined network with fixed addresses. */
  Docker: "docker",
  /** EC2 hosts in a VPC, fixed interfaces, Route53 private zone. */
  Aws: "aws",
} as const;
export type DeployTarget = (typeof DeployTarget)[keyof typeof DeployTarget];

/** How strict the policy pack is with the stack. */
export const DeployEnvironment = {
  Development: "development",
  Staging: "staging",
  Production: "production",
} as const;
export type DeployEnvironment = (typeof DeployEnvironment)[keyof typeof DeployEnvironment];

/** How unreachable controllers are removed from the cluster. */
export const DowningMode = {
  /** The build's automatic downing (auto-down on Akka 2.5, the split-brain resolver after). */
  Auto: "auto",
  /** An external supervisor downs members (over JMX on stock images). */
  Manual: "manual",
} as const;
export type DowningMode = (typeof DowningMode)[keyof typeof DowningMode];

/** The split-brain resolver's strategy (akka.cluster.split-brain-resolver.active-strategy). */
export const DowningStrategy = {
  KeepMajority: "keep-majority",
  LeaseMajority: "lease-majority",
  StaticQuorum: "static-quorum",
  KeepOldest: "keep-oldest",
  DownAll: "down-all",
} as const;
export type DowningStrategy = (typeof DowningStrategy)[keyof typeof DowningStrategy];

/** What the runc guard does when the image's runc differs from the host's. */
export const RuncMismatchAction = {
  /** Pause containers with docker instead of runc. */
  Fallback: "fallback",
  /** The invoker does not start. */
  Fail: "fail",
} as const;
export type RuncMismatchAction = (typeof RuncMismatchAction)[keyof typeof RuncMismatchAction];

export interface ReleaseSettings {
  /** Which OpenWhisk build the images are: "legacy-2017", "akka-2.5" (1.0.0), "akka-2.6" (2.0.0) or "pekko" (master). */
  flavor: FlavorName;
  /** The controller image, e.g. openwhisk/controller:2.0.0. */
  controllerImage: string;
  /** The invoker image, e.g. openwhisk/invoker:2.0.0. */
  invokerImage: string;
  /** whisk.info.buildNo; default: the controller image's tag. */
  buildNo?: string;
  /** whisk.info.date; default: the date of the build the flavour names. */
  date?: string;
  /** apache/openwhisk git ref whose design documents the databases get; default: the flavour's. */
  sourceRef?: string;
  /** Where `<sourceRef>/ansible/files/*.json` are fetched from (https only; a mirror when air-gapped). */
  sourceBaseUrl?: string;
  /** SHA-256 sums (`ansible/files/<name>.json` -> hex) of the design documents of a sourceRef this project ships none for. */
  designDocumentSums?: Record<string, string>;
}

export interface DowningSettings {
  /** "auto" (the build's automatic downing) or "manual" (a supervisor downs members over JMX). */
  mode: DowningMode;
  /** auto: auto-down-unreachable-after (Akka 2.5) or the split-brain resolver's stable-after, e.g. "20s". */
  after?: string;
  /** auto on akka-2.6 / pekko: keep-majority (default), lease-majority, static-quorum, keep-oldest or down-all. */
  strategy?: DowningStrategy;
  /** static-quorum: the quorum size (more than half of the controllers). */
  quorumSize?: number;
  /** lease-majority: the config path of a lease implementation on the controllers' classpath. */
  leaseImplementation?: string;
  /** Why keep-oldest or down-all was chosen. */
  comment?: string;
  /** manual: "jmx" (the only way stock images can be downed with static seeds). */
  via?: string;
  /** manual: the JMX port; the RMI port is port + 1. */
  port?: number;
  /** manual: who may reach the JMX and RMI ports. */
  allowedCidrs?: string[];
  /** manual: the JMX user (default jmxuser). */
  user?: string;
  /** manual: the external downing supervisor (on by default). */
  supervisor?: SupervisorSettings;
}

export interface SupervisorSettings {
  /** Deploy the supervisor (default true). false: members are downed by hand over JMX. */
  enabled?: boolean;
  /** How long the cluster view must stay the same before it acts, e.g. "20s" (5s to 10m, at least twice interval). */
  stableAfter?: string;
  /** How often it reads every controller's view, e.g. "5s" (1s to 60s). */
  interval?: string;
  /** How long stopping an unreachable controller may take before the fence counts as failed, e.g. "2m". */
  fenceTimeout?: string;
  /** How long a restarted controller has to be Up again, e.g. "5m". */
  rejoinTimeout?: string;
  /** The Node.js image the supervisor runs in (default docker node:20-alpine; aws public.ecr.aws/lambda/nodejs:22, which carries the AWS SDK v3). */
  image?: string;
}

export interface ControllerSettings {
  /** How many controllers (1 to 64). */
  count: number;
  /** How many of them, the first ones, are seed nodes. */
  seeds: number;
  /** The remoting port every controller binds and advertises (never 0). */
  remotingPort: number;
  /** How unreachable controllers are removed from the cluster (automatically or by a supervisor). */
  downing: DowningSettings;
  /** "dns" (default): seeds and advertised hosts by static DNS name; "ip": by fixed IP. */
  addressing?: string;
  /** Controller names (DNS labels); default controller0..N-1. */
  names?: string[];
  /** JVM heap, e.g. 2g. */
  heap?: string;
  /** Host port of controller 0's API; controller i uses apiPortBase + i. */
  apiPortBase?: number;
  /** aws roll-outs: how long to wait for a replaced controller to be back, e.g. "15m". */
  readyTimeout?: string;
}

export interface RuncSettings {
  /** The host's runc version, e.g. 1.1.12. */
  hostVersion?: string;
  /** The invoker image's runc version. */
  imageVersion?: string;
}

export interface InvokerSettings {
  /** How many invokers (1 to 2048). */
  count: number;
  /** Pause containers with runc (true) or docker (false). */
  useRunc: boolean;
  /** The runc versions, declared after checking them (both or neither). */
  runc?: RuncSettings;
  /** What the runc guard does on a mismatch at invoker start: "fallback" (default) or "fail". */
  runcMismatch?: RuncMismatchAction;
  /** The host's runc state root, mounted at /run/runc when runc is on. */
  runcRoot?: string;
  /** Memory for action containers per invoker, e.g. 2048m. */
  userMemory?: string;
  /** JVM heap, e.g. 2g. */
  heap?: string;
  /** Host port of invoker 0's API. */
  apiPortBase?: number;
}

export interface DockerSettings {
  /** The user-defined network every node joins (default openwhisk). */
  networkName?: string;
  /** Its fixed subnet, e.g. 172.30.0.0/24. */
  subnet: string;
  /** Its gateway; default the subnet's first address. */
  gateway?: string;
  /** The dynamic pool (`ip_range`) inside the subnet for containers without a fixed address; default its upper half. Controller addresses lie outside it. */
  ipRange?: string;
  /** One fixed IPv4 per controller, in order. */
  controllerAddresses: string[];
  /** Host port of the edge (the wsk CLI's API host), default 3233. */
  edgePort?: number;
  /** The engine's root directory, default /var/lib/docker. */
  dockerRootDir?: string;
}

export interface SubnetSettings {
  /** The subnet's IPv4 range, inside the VPC's. */
  cidr: string;
  /** Its availability zone, e.g. eu-west-1a. */
  availabilityZone: string;
  /** An existing subnet's id (with aws.vpcId). */
  id?: string;
}

export interface EdgeTlsSettings {
  /** The API host name in the certificate (point it at coreAddress). */
  serverName: string;
  /** SSM SecureString parameter holding the PEM certificate chain. */
  certificateParameter: string;
  /** SSM SecureString parameter holding the PEM private key. */
  keyParameter: string;
}

export interface InstanceTypeSettings {
  /** Controller hosts' instance type (default m6i.large). */
  controller?: string;
  /** Invoker hosts' instance type (default m6i.xlarge). */
  invoker?: string;
  /** The core host's instance type (Kafka, ZooKeeper, CouchDB, the edge; default m6i.large). */
  core?: string;
}

export interface PublicZoneSettings {
  /** An existing public Route53 zone's id. */
  zoneId: string;
  /** Its name. */
  name: string;
}

export interface AwsSettings {
  /** The AWS region, e.g. eu-west-1. */
  region: string;
  /** An existing VPC (with subnet ids), or vpcCidr for one the stack creates. */
  vpcId?: string;
  /** The IPv4 range (/16 to /28) of the VPC the stack creates, when vpcId is not given. */
  vpcCidr?: string;
  /** Public subnets: seed controllers (Elastic IPs) and the NAT gateway. */
  subnets: SubnetSettings[];
  /** Private subnets: invokers, the core host, non-seed controllers. */
  privateSubnets: SubnetSettings[];
  /** One fixed private IPv4 per controller (seeds in public subnets, the rest in private ones). */
  controllerAddresses: string[];
  /** Fixed private IPv4 of the core host (in a private subnet). */
  coreAddress: string;
  /** The private zone for the controllers' static names. */
  zoneName: string;
  /** A public Route53 zone for the seeds' public names (optional). */
  publicZone?: PublicZoneSettings;
  /** The edge's TLS certificate and key, read from SSM on the core host. */
  edgeTls: EdgeTlsSettings;
  /** Instance types per host kind. */
  instanceTypes?: InstanceTypeSettings;
  /** The AMI every host boots (with cloud-init, systemd and docker available), pinned; required in production. Default: the region's newest Amazon Linux 2023, looked up once (existing hosts ignore newer ones). */
  amiId?: string;
  /** Size in GiB of the core host's data volume (CouchDB, Kafka and ZooKeeper data); default 200. */
  dataVolumeGb?: number;
  /** Who may reach SSH (never the world). */
  adminCidrs: string[];
  /** Who may reach the edge (no world default). */
  edgeCidrs: string[];
  /** The action containers' bridge on each invoker host, outside the VPC. */
  actionSubnet?: string;
  /** Protect and retain the static addresses (production). */
  protectAddresses?: boolean;
}

export interface EndpointSettings {
  /** host:port entries. */
  hosts: string[];
}

export interface CouchDbSettings {
  /** "http" or "https". */
  protocol?: string;
  /** Its host name or IP. */
  host: string;
  /** Its port (default 5984). */
  port?: number;
  /** Its admin user (default whisk_admin). */
  username?: string;
}

export interface ServiceImageSettings {
  /** The ZooKeeper image. */
  zookeeper?: string;
  /** The Kafka image. */
  kafka?: string;
  /** The CouchDB image. */
  couchdb?: string;
  /** The edge's nginx image. */
  nginx?: string;
  /** The image that runs the database init job (needs sh and curl). */
  init?: string;
}

export interface ServiceSettings {
  /** External Kafka brokers instead of the stack's own. */
  kafka?: EndpointSettings;
  /** External ZooKeeper instead of the stack's own. */
  zookeeper?: EndpointSettings;
  /** An external CouchDB instead of the stack's own. */
  couchdb?: CouchDbSettings;
  /** Images of the core services the stack runs itself. */
  images?: ServiceImageSettings;
  /** The CouchDB admin user (default whisk_admin). */
  couchdbUser?: string;
  /** The prefix of the OpenWhisk databases (default whisk_local_). */
  dbPrefix?: string;
}

/** Everything an OpenWhisk deployment is configured with (the stack config, as arguments). */
export interface OpenWhiskSettings {
  /** "docker" or "aws". */
  target: DeployTarget;
  /** "development" (default), "staging" or "production". */
  environment?: DeployEnvironment;
  /** whisk.cluster.name (2.0.0 and later); default the stack name. */
  clusterName?: string;
  /** The OpenWhisk build and its images. */
  release: ReleaseSettings;
  /** The controller cluster: size, seeds, port, downing. */
  controllers: ControllerSettings;
  /** The invokers: how many, and how they pause containers. */
  invokers: InvokerSettings;
  /** Kafka, ZooKeeper and CouchDB: the stack's own, or external ones. */
  services?: ServiceSettings;
  /** Required for target docker: the network and the controllers' fixed addresses. */
  docker?: DockerSettings;
  /** Required for target aws: the VPC, subnets, fixed addresses, zones and allow-lists. */
  aws?: AwsSettings;
  /** A source wider than this prefix counts as the world in allow-lists (default 8). */
  minimumCidrPrefix?: number;
  /** RUNTIMES_MANIFEST as JSON text; default Node.js 20 and the blackbox skeleton. */
  runtimesManifest?: string;
}

/** Drops undefined fields, however deep (the config contract takes absent keys, not undefined ones). */
function defined(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(defined);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, defined(v)]));
  }
  return value;
}

/** The settings as the flat `openwhisk:*` map the stack config is. */
export function settingsToConfig(settings: OpenWhiskSettings): Record<string, unknown> {
  const { runtimesManifest, ...rest } = defined(settings) as OpenWhiskSettings;
  const raw: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(rest)) raw[`openwhisk:${k}`] = v;
  if (runtimesManifest !== undefined) {
    try {
      raw["openwhisk:runtimesManifest"] = JSON.parse(runtimesManifest);
    } catch {
      raw["openwhisk:runtimesManifest"] = runtimesManifest;
    }
  }
  return raw;
}

/** The stack config as settings (what the stack program hands the components). */
export function configToSettings(config: StackConfig): OpenWhiskSettings {
  // Secrets are not settings (they are given as OpenWhiskClusterArgs.secrets).
  const { runtimesManifest, ...rest } = config;
  const settings = Object.fromEntries(Object.entries(rest).filter(([k]) => !(SECRET_KEYS as readonly string[]).includes(k)));
  return { ...(settings as unknown as OpenWhiskSettings), ...(runtimesManifest ? { runtimesManifest: JSON.stringify(runtimesManifest) } : {}) };
}

const resolved = new WeakMap<object, StackConfig>();

/** Validates settings with the stack config's contract; throws a ConfigError naming every bad key. */
export function resolveSettings(settings: OpenWhiskSettings): StackConfig {
  const cached = resolved.get(settings);
  if (cached) return cached;
  const result = validateStackConfig(settingsToConfig(settings));
  if (!result.ok) throw new ConfigError(result.issues, "component arguments");
  resolved.set(settings, result.config);
  return result.config;
}

// Compile-time: each enumeration above has exactly the values the stack config accepts.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const enumerationsMatchTheConfig: [
  Same<FlavorName, StackConfig["release"]["flavor"]>,
  Same<DeployTarget, StackConfig["target"]>,
  Same<DeployEnvironment, StackConfig["environment"]>,
  Same<DowningMode, StackConfig["controllers"]["downing"]["mode"]>,
  Same<DowningStrategy, NonNullable<Extract<StackConfig["controllers"]["downing"], { strategy?: unknown }>["strategy"]>>,
  Same<RuncMismatchAction, StackConfig["invokers"]["runcMismatch"]>,
] = [true, true, true, true, true, true];
void enumerationsMatchTheConfig;
