import type { OpenWhiskPolicy } from "../policy";
import { downingOf } from "../model/clusterSettings";

const NEEDS_REASON = new Set(["keep-oldest", "down-all"]);

export const downingStrategyComment: OpenWhiskPolicy = {
  name: "downing-strategy-comment",
  description: "The split-brain strategies keep-oldest and down-all trade availability for safety in ways a reviewer must see: they carry a comment (openwhisk.downing-comment label / openwhisk:downing-comment tag, from controllers.downing.comment).",
  enforcementLevel: "advisory",
  check(model, _config, report) {
    for (const node of model.clustered) {
      const strategy = downingOf(node).strategy;
      if (!strategy || !NEEDS_REASON.has(strategy) || node.declared.get("openwhisk.downing-comment")) continue;
      report(`Controller ${node.name} uses split-brain strategy ${strategy} without a comment explaining why (${strategy === "down-all" ? "it downs every member on any partition" : "the oldest member's side survives even as a minority"}). Fix: set controllers.downing.comment in the stack config (or label openwhisk.downing-comment).`, node.resource.urn);
    }
  },
};
