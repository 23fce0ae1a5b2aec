import type { OpenWhiskPolicy } from "../policy";
import { imageReferences } from "../model/images";
import { isProduction, PRODUCTION_CONFIG, type ProductionConfig } from "./production";

/** A reference pinned by content (the same rule as the config's, spelled here so the pack stays free of zod). */
const PINNED = /@sha256:[0-9a-f]{64}$/;

export const productionImagesPinned: OpenWhiskPolicy<ProductionConfig> = {
  name: "production-images-pinned",
  description: "In a production stack every container image is pinned by digest (name@sha256:<64 hex>): docker containers (their image or the pulled image's name) and the images an instance's or launch template's user data runs (docker run/pull, compose files, image files). A tag can be moved to other content between review and deploy.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { ...PRODUCTION_CONFIG } },
  check(model, config, report) {
    if (!isProduction(model, config)) return;
    for (const r of model.resources) {
      for (const image of imageReferences(r, model.byUrn)) {
        if (PINNED.test(image)) continue;
        report(`${r.name} runs ${image} by tag in production stack ${model.stack}: what runs can change without a change here. Fix: pin it by digest, ${image.replace(/@.*$/, "")}@sha256:<digest you reviewed>.`, r.urn);
      }
    }
  },
};
