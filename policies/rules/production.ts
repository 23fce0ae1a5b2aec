/** Which stacks count as production for the advisory policies: by declared environment or stack name. */
import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import type { ClusterModel } from "../model/clusterModel";

export interface ProductionConfig {
  productionStackPattern: string;
  productionEnvironments: string[];
}

const DEFAULTS: ProductionConfig = { productionStackPattern: "^prod(uction)?($|[-_.])", productionEnvironments: ["production", "prod"] };

export const PRODUCTION_CONFIG: Record<keyof ProductionConfig, PolicyConfigJSONSchema> = {
  productionStackPattern: { type: "string", default: DEFAULTS.productionStackPattern, description: "Stacks whose name matches this regular expression are production." },
  productionEnvironments: { type: "array", items: { type: "string" }, default: DEFAULTS.productionEnvironments, description: "Values of the openwhisk.environment label / openwhisk:environment tag that mark a production stack." },
};

export function isProduction(model: ClusterModel, config: Partial<ProductionConfig>): boolean {
  const { productionStackPattern, productionEnvironments } = { ...DEFAULTS, ...config };
  if ([...model.environments].some((e) => productionEnvironments.includes(e))) return true;
  return new RegExp(productionStackPattern).test(model.stack);
}
