/**
 * How the policy model reads a host's env from user data, by the rules of each consumer: the shell's
 * words for commands and env-file lines (components/plan/shellWords.ts, tested against sh), systemd's
 * for `Environment=` and `ExecStart=` (systemd.exec(5), systemd.syntax(7)), docker compose's YAML with
 * merge keys, and what a boot script writes into files (echo, printf, cat <<EOF, tee, envsubst, sed).
 */
import { jvmOptions } from "../components/plan/envTransform";
import { readNodeEnv } from "../policies/model/nodeEnv";
import { findNodes } from "../policies/model/openwhiskNodes";
import { assignedNames, interpolate } from "../policies/model/composeInterpolation";
import type { StackResource } from "../policies/model/stackResource";
import { multipartAsCloudConfig } from "../policies/model/multipartUserData";
import { parse as parseYaml } from "yaml";

function host(userData: string): StackResource {
  return { urn: "urn:pulumi:dev::p::aws:ec2/instance:Instance::h", type: "aws:ec2/instance:Instance", name: "h", props: { userData }, protect: false, dependencies: [], propertyDependencies: {} } as StackResource;
}

const cloudConfig = (files: { path: string; content: string }[], runcmd: (string | string[])[] = []) =>
  ["#cloud-config", "write_files:", ...files.flatMap((f) => [`  - path: ${f.path}`, "    content: |", ...f.content.split("\n").map((l) => `      ${l}`)]), ...(runcmd.length ? ["runcmd:", ...runcmd.map((c) => `  - ${JSON.stringify(c)}`)] : [])].join("\n");

describe("shell words in commands and env files", () => {
  test(`docker run -e KEY="a b", -e 'KEY=v', --env=K=v, -eK=v`, () => {
    const env = readNodeEnv(host(`#!/bin/sh\ndocker run -d --name c -e CONFIG_whisk_info_buildNo="build 42" -e 'CONFIG_whisk_info_date=2026-08-05' \\\n  --env=KAFKA_HOSTS=k1:9092,k2:9092 -eCONFIG_pekko_actor_provider=cluster openwhisk/controller:nightly /init.sh 0\n`)).values;
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("build 42");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
    expect(env.get("KAFKA_HOSTS")).toBe("k1:9092,k2:9092");
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
  });

  test("docker run -e K=$IP hands docker what the shell expands: present, known only on the host; -e K=\"$(cat file)\" of a file cloud-config writes is that file's text", () => {
    const appConf = 'include classpath("application.conf")\npekko.cluster {\n  split-brain-resolver { active-strategy = keep-majority }\n}';
    const userData = cloudConfig([{ path: "/etc/ow/app.conf", content: appConf }], [
      "IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)",
      'docker run -d -e CONFIG_pekko_remote_artery_canonical_hostname=$IP -e OPENWHISK_CONFIG="$(cat /etc/ow/app.conf)" -e \'CONFIG_whisk_info_buildNo=$literal\' openwhisk/controller:nightly /init.sh 0',
    ]);
    const env = readNodeEnv(host(userData));
    expect(env.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(env.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
    expect(env.values.get("CONFIG_pekko_cluster_splitBrainResolver_activeStrategy")).toBe("keep-majority");
    expect(env.values.get("CONFIG_whisk_info_buildNo")).toBe("$literal"); // single quotes: no expansion
  });

  test("docker run -e K=$IP of a variable the script set to known text is that text; set again from a command, known only on the host", () => {
    // POSIX sh "Parameter Expansion": $IP / ${IP} is the variable's value at the time the command runs.
    const run = 'docker run -d -e CONFIG_pekko_remote_artery_canonical_hostname=$IP -e "CONFIG_pekko_cluster_seedNodes_0=pekko://controller-actor-system@${IP}:$PORT" openwhisk/controller:nightly /init.sh 0';
    const known = readNodeEnv(host(cloudConfig([], ["IP=10.60.1.10", "export PORT=2551", run]))).values;
    expect(known.get("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("10.60.1.10");
    expect(known.get("CONFIG_pekko_cluster_seedNodes_0")).toBe("pekko://controller-actor-system@10.60.1.10:2551");
    const later = readNodeEnv(host(cloudConfig([], ["IP=10.60.1.10", "IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)", "PORT=2551", run])));
    expect(later.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(later.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
  });

  test("docker run options end at the image: -e after the image is the container's command, not its env; switches and values before it are skipped", () => {
    // `docker run [OPTIONS] IMAGE [COMMAND] [ARG...]` (docker/cli run.go: flags.SetInterspersed(false)).
    const env = readNodeEnv(host(`#!/bin/sh\ndocker run -dit --rm --name c -p 2551:2551 --network=ow -h c0 -eA=1 --sig-proxy=false -de B=2 openwhisk/controller:1fae641 /init.sh -e CONFIG_whisk_info_date=2026 0\n`)).values;
    expect(env.get("A")).toBe("1");
    expect(env.get("B")).toBe("2");
    expect(env.has("CONFIG_whisk_info_date")).toBe(false);
  });

  test(`CONTROLLER_OPTS="-Da=1 -Db=2" in an env file: both -D options count as their CONFIG_ keys`, () => {
    const env = readNodeEnv(host(cloudConfig([{ path: "/etc/ow/controller.env", content: `CONTROLLER_OPTS="-Dpekko.actor.provider=cluster -Dwhisk.info.build-no=42"\nJAVA_OPTS='-Xmx2g -Dwhisk.info.date="2026 08 05"'` }]))).values;
    expect(env.get("CONTROLLER_OPTS")).toBe("-Dpekko.actor.provider=cluster -Dwhisk.info.build-no=42");
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026 08 05");
  });

  test("on the 2017 build, -D options set the akka settings its application.conf reads from AKKA_* variables (a system property overrides the file); no CONFIG_ key is left behind", () => {
    // core/controller/src/main/resources/application.conf at febde0042: `auto-down-unreachable-after = ${?AUTO_DOWN_UNREACHABLE_AFTER}`.
    const container = {
      ...host(""),
      type: "docker:index/container:Container",
      props: { image: "openwhisk/controller:2017-10-17", envs: ["AKKA_ACTOR_PROVIDER=cluster", "AUTO_DOWN_UNREACHABLE_AFTER=30s", 'JAVA_OPTS=-Xmx1g -Dakka.cluster.auto-down-unreachable-after=10s "-Dakka.remote.netty.tcp.hostname=172.21.0.10"'] },
    } as StackResource;
    const [node] = findNodes([container]);
    expect(node.flavor).toBe("legacy-2017");
    expect(node.env.values.get("AUTO_DOWN_UNREACHABLE_AFTER")).toBe("10s");
    expect(node.env.values.get("AKKA_CLUSTER_HOST")).toBe("172.21.0.10");
    expect(node.env.values.has("CONFIG_akka_cluster_autoDownUnreachableAfter")).toBe(false);
  });

  test("-D options inside JAVA_OPTS are split as the start script's `eval set --` splits them", () => {
    expect([...jvmOptions(`-Xmx2g -Dk1="a b" -Dk2='c' -Dk3=d\\ e -Dflag`)]).toEqual([["k1", "a b"], ["k2", "c"], ["k3", "d e"], ["flag", ""]]);
  });
});

describe("systemd units", () => {
  test(`Environment="A=1" "B=2", quotes inside a word, C escapes, %% and an unbalanced line ignored`, () => {
    const unit = [
      "[Service]",
      `Environment="CONFIG_pekko_actor_provider=cluster" "KAFKA_HOSTS=k:9092"`,
      `Environment=CONFIG_whisk_info_buildNo="build 7" CONFIG_whisk_info_date=2026-08-05`,
      `Environment="JAVA_OPTS=-Xmx2g\\x20-Dwhisk.cluster.name=blue" LIMIT=50%%`,
      `Environment="BROKEN=1 X=2`,
    ].join("\n");
    const env = readNodeEnv(host(cloudConfig([{ path: "/etc/systemd/system/ow.service", content: unit }]))).values;
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.get("KAFKA_HOSTS")).toBe("k:9092");
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("build 7");
    expect(env.get("JAVA_OPTS")).toBe("-Xmx2g -Dwhisk.cluster.name=blue");
    expect(env.get("CONFIG_whisk_cluster_name")).toBe("blue");
    expect(env.get("LIMIT")).toBe("50%");
    expect(env.has("BROKEN")).toBe(false);
    expect(env.has("X")).toBe(false);
  });

  test("ExecStart= substitutes ${NAME} and $NAME from Environment= (systemd.service(5) \"Command lines\"); a variable from elsewhere is filled in on the host", () => {
    const unit = [
      "[Service]",
      'Environment="BUILD=build 42" "IMAGE=openwhisk/controller:nightly"',
      "EnvironmentFile=/etc/ow/host.env",
      "ExecStart=/usr/bin/docker run --rm -e CONFIG_whisk_info_buildNo=${BUILD} -e CONFIG_pekko_remote_artery_canonical_hostname=${HOST_IP} $IMAGE /init.sh 0",
    ].join("\n");
    const env = readNodeEnv(host(cloudConfig([{ path: "/etc/systemd/system/ow.service", content: unit }])));
    expect(env.values.get("CONFIG_whisk_info_buildNo")).toBe("build 42");
    expect(env.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(env.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
  });

  test("ExecStart= substitutes a variable of an EnvironmentFile= the user data writes (its settings override Environment=, systemd.exec(5))", () => {
    const unit = [
      "[Service]",
      'Environment="HOST_IP=0.0.0.0"',
      "EnvironmentFile=-/etc/ow/host.env",
      "ExecStart=/usr/bin/docker run --rm -e CONFIG_pekko_remote_artery_canonical_hostname=${HOST_IP} openwhisk/controller:nightly /init.sh 0",
    ].join("\n");
    const files = [{ path: "/etc/systemd/system/ow.service", content: unit }, { path: "/etc/ow/host.env", content: "HOST_IP=10.60.1.10" }];
    expect(readNodeEnv(host(cloudConfig(files))).values.get("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("10.60.1.10");
    // The file filled in at boot (sed from the metadata): known only on the host.
    const sed = "sed -i \"s/^HOST_IP=.*/HOST_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)/\" /etc/ow/host.env";
    const booted = readNodeEnv(host(cloudConfig(files, [sed])));
    expect(booted.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(booted.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
  });

  test("a unit a boot script writes (cat > ow.service <<'EOF') is read by systemd's rules like one cloud-config writes; its directives are no env keys", () => {
    const script = ["#!/bin/bash", "cat > /etc/systemd/system/ow.service <<'EOF'", "[Service]", 'Environment="CONFIG_pekko_actor_provider=cluster" "CONFIG_whisk_info_buildNo=build 42"', "ExecStart=/usr/bin/docker run --rm -e CONFIG_whisk_info_date=2026-08-05 openwhisk/controller:nightly /init.sh 0", "EOF", "systemctl daemon-reload && systemctl start ow"].join("\n");
    const env = readNodeEnv(host(cloudConfig([{ path: "/usr/local/bin/setup.sh", content: script }], [["bash", "/usr/local/bin/setup.sh"]]))).values;
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("build 42");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
    expect(env.has("Environment")).toBe(false);
  });

  test("ExecStart= docker run -e flags, split by systemd's rules", () => {
    const unit = `[Service]\nExecStart=/usr/bin/docker run --rm -e "CONFIG_whisk_info_buildNo=b 1" -e CONFIG_whisk_info_date=2026-08-05 openwhisk/controller:nightly /init.sh 1`;
    const env = readNodeEnv(host(cloudConfig([{ path: "/etc/systemd/system/ow.service", content: unit }]))).values;
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("b 1");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
  });
});

describe("compose files", () => {
  test("anchors and merge keys (`<<: *common`) read as docker compose reads them; keys beside the merge win", () => {
    const compose = [
      "x-common: &common",
      "  CONFIG_pekko_actor_provider: cluster",
      "  KAFKA_HOSTS: kafka:9092",
      "  CONFIG_whisk_info_buildNo: from-anchor",
      "services:",
      "  controller0:",
      "    image: openwhisk/controller:nightly",
      "    environment:",
      "      <<: *common",
      "      CONFIG_whisk_info_buildNo: '42'",
    ].join("\n");
    const env = readNodeEnv(host(cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: compose }]))).values;
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.get("KAFKA_HOSTS")).toBe("kafka:9092");
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(env.has("<<")).toBe(false);
  });

  // docker compose gives each service's container its own env (compose-spec: `environment` and `env_file`
  // are per service; `environment` wins over `env_file`), so each OpenWhisk service is a node of its own.
  test("a controller and an invoker service on one host are two nodes, each judged on its own service's env and env_file; kafka beside them is none", () => {
    const compose = [
      "services:",
      "  kafka:",
      "    image: bitnami/kafka:3.7",
      "    environment:",
      "      KAFKA_CFG_NODE_ID: '1'",
      "  controller:",
      "    image: openwhisk/controller:1fae641",
      "    command: /init.sh 2",
      "    env_file: controller.env",
      "    environment:",
      "      - CONFIG_whisk_info_buildNo=42",
      "  invoker:",
      "    image: openwhisk/invoker:1fae641",
      "    env_file: [ /etc/ow/invoker.env ]",
    ].join("\n");
    const userData = cloudConfig([
      { path: "/opt/ow/docker-compose.yml", content: compose },
      { path: "/opt/ow/controller.env", content: "CONFIG_pekko_actor_provider=cluster\nCONFIG_whisk_info_buildNo=from-file" },
      { path: "/etc/ow/invoker.env", content: "CONFIG_whisk_docker_containerFactory_useRunc=false" },
      { path: "/etc/ow/host.env", content: "KAFKA_HOSTS=10.0.0.5:9092" },
    ]);
    const nodes = findNodes([host(userData)]);
    expect(nodes.map((n) => [n.role, n.name, n.image, n.instanceIndex])).toEqual([
      ["controller", "h/controller", "openwhisk/controller:1fae641", 2],
      ["invoker", "h/invoker", "openwhisk/invoker:1fae641", undefined],
    ]);
    const [controller, invoker] = nodes.map((n) => n.env.values);
    expect(controller.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(controller.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(controller.has("CONFIG_whisk_docker_containerFactory_useRunc")).toBe(false);
    expect(controller.has("KAFKA_CFG_NODE_ID")).toBe(false);
    expect(controller.get("KAFKA_HOSTS")).toBe("10.0.0.5:9092"); // a host env file no service claims
    expect(invoker.get("CONFIG_whisk_docker_containerFactory_useRunc")).toBe("false");
    expect(invoker.has("CONFIG_pekko_actor_provider")).toBe(false);
  });

  test("one controller service beside kafka and nginx: one node, named after its host, without the other services' env", () => {
    const compose = [
      "services:",
      "  zookeeper: { image: zookeeper:3.8, environment: [ ZOO_MY_ID=1 ] }",
      "  nginx: { image: nginx:1.27 }",
      "  ctl:",
      "    image: openwhisk/controller:2.0.0",
      "    environment: { CONFIG_akka_actor_provider: cluster }",
    ].join("\n");
    // The host is tagged as a controller: that names what the host is for, not every service on it.
    const tagged = { ...host(cloudConfig([{ path: "/opt/ow/compose.yaml", content: compose }])) };
    tagged.props = { ...tagged.props, tags: { Name: "h", "openwhisk:role": "controller" } };
    const nodes = findNodes([tagged]);
    expect(nodes.map((n) => [n.role, n.name, n.flavor, n.instanceIndex])).toEqual([["controller", "h", "akka-2.6", 0]]);
    expect(nodes[0].env.values.has("ZOO_MY_ID")).toBe(false);
  });
});

describe("values a boot script writes into the env file", () => {
  const script = (body: string) => readNodeEnv(host(cloudConfig([{ path: "/usr/local/bin/boot.sh", content: `#!/bin/sh\nset -eu\n${body}` }])));

  test.each([
    ["printf with another format", `printf 'CONFIG_whisk_info_date=%s\\n' "$(date +%F)" >> /etc/ow.env`],
    ["printf with KEY=%s pairs", `printf '%s=%s\\n' CONFIG_whisk_info_date "$(date +%F)" > /etc/ow.env`],
    ["echo", `echo "CONFIG_whisk_info_date=$(date +%F)" >> /etc/ow.env`],
    ["echo -e", `echo -e "A=1\\nCONFIG_whisk_info_date=$TODAY" > /etc/ow.env`],
    ["cat <<EOF", `cat >> /etc/ow.env <<EOF\nCONFIG_whisk_info_date=$(date +%F)\nEOF`],
    ["tee -a", `echo "CONFIG_whisk_info_date=$(date +%F)" | tee -a /etc/ow.env >/dev/null`],
    ["a group redirected", `{\n  echo A=1\n  printf '%s=%s\\n' CONFIG_whisk_info_date "$(date +%F)"\n} > /etc/ow.env`],
  ])("%s", (_, body) => {
    const env = script(body);
    expect([...env.runtimeKeys]).toContain("CONFIG_whisk_info_date");
    expect(env.values.has("CONFIG_whisk_info_date")).toBe(false);
  });

  test.each([
    ["sudo tee -a", `echo "CONFIG_whisk_info_date=$(date +%F)" | sudo tee -a /etc/ow.env >/dev/null`],
    ["sudo sh -c 'printf ... >> file'", `sudo sh -c 'printf "CONFIG_whisk_info_date=%s\\n" "$(date +%F)" >> /etc/ow.env'`],
    ["bash -ec with sudo -u", `sudo -u root bash -ec "echo CONFIG_whisk_info_date=\\$(date +%F) >> /etc/ow.env"`],
    ["env K=v sed -i", `env LC_ALL=C sed -i "s/^CONFIG_whisk_info_date=.*/CONFIG_whisk_info_date=$(date +%F)/" /etc/ow.env`],
  ])("a write run through a wrapper or an inline script (sudo(8), env(1), sh -c): %s", (_, body) => {
    const env = script(body);
    expect([...env.runtimeKeys]).toContain("CONFIG_whisk_info_date");
  });

  test("docker run inside sh -c '...' and under sudo: its -e flags are the container's env", () => {
    const env = script(`sudo sh -c 'docker run -d -e "CONFIG_whisk_info_buildNo=build 42" -e KAFKA_HOSTS=k:9092 openwhisk/controller:1fae641 /init.sh 0'`).values;
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("build 42");
    expect(env.get("KAFKA_HOSTS")).toBe("k:9092");
  });

  test("a value written as it is counts with its value", () => {
    const env = script(`printf '%s=%s\\n' CONFIG_whisk_info_buildNo 42 CONFIG_whisk_info_date 2026-08-05 > /etc/ow.env`);
    expect(env.values.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(env.values.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
    expect(env.runtimeKeys.size).toBe(0);
  });

  test("envsubst over a template and sed filling a placeholder or appending a line", () => {
    const ud = cloudConfig(
      [
        { path: "/etc/ow/controller.env.tmpl", content: "CONFIG_whisk_info_buildNo=${BUILD}\nCONFIG_whisk_cluster_name=blue" },
        { path: "/etc/ow/other.env", content: "CONFIG_whisk_info_date=@DATE@" },
      ],
      ["envsubst < /etc/ow/controller.env.tmpl > /etc/ow/controller.env", `sed -i "s/@DATE@/$(date +%F)/" /etc/ow/other.env`, `sed -i '$a KAFKA_HOSTS=k:9092' /etc/ow/other.env`],
    );
    const env = readNodeEnv(host(ud));
    expect([...env.runtimeKeys].sort()).toEqual(["CONFIG_whisk_info_buildNo", "CONFIG_whisk_info_date"]);
    expect(env.values.get("KAFKA_HOSTS")).toBe("k:9092");
  });

  test("a script's own variables are not the container's env; a comment is not a write", () => {
    const env = script(`TODAY=$(date +%F)\n# printf '%s=%s\\n' CONFIG_whisk_info_date x >> /etc/ow.env\necho "done"`);
    expect(env.values.has("TODAY")).toBe(false);
    expect(env.runtimeKeys.size).toBe(0);
  });
});

// compose-spec interpolation.md (compose-go template/template.go): what docker compose substitutes.
test("a controller run by docker run beside a compose file of other services (zookeeper) does not take their env", () => {
  const compose = "services:\n  zookeeper:\n    image: zookeeper:3.8\n    environment:\n      JAVA_OPTS: -Dcom.sun.management.jmxremote.port=9010 -Dcom.sun.management.jmxremote.authenticate=false\n";
  const userData = cloudConfig([{ path: "/opt/zk/docker-compose.yml", content: compose }, { path: "/etc/ow/c.env", content: "CONFIG_pekko_actor_provider=cluster" }], [
    "docker compose -f /opt/zk/docker-compose.yml up -d",
    "docker run -d --env-file /etc/ow/c.env openwhisk/controller:nightly /init.sh 0",
  ]);
  const [node] = findNodes([host(userData)]);
  expect(node.role).toBe("controller");
  expect(node.env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
  expect(node.env.values.has("JAVA_OPTS")).toBe(false);
});

test("a controller run by docker run beside a compose invoker is a node too, with the docker run's env (and the env file both read)", () => {
  const compose = 'services:\n  invoker:\n    image: openwhisk/invoker:1fae641\n    env_file: /etc/ow/common.env\n    environment:\n      CONFIG_whisk_docker_containerFactory_useRunc: "false"\n';
  const userData = cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: compose }, { path: "/etc/ow/common.env", content: "KAFKA_HOSTS=kafka:9092" }], [
    "docker compose -f /opt/ow/docker-compose.yml up -d",
    "docker run -d --network host --env-file /etc/ow/common.env -e CONFIG_pekko_actor_provider=cluster openwhisk/controller:1fae641 /init.sh 2",
  ]);
  const nodes = findNodes([host(userData)]);
  expect(nodes.map((n) => [n.role, n.image]).sort()).toEqual([["controller", "openwhisk/controller:1fae641"], ["invoker", "openwhisk/invoker:1fae641"]]);
  const controller = nodes.find((n) => n.role === "controller")!;
  expect([controller.flavor, controller.instanceIndex]).toEqual(["pekko", 2]);
  expect(controller.env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
  expect(controller.env.values.get("KAFKA_HOSTS")).toBe("kafka:9092");
  expect(controller.env.values.has("CONFIG_whisk_docker_containerFactory_useRunc")).toBe(false);
  // A controller env file nothing runs with (no docker run, no controller image outside compose) is no node.
  const unused = cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: compose }, { path: "/etc/ow/common.env", content: "KAFKA_HOSTS=kafka:9092" }, { path: "/etc/ow/spare-controller.env", content: "CONFIG_pekko_actor_provider=cluster" }], ["docker compose -f /opt/ow/docker-compose.yml up -d"]);
  expect(findNodes([host(unused)]).map((n) => n.role)).toEqual(["invoker"]);
});

test("a CONFIG_ value naming another variable ($HOST_IP) takes its value, as the images' transformEnvironment.sh dereferences it; unset, it stays as written", () => {
  // common/scala/transformEnvironment.sh at 1.0.0, 2.0.0, 1fae641: `if [[ $value == \$* ]]` ... `value2=${!varname}`.
  const container = { ...host(""), type: "docker:index/container:Container", props: { envs: ["HOST_IP=172.30.0.10", "CONFIG_pekko_remote_artery_canonical_hostname=$HOST_IP", "CONFIG_whisk_info_buildNo=$NOPE", "PLAIN=$HOST_IP"] } } as StackResource;
  const env = readNodeEnv(container).values;
  expect(env.get("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("172.30.0.10");
  expect(env.get("CONFIG_whisk_info_buildNo")).toBe("$NOPE");
  expect(env.get("PLAIN")).toBe("$HOST_IP"); // only CONFIG_ variables are transformed
  // Filled in at boot: the key is there, its value known only on the host.
  const script = "#!/bin/sh\necho \"HOST_IP=$(hostname -I | cut -d' ' -f1)\" > /etc/ow/c.env\necho 'CONFIG_pekko_remote_artery_canonical_hostname=$HOST_IP' >> /etc/ow/c.env\ndocker run -d --env-file /etc/ow/c.env openwhisk/controller:nightly\n";
  const booted = readNodeEnv(host(script));
  expect(booted.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
  expect(booted.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
});

test("a container whose sh -c command exports a variable before exec gives it to the node: computed there, it is known only in the container", () => {
  const container = (command: string[]) =>
    ({ ...host(""), type: "docker:index/container:Container", props: { envs: ["CONFIG_pekko_actor_provider=cluster", "CONFIG_whisk_info_buildNo=1"], command } }) as StackResource;
  const env = readNodeEnv(container(["/bin/sh", "-c", "export CONFIG_pekko_remote_artery_canonical_hostname=$(hostname -i) CONFIG_whisk_info_buildNo=42; NOT_EXPORTED=1; CONFIG_whisk_info_date=2026-08-05 exec ./init.sh 0"]));
  expect(env.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
  expect(env.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
  expect(env.values.get("CONFIG_whisk_info_buildNo")).toBe("42");
  expect(env.values.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
  expect(env.values.has("NOT_EXPORTED")).toBe(false);
  // Not a shell: the command's words are arguments, not assignments.
  expect(readNodeEnv(container(["/init.sh", "CONFIG_whisk_info_date=x"])).values.has("CONFIG_whisk_info_date")).toBe(false);
});

describe("variables in compose files", () => {
  const vars = new Map([["SET", "v"], ["EMPTY", ""]]);
  test.each([
    ["$SET and ${SET}", "v and v"],
    ["${EMPTY:-d} ${EMPTY-d} ${UNSET:-d} ${UNSET-d}", "d  d d"],
    ["${SET:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${UNSET+alt}|", "alt  alt |"],
    ["$$SET costs $$5", "$SET costs $5"],
    ["${UNSET:-${SET}x}", "vx"],
    ["${SET:?needed}", "v"],
  ])("%s", (text, expected) => expect(interpolate(text, vars)).toBe(expected));

  test("an unset variable is substituted with nothing; one the host's scripts set is not known here", () => {
    expect(interpolate("a${UNSET}b$UNSET", vars)).toBe("ab");
    expect(interpolate("${HOST_IP}", vars, new Set(["HOST_IP"]))).toBeUndefined();
    expect(interpolate("$HOST_IP", vars, new Set(["HOST_IP"]))).toBeUndefined();
    expect(interpolate("${SET}", vars, new Set(["SET"]))).toBe("v"); // the .env's value
    // A script that sources a file or hands compose an env file may set any name.
    for (const script of ["set -a; . /etc/ow/host.env; docker compose up -d", "export $(cat /etc/ow/host.env | xargs)", "docker compose --env-file /run/ow.env up -d", "source /etc/ow/vars"]) {
      expect(interpolate("${HOST_IP}", vars, assignedNames([script]))).toBeUndefined();
    }
    expect(interpolate("${HOST_IP}", vars, assignedNames(["docker compose up -d"]))).toBe("");
  });

  test.each([["${EMPTY:?needed}"], ["${UNSET?needed}"], ["${SET"]])("%s: compose refuses the file", (text) => {
    expect(interpolate(text, vars)).toBeUndefined();
  });

  test("a variable the boot script exports to docker compose wins over the .env beside the file (the shell first, then .env)", () => {
    // docs.docker.com/compose "Set, use, and manage variables in a Compose file with interpolation": a value set
    // in the shell that runs compose is used over the .env file's; a plain NAME=... of the script is not exported.
    const compose = "services:\n  controller:\n    image: openwhisk/controller:1fae641\n    environment:\n      CONFIG_pekko_actor_provider: cluster\n      CONFIG_pekko_remote_artery_canonical_hostname: ${HOST_IP}\n";
    const files = [{ path: "/opt/ow/docker-compose.yml", content: compose }, { path: "/opt/ow/.env", content: "HOST_IP=127.0.0.1" }];
    const exported = findNodes([host(cloudConfig(files, ["export HOST_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)", "cd /opt/ow && docker compose up -d"]))])[0].env;
    expect(exported.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(exported.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
    const prefixed = findNodes([host(cloudConfig(files, ["cd /opt/ow && HOST_IP=$(hostname -I | cut -d' ' -f1) docker compose up -d"]))])[0].env;
    expect(prefixed.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
    const unexported = findNodes([host(cloudConfig(files, ["HOST_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)", "cd /opt/ow && docker compose up -d"]))])[0].env;
    expect(unexported.values.get("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("127.0.0.1");
  });

  test("values from the .env beside the compose file; a variable only the host knows makes the key present with its value unknown", () => {
    const compose = [
      "services:",
      "  controller:",
      "    image: openwhisk/controller:${TAG:-1fae641}",
      "    environment:",
      "      CONFIG_pekko_actor_provider: cluster",
      "      CONFIG_whisk_info_buildNo: ${BUILD}",
      "      CONFIG_pekko_remote_artery_canonical_hostname: ${HOST_IP}",
      "      CONFIG_whisk_info_date: $${literal}",
      "  kafka:",
      "    image: bitnami/kafka:3.7",
    ].join("\n");
    const runcmd = ["cd /opt/ow && HOST_IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4) docker compose up -d"];
    const [node] = findNodes([host(cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: compose }, { path: "/opt/ow/.env", content: "BUILD=42" }], runcmd))]);
    expect(node.image).toBe("openwhisk/controller:1fae641");
    expect(node.env.values.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(node.env.values.get("CONFIG_whisk_info_date")).toBe("${literal}");
    expect(node.env.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(node.env.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
    // Without the script that sets it, compose substitutes nothing: the key is there, empty.
    const bareKeys = compose.replace("      CONFIG_whisk_info_date: $${literal}", "      CONFIG_whisk_info_date:\n      HOST_IP:\n      NOT_SET:");
    const [withBare] = findNodes([host(cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: bareKeys }, { path: "/opt/ow/.env", content: "BUILD=42\nCONFIG_whisk_info_date=2026-08-05" }], runcmd))]);
    expect(withBare.env.values.get("CONFIG_whisk_info_date")).toBe("2026-08-05"); // `KEY:` takes compose's own variable
    expect(withBare.env.runtimeKeys.has("HOST_IP")).toBe(true);
    expect(withBare.env.values.has("NOT_SET")).toBe(false);
    const [bare] = findNodes([host(cloudConfig([{ path: "/opt/ow/docker-compose.yml", content: compose }]))]);
    expect(bare.env.values.get("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("");
    expect(bare.env.values.get("CONFIG_whisk_info_buildNo")).toBe("");
  });
});

describe("a compose file a boot script writes", () => {
  test("cat > docker-compose.yml <<EOF: its services are nodes; what the shell expands in it is filled in on the host", () => {
    const script = [
      "#!/bin/sh",
      "IP=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)",
      "mkdir -p /opt/ow && cat > /opt/ow/docker-compose.yml <<EOF",
      "services:",
      "  controller:",
      "    image: openwhisk/controller:1fae641",
      "    environment:",
      "      CONFIG_pekko_actor_provider: cluster",
      "      CONFIG_pekko_remote_artery_canonical_hostname: $IP",
      "    env_file: controller.env",
      "  invoker:",
      "    image: openwhisk/invoker:1fae641",
      "    environment: [ CONFIG_whisk_docker_containerFactory_useRunc=false ]",
      "EOF",
      "printf 'CONFIG_whisk_info_date=%s\\n' \"$(date +%F)\" > /opt/ow/controller.env",
      "echo CONFIG_whisk_info_buildNo=42 >> /opt/ow/controller.env",
      "docker compose -f /opt/ow/docker-compose.yml up -d",
    ].join("\n");
    const nodes = findNodes([host(script)]);
    expect(nodes.map((n) => n.role)).toEqual(["controller", "invoker"]);
    const [controller, invoker] = nodes;
    expect(controller.env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(controller.env.values.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect([...controller.env.runtimeKeys].sort()).toEqual(["CONFIG_pekko_remote_artery_canonical_hostname", "CONFIG_whisk_info_date"]);
    expect(invoker.env.values.get("CONFIG_whisk_docker_containerFactory_useRunc")).toBe("false");
    expect(invoker.env.values.has("CONFIG_pekko_actor_provider")).toBe(false);
  });
});

describe("MIME multipart user data (cloud-config and script parts)", () => {
  const mime = (parts: { type: string; body: string; base64?: boolean }[]) =>
    [
      'Content-Type: multipart/mixed; boundary="==BOUNDARY=="',
      "MIME-Version: 1.0",
      "",
      ...parts.flatMap((p) => [
        "--==BOUNDARY==",
        `Content-Type: ${p.type}; charset="utf-8"`,
        ...(p.base64 ? ["Content-Transfer-Encoding: base64"] : []),
        "",
        p.base64 ? Buffer.from(p.body).toString("base64") : p.body,
      ]),
      "--==BOUNDARY==--",
      "",
    ].join("\n");

  test("a cloud-config part's env file and a script part's docker run make one controller, as cloud-init runs them", () => {
    const userData = mime([
      { type: "text/cloud-config", body: "#cloud-config\nwrite_files:\n  - path: /etc/ow/c.env\n    content: |\n      CONFIG_pekko_actor_provider=cluster\n      CONFIG_whisk_info_buildNo=42\n", base64: true },
      { type: "text/x-shellscript", body: "#!/bin/sh\ndocker run -d --env-file /etc/ow/c.env -e CONFIG_whisk_info_date=2026-08-05 openwhisk/controller:nightly /init.sh 1\n" },
    ]);
    const [node] = findNodes([host(userData)]);
    expect([node.role, node.image, node.instanceIndex, node.flavor]).toEqual(["controller", "openwhisk/controller:nightly", 1, "pekko"]);
    expect(node.env.values.get("CONFIG_whisk_info_buildNo")).toBe("42");
    expect(node.env.values.get("CONFIG_whisk_info_date")).toBe("2026-08-05");
  });

  test("script parts run before the cloud-config's runcmd, as cloud-init's scripts-user runs them (part-001 sorts before runcmd)", () => {
    // cloudinit/handlers/__init__.py PART_FN_TPL "part-%03d" names each script part in the instance's scripts
    // folder, where config/cc_runcmd.py writes "runcmd"; config/cc_scripts_user.py runs the folder through
    // subp.runparts, in sorted order. So the runcmd's line, appended last, is the env file's last word.
    const userData = mime([
      { type: "text/cloud-config", body: "#cloud-config\nruncmd:\n  - echo CONFIG_whisk_info_buildNo=from-runcmd >> /etc/ow/c.env\n  - docker run -d --env-file /etc/ow/c.env -e CONFIG_pekko_actor_provider=cluster openwhisk/controller:nightly /init.sh 0\n" },
      { type: "text/x-shellscript", body: "#!/bin/sh\necho CONFIG_whisk_info_buildNo=from-script >> /etc/ow/c.env\n" },
    ]);
    expect(readNodeEnv(host(userData)).values.get("CONFIG_whisk_info_buildNo")).toBe("from-runcmd");
  });

  test("a top-level key two cloud-config parts give is replaced whole (dict(replace) does not recurse into nested mappings)", () => {
    // cloudinit/mergers/m_dict.py _do_dict_replace: with `replace`, merge_same_key returns the new value.
    const doc = multipartAsCloudConfig(mime([
      { type: "text/cloud-config", body: "#cloud-config\nowcfg:\n  a: 1\n" },
      { type: "text/cloud-config", body: "#cloud-config\nowcfg:\n  b: 2\n" },
    ]));
    expect(parseYaml(doc!.replace(/^#cloud-config\n/, ""))).toEqual({ owcfg: { b: 2 } });
  });

  test("two cloud-config parts merge as cloud-init's default merger does: a later list replaces the earlier", () => {
    const userData = mime([
      { type: "text/cloud-config", body: "#cloud-config\nwrite_files:\n  - path: /etc/ow/old.env\n    content: |\n      CONFIG_whisk_info_buildNo=old\n" },
      { type: "text/cloud-config", body: "#cloud-config\nwrite_files:\n  - path: /etc/ow/new.env\n    content: |\n      CONFIG_pekko_actor_provider=cluster\n" },
    ]);
    const env = readNodeEnv(host(userData)).values;
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.has("CONFIG_whisk_info_buildNo")).toBe(false);
  });
});

