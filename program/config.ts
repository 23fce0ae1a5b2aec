/** Reads the stack's config from the Pulumi runtime and validates it before anything is registered. */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_KEYS, SecretName, StackConfig } from "../components/config/schema";
import { formatIssues } from "../components/config/errors";
import { decodeConfigValue } from "../components/config/pulumiValues";
import { validateStackConfig } from "../components/config/validate";


export interface ProgramConfig {
  config: StackConfig;
  secrets: Partial<Record<SecretName, pulumi.Output<string>>>;
}

/** Validated config, or a RunError (message only, no stack trace) that lists every problem by key. */
export function readProgramConfig(): ProgramConfig {
  const raw: Record<string, unknown> = {};
  // Pulumi hands every value as a string; string keys (secrets among them) stay strings, never printed.
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) raw[key] = decodeConfigValue(key, value);
  const result = validateStackConfig(raw);
  if (!result.ok) throw new pulumi.RunError(formatIssues(result.issues, `stack ${pulumi.getStack()}`));
  const cfg = new pulumi.Config("openwhisk");
  const secrets: ProgramConfig["secrets"] = {};
  for (const key of SECRET_KEYS) {
    const value = cfg.getSecret(key);
    if (value !== undefined) secrets[key] = value;
  }
  return { config: result.config, secrets };
}
