/**
 * CouchDB's reduce_limit=false is part of the CouchDB container's definition (a file in etc/local.d
 * given at every start), not only a setting made over HTTP once, which CouchDB writes to
 * etc/local.d/docker.ini outside the data volume and which a recreated container has lost.
 */
import { parseStackConfig } from "../components/config/validate";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { COUCHDB_OPENWHISK_INI, COUCHDB_OPENWHISK_INI_MOUNT } from "../components/plan/couchdbConfig";
import { renderStack } from "../components/plan/renderStack";
import { rawConfig } from "./support/configs";
import { hostArgs, hostFile } from "./support/hostSetup";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

/** ini sections and keys, as CouchDB's config reader takes them (`;` comments, `key = value`). */
function ini(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = "";
  for (const line of text.split("\n")) {
    const l = line.trim();
    if (!l || l.startsWith(";")) continue;
    const s = /^\[([^\]]+)\]$/.exec(l);
    if (s) { section = s[1]; out[section] ??= {}; continue; }
    const kv = /^([^=]+?)\s*=\s*(.*)$/.exec(l);
    if (kv) out[section][kv[1]] = kv[2];
  }
  return out;
}

describe("reduce_limit survives a recreated CouchDB", () => {
  test.each(["docker", "aws"] as const)("%s: the CouchDB spec carries local.d/10-openwhisk.ini with reduce_limit = false", (target) => {
    const couch = renderStack(parseStackConfig(rawConfig({ target })), "t").nodes.find((n) => n.role === "couchdb")!;
    const file = couch.files.find((f) => f.containerPath === (target === "aws" ? COUCHDB_OPENWHISK_INI_MOUNT : COUCHDB_OPENWHISK_INI))!;
    expect(ini(file.content as string).query_server_config).toEqual({ reduce_limit: "false" });
    // docker.ini (the official image's, where HTTP changes go) stays the last file CouchDB reads.
    expect([COUCHDB_OPENWHISK_INI.split("/").pop()!, "docker.ini"].sort()).toEqual(["10-openwhisk.ini", "docker.ini"]);
  });

  test("docker: the container is created with the file (an upload at every create)", async () => {
    const run = await runUnderMocks(stackConfig("local"), { stack: "local" });
    const couch = ofType(run, "docker:index/container:Container").find((c) => /-couchdb$/.test(c.name))!;
    const upload = (couch.inputs.uploads as Array<{ file: string; content: string }>).find((u) => u.file === COUCHDB_OPENWHISK_INI)!;
    expect(ini(upload.content).query_server_config.reduce_limit).toBe("false");
  });

  test("aws: the core host writes the file, mounts it read-only outside /opt/couchdb, and CouchDB's command copies it into local.d before the image's entrypoint", async () => {
    const run = await runUnderMocks(stackConfig("staging"), { stack: "staging" });
    const core = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "core")!;
    expect(ini(hostFile(core, `/etc/openwhisk/files/couchdb${COUCHDB_OPENWHISK_INI_MOUNT}`)).query_server_config.reduce_limit).toBe("false");
    const args = hostArgs(core, "couchdb");
    expect(args).toContain(`/etc/openwhisk/files/couchdb${COUCHDB_OPENWHISK_INI_MOUNT}:${COUCHDB_OPENWHISK_INI_MOUNT}:ro`);
    // The official image's entrypoint runs under set -e and, as root, chowns every file under /opt/couchdb
    // not owned by couchdb (apache/couchdb-docker 3.3.3/docker-entrypoint.sh): a root-owned read-only
    // mount there fails that chown and the container exits 1 before CouchDB starts (reproduced with the official image).
    const roUnderOpt = args.filter((a) => /^[^:]+:\/opt\/couchdb\/[^:]+:ro$/.test(a));
    expect(roUnderOpt).toEqual([]);
    // The image, then the command (the launcher passes them verbatim to docker run).
    const command = args.slice(args.indexOf("apache/couchdb:3.3.3") + 1);
    expect(command.slice(0, 2)).toEqual(["/bin/sh", "-c"]);
    expect(command[2]).toBe(`cp ${COUCHDB_OPENWHISK_INI_MOUNT} ${COUCHDB_OPENWHISK_INI} && exec /usr/local/bin/docker-entrypoint.sh /opt/couchdb/bin/couchdb`);
  });

  // The command relies on the image: its entrypoint at /usr/local/bin, its default command, its chown under set -e.
  const COUCHDB_DOCKER = process.env.COUCHDB_DOCKER_MIRROR ?? "/work/.mirror/apache+couchdb-docker/repo";
  (existsSync(COUCHDB_DOCKER) ? test : test.skip)("apache/couchdb-docker 3.3.3: entrypoint location, default command, and the chown that a read-only file under /opt/couchdb fails", () => {
    const show = (path: string) => execFileSync("git", ["-C", COUCHDB_DOCKER, "show", `HEAD:3.3.3/${path}`], { encoding: "utf8" });
    const dockerfile = show("Dockerfile");
    expect(dockerfile).toMatch(/^COPY docker-entrypoint\.sh \/usr\/local\/bin$/m);
    expect(dockerfile).toMatch(/^CMD \["\/opt\/couchdb\/bin\/couchdb"\]$/m);
    const entrypoint = show("docker-entrypoint.sh");
    expect(entrypoint).toMatch(/^set -e$/m);
    expect(entrypoint).toMatch(/find \/opt\/couchdb .*-exec chown -f couchdb:couchdb/);
  });
});
