/** Raw (flat, as Pulumi holds them) stack configs for tests. */
import type { Flavor } from "../../components/config/schema";

export type RawConfig = Record<string, unknown>;

export interface ConfigShape {
  flavor?: Flavor;
  target?: "docker" | "aws";
  controllers?: number;
  seeds?: number;
  invokers?: number;
  useRunc?: boolean;
  remotingPort?: number;
  downing?: Record<string, unknown>;
  addressing?: "dns" | "ip";
}

function autoDowning(flavor: Flavor) {
  return flavor === "akka-2.6" || flavor === "pekko" ? { mode: "auto", after: "10s", strategy: "keep-majority" } : { mode: "auto", after: "10s" };
}

/** A valid config: docker (172.30.0.0/24, controllers from .10) or aws (10.60.0.0/16, three subnets). */
export function rawConfig(shape: ConfigShape = {}): RawConfig {
  const flavor = shape.flavor ?? "pekko";
  const count = shape.controllers ?? 3;
  const target = shape.target ?? "docker";
  const raw: RawConfig = {
    "openwhisk:target": target,
    "openwhisk:release": { flavor, controllerImage: "openwhisk/controller:test", invokerImage: "openwhisk/invoker:test" },
    "openwhisk:controllers": {
      count,
      seeds: shape.seeds ?? count,
      remotingPort: shape.remotingPort ?? 2551,
      downing: shape.downing ?? autoDowning(flavor),
      ...(shape.addressing ? { addressing: shape.addressing } : {}),
    },
    "openwhisk:invokers": { count: shape.invokers ?? 2, useRunc: shape.useRunc ?? false },
  };
  if (target === "docker") {
    raw["openwhisk:docker"] = { subnet: "172.30.0.0/24", controllerAddresses: Array.from({ length: count }, (_, i) => `172.30.0.${10 + i}`) };
  } else {
    raw["openwhisk:aws"] = {
      region: "eu-west-1",
      vpcCidr: "10.60.0.0/16",
      subnets: [0, 1, 2].map((i) => ({ cidr: `10.60.${i + 1}.0/24`, availabilityZone: `eu-west-1${"abc"[i]}` })),
      privateSubnets: [0, 1, 2].map((i) => ({ cidr: `10.60.${i + 11}.0/24`, availabilityZone: `eu-west-1${"abc"[i]}` })),
      // Seeds in the public subnets (Elastic IPs), the other controllers in the private ones.
      controllerAddresses: Array.from({ length: count }, (_, i) => `10.60.${(i % 3) + (i < (shape.seeds ?? count) ? 1 : 11)}.${10 + i}`),
      coreAddress: "10.60.11.5",
      edgeTls: { serverName: "api.test.example.com", certificateParameter: "/test/edge/certificate", keyParameter: "/test/edge/key" },
      zoneName: "test.openwhisk.internal",
      adminCidrs: ["10.60.0.0/16"],
      edgeCidrs: ["10.0.0.0/8"],
    };
  }
  return raw;
}

/** Deep-merges `patch` into the value at key (objects merge, everything else replaces). */
export function withKey(raw: RawConfig, key: string, patch: unknown): RawConfig {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b && typeof b === "object" && !Array.isArray(b) && a && typeof a === "object" && !Array.isArray(a)) {
      const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
      for (const [k, v] of Object.entries(b)) out[k] = v === undefined ? undefined : merge(out[k], v);
      for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
      return out;
    }
    return b;
  };
  return { ...raw, [key]: merge(raw[key], patch) };
}
