import type { OpenWhiskPolicy } from "../policy";
import { downingOf } from "../model/clusterSettings";
import { keysOf } from "../model/openwhiskNodes";

/**
 * The split-brain resolver's strategies and their required settings, as Akka 2.6 and Pekko read them
 * (`akka/cluster/sbr/SplitBrainResolverSettings.scala`, Pekko's `org/apache/pekko/cluster/sbr/` copy):
 * the strategy name is matched case-insensitively against these five, anything else throws
 * ConfigurationException("Unknown downing strategy") at startup; static-quorum reads `quorum-size`
 * with getInt (reference value `undefined`: a missing one fails startup); lease-majority requires a
 * non-empty `lease-implementation` (reference value "").
 */
export const SBR_STRATEGIES = ["keep-majority", "lease-majority", "static-quorum", "keep-oldest", "down-all"] as const;

export const splitBrainResolverValid: OpenWhiskPolicy = {
  name: "split-brain-resolver-valid",
  description: "A controller running the split-brain resolver names a strategy the build knows (keep-majority, lease-majority, static-quorum, keep-oldest, down-all); static-quorum with a quorum-size of more than half of its cluster's controllers (and at most all of them); lease-majority with a lease implementation. Whatever the env form (CONFIG_ keys or -D options).",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      const sbr = keysOf(node).sbr;
      if (!sbr || node.env.unknownAll) continue;
      const downing = downingOf(node);
      if (!downing.automatic || downing.strategy === undefined) continue;
      const env = node.env.values;
      const strategy = downing.strategy.trim().toLowerCase();
      const where = `Controller ${node.name} (${node.flavor ?? "unknown"} build)`;
      if (!(SBR_STRATEGIES as readonly string[]).includes(strategy)) {
        report(`${where} sets the split-brain resolver strategy ${JSON.stringify(downing.strategy)} (${sbr.strategy}); the build knows only ${SBR_STRATEGIES.join(", ")} and stops at startup with "Unknown downing strategy". Fix: use one of those.`, node.resource.urn);
        continue;
      }
      if (strategy === "static-quorum") {
        const count = model.clusterOf(node).length;
        const raw = env.get(sbr.quorumSize)?.trim();
        const quorum = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : undefined;
        if (quorum === undefined) {
          report(`${where} runs static-quorum without ${raw === undefined ? "a quorum size" : `a whole-number quorum size (got ${JSON.stringify(raw)})`} (${sbr.quorumSize}); the build reads it with getInt and fails at startup. Fix: set it to ${Math.floor(count / 2) + 1} (more than half of the cluster's ${count} controllers).`, node.resource.urn);
        } else if (quorum * 2 <= count) {
          report(`${where} runs static-quorum with quorum-size ${quorum}, at most half of its cluster's ${count} controllers: both sides of an even split keep running (split brain). Fix: set ${sbr.quorumSize}=${Math.floor(count / 2) + 1}.`, node.resource.urn);
        } else if (quorum > count) {
          report(`${where} runs static-quorum with quorum-size ${quorum}, more than its cluster's ${count} controllers: no side can ever reach the quorum, so any partition downs every node. Fix: set ${sbr.quorumSize}=${Math.floor(count / 2) + 1}.`, node.resource.urn);
        }
      }
      if (strategy === "lease-majority" && !env.get(sbr.leaseImplementation)?.trim()) {
        report(`${where} runs lease-majority without a lease implementation (${sbr.leaseImplementation}); the build requires one at startup, and no OpenWhisk image ships a lease. Fix: configure a lease on the controllers' classpath, or use keep-majority.`, node.resource.urn);
      }
    }
  },
};
