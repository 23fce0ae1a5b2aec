/** Reads an EC2 host's setup back from its registered user data, as cloud-init would get it. */
import { gunzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import type { RegisteredResource } from "../../cli/offline/runProgram";

/** The cloud-config text (user data, or gzip-compressed userDataBase64). */
export function userDataText(instance: RegisteredResource): string {
  if (instance.inputs.userDataBase64 !== undefined) return gunzipSync(Buffer.from(String(instance.inputs.userDataBase64), "base64")).toString("utf8");
  return String(instance.inputs.userData);
}

export interface WrittenFile {
  path: string;
  permissions: string;
  content: string;
}

export function hostFiles(instance: RegisteredResource): WrittenFile[] {
  return parseYaml(userDataText(instance).replace(/^#cloud-config\n/, "")).write_files;
}

export function hostFile(instance: RegisteredResource, path: string): string {
  const f = hostFiles(instance).find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in the host's user data`);
  return f.content;
}

/** A container's env file on the host. */
export function hostEnv(instance: RegisteredResource, node: string): Record<string, string> {
  return Object.fromEntries(hostFile(instance, `/etc/openwhisk/${node}.env`).trim().split("\n").map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

/** A container's docker run arguments, one element each, as the launcher passes them. */
export function hostArgs(instance: RegisteredResource, node: string): string[] {
  return hostFile(instance, `/etc/openwhisk/${node}.args`).replace(/\n$/, "").split("\n");
}

/** `-p` values of a container. */
export function publishedPorts(instance: RegisteredResource, node: string): string[] {
  const args = hostArgs(instance, node);
  return args.flatMap((a, i) => (a === "-p" ? [args[i + 1]] : []));
}
