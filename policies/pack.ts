/** The pack's public API, safe to import anywhere (unlike index.ts, which starts the policy server). */
import type { StackValidationPolicy } from "@pulumi/policy";
import { toStackPolicy } from "./policy";
import { POLICIES } from "./rules";

export const PACK_NAME = "openwhisk-clustering";

export function stackPolicies(): StackValidationPolicy[] {
  return POLICIES.map(toStackPolicy);
}

export { POLICIES } from "./rules";
export * from "./rules";
export { configWithDefaults, toStackPolicy, type OpenWhiskPolicy, type Level, type Report } from "./policy";
export { buildClusterModel, type ClusterModel } from "./model/clusterModel";
export { fromPolicyResources, type StackResource } from "./model/stackResource";
