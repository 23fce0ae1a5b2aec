import type { OpenWhiskPolicy } from "../policy";
import { keysOf } from "../model/openwhiskNodes";
import { clusterIdentity } from "../model/clusterModel";

/** Two controllers with the same address or name are one member to the cluster. */
/** Private (RFC 1918) addresses are scoped to their network; the rest is one space. */
function isPublic(ip: string): boolean {
  return !/^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(ip);
}

export const controllerIdentityUnique: OpenWhiskPolicy = {
  name: "controller-identity-unique",
  description: "No two controllers share a static address (within one network), an advertised hostname or a name, and no two controllers of one cluster run with the same instance index (the command's argument; a container left on the image's command is instance 0).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    const seen = new Map<string, { urn: string; name: string; node: object }>();
    const IP = /^\d+\.\d+\.\d+\.\d+$/;
    for (const node of model.controllers) {
      const identity = model.addresses.identities.get(node.resource.urn);
      const scope = identity?.scope;
      // Private IPs are addresses within their network: equal IPs in two isolated VPCs are two addresses.
      const address = (a: string) => (IP.test(a) && scope && !isPublic(a) ? `address ${a} (in ${scope})` : `address ${a}`);
      const c = clusterIdentity(node);
      const cluster = `cluster ${c.name ?? "-"}, Kafka ${c.kafka ?? "-"}`;
      // Names are per cluster: a blue and a green cluster may both have a controller0.
      const claims = new Set<string>([`name ${node.name} (${cluster})`]);
      for (const ip of identity?.ips ?? []) claims.add(address(ip));
      const advertised = node.env.values.get(keysOf(node).canonicalHostname);
      if (advertised) claims.add(address(advertised.toLowerCase()));
      if (node.instanceIndex !== undefined && model.clustered.includes(node)) {
        claims.add(`instance index ${node.instanceIndex} (the controller's command argument: ${cluster})`);
      }
      for (const claim of claims) {
        const first = seen.get(claim);
        // Addresses and names are the resource's: the compose services of one host share them. An instance
        // index is each controller's own, so two services of one host with the same index clash too.
        if (!first) seen.set(claim, { urn: node.resource.urn, name: node.name, node });
        else if (claim.startsWith("instance") ? first.node !== node : first.urn !== node.resource.urn) {
          const fix = claim.startsWith("instance")
            ? "start each controller with its own index (command /init.sh <i>, or controller/bin/controller <i> on 2017 builds); the image's default command is ./init.sh 0"
            : "give every controller its own name and static address";
          report(`Controllers ${first.name} and ${node.name} share the ${claim}: the cluster sees one member where there are two. Fix: ${fix}.`, node.resource.urn);
        }
      }
    }
  },
};
