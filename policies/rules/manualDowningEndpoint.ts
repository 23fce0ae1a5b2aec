import type { OpenWhiskPolicy } from "../policy";
import { downingOf, managementEndpoints } from "../model/clusterSettings";
import { coversPort } from "../model/securityGroups";
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
  return model.groupsOf(node).some((g) => (model.ingressByGroup.get(g) ?? []).some((rule) => coversPort(rule, port)));
}

/** Manual downing needs an endpoint a supervisor can reach (mission §2). */
export const manualDowningEndpoint: OpenWhiskPolicy = {
  name: "manual-downing-endpoint",
  description: "A clustered controller without automatic downing exposes JMX remote (the cluster MBean's down operation) where a supervisor can reach it: published or on a user-defined network (docker), or allowed by a security group rule (aws). Cluster HTTP management does not count: stock builds never serve it with static seeds.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      if (node.env.unknownAll || downingOf(node).automatic) continue;
      const all = managementEndpoints(node);
      // OpenWhisk starts Akka/Pekko Management only with cluster bootstrap, and the controller carries no
      // /cluster/members routes (docs/builds.md#controller-cluster-keys-per-build): an HTTP management port is never served with static seeds.
      const endpoints = all.filter((e) => e.via === "jmx" && !e.loopbackOnly);
      if (endpoints.length === 0) {
        const http = all.find((e) => e.via === "http");
        const why = http
          ? `its cluster HTTP management settings (${http.source}) do nothing: stock OpenWhisk images never serve HTTP management with static seeds (it starts only with cluster bootstrap, and the controller has no /cluster/members routes)`
          : all.length > 0 ? "its JMX remote is bound to loopback only" : "it exposes no JMX remote";
        report(`Controller ${node.name} has no automatic downing, so unreachable members must be downed by a supervisor, but ${why}. Unreachable members then stay forever and block rejoining controllers. Fix: enable authenticated JMX remote in CONTROLLER_OPTS (-Dcom.sun.management.jmxremote.port=<p>, rmi.port, authenticate=true) and call down(address) on the cluster MBean, or configure automatic downing for the build.`, node.resource.urn);
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
