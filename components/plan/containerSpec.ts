/**
 * The rendered description of one container: what `docker run` (docker target) or a systemd unit on
 * an EC2 host (aws target) runs. Pure data; secret values are references, never plain text.
 */
import type { SecretName } from "../config/schema";

/** A reference to a secret input; the component resolves it to a Pulumi secret. */
export interface SecretRef {
  secret: SecretName;
}

export type EnvValue = string | SecretRef;

export function isSecretRef(value: EnvValue): value is SecretRef {
  return typeof value === "object" && value !== null && "secret" in value;
}

export type NodeRole = "controller" | "invoker" | "zookeeper" | "kafka" | "couchdb" | "initdb" | "kafka-topics" | "edge" | "supervisor";

export interface PortSpec {
  /** Port inside the container. */
  internal: number;
  /** Host port it is published on; undefined: reachable on the container network only. */
  external?: number;
  /** Host address it is published on (e.g. 127.0.0.1); default: all of the host's addresses. */
  hostIp?: string;
  /** What the port is for: api, remoting, management, jmx, rmi, kafka, ... */
  purpose: string;
}

export interface VolumeSpec {
  hostPath: string;
  containerPath: string;
  readOnly?: boolean;
}

export interface HealthCheckSpec {
  test: string[];
  interval: string;
  timeout: string;
  retries: number;
  startPeriod: string;
}

/**
 * File content made from a secret: `before + <value> + after` (e.g. a JMX password file). The value is a
 * stack secret, or (aws) an SSM parameter the stack does not own, named in config (the edge's TLS key).
 */
export type SecretFileContent = { before: string; after: string } & ({ secret: SecretName; parameter?: undefined } | { parameter: string; secret?: undefined });

/**
 * File content too large for an EC2 host's user data (the supervisor's program on aws): an object the
 * stack uploaded, fetched by the host when the container starts and used only when its SHA-256 (hex,
 * carried here and so in the user data) matches. Never on the docker target.
 */
export interface FetchedFileContent {
  object: { bucket: string; key: string; region: string; sha256: string };
}

/** A file the container needs (nginx.conf, the init script, JMX files), written by the component. */
export interface FileSpec {
  containerPath: string;
  content: string | SecretFileContent | FetchedFileContent;
  /** Octal mode inside the container; default 0644. */
  mode?: string;
}

export function isSecretFile(content: FileSpec["content"]): content is SecretFileContent {
  return typeof content === "object" && content !== null && ("secret" in content || "parameter" in content);
}

export function isFetchedFile(content: FileSpec["content"]): content is FetchedFileContent {
  return typeof content === "object" && content !== null && "object" in content;
}

export interface ContainerSpec {
  /** Unique node name, also the container name suffix and the hostname. */
  name: string;
  role: NodeRole;
  /** Index within its role (controllers, invokers). */
  index?: number;
  image: string;
  /** Replaces the image's ENTRYPOINT (`docker run --entrypoint`); `command` is then its arguments. */
  entrypoint?: string;
  command: string[];
  hostname: string;
  env: Record<string, EnvValue>;
  ports: PortSpec[];
  volumes: VolumeSpec[];
  files: FileSpec[];
  restart: "always" | "on-failure" | "no";
  healthCheck?: HealthCheckSpec;
  labels: Record<string, string>;
  privileged: boolean;
  pidMode?: "host";
  usernsMode?: "host";
  /** The fixed IPv4 this node must run on, and its DNS name (controllers). */
  staticAddress?: { ip: string; dnsName: string };
  /**
   * Networks besides the placement's: on docker the container joins them too; on an aws host it runs on
   * the first (`--network`, `--ip`). The invokers' action network.
   */
  extraNetworks?: Array<{ name: string; ipv4Address?: string; aliases?: string[] }>;
  /** Extra DNS aliases on the container network. */
  aliases: string[];
  /** Names of nodes that must be up (or done, for one-shot jobs) before this one starts. */
  dependsOn: string[];
  /** A one-shot job (the database initialisation) rather than a service. */
  oneShot: boolean;
}

/** Every rendered node of a stack, in start order. */
export interface RenderedStack {
  stack: string;
  nodes: ContainerSpec[];
}

/** Env as `KEY=value` lines for display, with secrets shown as `[secret]`. */
export function redactedEnv(env: Record<string, EnvValue>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) out[k] = isSecretRef(v) ? "[secret]" : v;
  return out;
}
