/**
 * legacy-2017's Kafka topics. febde0042 has no ensureTopic (it arrived in da6546546; from 1.0.0 on
 * common/scala/.../connector/kafka/KafkaMessagingProvider.scala creates its topics): its deployment
 * creates `health`, `cacheInvalidation`, `completed<i>` per controller and `invoker<i>` per invoker
 * (febde0042 ansible/roles/kafka/tasks/deploy.yml), with the retention of febde0042 ansible/group_vars/all.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { parseStackConfig } from "../components/config/validate";
import { FLAVORS } from "../components/config/flavorNames";
import {
  KAFKA_TOPICS_SCRIPT,
  LEGACY_TOPIC_RETENTION_BYTES,
  LEGACY_TOPIC_RETENTION_MS,
  LEGACY_TOPIC_SEGMENT_BYTES,
  kafkaTopicsJobName,
  stackTopics,
} from "../components/plan/kafkaTopics";
import { renderStack } from "../components/plan/renderStack";
import { rawConfig, withKey } from "./support/configs";
import { hostFile, hostFiles } from "./support/hostSetup";
import { envOf, ofType, runUnderMocks } from "./support/mockRun";

const MIRROR = process.env.OPENWHISK_SOURCE_MIRROR ?? "/work/.mirror/apache+openwhisk/repo";
const upstream = (ref: string, path: string) => execFileSync("git", ["-C", MIRROR, "show", `${ref}:${path}`], { encoding: "utf8" });
const withMirror = existsSync(MIRROR) ? test : test.skip;

const legacy = (shape: Parameters<typeof rawConfig>[0] = {}) => parseStackConfig(rawConfig({ flavor: "legacy-2017", controllers: 2, invokers: 3, ...shape }));

describe("the topics are febde0042's", () => {
  withMirror("ansible/roles/kafka/tasks/deploy.yml at febde0042 creates health, cacheInvalidation, completed<controller>, invoker<invoker>", () => {
    const tasks = parseYaml(upstream("febde0042", "ansible/roles/kafka/tasks/deploy.yml")) as Array<Record<string, any>>;
    const creates = tasks.filter((t) => /kafka-topics\.sh --create/.test(String(t.shell ?? "")));
    const named = creates.flatMap((t) => (t.with_items ? t.with_items.map((i: { name: string }) => i.name) : [String(t.shell).match(/--topic (.+?) --replication-factor/)![1]]));
    expect(named).toEqual(["health", "cacheInvalidation", "completed{{ item.0 }}", "invoker{{ item.0 }}"]);
    expect(creates.map((t) => t.with_indexed_items).filter(Boolean)).toEqual(["{{ groups['controllers'] }}", "{{ groups['invokers'] }}"]);
    expect(stackTopics(legacy()).map((t) => t.name)).toEqual(["health", "cacheInvalidation", "completed0", "completed1", "invoker0", "invoker1", "invoker2"]);
  });

  withMirror("retention and segment sizes from febde0042 ansible/group_vars/all", () => {
    const all = parseYaml(upstream("febde0042", "ansible/group_vars/all")).kafka.topics;
    for (const kind of ["health", "cacheInvalidation", "completed", "invoker"] as const) {
      expect({ kind, ms: all[kind].retentionMS, segment: all[kind].segmentBytes }).toEqual({ kind, ms: LEGACY_TOPIC_RETENTION_MS[kind], segment: LEGACY_TOPIC_SEGMENT_BYTES });
      expect(String(all[kind].retentionBytes)).toContain(String(LEGACY_TOPIC_RETENTION_BYTES));
    }
  });

  withMirror("febde0042 has no ensureTopic; 1.0.0 does (so only legacy-2017 gets the jobs)", () => {
    const grep = (ref: string) => spawnSync("git", ["-C", MIRROR, "grep", "-l", "ensureTopic", ref], { encoding: "utf8" }).stdout.trim();
    expect(grep("febde0042")).toBe("");
    expect(grep("refs/tags/1.0.0")).toContain("KafkaMessagingProvider.scala");
  });
});

describe("each controller and invoker waits for a job that creates its topics", () => {
  test.each(["docker", "aws"] as const)("legacy-2017 on %s", (target) => {
    const nodes = renderStack(legacy({ target }), "t").nodes;
    for (const n of nodes.filter((x) => x.role === "controller" || x.role === "invoker")) {
      const job = nodes.find((j) => j.name === kafkaTopicsJobName(n.name))!;
      expect(n.dependsOn).toContain(job.name);
      expect(job.oneShot).toBe(true);
      expect(job.image).toBe(nodes.find((k) => k.role === "kafka")!.image);
      const own = n.role === "controller" ? `completed${n.index}` : `invoker${n.index}`;
      const retention = LEGACY_TOPIC_RETENTION_MS[n.role === "controller" ? "completed" : "invoker"];
      expect(job.env.KAFKA_TOPICS).toBe(`health=${LEGACY_TOPIC_RETENTION_MS.health} cacheInvalidation=${LEGACY_TOPIC_RETENTION_MS.cacheInvalidation} ${own}=${retention}`);
      expect(job.env.KAFKA_BROKERS).toBe(n.env.KAFKA_HOST + ":" + n.env.KAFKA_HOST_PORT);
    }
  });

  test.each(FLAVORS.filter((f) => f !== "legacy-2017"))("%s creates its own topics: no job", (flavor) => {
    const nodes = renderStack(parseStackConfig(rawConfig({ flavor })), "t").nodes;
    expect(nodes.filter((n) => n.role === "kafka-topics")).toEqual([]);
    for (const n of nodes) expect(n.dependsOn.filter((d) => d.startsWith("kafka-topics"))).toEqual([]);
  });
});

describe("under Pulumi's mocks", () => {
  test("docker: adding an invoker adds its job (creating invoker<n>) and changes nothing that exists", async () => {
    const config = rawConfig({ flavor: "legacy-2017", controllers: 2, invokers: 2 });
    const a = await runUnderMocks(config);
    const b = await runUnderMocks(withKey(config, "openwhisk:invokers", { count: 3 }));
    const before = new Map(a.resources.map((r) => [r.urn, JSON.stringify(r.inputs)]));
    expect(b.resources.filter((r) => before.has(r.urn) && before.get(r.urn) !== JSON.stringify(r.inputs)).map((r) => r.urn)).toEqual([]);
    const added = b.resources.filter((r) => !before.has(r.urn));
    const job = added.find((r) => r.type === "docker:index/container:Container" && r.name.endsWith("kafka-topics-invoker2"))!;
    expect(envOf(job).KAFKA_TOPICS).toContain("invoker2=");
    const invoker = added.find((r) => r.type === "docker:index/container:Container" && /-invokers-invoker2$/.test(r.name))!;
    expect(invoker.dependencies).toContain(job.urn);
    // Every controller container waits for its own job too.
    const containers = ofType(b, "docker:index/container:Container");
    for (const c of containers.filter((r) => /-controllers-controller\d+$/.test(r.name))) {
      const own = containers.find((r) => r.name.endsWith(`kafka-topics-${c.name.split("-").pop()}`))!;
      expect(c.dependencies).toContain(own.urn);
    }
  });

  test("aws: the job's unit runs before the node's, on the node's own host", async () => {
    const run = await runUnderMocks(rawConfig({ flavor: "legacy-2017", target: "aws", controllers: 2, invokers: 1 }));
    for (const host of ofType(run, "aws:ec2/instance:Instance")) {
      const name = String((host.inputs.tags as Record<string, string>).Name);
      if (!/^(controller|invoker)\d+$/.test(name)) continue;
      const unit = hostFile(host, `/etc/systemd/system/openwhisk-${name}.service`);
      expect(unit).toContain(`ExecStartPre=/usr/bin/systemctl start openwhisk-kafka-topics-${name}.service`);
      expect(hostFiles(host).map((f) => f.path)).toContain(`/etc/openwhisk/files/kafka-topics-${name}/openwhisk/kafka-topics.sh`);
    }
  });
});

describe("the job's script, with a stand-in kafka-topics.sh", () => {
  const dir = mkdtempSync(join(tmpdir(), "kafka-topics-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const script = join(dir, "kafka-topics-job.sh");
  writeFileSync(script, KAFKA_TOPICS_SCRIPT);
  // Records each call; keeps created topics in a file; answers --list; "down" makes it fail.
  const stub = join(dir, "bin", "kafka-topics.sh");
  execFileSync("mkdir", ["-p", join(dir, "bin")]);
  writeFileSync(
    stub,
    `#!/bin/sh
echo "$*" >> "$STATE/calls"
[ -e "$STATE/down" ] && exit 1
case " $* " in
  *" --list "*) cat "$STATE/topics" 2>/dev/null; exit 0 ;;
  *" --create "*)
    topic=$(echo " $* " | sed 's/.* --topic \\([^ ]*\\) .*/\\1/')
    [ -e "$STATE/drop" ] || echo "$topic" >> "$STATE/topics"; exit 0 ;;
esac
exit 2
`,
  );
  chmodSync(stub, 0o755);
  const env = (state: string, extra: Record<string, string> = {}) => ({
    PATH: `${join(dir, "bin")}:/usr/bin:/bin`, STATE: state, JMX_PORT: "9999",
    KAFKA_BROKERS: "kafka:9092", KAFKA_TOPICS: "health=3600000 invoker4=172800000", SEGMENT_BYTES: "536870912", SEGMENT_RETENTION_BYTES: "1073741824", ...extra,
  });
  const state = () => mkdtempSync(join(dir, "state-"));

  test("creates each topic once with one partition, replication 1, its retention; a rerun creates nothing new", () => {
    const s = state();
    expect(spawnSync("sh", [script], { env: env(s) }).status).toBe(0);
    const calls = readFileSync(join(s, "calls"), "utf8").split("\n").filter((l) => l.includes("--create"));
    expect(calls).toEqual([
      "--bootstrap-server kafka:9092 --create --if-not-exists --topic health --partitions 1 --replication-factor 1 --config retention.bytes=1073741824 --config retention.ms=3600000 --config segment.bytes=536870912",
      "--bootstrap-server kafka:9092 --create --if-not-exists --topic invoker4 --partitions 1 --replication-factor 1 --config retention.bytes=1073741824 --config retention.ms=172800000 --config segment.bytes=536870912",
    ]);
    expect(spawnSync("sh", [script], { env: env(s) }).status).toBe(0);
  });

  test("fails when Kafka never answers, and when a topic is missing afterwards", () => {
    const down = state();
    writeFileSync(join(down, "down"), "");
    const r = spawnSync("sh", [script], { env: env(down, { WAIT_SECONDS: "1" }), encoding: "utf8" });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("Kafka at kafka:9092 did not answer within 1 s");
    const lost = state();
    writeFileSync(join(lost, "drop"), "");
    const l = spawnSync("sh", [script], { env: env(lost), encoding: "utf8" });
    expect(l.status).not.toBe(0);
    expect(l.stderr).toContain("topic health is missing after creating it");
  });
});
