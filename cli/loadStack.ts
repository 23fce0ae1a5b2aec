/** Finds and validates the stack config a command was pointed at (--stack or --config-file). */
import * as path from "path";
import { readStackFile, stackFilePath, listStacks, StackFile } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import { SECRET_KEYS, type StackConfig } from "../components/config/schema";
import { createHash } from "crypto";
import type { ConfigIssue } from "../components/config/errors";
import { UsageError } from "./args";
import * as fs from "fs";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** Pulumi's stack name characters. */
export const STACK_NAME = /^(?!\.\.?$)[A-Za-z0-9_.-]{1,100}$/;

export type LoadedStack = { file: StackFile; config: StackConfig; issues?: undefined } | { file: StackFile; config?: undefined; issues: ConfigIssue[] };

export function resolveStackFile(values: Record<string, string>, defaultStack?: string): string {
  if (values["--stack"] && values["--config-file"]) throw new UsageError("give either --stack <name> or --config-file <path>, not both");
  if (values["--config-file"]) return path.resolve(values["--config-file"]);
  const stack = values["--stack"] ?? defaultStack;
  if (!stack) throw new UsageError("give --stack <name> or --config-file <path>");
  // A stack name is a file name under stacks/, never a path (Pulumi's own stack names: letters, digits, _ . -).
  if (!STACK_NAME.test(stack)) throw new UsageError(`--stack ${JSON.stringify(stack)}: expected a stack name (letters, digits, _ . -; not a path), e.g. prod`);
  const file = stackFilePath(PROJECT_ROOT, stack);
  if (!fs.existsSync(file)) {
    throw new UsageError(`no stack ${JSON.stringify(stack)}: ${path.relative(process.cwd(), file)} does not exist (stacks: ${listStacks(PROJECT_ROOT).join(", ")})`);
  }
  return file;
}

export function loadStack(file: string): LoadedStack {
  const stackFile = readStackFile(file);
  if (!STACK_NAME.test(stackFile.stack)) {
    throw new UsageError(`${file}: the stack name ${JSON.stringify(stackFile.stack)} (from the file name Pulumi.<stack>.yaml) is not a stack name: letters, digits, _ . - only`);
  }
  const result = validateStackConfig(stackFile.config, stackFile.encryptedKeys);
  return result.ok ? { file: stackFile, config: result.config } : { file: stackFile, issues: result.issues };
}

/**
 * The flat config the offline check hands the program under Pulumi's mocks. A secret encrypted in the
 * stack file (`secure:`) cannot be decrypted offline; the program validates every secret it is given
 * (program/config.ts), so it gets a stand-in of the secret's grammar (never the placeholder text, which no
 * secret grammar admits). `pulumi up` validates the decrypted value itself.
 */
export function offlineProgramConfig(file: StackFile): Record<string, unknown> {
  const config = { ...file.config };
  for (const flat of file.encryptedKeys ?? []) {
    const key = flat.startsWith("openwhisk:") ? flat.slice("openwhisk:".length) : "";
    if (!(SECRET_KEYS as readonly string[]).includes(key)) continue;
    const hex = createHash("sha256").update(`encrypted:${key}`).digest("hex");
    config[flat] = /AuthKey$/.test(key)
      ? `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}:${(hex + hex).slice(0, 64)}`
      : `encrypted-${key}-${hex.slice(0, 16)}`;
  }
  return config;
}
