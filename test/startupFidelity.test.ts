/**
 * Every node starts and serves on the real images, for all four builds. Each expectation
 * cites the upstream file it comes from (apache/openwhisk at the build's ref; refs in
 * components/plan/builds.ts), read with `git show <ref>:<path>`.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Flavor } from "../components/config/flavorNames";
import { FLAVORS } from "../components/config/flavorNames";
import { validateStackConfig, parseStackConfig } from "../components/config/validate";
import { BUILDS } from "../components/plan/builds";
import { ContainerSpec, isSecretFile, isSecretRef, redactedEnv } from "../components/plan/containerSpec";
import { configKeyToProperty } from "../components/plan/envTransform";
import { renderStack } from "../components/plan/renderStack";
import { buildReadsProperty, missingStartupSettings, STARTUP_CONTRACT } from "../components/plan/startupContract";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";
import { readStackFile } from "../components/config/stackFile";
import { ROOT } from "./support/mockRun";
import { hostFiles, publishedPorts, userDataText } from "./support/hostSetup";

const render = (raw: RawConfig, stack = "t") => renderStack(parseStackConfig(raw), stack);
const nodesOf = (raw: RawConfig, role: "controller" | "invoker") => render(raw).nodes.filter((n) => n.role === role);
const envMap = (n: ContainerSpec) => new Map(Object.entries(redactedEnv(n.env)));
const issuesOf = (raw: RawConfig) => {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues;
};
const JMX = { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.0.0.0/8"] };

/** Every flavour on both targets with both downing modes. */
const VARIANTS = FLAVORS.flatMap((flavor) =>
  (["docker", "aws"] as const).flatMap((target) => [
    { flavor, target, downing: undefined as Record<string, unknown> | undefined },
    { flavor, target, downing: JMX },
  ]),
);

describe("8. the startup contract: each build's required settings, checked after the images' env transformation", () => {
  test.each(["local", "staging", "prod"])("shipped stack %s: every controller and invoker is given everything its build requires", (stack) => {
    const file = readStackFile(join(ROOT, "stacks", `Pulumi.${stack}.yaml`));
    const rendered = renderStack(parseStackConfig(file.config), stack);
    const flavor = parseStackConfig(file.config).release.flavor;
    for (const n of rendered.nodes) {
      if (n.role !== "controller" && n.role !== "invoker") continue;
      expect({ node: n.name, missing: missingStartupSettings(flavor, n.role, envMap(n), BUILDS[flavor].readsConfigKeys).map((r) => r.setting) }).toEqual({ node: n.name, missing: [] });
    }
  });

  test.each(VARIANTS)("$flavor on $target (downing $downing.mode): nothing required is missing", ({ flavor, target, downing }) => {
    const raw = rawConfig({ flavor, target, ...(downing ? { downing } : {}) });
    for (const role of ["controller", "invoker"] as const) {
      for (const n of nodesOf(raw, role)) expect(missingStartupSettings(flavor, role, envMap(n), BUILDS[flavor].readsConfigKeys)).toEqual([]);
    }
  });

  test.each(FLAVORS)("%s: the check fails when any one required setting is dropped (it can fail)", (flavor) => {
    for (const role of ["controller", "invoker"] as const) {
      const env = envMap(nodesOf(rawConfig({ flavor }), role)[0]);
      for (const r of STARTUP_CONTRACT[flavor][role]) {
        const dropped = new Map([...env].filter(([k]) => k !== r.renderedAs));
        expect({ role, dropped: r.renderedAs, missing: missingStartupSettings(flavor, role, dropped, BUILDS[flavor].readsConfigKeys).map((m) => m.renderedAs) })
          .toEqual({ role, dropped: r.renderedAs, missing: [r.renderedAs] });
      }
    }
  });

  test("every row cites an upstream file at the build's ref", () => {
    for (const flavor of FLAVORS) for (const role of ["controller", "invoker"] as const) {
      for (const r of STARTUP_CONTRACT[flavor][role]) expect(r.evidence).toMatch(/^(febde0042|1\.0\.0|2\.0\.0|master):(core|common)\/.+\.scala \(/);
    }
  });

  test("a property requirement is met by a -D option too, and an empty CONFIG_ value is dropped as the image drops it", () => {
    const env = envMap(nodesOf(rawConfig({ flavor: "pekko" }), "controller")[0]);
    env.delete("CONFIG_whisk_info_date");
    env.set("JAVA_OPTS", `${env.get("JAVA_OPTS")} -Dwhisk.info.date=2026-01-01`);
    expect(missingStartupSettings("pekko", "controller", env, true)).toEqual([]);
    env.set("CONFIG_whisk_info_buildNo", "");
    expect(missingStartupSettings("pekko", "controller", env, true).map((r) => r.setting)).toEqual(["whisk.info.build-no"]);
  });

  test.each(FLAVORS)("%s: every rendered CONFIG_ key maps to a property the build defines or reads (no silent no-op)", (flavor) => {
    for (const downing of [undefined, JMX, { mode: "auto", after: "10s", ...(flavor === "akka-2.6" || flavor === "pekko" ? { strategy: "static-quorum", quorumSize: 2 } : {}) }]) {
      for (const n of render(rawConfig({ flavor, ...(downing ? { downing } : {}) })).nodes.filter((x) => x.role === "controller" || x.role === "invoker")) {
        const foreign = Object.keys(n.env).filter((k) => k.startsWith("CONFIG_") && !buildReadsProperty(flavor, configKeyToProperty(k)!));
        expect({ node: n.name, foreign }).toEqual({ node: n.name, foreign: [] });
      }
    }
  });

  test("1.0.0 has no whisk.cluster.name and no controller/invoker username or password (they came with 2.0.0's scheduler)", () => {
    for (const n of render(rawConfig({ flavor: "akka-2.5" })).nodes) {
      expect(Object.keys(n.env).filter((k) => /^CONFIG_whisk_(cluster_name|controller_(username|password)|invoker_(username|password))$/.test(k))).toEqual([]);
    }
    const c26 = nodesOf(rawConfig({ flavor: "akka-2.6" }), "controller")[0];
    expect(c26.env.CONFIG_whisk_cluster_name).toBe("t");
    expect(isSecretRef(c26.env.CONFIG_whisk_controller_password)).toBe(true);
  });
});

describe("1. whisk.info on every 1.0.0+ controller, deterministic", () => {
  test.each(["akka-2.5", "akka-2.6", "pekko"] as const)("%s: buildNo = the controller image's tag, date = the build's commit date, unless given", (flavor) => {
    // core/controller/.../RestAPIs.scala: loadConfigOrThrow[WhiskInformation]("whisk.info"); no default in any .conf.
    for (const c of nodesOf(rawConfig({ flavor }), "controller")) {
      expect(c.env.CONFIG_whisk_info_buildNo).toBe("test");
      expect(c.env.CONFIG_whisk_info_date).toBe(BUILDS[flavor].releaseDate);
    }
    const given = nodesOf(withKey(rawConfig({ flavor }), "openwhisk:release", { buildNo: "2.0.0-rc1", date: "2024-01-02" }), "controller")[0];
    expect([given.env.CONFIG_whisk_info_buildNo, given.env.CONFIG_whisk_info_date]).toEqual(["2.0.0-rc1", "2024-01-02"]);
    // Invokers do not read whisk.info (upstream's invoker deploy.yml does not set it).
    expect(nodesOf(rawConfig({ flavor }), "invoker")[0].env.CONFIG_whisk_info_buildNo).toBeUndefined();
  });

  test("two renders of the same config are identical (no controller rolls on a re-run)", () => {
    expect(render(rawConfig({ flavor: "pekko" }))).toEqual(render(rawConfig({ flavor: "pekko" })));
  });

  test("an image with a digest or no tag gets a stable build number", () => {
    const at = (image: string) => nodesOf(withKey(rawConfig(), "openwhisk:release", { controllerImage: image }), "controller")[0].env.CONFIG_whisk_info_buildNo;
    expect(at("registry:5000/openwhisk/controller")).toBe("latest");
    expect(at(`openwhisk/controller:2.0.0@sha256:${"ab".repeat(32)}`)).toBe("2.0.0");
  });

  test.each([["buildNo", ""], ["date", "two words"], ["buildNo", "a\nb"]])("release.%s %j is refused naming the key", (key, value) => {
    expect(issuesOf(withKey(rawConfig(), "openwhisk:release", { [key]: value })).map((i) => i.key)).toEqual([`openwhisk:release.${key}`]);
  });
});

describe("2. legacy-2017 is the seed's own build (febde0042)", () => {
  const raw = rawConfig({ flavor: "legacy-2017", controllers: 3, invokers: 2, useRunc: true });
  /** What that build reads: WhiskConfig names (Config.scala: property a.b.c from env A_B_C), ${?VAR} in application.conf, the start scripts' *_OPTS. */
  const CONTROLLER_READS = [
    "JAVA_OPTS", "CONTROLLER_OPTS", "PORT", "CONTROLLER_INSTANCES", "WHISK_VERSION_DATE", "WHISK_VERSION_BUILDNO", "KAFKA_HOST", "KAFKA_HOST_PORT",
    "DB_PROVIDER", "DB_PROTOCOL", "DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD", "DB_WHISK_ACTIONS", "DB_WHISK_AUTHS", "DB_WHISK_ACTIVATIONS",
    "LIMITS_ACTIONS_INVOKES_PERMINUTE", "LIMITS_ACTIONS_INVOKES_CONCURRENT", "LIMITS_ACTIONS_INVOKES_CONCURRENTINSYSTEM", "LIMITS_TRIGGERS_FIRES_PERMINUTE",
    "LIMITS_ACTIONS_SEQUENCE_MAXLENGTH", "CONTROLLER_BLACKBOXFRACTION", "LOADBALANCER_INVOKERBUSYTHRESHOLD", "RUNTIMES_MANIFEST", "CONTROLLER_LOCALBOOKKEEPING",
    "AKKA_ACTOR_PROVIDER", "AKKA_CLUSTER_HOST", "AKKA_CLUSTER_PORT", "AKKA_CLUSTER_BIND_PORT", "AKKA_CLUSTER_SEED_NODES", "AUTO_DOWN_UNREACHABLE_AFTER",
  ];
  const INVOKER_READS = [
    "JAVA_OPTS", "INVOKER_OPTS", "PORT", "KAFKA_HOST", "KAFKA_HOST_PORT", "DB_PROVIDER", "DB_PROTOCOL", "DB_HOST", "DB_PORT", "DB_USERNAME", "DB_PASSWORD",
    "DB_WHISK_ACTIONS", "DB_WHISK_ACTIVATIONS", "WHISK_API_HOST_PROTO", "WHISK_API_HOST_PORT", "WHISK_API_HOST_NAME", "RUNTIMES_MANIFEST", "DOCKER_REGISTRY",
    "DOCKER_IMAGE_PREFIX", "DOCKER_IMAGE_TAG", "INVOKER_CONTAINER_NETWORK", "INVOKER_CONTAINER_POLICY", "INVOKER_CONTAINER_DNS", "INVOKER_NUMCORE",
    "INVOKER_CORESHARE", "INVOKER_USE_RUNC",
  ];

  test("controllers: exactly names the build reads, no CONFIG_ key (no transformEnvironment.sh in that tree)", () => {
    for (const c of nodesOf(raw, "controller")) {
      expect(Object.keys(c.env).sort()).toEqual([...CONTROLLER_READS].sort());
      // ansible's default there is localBookkeeping=true, which never joins the cluster (LoadBalancerService.scala).
      expect(c.env.CONTROLLER_LOCALBOOKKEEPING).toBe("false");
      expect(c.env.AKKA_CLUSTER_SEED_NODES).toBe("controller0:2551 controller1:2551 controller2:2551");
      expect([c.env.KAFKA_HOST, c.env.KAFKA_HOST_PORT]).toEqual(["kafka", "9092"]);
      expect(c.env.WHISK_VERSION_DATE).toBe("2017-10-17T08:43:09Z");
    }
  });

  test("invokers: the names the build reads, INVOKER_USE_RUNC, the host's /run/runc, DOCKER_REGISTRY kept though empty", () => {
    for (const inv of nodesOf(raw, "invoker")) {
      // Besides what the build reads: the runc guard's own two settings (runcGuard.ts), read by its script.
      expect(Object.keys(inv.env).filter((k) => !k.startsWith("OPENWHISK_RUNC_")).sort()).toEqual([...INVOKER_READS].sort());
      expect([inv.env.OPENWHISK_RUNC_GUARD, inv.env.OPENWHISK_RUNC_BINARY]).toEqual(["fallback", "/usr/bin/docker-runc"]);
      expect(inv.env.DOCKER_REGISTRY).toBe("");
      expect(inv.env.INVOKER_USE_RUNC).toBe("true");
      expect(inv.volumes).toContainEqual({ hostPath: "/run/runc", containerPath: "/run/runc" });
    }
  });

  test("commands: controller/bin/controller <index> with CONTAINER_IP exported; invoker/bin/invoker <index> and nothing else", () => {
    const [c] = nodesOf(raw, "controller").slice(1);
    expect(c.command).toEqual(["/bin/sh", "-c", 'set -- $(hostname -I) && export CONTAINER_IP="$1" && exec /controller/bin/controller 1']);
    // Invoker.scala at febde0042: require(args.length == 1); --uniqueName does not exist there.
    // runc on: the runc guard first, which then execs the same start.
    expect(nodesOf(raw, "invoker")[1].command).toEqual(["/bin/sh", "/openwhisk/runc-guard.sh", "/invoker/bin/invoker", "1"]);
    expect(nodesOf(rawConfig({ flavor: "legacy-2017", invokers: 2, useRunc: false }), "invoker")[1].command).toEqual(["/bin/sh", "-c", "exec /invoker/bin/invoker 1"]);
  });

  test("the controller command, run by sh, binds the container's first address (hostname -I prints a trailing space)", () => {
    const dir = mkdtempSync(join(tmpdir(), "legacy-cmd-"));
    try {
      writeFileSync(join(dir, "hostname"), "#!/bin/sh\nprintf '172.30.0.11 10.0.0.5 \\n'\n");
      writeFileSync(join(dir, "controller"), '#!/bin/sh\nprintf "%s|%s" "$CONTAINER_IP" "$*"\n');
      for (const f of ["hostname", "controller"]) chmodSync(join(dir, f), 0o755);
      const [, , script] = nodesOf(raw, "controller")[1].command;
      const out = execFileSync("sh", ["-c", script.replace("/controller/bin/controller", join(dir, "controller"))], { env: { PATH: `${dir}:/usr/bin:/bin` } }).toString();
      expect(out).toBe("172.30.0.11|1");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("1.0.0+ builds start through init.sh (transformEnvironment.sh, copyJMXFiles.sh)", () => {
    for (const flavor of ["akka-2.5", "akka-2.6", "pekko"] as const) {
      expect(nodesOf(rawConfig({ flavor }), "controller")[1].command).toEqual(["/bin/sh", "-c", "exec /init.sh 1"]);
      expect(nodesOf(rawConfig({ flavor }), "invoker")[1].command).toEqual(["/bin/sh", "-c", "exec /init.sh --id 1 --uniqueName 1"]);
    }
  });
});

describe("4. manual downing goes through JMX", () => {
  test("via: http is refused naming openwhisk:controllers.downing.via, saying why and what instead", () => {
    const issues = issuesOf(rawConfig({ downing: { mode: "manual", via: "http", port: 19999, allowedCidrs: ["10.0.0.0/8"] } }));
    expect(issues.map((i) => i.key)).toEqual(["openwhisk:controllers.downing.via"]);
    expect(issues[0].expected).toMatch(/never serve cluster HTTP management with static seeds.*use via: jmx/);
  });

  test.each(FLAVORS)("%s: authenticated JMX on fixed ports, files from the secret, the static address as RMI host", (flavor) => {
    const c = nodesOf(rawConfig({ flavor, downing: JMX, addressing: "ip" }), "controller")[2];
    const opts = String(c.env.CONTROLLER_OPTS);
    // ansible/group_vars/all jmx.jvmCommonArgs: authenticate=true, password/access files in /home/owuser.
    for (const flag of ["jmxremote.port=15000", "jmxremote.rmi.port=15001", "jmxremote.authenticate=true", "jmxremote.ssl=false", "jmxremote.local.only=false",
      "jmxremote.password.file=/home/owuser/jmxremote.password", "jmxremote.access.file=/home/owuser/jmxremote.access"]) {
      expect(opts).toContain(`-Dcom.sun.management.${flag}`);
    }
    expect(opts).toContain("-Djava.rmi.server.hostname=172.30.0.12");
    expect(c.env.JMX_REMOTE).toBeUndefined();
    const password = c.files.find((f) => f.containerPath.endsWith("jmxremote.password"))!;
    expect(isSecretFile(password.content) && password.content.secret).toBe("jmxPassword");
    expect(c.files.find((f) => f.containerPath.endsWith("jmxremote.access"))!.content).toBe("jmxuser readwrite\n");
    expect(JSON.stringify(c.env)).not.toMatch(/jmxPassword|readwrite/);
  });

  test("the command puts the files where each build reads them, on every start", () => {
    const dir = mkdtempSync(join(tmpdir(), "jmx-"));
    try {
      for (const flavor of ["legacy-2017", "pekko"] as const) {
        const staging = join(dir, flavor, "staging");
        const conf = join(dir, flavor, "conf");
        const home = join(dir, flavor, "home");
        mkdirSync(staging, { recursive: true });
        writeFileSync(join(staging, "jmxremote.password"), "jmxuser secret\n");
        writeFileSync(join(staging, "jmxremote.access"), "jmxuser readwrite\n");
        const [, , script] = nodesOf(rawConfig({ flavor, downing: JMX }), "controller")[0].command;
        const local = script.replace(/\/run\/openwhisk-jmx/g, staging).replace(/\/conf/g, conf).replace(/\/home\/owuser/g, home)
          .replace(/exec .*$/, "echo started");
        expect(execFileSync("sh", ["-c", local], { env: { PATH: "/usr/bin:/bin" } }).toString()).toContain("started");
        // 1.0.0+: copyJMXFiles.sh (init.sh) takes /conf/jmxremote.* to /home/owuser with mode 600; legacy: the command does.
        const target = flavor === "legacy-2017" ? home : conf;
        expect(readFileSync(join(target, "jmxremote.password"), "utf8")).toBe("jmxuser secret\n");
        if (flavor === "legacy-2017") expect(execFileSync("stat", ["-c", "%a", join(home, "jmxremote.password")]).toString().trim()).toBe("600");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("docker: the password file is a secret upload with mode 0600, made from openwhisk:jmxPassword", async () => {
    const raw = { ...rawConfig({ downing: JMX, controllers: 1 }), "openwhisk:jmxPassword": "jmx-Secret-123-456789" };
    const run = await runUnderMocks(raw, { stack: "jmx" });
    const controller = ofType(run, "docker:index/container:Container").find((c) => c.name.endsWith("controller0"))!;
    const uploads = controller.inputs.uploads as { file: string; content: string; permissions?: string }[];
    expect(uploads).toEqual(expect.arrayContaining([
      { file: "/run/openwhisk-jmx/jmxremote.password", content: "jmxuser jmx-Secret-123-456789\n", permissions: "0600" },
      { file: "/run/openwhisk-jmx/jmxremote.access", content: "jmxuser readwrite\n", permissions: "0600" },
    ]));
    expect(JSON.stringify(controller.inputs.envs)).not.toContain("jmx-Secret-123-456789");
  });

  test("JMX and RMI ports may not collide with remoting or the API port", () => {
    expect(issuesOf(rawConfig({ downing: { ...JMX, port: 2550 } })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.port"]);
    expect(issuesOf(rawConfig({ downing: { ...JMX, port: 8079 } })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.port"]);
    expect(issuesOf(rawConfig({ downing: { ...JMX, port: 65535 } })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.port"]);
  });
});

describe("5. split-brain resolver settings that start (SplitBrainResolverSettings.scala, docs/builds.md#split-brain-resolver-akka-26-pekko)", () => {
  const auto = (extra: Record<string, unknown>, controllers = 3) => rawConfig({ flavor: "pekko", controllers, downing: { mode: "auto", after: "10s", ...extra } });

  test("keep-referee is refused naming the key (it was only in the old commercial resolver)", () => {
    const issues = issuesOf(auto({ strategy: "keep-referee" }));
    expect(issues.map((i) => i.key)).toEqual(["openwhisk:controllers.downing.strategy"]);
    expect(issues[0].expected).toContain("keep-majority, lease-majority, static-quorum, keep-oldest, down-all");
  });

  test("static-quorum needs a quorum size of more than half the controllers, at most all; it is rendered", () => {
    expect(issuesOf(auto({ strategy: "static-quorum" })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.quorumSize"]);
    expect(issuesOf(auto({ strategy: "static-quorum", quorumSize: 1 })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.quorumSize"]);
    expect(issuesOf(auto({ strategy: "static-quorum", quorumSize: 4 })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.quorumSize"]);
    const c = nodesOf(auto({ strategy: "static-quorum", quorumSize: 2 }), "controller")[0];
    expect(c.env.CONFIG_pekko_cluster_splitBrainResolver_staticQuorum_quorumSize).toBe("2");
    expect(configKeyToProperty("CONFIG_pekko_cluster_splitBrainResolver_staticQuorum_quorumSize")).toBe("pekko.cluster.split-brain-resolver.static-quorum.quorum-size");
  });

  test("lease-majority needs a lease implementation from config (none ships with OpenWhisk); it is rendered", () => {
    const issues = issuesOf(auto({ strategy: "lease-majority" }));
    expect(issues.map((i) => i.key)).toEqual(["openwhisk:controllers.downing.leaseImplementation"]);
    expect(issues[0].expected).toMatch(/none ships with OpenWhisk images/);
    const c = nodesOf(auto({ strategy: "lease-majority", leaseImplementation: "akka.coordination.lease.kubernetes" }), "controller")[0];
    expect(configKeyToProperty(Object.keys(c.env).find((k) => k.includes("leaseMajority"))!)).toBe("pekko.cluster.split-brain-resolver.lease-majority.lease-implementation");
  });

  test("strategy-specific settings are refused where they would not be read", () => {
    expect(issuesOf(auto({ strategy: "keep-majority", quorumSize: 2 })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.quorumSize"]);
    expect(issuesOf(rawConfig({ flavor: "akka-2.5", downing: { mode: "auto", after: "10s", quorumSize: 2 } })).map((i) => i.key)).toEqual(["openwhisk:controllers.downing.quorumSize"]);
  });
});

describe("6. the edge reaches the controllers on aws (rendered host setup, under mocks)", () => {
  test("nginx upstream ports = the ports each controller host publishes = the security group's API rule", async () => {
    const run = await runUnderMocks(stackConfig("prod"), { stack: "prod" });
    const instances = ofType(run, "aws:ec2/instance:Instance");
    const core = instances.find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "core")!;
    const nginx = hostFiles(core).find((f) => f.path.endsWith("/etc/nginx/nginx.conf"))!.content;
    const upstreams = [...nginx.matchAll(/server (\d+\.\d+\.\d+\.\d+):(\d+)/g)].map((m) => `${m[1]}:${m[2]}`);
    const published = instances
      .filter((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "controller")
      .map((i) => {
        const tags = i.inputs.tags as Record<string, string>;
        const api = publishedPorts(i, tags.Name).find((p) => p.endsWith(":8080"))!;
        return `${tags["openwhisk:static-address"]}:${api.split(":")[0]}`;
      });
    expect(upstreams).toEqual(["10.50.1.10:10001", "10.50.2.10:10002", "10.50.3.10:10003"]);
    expect(published).toEqual(upstreams);
    const rule = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find((r) => /controller-api-from-edge$/.test(r.name))!;
    expect([rule.inputs.fromPort, rule.inputs.toPort]).toEqual([10001, 10003]);
  });

  test("docker: the edge reaches each controller on its own address, API port 8080", () => {
    const core = render(rawConfig()).nodes.find((n) => n.role === "edge")!;
    expect(String(core.files[0].content)).toMatch(/server 172\.30\.0\.10:8080 [\s\S]*server 172\.30\.0\.12:8080 /);
  });
});

describe("3. the database init runs before the controllers of its release", () => {
  test("aws: on every controller host, started by the controller's unit before it runs", async () => {
    const run = await runUnderMocks(stackConfig("prod"), { stack: "prod" });
    for (const i of ofType(run, "aws:ec2/instance:Instance").filter((x) => (x.inputs.tags as Record<string, string>)["openwhisk:role"] === "controller")) {
      const files = hostFiles(i);
      const unit = files.find((f) => /openwhisk-controller\d\.service$/.test(f.path))!.content;
      const pre = unit.split("\n").filter((l) => l.startsWith("ExecStartPre="));
      expect(pre[0]).toBe("ExecStartPre=/usr/bin/systemctl start openwhisk-initdb.service");
      expect(files.find((f) => f.path === "/etc/openwhisk/initdb.env")!.content).toContain(`SOURCE_URL=https://raw.githubusercontent.com/apache/openwhisk/${BUILDS.pekko.sourceRef}`);
    }
    const core = ofType(run, "aws:ec2/instance:Instance").find((x) => (x.inputs.tags as Record<string, string>)["openwhisk:role"] === "core")!;
    // The core host (CouchDB's data) never changes with the release.
    expect(userDataText(core)).not.toContain("initdb");
  });

  test("docker: controllers and invokers depend on the init container, which is replaced when the release changes", async () => {
    const run = await runUnderMocks(stackConfig("local"), { stack: "local" });
    const initdb = run.resources.find((r) => r.name === "openwhisk-core-initdb")!;
    for (const c of ofType(run, "docker:index/container:Container").filter((r) => /controller\d|invoker\d/.test(r.name))) expect(c.dependencies).toContain(initdb.urn);
    expect(initdb.deleteBeforeReplace).toBe(true);
  });
});

describe("every flavour renders for both targets and validates", () => {
  test.each(FLAVORS as readonly Flavor[])("%s", (flavor) => {
    for (const target of ["docker", "aws"] as const) expect(issuesOf(rawConfig({ flavor, target }))).toEqual([]);
  });
});
