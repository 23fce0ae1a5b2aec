import type { OpenWhiskPolicy } from "../policy";
import { movingTag } from "../model/controllerBuild";
import type { OpenWhiskNode } from "../model/openwhiskNodes";
import { isProduction, PRODUCTION_CONFIG, type ProductionConfig } from "./production";

function moving(nodes: OpenWhiskNode[]): { node: OpenWhiskNode; tag: string }[] {
  return nodes.flatMap((node) => {
    const tag = node.image ? movingTag(node.image) : undefined;
    return tag ? [{ node, tag }] : [];
  });
}

const message = (node: OpenWhiskNode, tag: string) =>
  `Controller ${node.name} runs ${node.image}, a moving tag (${tag}): a replaced or restarted host may pull a newer build that cannot rejoin the cluster the other controllers run. Fix: pin the image to a release tag or a digest (@sha256:...).`;

/** A moving controller image tag: advisory outside production (production-controller-image-pinned makes it mandatory there). */
export const controllerImagePinned: OpenWhiskPolicy<ProductionConfig> = {
  name: "controller-image-pinned",
  description: "Controllers run a pinned image (a release tag or a digest), not a moving tag (nightly, latest, master, no tag). Advisory outside production; in production production-controller-image-pinned makes it mandatory.",
  enforcementLevel: "advisory",
  configSchema: { properties: { ...PRODUCTION_CONFIG } },
  check(model, config, report) {
    if (isProduction(model, config)) return;
    for (const { node, tag } of moving(model.controllers)) report(message(node, tag), node.resource.urn);
  },
};

export const productionControllerImagePinned: OpenWhiskPolicy<ProductionConfig> = {
  name: "production-controller-image-pinned",
  description: "In a production stack, controllers run a pinned image (a release tag or a digest), never a moving tag (nightly, latest, master, no tag).",
  enforcementLevel: "mandatory",
  configSchema: { properties: { ...PRODUCTION_CONFIG } },
  check(model, config, report) {
    if (!isProduction(model, config)) return;
    for (const { node, tag } of moving(model.controllers)) report(`Production stack ${model.stack}: ${message(node, tag)}`, node.resource.urn);
  },
};
