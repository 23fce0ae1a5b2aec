import type { OpenWhiskPolicy } from "../policy";
import { downingOf, envMayHoldStaticAddresses } from "../model/clusterSettings";
import { seedsOf } from "../model/openwhiskNodes";

/** Automatic downing is only safe against split brain with static seed nodes (mission §2). */
export const automaticDowningStaticSeeds: OpenWhiskPolicy = {
  name: "automatic-downing-static-seeds",
  description: "A controller that downs unreachable members automatically (auto-down or split-brain resolver) has at least one seed node on a static address of a controller of the stack.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      if (node.env.unknownAll || !downingOf(node).automatic) continue;
      const staticSeeds = seedsOf(node).filter((s) => s.host && model.controllerAt(s.host, node, s.port));
      if (staticSeeds.length > 0 || envMayHoldStaticAddresses(model, node)) continue;
      report(`Controller ${node.name} downs unreachable members automatically but has no seed node on a static controller address: after a partition each side can form its own cluster (split brain). Fix: list the static addresses of the seed controllers as seed nodes, or switch to manual downing.`, node.resource.urn);
    }
  },
};
