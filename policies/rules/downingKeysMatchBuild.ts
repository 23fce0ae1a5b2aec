import type { OpenWhiskPolicy } from "../policy";
import { isDowningKey, ownDowningKeys } from "../model/clusterSettings";
import { keysOf } from "../model/openwhiskNodes";

/** Downing keys must be the ones the build reads (mission §2): anything else is a silent outage. */
export const downingKeysMatchBuild: OpenWhiskPolicy = {
  name: "downing-keys-match-build",
  description: "Controllers render only the downing keys their build reads: auto-down-unreachable-after on legacy-2017 and akka-2.5, the split-brain resolver on akka-2.6 and pekko, under the build's own akka/pekko root and provider class.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.controllers) {
      if (!node.flavor || node.env.unknownAll) continue;
      const keys = keysOf(node);
      const own = ownDowningKeys(node);
      for (const key of node.env.values.keys()) {
        if (!isDowningKey(key) || own(key)) continue;
        const why = keys.sbr
          ? key.includes("autoDown") || key === "AUTO_DOWN_UNREACHABLE_AFTER"
            ? `auto-down was removed in Akka 2.6 and does not exist in Pekko; use the split-brain resolver (${keys.sbr.providerKey}=${keys.sbr.providerClass}, ${keys.sbr.strategy}, ${keys.sbr.stableAfter})`
            : `${node.flavor} builds read ${keys.root}.* keys only; use ${keys.sbr.providerKey} and ${keys.root}.cluster.split-brain-resolver.*`
          : `${node.flavor} builds have no split-brain resolver; use ${keys.autoDown} for automatic downing, or leave downing to a supervisor`;
        report(`Controller ${node.name} renders ${key}, which its ${node.flavor} build does not read: ${why}.`, node.resource.urn);
      }
      if (keys.sbr) {
        const provider = node.env.values.get(keys.sbr.providerKey);
        if (provider !== undefined && provider !== keys.sbr.providerClass) {
          report(`Controller ${node.name} sets ${keys.sbr.providerKey}=${provider}; ${node.flavor} builds ship ${keys.sbr.providerClass}. Fix: use that class, or the build will fail to start its downing provider.`, node.resource.urn);
        }
      }
    }
  },
};
