/** Finds and validates the stack config a command was pointed at (--stack or --config-file). */
import * as path from "path";
import { readStackFile, stackFilePath, listStacks, StackFile } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import type { StackConfig } from "../components/config/schema";
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
  const result = validateStackConfig(stackFile.config);
  return result.ok ? { file: stackFile, config: result.config } : { file: stackFile, issues: result.issues };
}
