/**
 * CouchDB settings that must survive a restart. OpenWhisk's views have reduce functions whose results
 * exceed CouchDB's default `reduce_limit` (deploy-kube's initdb.sh and upstream ansible both turn it
 * off). A setting made over HTTP (`PUT /_node/_local/_config/...`) is written to the last ini file of
 * CouchDB's chain, `etc/local.d/docker.ini` in the official image, which is not on the data volume: a
 * recreated container has lost it. So the setting is also a file of its own in `etc/local.d`, given to
 * the container at every start. Its name sorts before `docker.ini`, so docker.ini stays the last file
 * (the one CouchDB writes HTTP changes to) and a read-only mount of this one never blocks a write.
 *
 * Where the file is given matters on aws, where a host file is bind-mounted read-only. The official
 * image's entrypoint runs under `set -e` and, as root, chowns everything under /opt/couchdb that is not
 * couchdb:couchdb (`find /opt/couchdb ... -exec chown -f ...`; apache/couchdb-docker
 * 3.3.3/docker-entrypoint.sh): `-f` hides the message but not the failure, so a root-owned read-only
 * file anywhere under /opt/couchdb makes the container exit 1 before CouchDB starts (reproduced with
 * the official image). So on aws the file is mounted outside /opt/couchdb and the container's command copies it
 * into etc/local.d first, then runs the image's entrypoint with its usual command. On docker the file is
 * uploaded into the container's own layer, where the chown succeeds.
 */
import type { FileSpec } from "./containerSpec";
import { deepFreeze } from "./deepFreeze";

export const COUCHDB_OPENWHISK_INI = "/opt/couchdb/etc/local.d/10-openwhisk.ini";

/** The ini text: `[query_server_config] reduce_limit = false`. */
export const COUCHDB_OPENWHISK_INI_TEXT = [
  "; Written by openwhisk-static-cluster: OpenWhisk's views reduce more than CouchDB's default limit allows.",
  "[query_server_config]",
  "reduce_limit = false",
  "",
].join("\n");

/** Where the aws host's read-only mount puts the file: outside /opt/couchdb, which the entrypoint chowns. */
export const COUCHDB_OPENWHISK_INI_MOUNT = "/openwhisk/couchdb/10-openwhisk.ini";

/** The file as the target gives it: uploaded into local.d (docker), or mounted beside /opt/couchdb (aws). */
export function couchdbConfigFile(target: "docker" | "aws" = "docker"): FileSpec {
  return { containerPath: target === "aws" ? COUCHDB_OPENWHISK_INI_MOUNT : COUCHDB_OPENWHISK_INI, content: COUCHDB_OPENWHISK_INI_TEXT, mode: "0644" };
}

/**
 * The CouchDB container's command on aws: copy the mounted file into etc/local.d, then the image's
 * entrypoint with its default command (`/opt/couchdb/bin/couchdb`, which is what makes the entrypoint
 * set up admins and ownership; 3.3.3/Dockerfile ENTRYPOINT/CMD). The image's ENTRYPOINT runs this
 * command itself first: with a first argument other than couchdb it only execs it.
 */
export function couchdbCommand(target: "docker" | "aws"): string[] {
  if (target !== "aws") return [];
  return ["/bin/sh", "-c", `cp ${COUCHDB_OPENWHISK_INI_MOUNT} ${COUCHDB_OPENWHISK_INI} && exec /usr/local/bin/docker-entrypoint.sh /opt/couchdb/bin/couchdb`];
}

// Shared by every stack this process renders: never changed (deepFreeze.ts).
deepFreeze(COUCHDB_OPENWHISK_INI_TEXT);
