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
    expect(messages).toMatch(/controller0 runs openwhisk\/controller:nightly by tag/);
    expect(messages).toMatch(/invoker0 runs openwhisk\/invoker:nightly by tag/);
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
