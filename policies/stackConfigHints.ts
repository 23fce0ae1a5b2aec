/**
 * On stacks built by this project's components (their resources sit under an `openwhisk:index:`
 * component such as OpenWhiskCluster or ControllerCluster), a finding's fix is a change to the stack
 * config, not to the rendered env or resource it names: each policy's hint names the keys to change,
 * written as the config errors and the README's reference write them (`openwhisk:controllers.count`
 * is `count:` under `openwhisk:controllers:` in stacks/Pulumi.<stack>.yaml). Other programs get the
 * policy's own message only.
 */
import type { ClusterModel } from "./model/clusterModel";

/** Policy name -> the stack config keys that decide it on this project's stacks. */
export const STACK_CONFIG_KEYS: Record<string, string[]> = {
  "automatic-downing-static-seeds": ["openwhisk:controllers.seeds", "openwhisk:controllers.downing.mode"],
  "cluster-ports-private": ["openwhisk:aws.adminCidrs", "openwhisk:aws.edgeCidrs", "openwhisk:controllers.downing.allowedCidrs"],
  "controller-identity-unique": ["openwhisk:controllers.names", "openwhisk:<target>.controllerAddresses"],
  "controller-instance-count": ["openwhisk:controllers.count"],
  "controller-static-address": ["openwhisk:<target>.controllerAddresses"],
  "downing-keys-match-build": ["openwhisk:release.flavor", "openwhisk:controllers.downing"],
  "downing-strategy-comment": ["openwhisk:controllers.downing.comment", "openwhisk:controllers.downing.strategy"],
  "invoker-runc-key": ["openwhisk:release.flavor", "openwhisk:invokers.useRunc"],
  "invoker-runc-versions": ["openwhisk:invokers.runc.hostVersion", "openwhisk:invokers.runc.imageVersion", "openwhisk:invokers.useRunc"],
  "jmx-authenticated": ["openwhisk:controllers.downing.via", "openwhisk:jmxPassword"],
  "manual-downing-endpoint": ["openwhisk:controllers.downing.port", "openwhisk:controllers.downing.allowedCidrs"],
  "odd-controller-count": ["openwhisk:controllers.count"],
  "production-address-protection": ["openwhisk:aws.protectAddresses"],
  "production-seed-count": ["openwhisk:controllers.seeds"],
  "remoting-port-consistent": ["openwhisk:controllers.remotingPort"],
  "seed-nodes-static": ["openwhisk:controllers.seeds", "openwhisk:controllers.addressing", "openwhisk:<target>.controllerAddresses"],
  "sharding-balancer-explicit": ["openwhisk:release.flavor"],
  "startup-config-complete": ["openwhisk:release.flavor", "openwhisk:services"],
  "invoker-docker-api": ["openwhisk:release.flavor", "openwhisk:release.invokerImage"],
  "invoker-docker-engine-unpinned": ["openwhisk:release.flavor"],
  "production-images-pinned": ["openwhisk:release.controllerImage", "openwhisk:release.invokerImage", "openwhisk:services.images", "openwhisk:controllers.downing.supervisor.image"],
  "split-brain-resolver-valid": ["openwhisk:controllers.downing.strategy", "openwhisk:controllers.downing.quorumSize", "openwhisk:controllers.downing.leaseImplementation"],
  "controllers-same-build": ["openwhisk:release.controllerImage", "openwhisk:release.flavor"],
  "controller-image-pinned": ["openwhisk:release.controllerImage"],
  "production-controller-image-pinned": ["openwhisk:release.controllerImage"],
  // This project's components only create resource types the pack reads: no stack config key decides it.
  "openwhisk-node-not-checked": [],
};

const OWN_COMPONENT = /(^|::|\$)openwhisk:index:[A-Za-z]+\$/;

/** Whether a resource was built by this project's components (from its URN's type chain). */
function builtByOurComponents(urn: string): boolean {
  return OWN_COMPONENT.test(urn.split("::")[2] ?? "");
}

/** The target word in the keys: `docker` or `aws`, from the resource types the stack has. */
function targetOf(model: ClusterModel): string {
  return model.resources.some((r) => r.type.startsWith("aws:")) ? "aws" : "docker";
}

/** The hint to add to a finding, or "" when the finding is not about a stack of this project. */
export function stackConfigHint(policy: string, model: ClusterModel, urn: string | undefined): string {
  const keys = STACK_CONFIG_KEYS[policy];
  if (!keys?.length) return "";
  const ours = urn && urn !== model.stackUrn ? builtByOurComponents(urn) : model.resources.some((r) => builtByOurComponents(r.urn));
  if (!ours) return "";
  const target = targetOf(model);
  return ` In this project's stack config: change ${keys.map((k) => k.replace("<target>", target)).join(" or ")} (Pulumi.${model.stack}.yaml).`;
}
