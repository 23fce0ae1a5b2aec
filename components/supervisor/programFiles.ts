/**
 * The supervisor's program as files for its container, under /opt/openwhisk-supervisor: the modules
 * programModules.ts names, as generated into programBundle.ts (CommonJS for Node.js 20, no comments).
 * They import only each other and Node.js built-ins (a test checks), so nothing is installed or
 * downloaded in the container.
 */
import { PROGRAM_BUNDLE } from "./programBundle";
import { PROGRAM_MODULES_BY_TARGET } from "./programModules";
import { SUPERVISOR_DIR } from "./runtimeConfig";

export function programFiles(target: "docker" | "aws"): Array<{ containerPath: string; content: string }> {
  return PROGRAM_MODULES_BY_TARGET[target].map((m) => ({ containerPath: `${SUPERVISOR_DIR}/${m}.js`, content: PROGRAM_BUNDLE[m] }));
}
