/**
 * What each OpenWhisk build is, besides its cluster keys (flavors.ts): where its source is, how its
 * images start, which design documents its databases need, which optional keys it has at all.
 * Every entry cites the upstream file it was read from (apache/openwhisk at the build's ref).
 * Pure data; the renderers, the database init and the policy pack read it.
 */
import type { Flavor } from "../config/flavorNames";
import { deepFreeze } from "./deepFreeze";

/** apache/openwhisk on GitHub, raw files: `<base>/<ref>/<path>`. Air-gapped users point this at a mirror. */
export const DEFAULT_SOURCE_BASE_URL = "https://raw.githubusercontent.com/apache/openwhisk";

/** Which whisk database a design document goes into. */
export type WhiskDatabase = "subjects" | "whisks" | "activations";

export interface DesignDocument {
  database: WhiskDatabase;
  /** Path of the upstream JSON file inside the build's source (fetched at deploy time, never copied here). */
  path: string;
}

export interface BuildFacts {
  /** The git ref of apache/openwhisk this flavour names by default (a tag, or a pinned commit). */
  sourceRef: string;
  /** Commit date of that ref: the default build date rendered into whisk.info / WHISK_VERSION_DATE. */
  releaseDate: string;
  /** Whether the images run common/scala/transformEnvironment.sh, i.e. read `CONFIG_*` keys at all. */
  readsConfigKeys: boolean;
  /** `whisk.cluster.name`, `whisk.controller.username/password`, `whisk.invoker.username/password` exist (2.0.0+). */
  hasSchedulerEraKeys: boolean;
  /** The invoker's runc binary inside the image (core/invoker/Dockerfile). */
  invokerRuncBinary: string;
  /**
   * The docker CLI inside the invoker image (core/invoker/Dockerfile's DOCKER_VERSION), which starts
   * every action container through the host engine's socket, and the highest Engine API version it
   * speaks. An engine whose minimum API is above it refuses every call: no action ever starts.
   */
  invokerDockerCli: { version: string; apiVersion: string };
  /** Design documents the databases need, in install order (ansible/tasks/initdb.yml, ansible/tasks/recreateViews.yml). */
  designDocuments: DesignDocument[];
}

const files = (database: WhiskDatabase, ...paths: string[]): DesignDocument[] => paths.map((p) => ({ database, path: `ansible/files/${p}` }));

/**
 * Design documents since the v2 views (tags 1.0.0, 2.0.0 and master at 1fae641: identical lists in
 * ansible/tasks/initdb.yml and ansible/tasks/recreateViews.yml).
 */
const V2_DESIGN_DOCUMENTS: DesignDocument[] = [
  ...files("subjects", "auth_design_document_for_subjects_db_v2.0.0.json", "filter_design_document.json", "namespace_throttlings_design_document_for_subjects_db.json"),
  ...files("whisks", "whisks_design_document_for_entities_db_v2.1.0.json", "filter_design_document.json"),
  ...files(
    "activations",
    "whisks_design_document_for_activations_db_v2.1.0.json",
    "whisks_design_document_for_activations_db_filters_v2.1.1.json",
    "filter_design_document.json",
    "activations_design_document_for_activations_db.json",
    "logCleanup_design_document_for_activations_db.json",
  ),
];

export const BUILDS: Record<Flavor, BuildFacts> = {
  // The seed document's build: apache/openwhisk febde0042 (2017-10-17), valid up to aa697f620.
  "legacy-2017": {
    sourceRef: "febde00425f0624b132f48bcd90df3f0f21c8f36",
    releaseDate: "2017-10-17T08:43:09Z",
    // No common/scala/transformEnvironment.sh in that tree: settings come from WhiskConfig env names
    // (common/scala/.../WhiskConfig.scala, Config.scala) and ${?VAR} substitutions in application.conf.
    readsConfigKeys: false,
    hasSchedulerEraKeys: false,
    // core/invoker/Dockerfile at febde0042 extracts docker/docker-runc of docker 1.12.0.
    invokerRuncBinary: "/usr/bin/docker-runc",
    // core/invoker/Dockerfile at febde0042: ENV DOCKER_VERSION 1.12.0 (Engine API 1.24; this CLI never negotiates).
    invokerDockerCli: { version: "1.12.0", apiVersion: "1.24" },
    // ansible/tasks/initdb.yml and recreateViews.yml at febde0042.
    designDocuments: [
      ...files("subjects", "auth_index.json", "filter_design_document.json"),
      ...files("whisks", "whisks_design_document_for_actions_db.json", "filter_design_document.json"),
      ...files(
        "activations",
        "whisks_design_document_for_activations_db.json",
        "filter_design_document.json",
        "activations_design_document_for_activations_db.json",
        "logCleanup_design_document_for_activations_db.json",
      ),
    ],
  },
  "akka-2.5": {
    sourceRef: "1.0.0",
    releaseDate: "2020-10-30T23:46:23Z",
    readsConfigKeys: true,
    // common/scala/src/main/resources/application.conf at 1.0.0 has no whisk.cluster.name, and
    // core/controller|invoker/src/main/resources/application.conf no username/password.
    hasSchedulerEraKeys: false,
    // core/invoker/Dockerfile at 1.0.0: docker 18.06.3-ce, docker/docker-runc.
    invokerRuncBinary: "/usr/bin/docker-runc",
    // core/invoker/Dockerfile at 1.0.0: DOCKER_VERSION=18.06.3-ce (Engine API 1.38).
    invokerDockerCli: { version: "18.06.3-ce", apiVersion: "1.38" },
    designDocuments: V2_DESIGN_DOCUMENTS,
  },
  "akka-2.6": {
    sourceRef: "2.0.0",
    releaseDate: "2024-03-27T01:05:29Z",
    readsConfigKeys: true,
    hasSchedulerEraKeys: true,
    // core/invoker/Dockerfile at 2.0.0: docker/runc.
    invokerRuncBinary: "/usr/bin/runc",
    // core/invoker/Dockerfile at 2.0.0: DOCKER_VERSION=23.0.6 (Engine API 1.42).
    invokerDockerCli: { version: "23.0.6", apiVersion: "1.42" },
    designDocuments: V2_DESIGN_DOCUMENTS,
  },
  pekko: {
    // master at the Pekko migration's successor 1fae641 (Aug 2026), pinned so two runs render the same.
    sourceRef: "1fae641a2b30bccb7ddc69d2d215866d899a8510",
    releaseDate: "2026-08-05T22:54:00Z",
    readsConfigKeys: true,
    hasSchedulerEraKeys: true,
    invokerRuncBinary: "/usr/bin/runc",
    // core/invoker/Dockerfile at 1fae641: DOCKER_VERSION=23.0.6 (Engine API 1.42).
    invokerDockerCli: { version: "23.0.6", apiVersion: "1.42" },
    designDocuments: V2_DESIGN_DOCUMENTS,
  },
};

/** The tag of an image reference (`repo/name:tag` -> `tag`); `latest` when it has none; digests have none. */
export function imageTag(image: string): string {
  const at = image.indexOf("@");
  const ref = at >= 0 ? image.slice(0, at) : image;
  const slash = ref.lastIndexOf("/");
  const colon = ref.lastIndexOf(":");
  return colon > slash ? ref.slice(colon + 1) : "latest";
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(BUILDS);
