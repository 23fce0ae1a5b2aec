import type { OpenWhiskPolicy } from "../policy";
import { keysOf } from "../model/openwhiskNodes";

/** Two controllers with the same address or name are one member to the cluster. */
export const controllerIdentityUnique: OpenWhiskPolicy = {
  name: "controller-identity-unique",
  description: "No two controllers share a static address, an advertised hostname or a name.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    const seen = new Map<string, { urn: string; name: string }>();
    for (const node of model.controllers) {
      const identity = model.addresses.identities.get(node.resource.urn);
      const claims = new Set<string>([`name ${node.name}`]);
      for (const ip of identity?.ips ?? []) claims.add(`address ${ip}`);
      const advertised = node.env.values.get(keysOf(node).canonicalHostname);
      if (advertised) claims.add(`address ${advertised.toLowerCase()}`);
      for (const claim of claims) {
        const first = seen.get(claim);
        if (!first) seen.set(claim, { urn: node.resource.urn, name: node.name });
        else if (first.urn !== node.resource.urn) {
          report(`Controllers ${first.name} and ${node.name} share the ${claim}: the cluster sees one member where there are two. Fix: give every controller its own name and static address.`, node.resource.urn);
        }
      }
    }
  },
};
