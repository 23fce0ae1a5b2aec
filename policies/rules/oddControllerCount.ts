import type { OpenWhiskPolicy } from "../policy";
import { downingOf } from "../model/clusterSettings";
import { clusterLabel } from "../model/clusters";

export const oddControllerCount: OpenWhiskPolicy = {
  name: "odd-controller-count",
  description: "With automatic downing, each cluster runs an odd number of controllers: an even cluster split in half has no majority, and keep-majority downs both halves. Counted per cluster (two clusters of 3 are not one of 6).",
  enforcementLevel: "advisory",
  check(model, _config, report) {
    for (const cluster of model.clusters) {
      const count = cluster.length;
      if (count < 2 || count % 2 === 1) continue;
      if (!cluster.some((n) => downingOf(n).automatic)) continue;
      report(`${clusterLabel(cluster)} runs ${count} clustered controllers with automatic downing; a partition into ${count / 2} + ${count / 2} leaves no majority. Fix: run ${count + 1} (or ${count - 1}) controllers.`);
    }
  },
};
