import type { OpenWhiskPolicy } from "../policy";
import { envIsComplete, envMayHoldStaticAddresses } from "../model/clusterSettings";
import { keysOf, seedsOf } from "../model/openwhiskNodes";
import { differentClusters } from "../model/clusterModel";

/** Seeds must be static addresses of the stack's controllers (mission §1). */
export const seedNodesStatic: OpenWhiskPolicy = {
  name: "seed-nodes-static",
  description: "Every clustered controller has a non-empty seed list, and every seed names a static IP or static DNS name of one of the stack's controllers (fixed interface IP, Elastic IP, Route53 record pointing at one, or name/alias of a fixed-IP container), of the same cluster (cluster name, Kafka), exactly as that controller advertises itself.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      if (node.env.unknownAll) continue;
      const keys = keysOf(node);
      const seedKey = keys.seedNodesList ?? `${keys.seedNodesPrefix}<i>`;
      const seeds = seedsOf(node);
      if (seeds.length === 0) {
        // Entries not known yet (preview): a seed computed from a static address of the stack is fine;
        // one computed only from other resources cannot be static.
        if (envMayHoldStaticAddresses(model, node)) continue;
        if (!envIsComplete(model, node)) {
          const sources = node.env.dependsOn.map((u) => model.byUrn.get(u)?.name ?? u).join(", ");
          report(`Controller ${node.name} shows no seed list yet; the env entries not known in this preview are computed from ${sources}, none of which is a static address (network interface, Elastic IP, DNS record or fixed-IP container). Fix: build ${seedKey} from the seed controllers' static addresses.`, node.resource.urn);
          continue;
        }
        report(`Controller ${node.name} has an empty seed list (${seedKey}, the key its ${node.flavor ?? "unknown"} build reads), so it cannot join the cluster. Fix: render ${seedKey} with the static addresses of the seed controllers.`, node.resource.urn);
        continue;
      }
      for (const seed of seeds) {
        if (!seed.host) {
          report(`Controller ${node.name} has seed ${JSON.stringify(seed.text)} in ${seed.key}, which is not a seed address. Fix: write it as ${keys.scheme ? `${keys.scheme}://controller-actor-system@<static host>:<port>` : "<static host>:<port>"}.`, node.resource.urn);
          continue;
        }
        if (!model.addresses.owners.has(seed.host)) {
          report(`Controller ${node.name} names ${seed.host} as a seed (${seed.key}), which is not a static IP or static DNS name of this stack. A seed that moves leaves the cluster unable to form or rejoin. Fix: use a controller's fixed IP, Elastic IP, Route53 record or fixed-IP container name.`, node.resource.urn);
        } else {
          const target = model.controllerAt(seed.host, node, seed.port);
          if (!target) {
            report(`Controller ${node.name} names ${seed.host} as a seed (${seed.key}); it is static but belongs to no controller of this stack. Fix: name the static address of a seed controller.`, node.resource.urn);
            continue;
          }
          const other = target !== node ? differentClusters(node, target) : undefined;
          if (other) {
            report(`Controller ${node.name} names ${seed.host} as a seed (${seed.key}), a controller of another cluster (${target.name}: ${other}). It would join that cluster and share its load balancer state. Fix: seed each cluster with its own controllers only.`, node.resource.urn);
            continue;
          }
          // Akka/Pekko compare addresses exactly: a seed must be written as its target advertises itself.
          const advertised = target.env.unknownAll ? undefined : target.env.values.get(keysOf(target).canonicalHostname)?.trim().toLowerCase();
          if (advertised && advertised !== seed.host && model.clustered.includes(target)) {
            report(`Controller ${node.name} names ${target.name} as ${seed.host} in its seed list (${seed.key}), but ${target.name} advertises itself as ${advertised} (${keysOf(target).canonicalHostname}). Akka/Pekko compare the seed's address with the advertised one exactly, so the join never succeeds and the cluster does not form. Fix: write the seed as ${advertised} (or advertise ${seed.host}).`, node.resource.urn);
          }
        }
      }
    }
  },
};
