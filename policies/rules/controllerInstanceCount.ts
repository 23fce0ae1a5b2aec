import type { OpenWhiskPolicy } from "../policy";
import { readsControllerInstances } from "../../components/plan/flavors";

/** legacy-2017 builds size their share of invoker capacity by CONTROLLER_INSTANCES (docs/builds.md#which-load-balancer-uses-the-cluster). */
export const controllerInstanceCount: OpenWhiskPolicy = {
  name: "controller-instance-count",
  description: "On legacy-2017 builds (the only ones that read it), CONTROLLER_INSTANCES on every controller equals the number of clustered controllers in its cluster.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      const count = model.clusterOf(node).length;
      if (!node.flavor || !readsControllerInstances(node.flavor) || node.env.unknownAll) continue;
      const rendered = node.env.values.get("CONTROLLER_INSTANCES");
      if (rendered === undefined ? count > 1 : Number(rendered) !== count) {
        report(`Controller ${node.name} renders CONTROLLER_INSTANCES=${rendered ?? "(unset, i.e. 1)"} but its cluster has ${count} clustered controllers; each controller would claim the wrong share of invoker memory. Fix: set CONTROLLER_INSTANCES=${count} on every controller.`, node.resource.urn);
      }
    }
  },
};
