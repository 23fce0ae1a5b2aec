import type { OpenWhiskPolicy } from "../policy";
import { keysOf } from "../model/openwhiskNodes";

/** A clustered controller must sit on a static address and advertise it (mission §1). */
export const controllerStaticAddress: OpenWhiskPolicy = {
  name: "controller-static-address",
  description: "A clustered controller keeps a static IP across restarts and replacements and advertises it: a docker container with a fixed ipv4Address on a user-defined network, or an instance on a fixed-IP network interface.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      const identity = model.addresses.identities.get(node.resource.urn);
      if (!identity || identity.notStatic) {
        const fix = node.platform === "docker"
          ? "give the container networksAdvanced: [{ name: <user-defined network with an IPAM subnet>, ipv4Address: <fixed IP> }]"
          : "create an aws.ec2.NetworkInterface with fixed privateIps and attach it as the instance's primaryNetworkInterface";
        report(`Controller ${node.name} runs the cluster actor provider but its address is not static: ${identity?.notStatic ?? "no address found"}. A controller that comes back under a new address joins as a new member and is not let back in while the old one is unreachable. Fix: ${fix}.`, node.resource.urn);
        continue;
      }
      if (node.env.unknownAll) continue; // the after-update check reads the advertised host
      const key = keysOf(node).canonicalHostname;
      const host = node.env.values.get(key);
      const own = [...identity.ips, ...identity.names];
      // Written on the host at boot (e.g. from the instance metadata's local-ipv4, the primary interface's
      // address): the key is set, its value is not known here, so what it advertises cannot be judged.
      if (!host && node.env.runtimeKeys.has(key)) continue;
      if (!host) {
        report(`Controller ${node.name} does not set ${key}, so it advertises whatever address its host or container gets. Fix: set ${key} to one of its static addresses (${own.join(", ")}).`, node.resource.urn);
      } else if (!identity.ips.has(host) && !identity.names.has(host.toLowerCase())) {
        report(`Controller ${node.name} advertises ${host} in ${key}, which is not one of its static addresses (${own.join(", ")}). Fix: set ${key} to its fixed IP or static DNS name.`, node.resource.urn);
      }
    }
  },
};
