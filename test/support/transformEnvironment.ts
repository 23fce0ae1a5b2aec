/** The images' env-to-property transformation (docs/builds.md#how-a-build-turns-env-variables-into-settings), as the planner and the pack implement it. */
export { configKeyToProperty } from "../../components/plan/envTransform";
import { configKeyToProperty } from "../../components/plan/envTransform";

/** The -D properties the image's transformEnvironment.sh passes to the JVM (empty values dropped). */
export function jvmProperties(env: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) {
    const prop = configKeyToProperty(k);
    if (prop !== undefined && v !== "") out[prop] = v;
  }
  return out;
}
