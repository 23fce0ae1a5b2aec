import type { OpenWhiskPolicy } from "../policy";
import { envMayHoldStaticAddresses } from "../model/clusterSettings";
import { keysOf, seedsOf } from "../model/openwhiskNodes";

/** Seeds must be static addresses of the stack's controllers (mission §1). */
export const seedNodesStatic: OpenWhiskPolicy = {
  name: "seed-nodes-static",
  description: "Every clustered controller has a non-empty seed list, and every seed names a static IP or static DNS name of one of the stack's controllers (fixed interface IP, Elastic IP, Route53 record pointing at one, or name/alias of a fixed-IP container).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    const controllerUrns = new Set(model.controllers.map((c) => c.resource.urn));
    for (const node of model.clustered) {
      if (node.env.unknownAll) continue;
      const keys = keysOf(node);
      const seedKey = keys.seedNodesList ?? `${keys.seedNodesPrefix}<i>`;
      const seeds = seedsOf(node);
      if (seeds.length === 0) {
        if (envMayHoldStaticAddresses(model, node)) continue; // computed from the stack's static addresses; known after update
        report(`Controller ${node.name} has an empty seed list (${seedKey}, the key its ${node.flavor ?? "unknown"} build reads), so it cannot join the cluster. Fix: render ${seedKey} with the static addresses of the seed controllers.`, node.resource.urn);
        continue;
      }
      for (const seed of seeds) {
        if (!seed.host) {
          report(`Controller ${node.name} has seed ${JSON.stringify(seed.text)} in ${seed.key}, which is not a seed address. Fix: write it as ${keys.scheme ? `${keys.scheme}://controller-actor-system@<static host>:<port>` : "<static host>:<port>"}.`, node.resource.urn);
          continue;
        }
        const owner = model.addresses.owners.get(seed.host);
        if (owner === undefined) {
          report(`Controller ${node.name} names ${seed.host} as a seed (${seed.key}), which is not a static IP or static DNS name of this stack. A seed that moves leaves the cluster unable to form or rejoin. Fix: use a controller's fixed IP, Elastic IP, Route53 record or fixed-IP container name.`, node.resource.urn);
        } else if (owner === null || !controllerUrns.has(owner)) {
          report(`Controller ${node.name} names ${seed.host} as a seed (${seed.key}); it is static but belongs to no controller of this stack. Fix: name the static address of a seed controller.`, node.resource.urn);
        }
      }
    }
  },
};
