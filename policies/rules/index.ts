/** Every policy of the pack, in the order they are reported. */
import type { OpenWhiskPolicy } from "../policy";
import { automaticDowningStaticSeeds } from "./automaticDowningStaticSeeds";
import { clusterPortsPrivate } from "./clusterPortsPrivate";
import { controllerIdentityUnique } from "./controllerIdentityUnique";
import { controllerInstanceCount } from "./controllerInstanceCount";
import { controllerImagePinned, productionControllerImagePinned } from "./controllerImagePinned";
import { controllerStaticAddress } from "./controllerStaticAddress";
import { controllersSameBuild } from "./controllersSameBuild";
import { downingKeysMatchBuild } from "./downingKeysMatchBuild";
import { downingStrategyComment } from "./downingStrategyComment";
import { invokerDockerApi, invokerDockerEngineUnpinned } from "./invokerDockerApi";
import { invokerRuncKey } from "./invokerRuncKey";
import { invokerRuncVersions } from "./invokerRuncVersions";
import { jmxAuthenticated } from "./jmxAuthenticated";
import { manualDowningEndpoint } from "./manualDowningEndpoint";
import { oddControllerCount } from "./oddControllerCount";
import { openwhiskNodeNotChecked } from "./openwhiskNodeNotChecked";
import { productionAddressProtection } from "./productionAddressProtection";
import { productionImagesPinned } from "./productionImagesPinned";
import { productionSeedCount } from "./productionSeedCount";
import { remotingPortConsistent } from "./remotingPortConsistent";
import { seedNodesStatic } from "./seedNodesStatic";
import { shardingBalancerExplicit } from "./shardingBalancerExplicit";
import { splitBrainResolverValid } from "./splitBrainResolverValid";
import { startupConfigComplete } from "./startupConfigComplete";

export {
  automaticDowningStaticSeeds, clusterPortsPrivate, controllerIdentityUnique, controllerInstanceCount, controllerStaticAddress,
  downingKeysMatchBuild, downingStrategyComment, invokerDockerApi, invokerDockerEngineUnpinned, invokerRuncKey, invokerRuncVersions, jmxAuthenticated, manualDowningEndpoint, oddControllerCount,
  productionAddressProtection, productionImagesPinned, productionSeedCount, remotingPortConsistent, seedNodesStatic, shardingBalancerExplicit, startupConfigComplete,
  splitBrainResolverValid, controllersSameBuild, controllerImagePinned, productionControllerImagePinned, openwhiskNodeNotChecked,
};

export const POLICIES: OpenWhiskPolicy<any>[] = [
  controllerStaticAddress,
  seedNodesStatic,
  remotingPortConsistent,
  downingKeysMatchBuild,
  automaticDowningStaticSeeds,
  manualDowningEndpoint,
  jmxAuthenticated,
  invokerRuncKey,
  invokerRuncVersions,
  invokerDockerApi,
  clusterPortsPrivate,
  controllerIdentityUnique,
  controllerInstanceCount,
  shardingBalancerExplicit,
  startupConfigComplete,
  splitBrainResolverValid,
  controllersSameBuild,
  productionControllerImagePinned,
  oddControllerCount,
  productionSeedCount,
  productionAddressProtection,
  productionImagesPinned,
  downingStrategyComment,
  invokerDockerEngineUnpinned,
  controllerImagePinned,
  openwhiskNodeNotChecked,
];
