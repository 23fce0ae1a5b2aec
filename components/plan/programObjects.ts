/**
 * The supervisor's program on aws as S3 objects instead of user data. EC2 takes at most 16384 bytes of
 * user data, and the program (programBundle.ts, tens of kilobytes, written base64-encoded so PyYAML
 * cannot re-split it: cloudInit.ts writeFile) would leave no room for the rest of the host's files, let
 * alone for larger stacks. So the stack uploads each program file as an object whose key names its
 * SHA-256, and the host's user data carries only the bucket, the key and the SHA-256: the unit's fetch
 * script (cloudInit.ts fetchScript) downloads each file and uses it only when the digest matches.
 * A changed program is a new key and a new user data, so a new host. Pure: known at preview except the
 * bucket's name.
 */
import { createHash } from "node:crypto";
import { SUPERVISOR_DIR } from "../supervisor/runtimeConfig";
import type { ContainerSpec } from "./containerSpec";

export interface ProgramObject {
  /** Where the container sees it. */
  containerPath: string;
  /** The object's key: `supervisor/<sha256>/<file name>`. */
  key: string;
  content: string;
  /** SHA-256 of the content's UTF-8 bytes, lowercase hex. */
  sha256: string;
  mode?: string;
}

/** The spec's program files (plain files under the program directory) as objects to upload. */
export function programObjects(spec: ContainerSpec): ProgramObject[] {
  return spec.files
    .filter((f): f is typeof f & { content: string } => typeof f.content === "string" && f.containerPath.startsWith(`${SUPERVISOR_DIR}/`))
    .map((f) => {
      const sha256 = createHash("sha256").update(f.content, "utf8").digest("hex");
      return { containerPath: f.containerPath, key: `supervisor/${sha256}/${f.containerPath.slice(SUPERVISOR_DIR.length + 1)}`, content: f.content, sha256, ...(f.mode ? { mode: f.mode } : {}) };
    });
}

/** The spec with those files fetched from `bucket` (in `region`) rather than written by user data. */
export function withFetchedProgram(spec: ContainerSpec, objects: ProgramObject[], bucket: string, region: string): ContainerSpec {
  const byPath = new Map(objects.map((o) => [o.containerPath, o]));
  return {
    ...spec,
    files: spec.files.map((f) => {
      const o = byPath.get(f.containerPath);
      return o ? { ...f, content: { object: { bucket, key: o.key, region, sha256: o.sha256 } } } : f;
    }),
  };
}
