import type { OpenWhiskPolicy } from "../policy";
import { downingOf, managementEndpoints } from "../model/clusterSettings";
import { coversPort, groupsOfInstance } from "../model/securityGroups";
import { TYPES } from "../model/staticAddresses";
import { knownString } from "../model/unknowns";
import type { ClusterModel } from "../model/clusterModel";
import type { OpenWhiskNode } from "../model/openwhiskNodes";

function reachable(model: ClusterModel, node: OpenWhiskNode, port: number): boolean {
  if (node.platform === "docker") {
    const ports = Array.isArray(node.resource.props.ports) ? (node.resource.props.ports as Record<string, unknown>[]) : [];
    const published = ports.some((p) => Number(knownString(p?.internal)) === port);
    const onUserNetwork = (model.addresses.identities.get(node.resource.urn)?.ips.size ?? 0) > 0;
    return published || onUserNetwork;
  }
  const interfaces = model.addresses.identities.get(node.resource.urn)?.addressResources.filter((r) => r.type === TYPES.eni) ?? [];
  return groupsOfInstance(node.resource, interfaces).some((g) => (model.ingressByGroup.get(g) ?? []).some((rule) => coversPort(rule, port)));
}

/** Manual downing needs an endpoint a supervisor can reach (mission §2). */
export const manualDowningEndpoint: OpenWhiskPolicy = {
  name: "manual-downing-endpoint",
  description: "A clustered controller without automatic downing exposes a management endpoint (cluster HTTP management or JMX remote) that a supervisor can reach: published or on a user-defined network (docker), or allowed by a security group rule (aws).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      if (node.env.unknownAll || downingOf(node).automatic) continue;
      const endpoints = managementEndpoints(node).filter((e) => !e.loopbackOnly);
      if (endpoints.length === 0) {
        report(`Controller ${node.name} has no automatic downing, so unreachable members must be downed by a supervisor, but it exposes no management endpoint (cluster HTTP management or JMX remote). Unreachable members then stay forever and block rejoining controllers. Fix: enable HTTP management (management port) or JMX remote, or configure automatic downing for the build.`, node.resource.urn);
        continue;
      }
      const withPorts = endpoints.filter((e) => e.port !== undefined);
      if (withPorts.length > 0 && !withPorts.some((e) => reachable(model, node, e.port!))) {
        const list = withPorts.map((e) => `${e.via} port ${e.port} (${e.source})`).join(", ");
        report(`Controller ${node.name} is downed manually through ${list}, but nothing can reach that port: ${node.platform === "aws" ? "no security group rule of its interface or instance allows it" : "it is neither published nor on a user-defined network"}. Fix: allow the supervisor's CIDR on that port.`, node.resource.urn);
      }
    }
  },
};
