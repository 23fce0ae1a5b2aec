/** Reads the stack's config from the Pulumi runtime and validates it before anything is registered. */
import * as pulumi from "@pulumi/pulumi";
import { SECRET_KEYS, SecretName, StackConfig } from "../components/config/schema";
import { formatIssues } from "../components/config/errors";
import { validateStackConfig } from "../components/config/validate";

/** Pulumi hands every value as a string; structured values are JSON. */
function decode(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

export interface ProgramConfig {
  config: StackConfig;
  secrets: Partial<Record<SecretName, pulumi.Output<string>>>;
}

/** Validated config, or a RunError (message only, no stack trace) that lists every problem by key. */
export function readProgramConfig(): ProgramConfig {
  const raw: Record<string, unknown> = {};
  const secretKeys = new Set(SECRET_KEYS.map((k) => `openwhisk:${k}`));
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    // Secret values are kept as strings (never JSON-decoded) and never printed.
    raw[key] = secretKeys.has(key) ? value : decode(value);
  }
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
