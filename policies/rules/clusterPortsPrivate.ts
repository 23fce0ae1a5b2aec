import type { OpenWhiskPolicy } from "../policy";
import { managementEndpoints, remotingPorts } from "../model/clusterSettings";
import { coversPort, opensToWorld } from "../model/securityGroups";
import { TYPES } from "../model/staticAddresses";
import { knownString } from "../model/unknowns";
import type { ClusterModel } from "../model/clusterModel";

const ANY_ADDRESS = new Set(["", "0.0.0.0", "::", "[::]"]);

interface Config {
  additionalPorts: number[];
  minimumPrefix: number;
}

/**
 * Every port that must not be open to the internet: SSH (a root shell on every host), Kafka (and its TLS port 9093), ZooKeeper,
 * CouchDB, the Akka/Pekko remoting defaults, and the remoting and management ports the controllers render.
 * (Spelled here rather than taken from components/plan/serviceEndpoints, whose types would pull the
 * zod config schema into the published pack.)
 */
export function clusterPorts(model: ClusterModel, extra: number[] = []): Map<number, string> {
  const ports = new Map<number, string>([
    [22, "SSH"],
    [9092, "Kafka"],
    [9093, "Kafka TLS"],
    [2181, "ZooKeeper"],
    [5984, "CouchDB"],
    [2551, "remoting"],
    [25520, "remoting"],
  ]);
  for (const node of model.nodes) {
    if (node.role === "controller") {
      const { canonical, bind } = remotingPorts(node);
      for (const p of [canonical, bind]) if (p) ports.set(p, "remoting");
    }
    for (const e of managementEndpoints(node)) {
      if (!e.port) continue;
      ports.set(e.port, e.via === "http" ? "cluster management" : "JMX");
      // The RMI port the JVM was told, else the convention of port + 1.
      if (e.via === "jmx") ports.set(e.rmiPort ?? e.port + 1, "JMX RMI");
    }
  }
  for (const p of extra) ports.set(p, "configured");
  return ports;
}

export const clusterPortsPrivate: OpenWhiskPolicy<Config> = {
  name: "cluster-ports-private",
  description: "SSH and the remoting, cluster management/JMX, Kafka, ZooKeeper and CouchDB ports are never open to the world (a source wider than minimumPrefix, /8 by default, blocks that together cover every IPv4 or IPv6 address, or more public address space than one /minimumPrefix block): no security group rule allows them so and no docker container publishes them on all host addresses.",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      additionalPorts: { type: "array", items: { type: "integer", minimum: 1, maximum: 65535 }, default: [], description: "More TCP ports that must never be open to the world." },
      minimumPrefix: { type: "integer", minimum: 0, maximum: 32, default: 8, description: "A source wider than this prefix (e.g. 0.0.0.0/1, ::/0) counts as the world; so does a list whose blocks together cover every address, or more public addresses than one block of this prefix." },
    },
  },
  check(model, config, report) {
    const ports = clusterPorts(model, config.additionalPorts ?? []);
    for (const rule of model.ingress) {
      const world = opensToWorld(rule, config.minimumPrefix ?? 8);
      if (!world.open) continue;
      const open = [...ports].filter(([p]) => coversPort(rule, p));
      if (open.length === 0) continue;
      const list = open.map(([p, what]) => `${p} (${what})`).join(", ");
      report(`${rule.resource.name} opens ${list} to the world (${rule.cidrs.join(", ")}: ${world.reason}). Fix: allow only the security groups or CIDRs that need them (controllers, invokers, admins).`, rule.resource.urn);
    }
    for (const container of model.resources) {
      if (container.type !== TYPES.container || !Array.isArray(container.props.ports)) continue;
      for (const p of container.props.ports as Record<string, unknown>[]) {
        const internal = Number(knownString(p?.internal));
        const external = knownString(p?.external);
        const ip = knownString(p?.ip) ?? "";
        const what = ports.get(internal);
        if (!what || external === undefined || !ANY_ADDRESS.has(ip)) continue;
        report(`Container ${knownString(container.props.name) ?? container.name} publishes ${what} port ${internal} on all host addresses (host port ${external}). Fix: do not publish it (containers on the network reach it directly), or bind it to a private address with ports[].ip.`, container.urn);
      }
    }
  },
};
