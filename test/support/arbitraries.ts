/**
 * fast-check generators: valid stack configs across every flavour, target, downing mode and size,
 * and arbitrary YAML-shaped values (what a stack file can hold) to break them with.
 */
import fc from "fast-check";
import { FLAVORS, SBR_STRATEGIES, type Flavor } from "../../components/config/schema";
import type { RawConfig } from "./configs";

export interface ConfigParams {
  flavor: Flavor;
  target: "docker" | "aws";
  count: number;
  seeds: number;
  invokers: number;
  remotingPort: number;
  addressing: "dns" | "ip";
  downing: "auto" | "manual";
  strategy: (typeof SBR_STRATEGIES)[number];
  /** Manual downing is JMX only (stock images never serve cluster HTTP management with static seeds, docs/builds.md#controller-cluster-keys-per-build). */
  via: "jmx";
  managementPort: number;
  useRunc: boolean;
  /** With runc on: declare equal versions (what the pack requires), or leave them out / make them differ. */
  runc: "matching" | "undeclared" | "different";
  subnets: number;
  secrets: Record<string, string> | undefined;
}

const secretText = fc.stringMatching(/^[A-Za-z0-9]{16,32}$/);
/** The key part of an auth key: exactly 64 letters or digits (every build's core/entity/Secret.scala). */
const authSecret = fc.stringMatching(/^[A-Za-z0-9]{64}$/);

export const configParams = (opts: { runc?: ConfigParams["runc"][] } = {}): fc.Arbitrary<ConfigParams> =>
  fc
    .record({
      flavor: fc.constantFrom(...FLAVORS),
      target: fc.constantFrom("docker" as const, "aws" as const),
      count: fc.integer({ min: 1, max: 5 }),
      invokers: fc.integer({ min: 1, max: 3 }),
      remotingPort: fc.oneof(fc.constantFrom(2551, 25520), fc.integer({ min: 2552, max: 2600 })),
      addressing: fc.constantFrom("dns" as const, "ip" as const),
      downing: fc.constantFrom("auto" as const, "manual" as const),
      strategy: fc.constantFrom(...SBR_STRATEGIES),
      via: fc.constant("jmx" as const),
      managementPort: fc.constantFrom(19999, 8558, 15000, 9010),
      useRunc: fc.boolean(),
      runc: fc.constantFrom(...(opts.runc ?? ["matching" as const])),
      subnets: fc.integer({ min: 1, max: 3 }),
      secrets: fc.option(
        fc.record({
          couchdbPassword: secretText,
          controllerPassword: secretText,
          invokerPassword: secretText,
          guestAuthKey: fc.tuple(fc.uuid(), authSecret).map(([u, k]) => `${u}:${k}`),
          systemAuthKey: fc.tuple(fc.uuid(), authSecret).map(([u, k]) => `${u}:${k}`),
          jmxPassword: secretText,
        }),
        { nil: undefined },
      ),
    })
    .chain((p) => fc.integer({ min: 1, max: p.count }).map((seeds) => ({ ...p, seeds })));

/** The raw (flat, as in a stack file) config for the parameters; valid by construction. */
export function toRawConfig(p: ConfigParams): RawConfig {
  const sbr = p.flavor === "akka-2.6" || p.flavor === "pekko";
  // What each split-brain strategy needs to start (docs/builds.md#split-brain-resolver-akka-26-pekko): a quorum size, a lease implementation.
  const strategyNeeds =
    p.strategy === "static-quorum" ? { quorumSize: Math.floor(p.count / 2) + 1 } : p.strategy === "lease-majority" ? { leaseImplementation: "akka.coordination.lease.kubernetes" } : {};
  const downing =
    p.downing === "auto"
      ? { mode: "auto", after: "15s", ...(sbr ? { strategy: p.strategy, ...strategyNeeds } : {}) }
      : {
          mode: "manual", via: p.via, port: p.managementPort, allowedCidrs: [p.target === "aws" ? "10.60.0.0/16" : "172.30.0.0/24"],
          // The downing supervisor needs two seeds (a lone seed forms a cluster of its own on every start).
          ...(p.seeds < 2 && p.count >= 2 ? { supervisor: { enabled: false } } : {}),
        };
  const runc = !p.useRunc || p.runc === "undeclared" ? undefined : { hostVersion: "1.1.12", imageVersion: p.runc === "matching" ? "1.1.12" : "1.0.0-rc93" };
  const raw: RawConfig = {
    "openwhisk:target": p.target,
    "openwhisk:environment": "development",
    "openwhisk:release": { flavor: p.flavor, controllerImage: "openwhisk/controller:prop", invokerImage: "openwhisk/invoker:prop" },
    "openwhisk:controllers": { count: p.count, seeds: p.seeds, remotingPort: p.remotingPort, downing, addressing: p.addressing },
    "openwhisk:invokers": { count: p.invokers, useRunc: p.useRunc, ...(runc ? { runc } : {}) },
  };
  if (p.target === "docker") {
    raw["openwhisk:docker"] = { subnet: "172.30.0.0/24", controllerAddresses: Array.from({ length: p.count }, (_, i) => `172.30.0.${10 + i}`) };
  } else {
    raw["openwhisk:aws"] = {
      region: "eu-west-1",
      vpcCidr: "10.60.0.0/16",
      subnets: Array.from({ length: p.subnets }, (_, i) => ({ cidr: `10.60.${i + 1}.0/24`, availabilityZone: `eu-west-1${"abc"[i]}` })),
      privateSubnets: Array.from({ length: p.subnets }, (_, i) => ({ cidr: `10.60.${i + 11}.0/24`, availabilityZone: `eu-west-1${"abc"[i]}` })),
      controllerAddresses: Array.from({ length: p.count }, (_, i) => `10.60.${(i % p.subnets) + (i < p.seeds ? 1 : 11)}.${10 + i}`),
      coreAddress: "10.60.11.5",
      edgeTls: { serverName: "api.prop.example.com", certificateParameter: "/prop/edge/certificate", keyParameter: "/prop/edge/key" },
      zoneName: "prop.openwhisk.internal",
      adminCidrs: ["10.60.0.0/16"],
      edgeCidrs: ["10.0.0.0/8"],
    };
  }
  for (const [k, v] of Object.entries(p.secrets ?? {})) raw[`openwhisk:${k}`] = v;
  return raw;
}

/** Any value a YAML stack file can hold. */
export const yamlValue: fc.Arbitrary<unknown> = fc.letrec<{ v: unknown }>((tie) => ({
  v: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer({ min: -70000, max: 70000 }),
    // .nan / .inf are YAML too, but Pulumi passes structured config as JSON, which cannot hold them.
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 12 }),
    fc.constantFrom("", "0", "true", "yes", "10s", "0s", "2551", "0.0.0.0/0", "::/0", "172.30.0.10", "pekko", "auto", "manual", "keep-oldest"),
    fc.array(tie("v"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie("v"), { maxKeys: 3 }),
  ),
})).v;

/** Every path into a raw config: top-level keys, nested keys and array indices. */
export function configPaths(raw: RawConfig): (string | number)[][] {
  const paths: (string | number)[][] = [];
  const walk = (value: unknown, path: (string | number)[]) => {
    paths.push(path);
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i]));
    else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, [...path, k]);
  };
  for (const [k, v] of Object.entries(raw)) walk(v, [k]);
  return paths;
}

/** A copy of raw with the value at path replaced (or deleted, for undefined). */
export function setPath(raw: RawConfig, path: (string | number)[], value: unknown): RawConfig {
  const copy = structuredClone(raw) as Record<string | number, unknown>;
  let node: Record<string | number, unknown> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy as RawConfig;
}
