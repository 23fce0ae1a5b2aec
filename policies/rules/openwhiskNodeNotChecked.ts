import type { OpenWhiskPolicy } from "../policy";
import { unjudgedResources } from "../model/unjudgedResources";

/**
 * A controller or invoker the pack cannot read (a resource type it has no model for) is named, never
 * passed in silence. Advisory: the pack cannot tell whether it is right, so it must not say it is wrong.
 */
export const openwhiskNodeNotChecked: OpenWhiskPolicy = {
  name: "openwhisk-node-not-checked",
  description: "A resource that visibly runs an OpenWhisk controller or invoker (its image, or env keys only they set) but is of a type the pack cannot read as a node (anything but docker containers and EC2 instances, launch templates and launch configurations: e.g. a GCP or Azure VM, a Kubernetes Deployment, an ECS task definition, a remote command) is named: none of the other policies judged it.",
  enforcementLevel: "advisory",
  check(model, _config, report) {
    for (const { resource, role, evidence } of unjudgedResources(model.resources)) {
      report(
        `${resource.type} ${resource.name} runs an OpenWhisk ${role} (${evidence}), but the pack reads controllers and invokers only from docker containers and EC2 instances, launch templates and launch configurations, so none of its policies (static address, seeds, remoting port, downing, runc, startup settings) judged it. Fix: run the node on one of those types, or review its cluster settings by hand.`,
        resource.urn,
      );
    }
  },
};
