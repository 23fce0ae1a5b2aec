import type { OpenWhiskPolicy } from "../policy";
import { BUILDS } from "../../components/plan/builds";
import { missingStartupSettings } from "../../components/plan/startupContract";
import { envIsComplete } from "../model/clusterSettings";

/**
 * Mission §4: a node that lacks what its build requires at startup never serves, however right its
 * clustering keys are. Judged per recognised build against components/plan/startupContract.ts (each
 * requirement cites the upstream file that demands it), after the images' env transformation.
 */
export const startupConfigComplete: OpenWhiskPolicy = {
  name: "startup-config-complete",
  description: "Every controller and invoker of a recognised build is given each setting its build requires at startup with no default (e.g. whisk.info on 1.0.0+ controllers, WhiskConfig's required env on legacy-2017), in a form the build reads.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.nodes) {
      // An unrecognised build, or an env with unknown parts that could be the missing key: not judged.
      if (!node.flavor || !node.flavorSource || !envIsComplete(model, node)) continue;
      const build = BUILDS[node.flavor];
      const missing = missingStartupSettings(node.flavor, node.role, node.env.values, build.readsConfigKeys, node.env.runtimeKeys);
      // Entries not known yet (a secret interpolated into `KEY=value` hides the key too) may be the missing
      // ones: judge only when more is missing than could hide there; the after-update pass sees them all.
      if (missing.length <= node.env.unknownEntries) continue;
      for (const r of missing) {
        const what = r.kind === "env"
          ? `${r.setting}`
          : `${r.renderedAs} (${r.setting}${build.readsConfigKeys ? `, or -D${r.setting}=… in JAVA_OPTS` : ""})`;
        const form = node.flavor === "legacy-2017" ? " That build reads WhiskConfig env names only: no CONFIG_ key reaches it." : "";
        report(
          `${node.role === "controller" ? "Controller" : "Invoker"} ${node.name} (${node.flavor} build) is not given ${what}, which the build requires at startup with no default (${r.evidence}); without it the ${node.role} never serves.${form} Fix: set ${r.renderedAs}.`,
          node.resource.urn,
        );
      }
    }
  },
};
