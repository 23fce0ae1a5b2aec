/** Which stacks count as production for the advisory policies: by declared environment or stack name. */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { ClusterModel } from "../model/clusterModel";

export interface ProductionConfig {
  productionStackPattern: string;
  productionEnvironments: string[];
}

export const PRODUCTION_CONFIG: Record<keyof ProductionConfig, PolicyConfigJSONSchema> = {
  productionStackPattern: { type: "string", default: "^prod(uction)?($|[-_.])", description: "Stacks whose name matches this regular expression are production." },
  productionEnvironments: { type: "array", items: { type: "string" }, default: ["production", "prod"], description: "Values of the openwhisk.environment label / openwhisk:environment tag that mark a production stack." },
};

export function isProduction(model: ClusterModel, config: Partial<ProductionConfig>): boolean {
  const envs = config.productionEnvironments ?? ["production", "prod"];
  if ([...model.environments].some((e) => envs.includes(e))) return true;
  return new RegExp(config.productionStackPattern ?? "^prod(uction)?($|[-_.])").test(model.stack);
}
