import type { OpenWhiskPolicy } from "../policy";
import { runcOf } from "../model/clusterSettings";

/** runc on needs the image's runc to match the host's exactly (mission §3). */
export const invokerRuncVersions: OpenWhiskPolicy = {
  name: "invoker-runc-versions",
  description: "An invoker that pauses containers with runc declares the host's and the image's runc versions (labels openwhisk.runc.host-version / openwhisk.runc.image-version, or tags openwhisk:runc.host-version / openwhisk:runc.image-version) and they are equal.",
  enforcementLevel: "mandatory",
  check(model, _config, report) {
    for (const node of model.invokers) {
      if (node.env.unknownAll) continue;
      const runc = runcOf(node);
      if (!runc.effective) continue;
      const host = node.declared.get("openwhisk.runc.host-version");
      const image = node.declared.get("openwhisk.runc.image-version");
      const how = `${runc.value === undefined ? `runc is on by default (${runc.key} is not set)` : `${runc.key}=true`}`;
      if (!host || !image) {
        report(`Invoker ${node.name} uses runc (${how}) but does not declare ${!host ? "the host's" : "the image's"} runc version; a mismatch makes every pause fail ("RuncClient ... cannot unmarshal") and the invoker kill the container. Fix: declare both versions (openwhisk.runc.host-version and openwhisk.runc.image-version) after checking them, or set ${runc.key}=false.`, node.resource.urn);
      } else if (host !== image) {
        report(`Invoker ${node.name} uses runc (${how}) with host runc ${host} but image runc ${image}: every pause will fail and the invoker will kill the container. Fix: use an invoker image whose runc matches the host's, or set ${runc.key}=false.`, node.resource.urn);
      }
    }
  },
};
