/**
 * Supply chain: aws hosts do not re-pull mutable tags on every restart (the launcher pulls only a missing
 * image); production requires `@sha256:` digests for every image, in config (naming the key) and in the
 * policy pack for any stack (`production-images-pinned`).
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import { validateStackConfig } from "../components/config/validate";
import { LAUNCHER } from "../components/plan/hostFiles";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { stackConfig } from "./support/mockRun";
import { awsCluster, checkRaw, dockerCluster, mandatory } from "./support/rawStacks";

const dir = mkdtempSync(join(tmpdir(), "supply-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DIGEST = `@sha256:${"ab12".repeat(16)}`;

describe("the launcher pulls only what the host lacks", () => {
  function pull(present: boolean): string[] {
    const bin = join(dir, `bin-${present}`);
    const etc = join(dir, `etc-${present}`);
    mkdirSync(bin, { recursive: true });
    mkdirSync(etc, { recursive: true });
    const log = join(dir, `log-${present}`);
    writeFileSync(log, "");
    writeFileSync(join(bin, "docker"), `#!/bin/sh\necho "$*" >> ${log}\n[ "$1" = image ] && exit ${present ? 0 : 1}\nexit 0\n`);
    chmodSync(join(bin, "docker"), 0o755);
    writeFileSync(join(etc, "kafka.image"), "wurstmeister/kafka:2.13-2.8.1\n");
    const launcher = join(dir, `launcher-${present}`);
    writeFileSync(launcher, LAUNCHER.replace("dir=/etc/openwhisk", `dir=${etc}`).replace(/\/usr\/bin\/docker/g, join(bin, "docker")));
    execFileSync("sh", [launcher, "kafka", "pull"]);
    return readFileSync(log, "utf8").trim().split("\n");
  }
  test("a restart with the image present pulls nothing; a new host pulls it", () => {
    expect(pull(true)).toEqual(["image inspect wurstmeister/kafka:2.13-2.8.1"]);
    expect(pull(false)).toEqual(["image inspect wurstmeister/kafka:2.13-2.8.1", "pull wurstmeister/kafka:2.13-2.8.1"]);
  });
});

describe("production: every image by digest", () => {
  const keysOf = (raw: RawConfig) => {
    const r = validateStackConfig(raw);
    return r.ok ? [] : r.issues.map((i) => i.key);
  };
  const prod = (raw: RawConfig) => ({ ...withKey(raw, "openwhisk:aws", { amiId: "ami-0abc1234" }), "openwhisk:environment": "production" });
  const pinnedImages = {
    zookeeper: `zookeeper:3.8.4${DIGEST}`, kafka: `wurstmeister/kafka:2.13-2.8.1${DIGEST}`, couchdb: `apache/couchdb:3.3.3${DIGEST}`, nginx: `nginx:1.27${DIGEST}`, init: `curlimages/curl:8.10.1${DIGEST}`,
  };
  const pinned = (raw: RawConfig) =>
    withKey(withKey(raw, "openwhisk:release", { controllerImage: `openwhisk/controller:nightly${DIGEST}`, invokerImage: `openwhisk/invoker:nightly${DIGEST}` }), "openwhisk:services", { images: pinnedImages });

  test("every tag-only image is refused, naming its key (defaults included)", () => {
    expect(keysOf(prod(rawConfig({ target: "aws", flavor: "pekko" }))).sort()).toEqual([
      "openwhisk:release.controllerImage", "openwhisk:release.invokerImage",
      "openwhisk:services.images.couchdb", "openwhisk:services.images.init", "openwhisk:services.images.kafka", "openwhisk:services.images.nginx", "openwhisk:services.images.zookeeper",
    ]);
    expect(keysOf(prod(pinned(rawConfig({ target: "aws", flavor: "pekko" }))))).toEqual([]);
    // Not production: tags are fine.
    expect(keysOf(rawConfig({ target: "aws", flavor: "pekko" }))).toEqual([]);
  });

  test("a short or non-sha256 digest does not count", () => {
    const raw = withKey(prod(pinned(rawConfig({ target: "aws", flavor: "pekko" }))), "openwhisk:release", { invokerImage: "openwhisk/invoker@sha256:abcd" });
    expect(keysOf(raw)).toEqual(["openwhisk:release.invokerImage"]);
  });

  test("the shipped production stack pins every image", () => {
    expect(keysOf(stackConfig("prod"))).toEqual([]);
  });
});

describe("production-images-pinned (policy, any stack)", () => {
  const prodStack = { stack: "prod" };
  test("docker: a production stack running a tag-only image is rejected; by digest it passes; a dev stack is not judged", async () => {
    const tagged = await checkRaw(dockerCluster(), prodStack);
    expect(mandatory(tagged.update)).toContain("production-images-pinned");
    const messages = tagged.update.filter((v) => v.policy === "production-images-pinned").map((v) => v.message).join("\n");
    expect(messages).toMatch(/controller0 runs openwhisk\/controller:1fae641 by tag/);
    expect(messages).toMatch(/invoker0 runs openwhisk\/invoker:1fae641 by tag/);
    const digests = dockerCluster({
      controllerArgs: (_i, a) => ({ ...a, image: `openwhisk/controller:nightly${DIGEST}` }),
      invokerArgs: (a) => ({ ...a, image: `openwhisk/invoker:nightly${DIGEST}` }),
    });
    expect(mandatory((await checkRaw(digests, prodStack)).update)).not.toContain("production-images-pinned");
    expect(mandatory((await checkRaw(dockerCluster())).update)).not.toContain("production-images-pinned");
  });

  test("docker: a container started from a pulled image is judged by the image's name", async () => {
    const program = dockerCluster({ extra: () => {
      const image = new docker.RemoteImage("couch-image", { name: "apache/couchdb:3" });
      new docker.Container("couchdb", { name: "couchdb", image: image.imageId });
    } });
    const r = await checkRaw(program, prodStack);
    expect(r.update.filter((v) => v.policy === "production-images-pinned").map((v) => v.message).join("\n")).toMatch(/apache\/couchdb:3/);
  });

  test("aws: images in user data (docker run, compose, the launcher's image files) are judged", async () => {
    const run = (image: string) => awsCluster({ extra: (ctx) => new aws.ec2.Instance("worker", {
      ami: "ami-0123456789abcdef0", instanceType: "m6i.large", subnetId: ctx.subnet.id,
      userData: `#cloud-config\nwrite_files:\n  - path: /srv/compose.yaml\n    content: |\n      services:\n        web:\n          image: ${image}\nruncmd:\n  - docker run -d --name w -e A=b -p 80:80 ${image} serve\n`,
    }) });
    const r = await checkRaw(run("registry.example.com/team/web:1.2"), prodStack);
    expect(r.update.filter((v) => v.policy === "production-images-pinned").map((v) => v.message).join("\n")).toMatch(/registry\.example\.com\/team\/web:1\.2/);
    const ok = await checkRaw(run(`registry.example.com/team/web:1.2${DIGEST}`), prodStack);
    expect(ok.update.filter((v) => v.policy === "production-images-pinned").map((v) => v.resource)).not.toContainEqual(expect.stringMatching(/::worker$/));
  });
});

describe("design documents: the shipped sums, https only, no redirects", () => {
  const { execFile, execFileSync: run } = require("node:child_process") as typeof import("node:child_process");
  const { createHash } = require("node:crypto") as typeof import("node:crypto");
  const { BUILDS } = require("../components/plan/builds") as typeof import("../components/plan/builds");
  const { DESIGN_DOCUMENT_SUMS } = require("../components/plan/designDocumentSums") as typeof import("../components/plan/designDocumentSums");
  const { designDocumentList, initDbScript, renderDatabaseInit } = require("../components/plan/databaseInit") as typeof import("../components/plan/databaseInit");
  const { planServiceEndpoints } = require("../components/plan/serviceEndpoints") as typeof import("../components/plan/serviceEndpoints");
  const { parseStackConfig } = require("../components/config/validate") as typeof import("../components/config/validate");
  const { startFakeCouchDb } = require("./support/fakeCouchDb") as typeof import("./support/fakeCouchDb");
  const MIRROR = "/work/.mirror/apache+openwhisk/repo";

  test.each(Object.keys(BUILDS) as Array<keyof typeof BUILDS>)("%s: the sums shipped for its ref are those of upstream's files at that ref", (flavor) => {
    const ref = BUILDS[flavor].sourceRef;
    const sums = DESIGN_DOCUMENT_SUMS[ref];
    expect(Object.keys(sums).sort()).toEqual([...new Set(BUILDS[flavor].designDocuments.map((d) => d.path))].sort());
    let mirror = true;
    try { run("git", ["-C", MIRROR, "rev-parse", "--git-dir"], { stdio: "ignore" }); } catch { mirror = false; }
    if (!mirror) return; // CI without the upstream mirror: the list check above still holds.
    const rev = /^[0-9a-f]{40}$/.test(ref) ? ref : `refs/tags/${ref}`;
    for (const [path, sum] of Object.entries(sums)) {
      expect([path, createHash("sha256").update(run("git", ["-C", MIRROR, "show", `${rev}:${path}`])).digest("hex")]).toEqual([path, sum]);
    }
  });

  test("config: plain http sources are refused; an unknown ref needs its sums, naming the key", () => {
    const keysOf2 = (raw: RawConfig) => { const r = validateStackConfig(raw); return r.ok ? [] : r.issues.map((i) => i.key); };
    expect(keysOf2(withKey(rawConfig(), "openwhisk:release", { sourceBaseUrl: "http://mirror.internal/openwhisk" }))).toEqual(["openwhisk:release.sourceBaseUrl"]);
    expect(keysOf2(withKey(rawConfig(), "openwhisk:release", { sourceRef: "my-fork-1" }))).toEqual(["openwhisk:release.designDocumentSums"]);
    expect(keysOf2(withKey(rawConfig(), "openwhisk:release", { sourceRef: "2.0.0" }))).toEqual([]);
    const config = parseStackConfig(rawConfig({ flavor: "akka-2.6" }));
    expect(designDocumentList(config).split(" ").map((w) => w.split(":")[2])).toEqual(BUILDS["akka-2.6"].designDocuments.map((d) => DESIGN_DOCUMENT_SUMS["2.0.0"][d.path]));
  });

  describe("the init script", () => {
    const script = join(dir, "initdb.sh");
    writeFileSync(script, initDbScript());
    const runInit = (env: Record<string, string>) => new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile("sh", [script], { env: { PATH: process.env.PATH, ...env }, timeout: 60_000 }, (e, _o, stderr) => resolve({ code: e ? 1 : 0, stderr })));

    async function attempt(serve: (sources: Map<string, string>, path: string, url: string) => void, baseUrl?: (couch: { url: string; sourceUrl: string }) => string) {
      const couch = await startFakeCouchDb("whisk_admin", "admin-Pass-123");
      try {
        const docs = BUILDS.pekko.designDocuments;
        for (const d of docs) couch.sources.set(`r1/${d.path}`, JSON.stringify({ _id: `_design/${d.path.replace(/^.*\//, "").replace(/\.json$/, "")}` }));
        const sums = Object.fromEntries(docs.map((d) => [d.path, createHash("sha256").update(couch.sources.get(`r1/${d.path}`)!).digest("hex")]));
        serve(couch.sources, `r1/${docs[0].path}`, couch.sourceUrl);
        const config = parseStackConfig(withKey(rawConfig(), "openwhisk:release", { sourceBaseUrl: couch.sourceUrl, sourceRef: "r1", designDocumentSums: sums }));
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries(renderDatabaseInit(config, planServiceEndpoints(config)).env)) env[k] = typeof v === "string" ? v : "x";
        const port = new URL(couch.url).port;
        const r = await runInit({
          ...env, SOURCE_URL: baseUrl ? `${baseUrl(couch)}/r1` : env.SOURCE_URL, DB_PROTOCOL: "http", DB_HOST: "127.0.0.1", DB_PORT: port, DB_PASSWORD: "admin-Pass-123",
          GUEST_AUTH: "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP",
          SYSTEM_AUTH: "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP", CURL_CA_BUNDLE: couch.caFile,
        });
        const designWrites = couch.requests.filter((q) => q.method === "PUT" && q.path.includes("/_design/")).length;
        return { ...r, designWrites };
      } finally {
        await couch.close();
      }
    }

    test("matching documents are installed", async () => {
      const r = await attempt(() => undefined);
      expect(r).toMatchObject({ code: 0, designWrites: BUILDS.pekko.designDocuments.length });
    });

    test("a document whose content differs from the shipped sum is refused before anything is written from it", async () => {
      const r = await attempt((sources, path) => sources.set(path, JSON.stringify({ _id: "_design/x", views: { evil: { map: "function (d) { emit(d.key, d); }" } } })));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/has SHA-256 [0-9a-f]{64}, not the [0-9a-f]{64} this release ships/);
      expect(r.designWrites).toBe(0);
    });

    test("a redirect is not followed, even to the right content", async () => {
      const r = await attempt((sources, path, url) => {
        sources.set(`moved/${path}`, sources.get(path)!);
        sources.set(path, `REDIRECT ${url}/moved/${path}`);
      });
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/HTTP 302/);
    });

    test("plain http is refused by curl itself", async () => {
      const r = await attempt(() => undefined, (couch) => `${couch.url}/src`);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/fetching http:\/\/127\.0\.0\.1:\d+\/src\/r1\/.*HTTP 000/);
      expect(r.designWrites).toBe(0);
    });
  });
});
