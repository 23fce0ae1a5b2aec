import type { OpenWhiskPolicy } from "../policy";
import { seedsOf } from "../model/openwhiskNodes";
import { TYPES } from "../model/staticAddresses";
import { isProduction, PRODUCTION_CONFIG, type ProductionConfig } from "./production";

export const productionAddressProtection: OpenWhiskPolicy<ProductionConfig> = {
  name: "production-address-protection",
  description: "In a production stack the Elastic IPs and DNS records of seed controllers are protected (protect: true), so no update can release a seed's address.",
  enforcementLevel: "advisory",
  configSchema: { properties: { ...PRODUCTION_CONFIG } },
  check(model, config, report) {
    if (!isProduction(model, config)) return;
    const seedOwners = new Set<string>();
    for (const node of model.clustered) {
      for (const s of seedsOf(node)) {
        const owner = s.host ? model.addresses.owners.get(s.host) : undefined;
        if (owner) seedOwners.add(owner);
      }
    }
    for (const owner of seedOwners) {
      for (const r of model.addresses.identities.get(owner)?.addressResources ?? []) {
        if ((r.type !== TYPES.eip && r.type !== TYPES.record) || r.protect) continue;
        report(`${r.type === TYPES.eip ? "Elastic IP" : "DNS record"} ${r.name} is a seed controller's static address in production stack ${model.stack} but is not protected; a refactor or replacement would release it. Fix: set protect: true (and retainOnDelete: true) on it.`, r.urn);
      }
    }
  },
};
