import type { OpenWhiskPolicy } from "../policy";
import { downingOf } from "../model/clusterSettings";

export const oddControllerCount: OpenWhiskPolicy = {
  name: "odd-controller-count",
  description: "With automatic downing, run an odd number of controllers: an even cluster split in half has no majority, and keep-majority downs both halves.",
  enforcementLevel: "advisory",
  check(model, _config, report) {
    const count = model.clustered.length;
    if (count < 2 || count % 2 === 1) return;
    if (!model.clustered.some((n) => downingOf(n).automatic)) return;
    report(`The stack runs ${count} clustered controllers with automatic downing; a partition into ${count / 2} + ${count / 2} leaves no majority. Fix: run ${count + 1} (or ${count - 1}) controllers.`);
  },
};
