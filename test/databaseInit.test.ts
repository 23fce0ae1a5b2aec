/**
 * The database init job, run for real: the generated script under `sh` with the machine's `curl`,
 * against a recording fake CouchDB 3 that also serves test-made design documents as the build's
 * source (docs/builds.md#databases: the documents come from the deployed build's own ansible/files/, the
 * way deploy-kube's initdb.sh installs them; CouchDB 3 single-node setup; reduce_limit false).
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../components/config/validate";
import { BUILDS } from "../components/plan/builds";
import { designDocumentList, designDocumentSource, initDbScript, renderDatabaseInit } from "../components/plan/databaseInit";
import { planServiceEndpoints } from "../components/plan/serviceEndpoints";
import type { Flavor } from "../components/config/flavorNames";
import { rawConfig, withKey } from "./support/configs";
import { startFakeCouchDb, type FakeCouchDb } from "./support/fakeCouchDb";

const USER = "whisk_admin";
const PASSWORD = 'p4ss"w\\rd';
// Keys of this test's own (64-character key parts, as every build's core/entity/Secret.scala requires).
const GUEST = `0f1e2d3c-4b5a-4697-8877-665544332211:${"G7".repeat(32)}`;
const SYSTEM = `a1b2c3d4-e5f6-4789-9abc-def012345678:${"s9".repeat(32)}`;
const dir = mkdtempSync(join(tmpdir(), "initdb-"));
const script = join(dir, "initdb.sh");
writeFileSync(script, initDbScript());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The sums of what the stand-in serves for a ref (what a user gives as release.designDocumentSums for their own ref). */
function servedSums(couch: FakeCouchDb, flavor: Flavor, ref: string): Record<string, string> {
  return Object.fromEntries(BUILDS[flavor].designDocuments.map((d) => [d.path, createHash("sha256").update(couch.sources.get(`${ref}/${d.path}`) ?? "").digest("hex")]));
}

function specEnv(flavor: Flavor, couch: FakeCouchDb, ref = "r1", sums = servedSums(couch, flavor, ref)): Record<string, string> {
  const config = parseStackConfig(withKey(rawConfig({ flavor }), "openwhisk:release", { sourceBaseUrl: couch.sourceUrl, sourceRef: ref, designDocumentSums: sums }));
  const spec = renderDatabaseInit(config, planServiceEndpoints(config));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(spec.env)) env[k] = typeof v === "string" ? v : "";
  const port = new URL(couch.url).port;
  return { ...env, DB_PROTOCOL: "http", DB_HOST: "127.0.0.1", DB_PORT: port, DB_PASSWORD: PASSWORD, GUEST_AUTH: GUEST, SYSTEM_AUTH: SYSTEM, CURL_CA_BUNDLE: couch.caFile };
}

function run(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile("sh", [script], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }));
  });
}

/** Test-made design documents at every path the build lists (pretty-printed and compact, like upstream's). */
function serveSources(couch: FakeCouchDb, flavor: Flavor, ref: string, version = "v1") {
  for (const d of BUILDS[flavor].designDocuments) {
    const id = `_design/${d.path.replace(/^.*\//, "").replace(/\.json$/, "")}`;
    const doc = { _id: id, language: "javascript", views: { all: { map: `function (doc) { emit(doc._id, '${version}'); }` } } };
    couch.sources.set(`${ref}/${d.path}`, d.path.includes("filter") ? JSON.stringify(doc) : JSON.stringify(doc, null, 2));
  }
}

const writes = (couch: FakeCouchDb) => couch.requests.filter((r) => r.method === "PUT" && !r.path.includes("/_local/") && /^\/[a-z_]+\/.+/.test(r.path) && !r.path.startsWith("/_node"));

describe("the init job's script against a CouchDB stand-in", () => {
  let couch: FakeCouchDb;
  beforeEach(async () => {
    couch = await startFakeCouchDb(USER, PASSWORD);
  });
  afterEach(() => couch.close());

  test.each(["pekko", "legacy-2017"] as const)("%s: single-node setup, reduce_limit off, databases, the build's design documents, subjects", async (flavor) => {
    serveSources(couch, flavor, "r1");
    const env = specEnv(flavor, couch);
    couch.downFor = 1;
    const result = await run(env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("waiting for CouchDB");
    // Every request authenticated; the password never on curl's command line (it is in a 0600 config file).
    expect(couch.requests.filter((r) => !r.path.startsWith("/src/")).every((r) => r.authorization?.startsWith("Basic "))).toBe(true);
    expect(couch.requests.find((r) => r.path === "/_cluster_setup")!.body).toBe('{"action":"enable_single_node"}');
    expect(couch.config.get("query_server_config/reduce_limit")).toBe("false");
    expect([...couch.databases.keys()].sort()).toEqual(["_replicator", "_users", "whisk_local_activations", "whisk_local_subjects", "whisk_local_whisks"]);
    // Each listed document fetched from <base>/<ref>/ansible/files/... and stored under its own _id in its database.
    const expected = BUILDS[flavor].designDocuments.map((d) => ({ db: `whisk_local_${d.database}`, id: `_design/${d.path.replace(/^.*\//, "").replace(/\.json$/, "")}` }));
    for (const e of expected) expect(couch.databases.get(e.db)!.get(e.id)?.body.views).toBeDefined();
    expect(couch.requests.filter((r) => r.path.startsWith("/src/")).map((r) => r.path)).toEqual(BUILDS[flavor].designDocuments.map((d) => `/src/r1/${d.path}`));
    // The subjects the controller authenticates (ansible/tasks/initdb.yml's shape).
    const guest = couch.databases.get("whisk_local_subjects")!.get("guest")!.body;
    expect(guest).toEqual({ subject: "guest", namespaces: [{ name: "guest", uuid: GUEST.split(":")[0], key: GUEST.split(":")[1] }] });
    expect(couch.databases.get("whisk_local_subjects")!.get("whisk.system")!.body.subject).toBe("whisk.system");
  });

  test("idempotent: a second run with the same release writes nothing and succeeds", async () => {
    serveSources(couch, "pekko", "r1");
    const env = specEnv("pekko", couch);
    expect((await run(env)).code).toBe(0);
    const before = writes(couch).length;
    couch.requests.length = 0;
    const again = await run(env);
    expect(again.code).toBe(0);
    expect(writes(couch)).toHaveLength(0);
    expect(again.stdout).toContain("is up to date");
    // The design documents, the two subjects, the two role users and the three databases' security objects.
    expect(before).toBe(BUILDS.pekko.designDocuments.length + 2 + 2 + 3);
  });

  test("controllers and invokers get their own CouchDB users, members of the whisk databases only; the admin stays with the job", async () => {
    serveSources(couch, "pekko", "r1");
    const env = { ...specEnv("pekko", couch), DB_CONTROLLER_PASSWORD: "ctl-Pass.word-123", DB_INVOKER_PASSWORD: 'inv"Pass\\word-456' };
    const r = await run(env);
    expect(r.code).toBe(0);
    const users = couch.databases.get("_users")!;
    expect(users.get("org.couchdb.user:whisk_controller")!.body).toEqual({ name: "whisk_controller", password: "ctl-Pass.word-123", roles: [], type: "user" });
    expect(users.get("org.couchdb.user:whisk_invoker")!.body).toEqual({ name: "whisk_invoker", password: 'inv"Pass\\word-456', roles: [], type: "user" });
    for (const db of ["whisk_local_subjects", "whisk_local_whisks", "whisk_local_activations"]) {
      expect(couch.databases.get(db)!.get("_security")!.body).toEqual({ admins: { names: [], roles: [] }, members: { names: ["whisk_controller", "whisk_invoker"], roles: [] } });
    }
    // No other database is opened to them.
    for (const db of ["_users", "_replicator"]) expect(couch.databases.get(db)!.has("_security")).toBe(false);
    // A changed role password is written again.
    couch.requests.length = 0;
    expect((await run({ ...env, DB_INVOKER_PASSWORD: "new-Invoker-pass-789" })).code).toBe(0);
    expect(writes(couch).map((w) => w.path)).toEqual(["/_users/org.couchdb.user:whisk_invoker?rev=1-bcdef012"]);
  });

  test("a new release rewrites exactly the changed documents over their current revision", async () => {
    serveSources(couch, "pekko", "r1");
    expect((await run(specEnv("pekko", couch, "r1"))).code).toBe(0);
    serveSources(couch, "pekko", "r2");
    const changed = BUILDS.pekko.designDocuments[0];
    const id = `_design/${changed.path.replace(/^.*\//, "").replace(/\.json$/, "")}`;
    couch.sources.set(`r2/${changed.path}`, JSON.stringify({ _id: id, views: { all: { map: "function (doc) { emit(doc._id, 'v2'); }" } } }));
    couch.requests.length = 0;
    const result = await run(specEnv("pekko", couch, "r2"));
    expect(result.code).toBe(0);
    const w = writes(couch);
    expect(w.map((r) => r.path)).toEqual([`/whisk_local_subjects/${id}?rev=${w[0].path.split("rev=")[1]}`]);
    expect(w[0].path).toMatch(/\?rev=1-/);
    expect(couch.databases.get("whisk_local_subjects")!.get(id)!.rev).toMatch(/^2-/);
  });

  test("a changed auth key updates the subject", async () => {
    serveSources(couch, "pekko", "r1");
    expect((await run(specEnv("pekko", couch))).code).toBe(0);
    const rotatedKey = "rotatedKey0123456789abcdef".padEnd(64, "Z");
    const rotated = `${GUEST.split(":")[0]}:${rotatedKey}`;
    expect((await run({ ...specEnv("pekko", couch), GUEST_AUTH: rotated })).code).toBe(0);
    expect((couch.databases.get("whisk_local_subjects")!.get("guest")!.body.namespaces as any)[0].key).toBe(rotatedKey);
  });

  test("an unreachable source fails, naming the URL and the config key for a mirror", async () => {
    const result = await run(specEnv("pekko", couch));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/fetching https:\/\/127\.0\.0\.1:\d+\/src\/r1\/ansible\/files\/auth_design_document_for_subjects_db_v2\.0\.0\.json: HTTP 404/);
    expect(result.stderr).toContain("openwhisk:release.sourceBaseUrl");
  });

  test("a CouchDB that never comes up fails after WAIT_SECONDS", async () => {
    couch.downFor = Infinity;
    const started = Date.now();
    const result = await run({ ...specEnv("pekko", couch), WAIT_SECONDS: "2" });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/did not answer \/_up within 2 s/);
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  test("a malformed auth key is refused before anything is written with it", async () => {
    serveSources(couch, "pekko", "r1");
    const result = await run({ ...specEnv("pekko", couch), GUEST_AUTH: 'x","key":"injected' });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("the auth key of guest is not <uuid>:<key>");
    expect(couch.databases.get("whisk_local_subjects")!.has("guest")).toBe(false);
  });

  test("a key part other than 64 characters is refused: every build's Secret requires 64 (a 401 on every call otherwise)", async () => {
    // common/scala/.../core/entity/Secret.scala (febde0042, 1.0.0, 2.0.0, 1fae641): MIN_LENGTH = MAX_LENGTH = 64.
    serveSources(couch, "pekko", "r1");
    const result = await run({ ...specEnv("pekko", couch), GUEST_AUTH: `${GUEST.split(":")[0]}:${"k".repeat(32)}` });
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain("the auth key of guest has a key of 32 characters; every OpenWhisk build requires exactly 64");
    expect(couch.databases.get("whisk_local_subjects")!.has("guest")).toBe(false);
  });
});

describe("what the init job is given", () => {
  test.each(Object.keys(BUILDS) as Flavor[])("%s: the flavour's ref of apache/openwhisk and its design-document list", (flavor) => {
    const config = parseStackConfig(rawConfig({ flavor }));
    expect(designDocumentSource(config)).toBe(`https://raw.githubusercontent.com/apache/openwhisk/${BUILDS[flavor].sourceRef}`);
    expect(designDocumentList(config).split(" ")[0]).toMatch(/^subjects:ansible\/files\/(auth_index|auth_design_document_for_subjects_db_v2\.0\.0)\.json:[0-9a-f]{64}$/);
  });

  test("the release decides the job's env: a new ref re-runs it; the same config renders the same job", () => {
    const a = renderDatabaseInit(parseStackConfig(rawConfig()), planServiceEndpoints(parseStackConfig(rawConfig())));
    const b = renderDatabaseInit(parseStackConfig(rawConfig()), planServiceEndpoints(parseStackConfig(rawConfig())));
    expect(a).toEqual(b);
    const moved = parseStackConfig(withKey(rawConfig(), "openwhisk:release", { sourceRef: "2.0.0" }));
    expect(renderDatabaseInit(moved, planServiceEndpoints(moved)).env.SOURCE_URL).toBe("https://raw.githubusercontent.com/apache/openwhisk/2.0.0");
  });
});
