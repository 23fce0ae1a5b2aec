import type { OpenWhiskPolicy } from "../policy";
import { needsExplicitShardingBalancer, SHARDING_BALANCER } from "../../components/plan/flavors";
import { envIsComplete } from "../model/clusterSettings";

/** Since 2.0.0 the default balancer ignores the controller cluster (docs/builds.md#which-load-balancer-uses-the-cluster). */
export const shardingBalancerExplicit: OpenWhiskPolicy = {
  name: "sharding-balancer-explicit",
  description: "On akka-2.6 and pekko builds, whose default is the FPC scheduler, clustered controllers render the ShardingContainerPoolBalancer and LocalEntitlementProvider, and invokers InvokerReactive and DefaultInvokerServer; otherwise every cluster setting is ignored.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    const wants = (role: "controller" | "invoker") =>
      role === "controller"
        ? [[SHARDING_BALANCER.loadBalancerKey, SHARDING_BALANCER.loadBalancer], [SHARDING_BALANCER.entitlementKey, SHARDING_BALANCER.entitlement]]
        : [[SHARDING_BALANCER.invokerProviderKey, SHARDING_BALANCER.invokerProvider], [SHARDING_BALANCER.invokerServerKey, SHARDING_BALANCER.invokerServer]];
    for (const node of [...model.clustered, ...model.invokers]) {
      if (!node.flavor || !needsExplicitShardingBalancer(node.flavor) || node.env.unknownAll) continue;
      const complete = envIsComplete(model, node);
      for (const [key, value] of wants(node.role)) {
        const got = node.env.values.get(key);
        if (got === value || (got === undefined && !complete)) continue;
        report(`${node.role === "controller" ? "Controller" : "Invoker"} ${node.name} ${got === undefined ? `does not set ${key}` : `sets ${key}=${got}`}: ${node.flavor} builds then use the FPC scheduler, which ignores the controller cluster (seeds, remoting, downing). Fix: set ${key}=${value}.`, node.resource.urn);
      }
    }
  },
};
