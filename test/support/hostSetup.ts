/** Reads an EC2 host's setup back from its registered user data, as cloud-init would get it. */
import { gunzipSync } from "node:zlib";
import { parse as parseYaml, stringify } from "yaml";
import type { RegisteredResource } from "../../cli/offline/runProgram";

/**
 * The cloud-config text exactly as cloud-init gets it: user data, or userDataBase64 (EC2 decodes the
 * base64; cloud-init gunzips what starts with gzip's magic bytes and takes anything else as it is).
 */
export function rawUserData(instance: RegisteredResource): string {
  if (instance.inputs.userDataBase64 !== undefined) {
    const bytes = Buffer.from(String(instance.inputs.userDataBase64), "base64");
    return (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString("utf8");
  }
  return String(instance.inputs.userData);
}

/** The cloud-config with every written file's content decoded (`encoding: b64`), to search what lands on disk. */
export function userDataText(instance: RegisteredResource): string {
  const doc = parseYaml(rawUserData(instance).replace(/^#cloud-config\n/, ""));
  doc.write_files = hostFiles(instance);
  return `#cloud-config\n${stringify(doc, { lineWidth: 0 })}`;
}

export interface WrittenFile {
  path: string;
  permissions: string;
  content: string;
}

/** The files the user data writes, with their contents as written on disk (decoded as cloud-init does). */
export function hostFiles(instance: RegisteredResource): WrittenFile[] {
  return decodedFiles(rawUserData(instance));
}

export function decodedFiles(cloudConfig: string): WrittenFile[] {
  const files = parseYaml(cloudConfig.replace(/^#cloud-config\n/, "")).write_files as Array<{ path: string; permissions: string; content: string; encoding?: string }>;
  return files.map((f) => {
    if (f.encoding !== undefined && f.encoding !== "b64") throw new Error(`${f.path}: unexpected encoding ${f.encoding}`);
    return { path: f.path, permissions: f.permissions, content: f.encoding === "b64" ? Buffer.from(f.content, "base64").toString("utf8") : f.content };
  });
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
