import type { OpenWhiskPolicy } from "../policy";
import { clusterLabel } from "../model/clusters";
import { seedsOf } from "../model/openwhiskNodes";
import { isProduction, PRODUCTION_CONFIG, type ProductionConfig } from "./production";

export const productionSeedCount: OpenWhiskPolicy<ProductionConfig> = {
  name: "production-seed-count",
  description: "A production stack lists more than one seed node, so the cluster can form while one seed is down.",
  enforcementLevel: "advisory",
  configSchema: { properties: { ...PRODUCTION_CONFIG } },
  check(model, config, report) {
    if (!isProduction(model, config)) return;
    for (const cluster of model.clusters) {
      if (cluster.length < 2) continue;
      const hosts = new Set(cluster.flatMap((n) => seedsOf(n).map((s) => s.host ?? s.text)));
      if (hosts.size !== 1) continue;
      report(`Production stack ${model.stack}: ${clusterLabel(cluster)} has a single seed node (${[...hosts][0]}); while it is down no restarted controller can join. Fix: make at least two (ideally all) controllers seeds.`);
    }
  },
};
