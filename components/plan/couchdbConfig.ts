/**
 * CouchDB settings that must survive a restart. OpenWhisk's views have reduce functions whose results
 * exceed CouchDB's default `reduce_limit` (deploy-kube's initdb.sh and upstream ansible both turn it
 * off). A setting made over HTTP (`PUT /_node/_local/_config/...`) is written to the last ini file of
 * CouchDB's chain, `etc/local.d/docker.ini` in the official image, which is not on the data volume: a
 * recreated container has lost it. So the setting is also a file of its own in `etc/local.d`, given to
 * the container at every start. Its name sorts before `docker.ini`, so docker.ini stays the last file
 * (the one CouchDB writes HTTP changes to) and a read-only mount of this one never blocks a write.
 */
import type { FileSpec } from "./containerSpec";

export const COUCHDB_OPENWHISK_INI = "/opt/couchdb/etc/local.d/10-openwhisk.ini";

/** The ini text: `[query_server_config] reduce_limit = false`. */
export const COUCHDB_OPENWHISK_INI_TEXT = [
  "; Written by openwhisk-static-cluster: OpenWhisk's views reduce more than CouchDB's default limit allows.",
  "[query_server_config]",
  "reduce_limit = false",
  "",
].join("\n");

export function couchdbConfigFile(): FileSpec {
  return { containerPath: COUCHDB_OPENWHISK_INI, content: COUCHDB_OPENWHISK_INI_TEXT, mode: "0644" };
}
