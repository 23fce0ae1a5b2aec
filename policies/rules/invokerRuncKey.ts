import type { OpenWhiskPolicy } from "../policy";
import { RUNC_KEY } from "../../components/plan/flavors";
import { envIsComplete, runcOf } from "../model/clusterSettings";

/** The runc choice must be rendered in the key the invoker's build reads (mission §3). */
export const invokerRuncKey: OpenWhiskPolicy = {
  name: "invoker-runc-key",
  description: `Every invoker renders its runc choice in the key its build reads: ${RUNC_KEY.legacy} on legacy-2017, ${RUNC_KEY.config} on every build since April 2018 (which ignore ${RUNC_KEY.legacy}); the two never disagree.`,
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.invokers) {
      if (node.env.unknownAll) continue;
      const runc = runcOf(node);
      const build = node.flavor ?? "current";
      if (runc.value === undefined) {
        if (!envIsComplete(model, node)) continue; // an unknown entry may still be it; the after-update check decides
        const only = runc.key !== RUNC_KEY.legacy && runc.legacyValue !== undefined;
        report(`Invoker ${node.name} ${only ? `renders only ${RUNC_KEY.legacy}, which ${build} builds ignore` : `does not render ${runc.key}`}, so runc stays on by default whatever was intended. Fix: render ${runc.key}=true or ${runc.key}=false.`, node.resource.urn);
      } else if (runc.key !== RUNC_KEY.legacy && runc.legacyValue !== undefined && runc.legacyValue !== runc.value) {
        report(`Invoker ${node.name} renders ${RUNC_KEY.legacy}=${runc.legacyValue} but ${runc.key}=${runc.value}; ${build} builds read only ${runc.key}. Fix: give both the same value.`, node.resource.urn);
      }
    }
  },
};
