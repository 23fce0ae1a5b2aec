/**
 * The downing supervisor in the rendered stack: one node with role supervisor whenever manual downing
 * runs it, seed lists that let only a verified cold start form a cluster, and its resources on both
 * targets (under Pulumi's mocks).
 */
import * as path from "path";
import { readStackFile } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import type { StackConfig } from "../components/config/schema";
import { renderStack } from "../components/plan/renderStack";
import { parseSeedUri, CLUSTER_KEYS } from "../components/plan/flavors";
import type { SupervisorRuntimeConfig } from "../components/supervisor/runtimeConfig";
import { PROGRAM_BUNDLE } from "../components/supervisor/programBundle";
import { PROGRAM_MODULES_BY_TARGET } from "../components/supervisor/programModules";
import { dockerRunArgs, envFile, USER_DATA_LIMIT } from "../components/plan/cloudInit";
import { createHash } from "node:crypto";
import { gunzipSync, gzipSync } from "node:zlib";
import { parse as parseYaml } from "yaml";
import { main as render } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig } from "./support/configs";
import { ofType, runUnderMocks } from "./support/mockRun";

const ROOT = path.resolve(__dirname, "..");
const manual = (supervisor?: unknown) => ({ mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["172.30.0.0/24", "10.60.0.0/16"], ...(supervisor === undefined ? {} : { supervisor }) });

function config(raw: Record<string, unknown>): StackConfig {
  const r = validateStackConfig(raw);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.config;
}

function seedList(env: Record<string, unknown>, flavor: StackConfig["release"]["flavor"]): string[] {
  const keys = CLUSTER_KEYS[flavor];
  if (keys.seedNodesList) return String(env[keys.seedNodesList]).split(" ");
  return Object.keys(env).filter((k) => k.startsWith(keys.seedNodesPrefix!)).sort((a, b) => Number(a.split("_").pop()) - Number(b.split("_").pop())).map((k) => String(env[k]));
}

describe("npm run render -- --json", () => {
  test.each(["staging"])("stacks/Pulumi.%s.yaml (manual downing): exactly one node with role supervisor", (stack) => {
    const out = capture(() => render(["--stack", stack, "--json"]));
    expect(out.code).toBe(0);
    const nodes = JSON.parse(out.stdout).nodes as Array<{ role: string; name: string }>;
    expect(nodes.filter((n) => n.role === "supervisor").map((n) => n.name)).toEqual(["supervisor"]);
  });

  test.each(["local", "prod"])("stacks/Pulumi.%s.yaml (automatic downing): no supervisor", (stack) => {
    const out = capture(() => render(["--stack", stack, "--json"]));
    expect(JSON.parse(out.stdout).nodes.filter((n: { role: string }) => n.role === "supervisor")).toEqual([]);
  });

  test("turned off: no supervisor node", () => {
    expect(renderStack(config(rawConfig({ downing: manual({ enabled: false }) })), "t").nodes.filter((n) => n.role === "supervisor")).toEqual([]);
  });
});

describe("seed lists with the supervisor on", () => {
  test.each(["legacy-2017", "akka-2.5", "akka-2.6", "pekko"] as const)("%s: every controller names the other seeds first and itself last, so none forms a cluster alone (akka ClusterDaemon.scala: only a list headed by self forms one)", (flavor) => {
    const c = config(rawConfig({ flavor, controllers: 3, downing: manual() }));
    const controllers = renderStack(c, "t").nodes.filter((n) => n.role === "controller");
    controllers.forEach((n, i) => {
      const hosts = seedList(n.env, flavor).map((s) => parseSeedUri(s)!.host);
      expect(hosts).toEqual([...[0, 1, 2].filter((j) => j !== i).map((j) => `controller${j}`), `controller${i}`]);
    });
  });

  // 2.0.0 and master put akka/pekko.cluster.shutdown-after-unsuccessful-join-seed-nodes = 60s on the
  // controller's classpath (apache/openwhisk core/scheduler/src/main/resources/application.conf at 2.0.0
  // and 1fae641; core/controller/build.gradle depends on core:scheduler); a node not joined by then runs
  // CoordinatedShutdown (akka ClusterDaemon.scala joinSeedNodesWasUnsuccessful at v2.6.12). With the
  // supervisor's order every controller waits for the supervisor to form the cluster, so the wait must
  // not end after 60s.
  test.each([
    ["akka-2.6", "CONFIG_akka_cluster_shutdownAfterUnsuccessfulJoinSeedNodes"],
    ["pekko", "CONFIG_pekko_cluster_shutdownAfterUnsuccessfulJoinSeedNodes"],
  ] as const)("%s: every controller waits for the cold start as long as it takes (%s=off)", (flavor, key) => {
    const on = renderStack(config(rawConfig({ flavor, controllers: 3, downing: manual() })), "t").nodes.filter((n) => n.role === "controller");
    expect(on.map((n) => n.env[key])).toEqual(["off", "off", "off"]);
    const off = renderStack(config(rawConfig({ flavor, controllers: 3, downing: manual({ enabled: false }) })), "t").nodes.filter((n) => n.role === "controller");
    expect(off.map((n) => n.env[key])).toEqual([undefined, undefined, undefined]);
  });

  test("with the supervisor off, every controller keeps the one shared order (the first seed first)", () => {
    const c = config(rawConfig({ controllers: 3, downing: manual({ enabled: false }) }));
    for (const n of renderStack(c, "t").nodes.filter((x) => x.role === "controller")) {
      expect(seedList(n.env, "pekko").map((s) => parseSeedUri(s)!.host)).toEqual(["controller0", "controller1", "controller2"]);
    }
  });
});

describe("the supervisor's node", () => {
  test("docker: the build's MBean, every controller's JMX at the stack's port on its static name, its container, the controllers' network; docker socket and state directory; its own JMX password file from the secret", () => {
    const c = config(rawConfig({ flavor: "akka-2.6", controllers: 3, downing: manual({ stableAfter: "30s", interval: "3s" }) }));
    const s = renderStack(c, "st").nodes.find((n) => n.role === "supervisor")!;
    const runtime = JSON.parse(String(s.env.OW_SUPERVISOR)) as SupervisorRuntimeConfig;
    expect(runtime).toMatchObject({ target: "docker", objectName: "akka:type=Cluster", stableAfterMs: 30_000, intervalMs: 3_000, jmx: { image: "openwhisk/controller:test", network: "openwhisk" } });
    expect(runtime.controllers).toEqual([0, 1, 2].map((i) => ({ index: i, name: `controller${i}`, address: `akka://controller-actor-system@controller${i}:2551`, jmx: `controller${i}:15000`, container: `st-controller${i}` })));
    expect(s.volumes.map((v) => v.containerPath)).toEqual(["/var/run/docker.sock", "/state"]);
    expect(s.ports).toEqual([]);
    expect(s.files.find((f) => f.containerPath.endsWith("jmx.password"))).toMatchObject({ content: { secret: "jmxPassword", before: "jmxuser " }, mode: "0600" });
    expect(s.command).toEqual(["node", "/opt/openwhisk-supervisor/main.js"]);
    expect(s.dependsOn).toEqual([]);
  });

  test("aws: by default AWS's Lambda Node.js 22 image (it carries the AWS SDK v3 the aws program needs), run with node as the entrypoint, the program as its argument and NODE_PATH on the image's runtime modules; the host's launcher gets exactly that", () => {
    const c = config(rawConfig({ target: "aws", controllers: 3, downing: manual() }));
    const s = renderStack(c, "st").nodes.find((n) => n.role === "supervisor")!;
    expect(s.image).toBe("public.ecr.aws/lambda/nodejs:22");
    expect(s.entrypoint).toBe("node");
    expect(s.command).toEqual(["/opt/openwhisk-supervisor/main.js"]);
    expect(s.env.NODE_PATH).toBe("/var/runtime/node_modules");
    // What the unit's launcher passes to docker run (one argument per line) and the env file docker reads.
    const args = dockerRunArgs(s);
    expect(args.slice(args.indexOf("--entrypoint"))).toEqual(["--entrypoint", "node", "public.ecr.aws/lambda/nodejs:22", "/opt/openwhisk-supervisor/main.js"]);
    expect(envFile(s).split("\n")).toContain("NODE_PATH=/var/runtime/node_modules");
  });

  test("controllers.downing.supervisor.image overrides the default on both targets; docker keeps node:20-alpine and its own entrypoint by default", () => {
    const docker = renderStack(config(rawConfig({ controllers: 3, downing: manual() })), "st").nodes.find((n) => n.role === "supervisor")!;
    expect({ image: docker.image, entrypoint: docker.entrypoint, command: docker.command }).toEqual({ image: "node:20-alpine", entrypoint: undefined, command: ["node", "/opt/openwhisk-supervisor/main.js"] });
    for (const target of ["docker", "aws"] as const) {
      const s = renderStack(config(rawConfig({ target, controllers: 3, downing: manual({ image: "registry.example.com/ow/supervisor-node:22" }) })), "st").nodes.find((n) => n.role === "supervisor")!;
      expect(s.image).toBe("registry.example.com/ow/supervisor-node:22");
    }
  });

  test("pekko: pekko:type=Cluster and pekko:// addresses", () => {
    const c = config(rawConfig({ flavor: "pekko", controllers: 2, downing: manual() }));
    const runtime = JSON.parse(String(renderStack(c, "st").nodes.find((n) => n.role === "supervisor")!.env.OW_SUPERVISOR)) as SupervisorRuntimeConfig;
    expect(runtime.objectName).toBe("pekko:type=Cluster");
    expect(runtime.controllers[1].address).toBe("pekko://controller-actor-system@controller1:2551");
  });

  test("its program imports only its own modules and Node.js built-ins (nothing to install in the docker container; the AWS SDK on aws only)", () => {
    for (const [name, js] of Object.entries(PROGRAM_BUNDLE)) {
      const required = [...js.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
      for (const r of required) {
        // The AWS SDK only in the aws modules, which main.js loads only on aws (that image carries the SDK).
        const ok = r.startsWith("node:") || (r.startsWith("./") && r.slice(2) in PROGRAM_BUNDLE) || (["ec2Fence", "awsIo"].includes(name) && r.startsWith("@aws-sdk/"));
        expect({ name, r, ok }).toEqual({ name, r, ok: true });
      }
    }
  });
});

describe("resources (Pulumi mocks)", () => {
  test("docker: one supervisor container, created before the first controller", async () => {
    const run = await runUnderMocks(rawConfig({ controllers: 3, downing: manual() }), { stack: "sv" });
    const containers = ofType(run, "docker:index/container:Container");
    const supervisor = containers.filter((c) => c.inputs.name === "sv-supervisor");
    expect(supervisor).toHaveLength(1);
    const first = containers.find((c) => c.inputs.name === "sv-controller0")!;
    expect(first.dependencies).toContain(supervisor[0].urn);
  });

  test("aws: a supervisor host whose role may stop and start only this stack's controllers", async () => {
    const run = await runUnderMocks(rawConfig({ target: "aws", controllers: 3, downing: manual() }), { stack: "sv" });
    const hosts = ofType(run, "aws:ec2/instance:Instance").filter((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "supervisor");
    expect(hosts).toHaveLength(1);
    const fencing = ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "openwhisk-supervisor-fencing")!;
    const statement = JSON.parse(String(fencing.inputs.policy)).Statement[0];
    expect(statement).toMatchObject({ Action: ["ec2:StopInstances", "ec2:StartInstances"], Condition: { StringEquals: { "aws:ResourceTag/openwhisk:stack": "sv", "aws:ResourceTag/openwhisk:role": "controller" } } });
  });

  test("aws: the program reaches the host as S3 objects, not user data: user data well under EC2's 16384 bytes, carrying each object's SHA-256; the role may read only those objects; the bucket is private, encrypted, versioned, TLS-only", async () => {
    // Seven controllers: a larger stack than the shipped ones, so the margin is for real stacks.
    const run = await runUnderMocks(rawConfig({ target: "aws", controllers: 7, downing: manual() }), { stack: "sv" });
    const host = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "supervisor")!;
    const raw = Buffer.from(String(host.inputs.userDataBase64), "base64");
    // EC2 counts the user data before base64; cloud-config text is sent compressed once it passes the
    // limit (cloudInit.ts userDataFor), so what must fit is the compressed size: keep most of it free.
    expect(raw.length).toBeLessThanOrEqual(USER_DATA_LIMIT);
    const text = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
    expect(gzipSync(Buffer.from(text, "utf8"), { level: 9 }).length).toBeLessThan(USER_DATA_LIMIT / 3);
    const doc = parseYaml(text.replace(/^#cloud-config\n/, "")) as { write_files: Array<{ path: string; content: string }> };
    const written = new Map(doc.write_files.map((f) => [f.path, Buffer.from(f.content, "base64").toString("utf8")]));
    // No program file is written by cloud-init any more.
    expect([...written.keys()].filter((p) => p.includes("/opt/openwhisk-supervisor/"))).toEqual([]);

    const bucket = ofType(run, "aws:s3/bucket:Bucket");
    expect(bucket).toHaveLength(1);
    const bucketName = String(bucket[0].outputs.bucket);
    const objects = ofType(run, "aws:s3/bucketObjectv2:BucketObjectv2");
    const aws = PROGRAM_MODULES_BY_TARGET.aws;
    expect(objects.map((o) => String(o.inputs.key).split("/").pop()).sort()).toEqual(aws.map((m) => `${m}.js`).sort());
    const fetch = written.get("/usr/local/bin/openwhisk-fetch-supervisor")!;
    for (const o of objects) {
      const content = String(o.inputs.content);
      // The uploaded content is the program, and the host checks exactly its digest.
      const module = String(o.inputs.key).split("/").pop()!.replace(/\.js$/, "");
      expect(content).toBe(PROGRAM_BUNDLE[module]);
      const sha = createHash("sha256").update(content, "utf8").digest("hex");
      expect(fetch).toContain(`fetch 'eu-west-1' '${bucketName}' '${o.inputs.key}' '${sha}' '/etc/openwhisk/files/supervisor/opt/openwhisk-supervisor/${module}.js' '0644'`);
    }
    expect(written.get("/etc/systemd/system/openwhisk-supervisor.service")).toContain("ExecStartPre=/usr/local/bin/openwhisk-fetch-supervisor\n");
    // The host starts only after the objects and its read permission exist.
    const read = ofType(run, "aws:iam/rolePolicy:RolePolicy").find((p) => p.name === "openwhisk-supervisor-read-program")!;
    for (const o of objects) expect(host.dependencies).toContain(o.urn);
    expect(host.dependencies).toContain(read.urn);
    expect(JSON.parse(String(read.outputs.policy)).Statement).toEqual([
      { Effect: "Allow", Action: ["s3:GetObject"], Resource: objects.map((o) => `arn:aws:s3:::${bucketName}/${o.inputs.key}`) },
    ]);
    const onBucket = (type: string) => ofType(run, type).filter((r) => r.inputs.bucket === bucketName);
    expect(onBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")[0].inputs).toMatchObject({ blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true });
    expect(onBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration")[0].inputs).toMatchObject({ rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] });
    expect(onBucket("aws:s3/bucketVersioning:BucketVersioning")[0].inputs).toMatchObject({ versioningConfiguration: { status: "Enabled" } });
    expect(JSON.parse(String(onBucket("aws:s3/bucketPolicy:BucketPolicy")[0].inputs.policy)).Statement[0]).toMatchObject({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } });
  });

  test("stacks/Pulumi.staging.yaml validates with the supervisor on by default", () => {
    const file = readStackFile(path.join(ROOT, "stacks", "Pulumi.staging.yaml"));
    const c = config(file.config);
    expect(c.controllers.downing.mode === "manual" && c.controllers.downing.supervisor.enabled).toBe(true);
  });
});
