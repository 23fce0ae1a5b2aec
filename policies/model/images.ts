/**
 * The container images a resource runs, read back whoever wrote the stack: a docker container's image
 * (or, when that is a pulled image's id, the RemoteImage's name), and in an instance's or launch
 * template's user data the images of `docker run` / `docker pull` commands, docker-compose `image:` keys
 * and image files the launcher of this project reads (`/etc/openwhisk/<name>.image`).
 */
import { parse as parseYaml } from "yaml";
import { commandsOf } from "./bootScriptEnv";
import { textCache } from "../../components/plan/textCache";
import { COMPOSE_FILE } from "./composeServices";
import { CLOUD_CONFIG_HEADER, cloudConfigOf, readDockerRun, runCommandScripts, userDataText } from "./nodeEnv";
import type { StackResource } from "./stackResource";
import { TYPES } from "./staticAddresses";
import { knownString } from "./unknowns";

/**
 * The image word of a `docker run` / `docker create` command (read as docker reads its options, the
 * one reader the env model uses) or of a `docker pull`, if any.
 */
export function commandImage(words: string[]): string | undefined {
  const run = readDockerRun(words);
  if (run) return run.image;
  const at = words.findIndex((w, i) => /(^|\/)docker$/.test(w) && words[i + 1] === "pull");
  if (at < 0) return undefined;
  for (let i = at + 2; i < words.length; i++) {
    if (words[i] === "--platform") i++;
    else if (!words[i].startsWith("-")) return words[i];
  }
  return undefined;
}

/** The images of one user data text, worked out once per text (a check reads every host twice). */
const imagesOfText = textCache<string[]>(8192);

function readImages(text: string): string[] {
  const out: string[] = [];
  // Shell text read by the shell's rules (the one shell-words reader of the policy model); cloud-config
  // read once for every reader of the host (its write_files decoded as cloud-init writes them).
  const cloudConfig = cloudConfigOf(text);
  const scripts: string[] = [CLOUD_CONFIG_HEADER.test(text) ? "" : text];
  const d = (cloudConfig?.doc ?? {}) as { write_files?: unknown; runcmd?: unknown; bootcmd?: unknown };
  if (Array.isArray(d.write_files)) {
    for (const f of d.write_files as Array<{ path?: unknown; content?: unknown }>) {
      const content = typeof f?.content === "string" ? f.content : undefined;
      if (content === undefined || typeof f.path !== "string") continue;
      if (/\/etc\/openwhisk\/[^/]+\.image$/.test(f.path)) out.push(...content.split("\n").map((l) => l.trim()).filter(Boolean));
      else if (COMPOSE_FILE.test(f.path)) {
        try {
          const services = (parseYaml(content, { merge: true }) as { services?: Record<string, { image?: unknown }> } | null)?.services ?? {};
          for (const s of Object.values(services)) if (typeof s?.image === "string") out.push(s.image);
        } catch {
          /* not YAML: nothing to read */
        }
      } else scripts.push(content);
    }
  }
  for (const cmds of [d.runcmd, d.bootcmd]) {
    if (Array.isArray(cmds)) scripts.push(...runCommandScripts(cmds));
  }
  for (const script of scripts) {
    for (const command of commandsOf(script)) {
      // A word the shell expands ($VAR, `...`) is not an image reference.
      const image = commandImage(command.words.map((w) => (w.expands ? "$" : w.text)));
      if (image && !/[$`]/.test(image)) out.push(image);
    }
  }
  return [...new Set(out)];
}

export function imageReferences(resource: StackResource, byUrn: Map<string, StackResource>): string[] {
  if (resource.type === TYPES.container) {
    const pulled = (resource.propertyDependencies.image ?? []).map((u) => byUrn.get(u)).find((r) => r?.type === "docker:index/remoteImage:RemoteImage");
    const image = knownString(pulled?.props.name) ?? knownString(resource.props.image);
    return image ? [image] : [];
  }
  if (resource.type === TYPES.instance || resource.type === TYPES.launchTemplate || resource.type === TYPES.launchConfiguration) {
    const { text } = userDataText(resource);
    return text ? imagesOfText.get(text, readImages) : [];
  }
  return [];
}
