import type { OpenWhiskPolicy } from "../policy";
import { ACTOR_SYSTEM, CLUSTER_KEYS } from "../../components/plan/flavors";
import { remotingPorts } from "../model/clusterSettings";
import { keysOf, seedsOf } from "../model/openwhiskNodes";

/** Remoting ports and seed URIs must agree with what each controller listens on (mission §1). */
export const remotingPortConsistent: OpenWhiskPolicy = {
  name: "remoting-port-consistent",
  description: "Each clustered controller sets a non-zero remoting port in the key its build reads; every seed URI has the build's scheme (akka.tcp, akka, pekko), the actor system controller-actor-system and the port the named controller listens on.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      if (node.env.unknownAll) continue;
      const keys = keysOf(node);
      const { canonical, bind } = remotingPorts(node);
      const flavor = node.flavor ?? "unknown";
      if (canonical === undefined) {
        const other = Object.entries(CLUSTER_KEYS).find(([, k]) => k.canonicalPort !== keys.canonicalPort && node.env.values.has(k.canonicalPort));
        report(`Controller ${node.name} sets no remoting port in ${keys.canonicalPort}, the key its ${flavor} build reads${other ? ` (it sets ${other[1].canonicalPort}, which only ${other[0]} builds read)` : ""}. Fix: render ${keys.canonicalPort} and ${keys.bindPort} for its build.`, node.resource.urn);
      } else if (canonical === 0 || bind === 0) {
        report(`Controller ${node.name} uses remoting port 0 (${canonical === 0 ? keys.canonicalPort : keys.bindPort}), i.e. a random port on every start: it comes back as a new member. Fix: set a fixed port, e.g. 2551.`, node.resource.urn);
      } else if (node.platform === "docker" && bind !== undefined && bind !== canonical) {
        report(`Controller ${node.name} advertises remoting port ${canonical} (${keys.canonicalPort}) but binds ${bind} (${keys.bindPort}); on a docker network peers connect to the container itself, where nothing listens on ${canonical}. Fix: use the same port for both.`, node.resource.urn);
      }
      for (const seed of seedsOf(node)) {
        if (!seed.host) continue; // seed-nodes-static reports it
        if (seed.scheme !== keys.scheme) {
          const expected = keys.scheme ? `${keys.scheme}://${ACTOR_SYSTEM}@host:port` : "host:port";
          report(`Controller ${node.name} has seed ${seed.text} (${seed.key}) with ${seed.scheme ? `scheme ${seed.scheme}` : "no scheme"}; ${flavor} builds expect ${expected}. Fix: write every seed as ${expected}.`, node.resource.urn);
        } else if (keys.scheme && seed.system !== ACTOR_SYSTEM) {
          report(`Controller ${node.name} has seed ${seed.text} (${seed.key}) for actor system ${seed.system}; OpenWhisk controllers run ${ACTOR_SYSTEM}. Fix: use ${keys.scheme}://${ACTOR_SYSTEM}@${seed.host}:${seed.port}.`, node.resource.urn);
        }
        const owner = model.controllerAt(seed.host, node, seed.port);
        const target = owner && model.clustered.includes(owner) ? owner : undefined;
        const listens = target ? remotingPorts(target).canonical : undefined;
        if (target && listens !== undefined && seed.port !== listens) {
          report(`Controller ${node.name} has seed ${seed.text} (${seed.key}) on port ${seed.port}, but ${target.name} listens on ${listens}. Fix: use port ${listens} in the seed.`, node.resource.urn);
        }
      }
    }
  },
};
