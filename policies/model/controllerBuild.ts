/**
 * Which build a controller runs, for comparing controllers of one cluster: its flavour (declared, from
 * its keys, else from its image) and its image's tag or digest; and whether that tag moves (`nightly`,
 * `latest`, `master`, no tag: a replacement may pull a newer build that cannot rejoin the others).
 */
import { imageTag } from "../../components/plan/builds";
import type { Flavor } from "../../components/plan/flavors";
import type { OpenWhiskNode } from "./openwhiskNodes";

export const MOVING_TAGS = new Set(["latest", "nightly", "master", "main"]);

export function controllerBuild(node: OpenWhiskNode): { flavor?: Flavor; image?: string; tag?: string } {
  const image = node.image;
  if (!image) return { flavor: node.flavor };
  const digest = /@(sha256:[0-9a-f]+)$/.exec(image)?.[1];
  return { flavor: node.flavor, image, tag: digest ?? imageTag(image) };
}

/** The moving tag an image reference uses, if any (`openwhisk/controller` has none: `latest`); a digest never moves. */
export function movingTag(image: string): string | undefined {
  if (/@sha256:[0-9a-f]+$/.test(image)) return undefined;
  const tag = imageTag(image);
  const explicit = /:[^/]+$/.test(image);
  if (!explicit) return "no tag (latest)";
  return MOVING_TAGS.has(tag) ? tag : undefined;
}
