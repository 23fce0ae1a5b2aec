/**
 * Kafka topics for the build that does not create its own.
 *
 * The seed's build (febde0042) has no `ensureTopic` (it arrived in da6546546, 2017-11-17; from 1.0.0
 * on `common/scala/.../connector/kafka/KafkaMessagingProvider.scala` creates every topic it uses). Its
 * deployment creates them (febde0042 `ansible/roles/kafka/tasks/deploy.yml`): `health` and
 * `cacheInvalidation`, `completed<i>` for each controller (the active acks) and `invoker<i>` for each
 * invoker, one partition, replication factor 1, with the retention of febde0042
 * `ansible/group_vars/all` (`kafka.topics.*`). The brokers this project starts never create topics on
 * demand (KAFKA_AUTO_CREATE_TOPICS_ENABLE=false), so without them the first activation message has
 * nowhere to go.
 *
 * A one-shot job in the Kafka image (its `kafka-topics.sh`) creates the topics a node needs before the
 * node starts, one job per controller and per invoker (`kafka-topics-<node>`: a container the node
 * depends on, on docker; a oneshot unit its unit starts first, on its aws host). So a new invoker
 * creates its own topic and nothing that exists changes. Creating is idempotent (`--if-not-exists`),
 * and the job then lists the topics and fails unless every one is there.
 */
import type { StackConfig } from "../config/schema";
import type { ContainerSpec } from "./containerSpec";
import type { ServiceEndpoints } from "./serviceEndpoints";

/** Prefix of the jobs' names: `kafka-topics-<node>`. */
export const KAFKA_TOPICS_JOB = "kafka-topics";

/** The job that creates a node's topics. */
export function kafkaTopicsJobName(node: string): string {
  return `${KAFKA_TOPICS_JOB}-${node}`;
}
export const KAFKA_TOPICS_SCRIPT_PATH = "/openwhisk/kafka-topics.sh";

/** retention.ms per kind (febde0042 ansible/group_vars/all, kafka.topics.*); segment.bytes and retention.bytes are the same for all. */
export const LEGACY_TOPIC_RETENTION_MS = { health: 3600000, cacheInvalidation: 300000, completed: 3600000, invoker: 172800000 } as const;
export const LEGACY_TOPIC_SEGMENT_BYTES = 536870912;
export const LEGACY_TOPIC_RETENTION_BYTES = 1073741824;

export interface KafkaTopic {
  name: string;
  retentionMs: number;
}

/** Whether the flavour's build creates its own topics (every build since 1.0.0 does). */
export function needsKafkaTopicsJob(config: StackConfig): boolean {
  return config.release.flavor === "legacy-2017";
}

const topic = (kind: keyof typeof LEGACY_TOPIC_RETENTION_MS, index?: number): KafkaTopic => ({
  name: `${kind}${index ?? ""}`,
  retentionMs: LEGACY_TOPIC_RETENTION_MS[kind],
});

/** Every topic of a stack: health, cacheInvalidation, completed<i> per controller, invoker<i> per invoker. */
export function stackTopics(config: StackConfig): KafkaTopic[] {
  return [
    topic("health"),
    topic("cacheInvalidation"),
    ...Array.from({ length: config.controllers.count }, (_, i) => topic("completed", i)),
    ...Array.from({ length: config.invokers.count }, (_, i) => topic("invoker", i)),
  ];
}

/** The topics one node uses: the shared two, and its own (completed<i> of a controller, invoker<i> of an invoker). */
export function nodeTopics(kind: "controller" | "invoker", index: number): KafkaTopic[] {
  return [topic("health"), topic("cacheInvalidation"), topic(kind === "controller" ? "completed" : "invoker", index)];
}

/** The job's script (constant: topics and brokers come in as env, `<name>=<retention.ms>` words). */
export const KAFKA_TOPICS_SCRIPT = `#!/bin/sh
# Creates the Kafka topics of the 2017 build (written by openwhisk-static-cluster; the build has no
# ensureTopic). KAFKA_BROKERS=host:port[,host:port]; KAFKA_TOPICS="name=retention.ms ...".
set -eu
unset JMX_PORT KAFKA_JMX_OPTS 2>/dev/null || true
wait_seconds=\${WAIT_SECONDS:-300}
say() { echo "kafka-topics: $*"; }
fail() { echo "kafka-topics: ERROR: $*" >&2; exit 1; }
command -v kafka-topics.sh >/dev/null 2>&1 || fail "no kafka-topics.sh on PATH in this image (openwhisk:services.images.kafka must be a Kafka image)"
started=$(date +%s)
until kafka-topics.sh --bootstrap-server "$KAFKA_BROKERS" --list >/dev/null 2>&1; do
  [ $(($(date +%s) - started)) -lt "$wait_seconds" ] || fail "Kafka at $KAFKA_BROKERS did not answer within $wait_seconds s"
  sleep 2
done
for spec in $KAFKA_TOPICS; do
  name=\${spec%%=*}
  retention=\${spec#*=}
  kafka-topics.sh --bootstrap-server "$KAFKA_BROKERS" --create --if-not-exists --topic "$name" \\
    --partitions 1 --replication-factor 1 \\
    --config "retention.bytes=$SEGMENT_RETENTION_BYTES" --config "retention.ms=$retention" --config "segment.bytes=$SEGMENT_BYTES" >/dev/null \\
    || fail "creating topic $name on $KAFKA_BROKERS failed"
done
existing=$(kafka-topics.sh --bootstrap-server "$KAFKA_BROKERS" --list)
for spec in $KAFKA_TOPICS; do
  name=\${spec%%=*}
  printf '%s\\n' "$existing" | grep -qx "$name" || fail "topic $name is missing after creating it"
done
say "topics ready: $KAFKA_TOPICS"
`;

/** The one-shot job that creates a node's topics (nodeTopics) before the node starts. */
export function renderKafkaTopics(config: StackConfig, endpoints: ServiceEndpoints, node: { kind: "controller" | "invoker"; index: number; name: string }): ContainerSpec {
  const name = kafkaTopicsJobName(node.name);
  const topics = nodeTopics(node.kind, node.index);
  return {
    name,
    role: "kafka-topics",
    image: config.services.images.kafka,
    command: ["/bin/sh", KAFKA_TOPICS_SCRIPT_PATH],
    hostname: name,
    env: {
      KAFKA_BROKERS: endpoints.kafkaHosts.join(","),
      KAFKA_TOPICS: topics.map((t) => `${t.name}=${t.retentionMs}`).join(" "),
      SEGMENT_BYTES: String(LEGACY_TOPIC_SEGMENT_BYTES),
      SEGMENT_RETENTION_BYTES: String(LEGACY_TOPIC_RETENTION_BYTES),
    },
    ports: [],
    volumes: [],
    files: [{ containerPath: KAFKA_TOPICS_SCRIPT_PATH, content: KAFKA_TOPICS_SCRIPT, mode: "0755" }],
    restart: "on-failure",
    labels: { "openwhisk.role": "kafka-topics", "openwhisk.flavor": config.release.flavor },
    privileged: false,
    aliases: [name],
    dependsOn: endpoints.inStack.kafka ? ["kafka"] : [],
    oneShot: true,
  };
}
