import { parseStackConfig } from "../components/config/validate";
import type { Flavor } from "../components/config/schema";
import { ContainerSpec, isSecretRef, redactedEnv } from "../components/plan/containerSpec";
import { renderStack } from "../components/plan/renderStack";
import { rawConfig, ConfigShape } from "./support/configs";
import { configKeyToProperty, jvmProperties } from "./support/transformEnvironment";

function render(shape: ConfigShape) {
  return renderStack(parseStackConfig(rawConfig(shape)), "test");
}
const controllers = (nodes: ContainerSpec[]) => nodes.filter((n) => n.role === "controller");
const invokers = (nodes: ContainerSpec[]) => nodes.filter((n) => n.role === "invoker");
const plainEnv = (n: ContainerSpec) => redactedEnv(n.env);

describe("the transformation the images apply (docs/builds.md#how-a-build-turns-env-variables-into-settings)", () => {
  test("matches the documented examples", () => {
    expect(configKeyToProperty("CONFIG_pekko_cluster_seedNodes_0")).toBe("pekko.cluster.seed-nodes.0");
    expect(configKeyToProperty("CONFIG_pekko_remote_artery_canonical_hostname")).toBe("pekko.remote.artery.canonical.hostname");
    expect(configKeyToProperty("CONFIG_whisk_spi_LogStoreProvider")).toBe("whisk.spi.LogStoreProvider");
  });
});

/** Expected cluster properties per flavour for a 3-controller docker config, controller 1 (dns addressing). */
const EXPECTED: Record<Exclude<Flavor, "legacy-2017">, Record<string, string>> = {
  "akka-2.5": {
    "akka.actor.provider": "cluster",
    "akka.cluster.seed-nodes.0": "akka.tcp://controller-actor-system@controller0:2551",
    "akka.cluster.seed-nodes.1": "akka.tcp://controller-actor-system@controller1:2551",
    "akka.cluster.seed-nodes.2": "akka.tcp://controller-actor-system@controller2:2551",
    "akka.remote.netty.tcp.hostname": "controller1",
    "akka.remote.netty.tcp.port": "2551",
    "akka.remote.netty.tcp.bind-port": "2551",
    "akka.cluster.auto-down-unreachable-after": "10s",
  },
  "akka-2.6": {
    "akka.actor.provider": "cluster",
    "akka.cluster.seed-nodes.0": "akka://controller-actor-system@controller0:2551",
    "akka.cluster.seed-nodes.1": "akka://controller-actor-system@controller1:2551",
    "akka.cluster.seed-nodes.2": "akka://controller-actor-system@controller2:2551",
    "akka.remote.artery.canonical.hostname": "controller1",
    "akka.remote.artery.canonical.port": "2551",
    "akka.remote.artery.bind.hostname": "0.0.0.0",
    "akka.remote.artery.bind.port": "2551",
    "akka.cluster.downing-provider-class": "akka.cluster.sbr.SplitBrainResolverProvider",
    "akka.cluster.split-brain-resolver.active-strategy": "keep-majority",
    "akka.cluster.split-brain-resolver.stable-after": "10s",
  },
  pekko: {
    "pekko.actor.provider": "cluster",
    "pekko.cluster.seed-nodes.0": "pekko://controller-actor-system@controller0:2551",
    "pekko.cluster.seed-nodes.1": "pekko://controller-actor-system@controller1:2551",
    "pekko.cluster.seed-nodes.2": "pekko://controller-actor-system@controller2:2551",
    "pekko.remote.artery.canonical.hostname": "controller1",
    "pekko.remote.artery.canonical.port": "2551",
    "pekko.remote.artery.bind.hostname": "0.0.0.0",
    "pekko.remote.artery.bind.port": "2551",
    "pekko.cluster.downing-provider-class": "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider",
    "pekko.cluster.split-brain-resolver.active-strategy": "keep-majority",
    "pekko.cluster.split-brain-resolver.stable-after": "10s",
  },
};

describe("controllers: the flavour's cluster keys, exactly", () => {
  test.each(Object.keys(EXPECTED) as Array<keyof typeof EXPECTED>)("%s: 3 controllers / 2 invokers", (flavor) => {
    const { nodes } = render({ flavor, controllers: 3, invokers: 2 });
    expect(controllers(nodes)).toHaveLength(3);
    expect(invokers(nodes)).toHaveLength(2);
    const props = jvmProperties(plainEnv(controllers(nodes)[1]));
    const clusterProps = Object.fromEntries(Object.entries(props).filter(([k]) => /^(akka|pekko)\./.test(k)));
    expect(clusterProps).toEqual(EXPECTED[flavor]);
    // Every controller has the same seed list and advertises itself.
    for (const [i, c] of controllers(nodes).entries()) {
      const p = jvmProperties(plainEnv(c));
      const root = flavor === "pekko" ? "pekko" : "akka";
      expect([0, 1, 2].map((s) => p[`${root}.cluster.seed-nodes.${s}`])).toEqual([0, 1, 2].map((s) => EXPECTED[flavor][`${root}.cluster.seed-nodes.${s}`]));
      const hostKey = flavor === "akka-2.5" ? "akka.remote.netty.tcp.hostname" : `${root}.remote.artery.canonical.hostname`;
      expect(p[hostKey]).toBe(`controller${i}`);
    }
  });

  test("legacy-2017: the AKKA_* env names, a space-separated host:port seed list, CONTROLLER_INSTANCES", () => {
    const { nodes } = render({ flavor: "legacy-2017", controllers: 3, invokers: 2 });
    const env = plainEnv(controllers(nodes)[2]);
    expect(env.AKKA_ACTOR_PROVIDER).toBe("cluster");
    expect(env.AKKA_CLUSTER_SEED_NODES).toBe("controller0:2551 controller1:2551 controller2:2551");
    expect(env.AKKA_CLUSTER_HOST).toBe("controller2");
    expect(env.AKKA_CLUSTER_PORT).toBe("2551");
    expect(env.AKKA_CLUSTER_BIND_PORT).toBe("2551");
    expect(env.AUTO_DOWN_UNREACHABLE_AFTER).toBe("10s");
    expect(env.CONTROLLER_INSTANCES).toBe("3");
    expect(Object.keys(env).filter((k) => /^CONFIG_(akka|pekko)_/.test(k))).toEqual([]);
  });

  test.each(["legacy-2017", "akka-2.5", "akka-2.6", "pekko"] as const)("%s: no CONFIG_ key of another build", (flavor) => {
    const { nodes } = render({ flavor });
    const foreign: Record<Flavor, RegExp> = {
      "legacy-2017": /^CONFIG_(akka|pekko)_/,
      "akka-2.5": /^CONFIG_(pekko_|akka_remote_artery_|akka_cluster_splitBrainResolver|akka_cluster_downingProviderClass)/,
      "akka-2.6": /^CONFIG_(pekko_|akka_remote_netty_|akka_cluster_autoDownUnreachableAfter)/,
      pekko: /^CONFIG_akka_/,
    };
    for (const n of nodes) expect(Object.keys(n.env).filter((k) => foreign[flavor].test(k))).toEqual([]);
    if (flavor !== "legacy-2017") for (const c of controllers(nodes)) expect(c.env.CONTROLLER_INSTANCES).toBeUndefined();
  });

  test.each(["akka-2.6", "pekko"] as const)("%s renders the sharding balancer explicitly (docs/builds.md#which-load-balancer-uses-the-cluster)", (flavor) => {
    const { nodes } = render({ flavor });
    for (const c of controllers(nodes)) {
      const p = jvmProperties(plainEnv(c));
      expect(p["whisk.spi.LoadBalancerProvider"]).toBe("org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer");
      expect(p["whisk.spi.EntitlementSpiProvider"]).toBe("org.apache.openwhisk.core.entitlement.LocalEntitlementProvider");
    }
    for (const i of invokers(nodes)) {
      const p = jvmProperties(plainEnv(i));
      expect(p["whisk.spi.InvokerProvider"]).toBe("org.apache.openwhisk.core.invoker.InvokerReactive");
      expect(p["whisk.spi.InvokerServerProvider"]).toBe("org.apache.openwhisk.core.invoker.DefaultInvokerServer");
    }
  });

  test("only the first `seeds` controllers are seed nodes; ip addressing uses the fixed IPs", () => {
    const { nodes } = render({ flavor: "pekko", controllers: 3, seeds: 2, addressing: "ip" });
    const p = jvmProperties(plainEnv(controllers(nodes)[2]));
    expect(Object.keys(p).filter((k) => k.startsWith("pekko.cluster.seed-nodes."))).toHaveLength(2);
    expect(p["pekko.cluster.seed-nodes.0"]).toBe("pekko://controller-actor-system@172.30.0.10:2551");
    expect(p["pekko.cluster.seed-nodes.1"]).toBe("pekko://controller-actor-system@172.30.0.11:2551");
    expect(p["pekko.remote.artery.canonical.hostname"]).toBe("172.30.0.12");
    expect(controllers(nodes).map((c) => c.staticAddress?.ip)).toEqual(["172.30.0.10", "172.30.0.11", "172.30.0.12"]);
  });

  test("aws: names in the private zone; remoting published on the host", () => {
    const { nodes } = render({ flavor: "akka-2.6", target: "aws" });
    const c = controllers(nodes)[0];
    expect(c.env.CONFIG_akka_cluster_seedNodes_1).toBe("akka://controller-actor-system@controller1.test.openwhisk.internal:2551");
    expect(c.ports).toEqual(expect.arrayContaining([{ internal: 2551, external: 2551, purpose: "remoting" }]));
  });

  test("manual downing renders authenticated JMX (upstream's jmx.jvmCommonArgs), no management keys, no JMX_REMOTE", () => {
    const jmx = render({ flavor: "akka-2.5", downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.0.0.0/8"] } });
    const c = controllers(jmx.nodes)[1];
    const env = plainEnv(c);
    // JMX_REMOTE is read by no image file at any tag (docs/builds.md#controller-cluster-keys-per-build): nothing may depend on it.
    expect(env.JMX_REMOTE).toBeUndefined();
    expect(env.CONTROLLER_OPTS).toContain("-Dcom.sun.management.jmxremote.port=15000");
    expect(env.CONTROLLER_OPTS).toContain("-Dcom.sun.management.jmxremote.rmi.port=15001");
    expect(env.CONTROLLER_OPTS).toContain("-Dcom.sun.management.jmxremote.authenticate=true");
    expect(env.CONTROLLER_OPTS).toContain("-Djava.rmi.server.hostname=controller1");
    expect(env.CONFIG_akka_cluster_autoDownUnreachableAfter).toBeUndefined();
    expect(Object.keys(env).filter((k) => /management/.test(k))).toEqual([]);
    expect(c.ports.filter((p) => p.purpose === "jmx" || p.purpose === "rmi").map((p) => p.internal)).toEqual([15000, 15001]);
  });

  test("controller container: command, health check, ports, volumes, restart", () => {
    const c = controllers(render({}).nodes)[1];
    expect(c.command.join(" ")).toContain("/init.sh 1");
    expect(c.healthCheck!.test.join(" ")).toContain("/ping");
    // docker: published on 127.0.0.1 only; the edge is the way in.
    expect(c.ports[0]).toEqual({ internal: 8080, external: 10002, purpose: "api", hostIp: "127.0.0.1" });
    expect(c.volumes.map((v) => v.containerPath)).toEqual(["/logs", "/conf"]);
    expect(c.restart).toBe("always");
  });
});

describe("invokers: the runc switch in the key the build reads", () => {
  test.each(["akka-2.5", "akka-2.6", "pekko"] as const)("%s reads CONFIG_whisk_docker_containerFactory_useRunc", (flavor) => {
    for (const useRunc of [true, false]) {
      const inv = invokers(render({ flavor, useRunc }).nodes)[0];
      expect(jvmProperties(plainEnv(inv))["whisk.docker.container-factory.use-runc"]).toBe(String(useRunc));
    }
  });

  test("legacy-2017 reads INVOKER_USE_RUNC only", () => {
    const inv = invokers(render({ flavor: "legacy-2017", useRunc: false }).nodes)[0];
    expect(inv.env.INVOKER_USE_RUNC).toBe("false");
    expect(inv.env.CONFIG_whisk_docker_containerFactory_useRunc).toBeUndefined();
  });

  test("the runc root is mounted at /run/runc only when runc is on", () => {
    const on = invokers(render({ useRunc: true }).nodes)[0];
    const off = invokers(render({ useRunc: false }).nodes)[0];
    expect(on.volumes).toContainEqual({ hostPath: "/run/docker/runtime-runc/moby", containerPath: "/run/runc" });
    expect(off.volumes.map((v) => v.containerPath)).not.toContain("/run/runc");
  });

  test("mounts, privileges, identity, memory", () => {
    const inv = invokers(render({ invokers: 2 }).nodes)[1];
    expect(inv.volumes.map((v) => `${v.hostPath}:${v.containerPath}`)).toEqual(
      expect.arrayContaining(["/sys/fs/cgroup:/sys/fs/cgroup", "/var/run/docker.sock:/var/run/docker.sock", "/var/lib/docker/containers:/containers"]),
    );
    expect(inv.privileged).toBe(true);
    expect(inv.pidMode).toBe("host");
    expect(inv.command.join(" ")).toContain("--id 1 --uniqueName 1");
    expect(jvmProperties(plainEnv(inv))["whisk.container-pool.user-memory"]).toBe("2048m");
    expect(inv.env.ZOOKEEPER_HOSTS).toBe("zookeeper:2181");
  });

  test("declared runc versions become labels", () => {
    const config = parseStackConfig({
      ...rawConfig(),
      "openwhisk:invokers": { count: 1, useRunc: true, runc: { hostVersion: "1.1.12", imageVersion: "1.1.9" } },
    });
    const inv = invokers(renderStack(config, "t").nodes)[0];
    expect(inv.labels["openwhisk.runc.host-version"]).toBe("1.1.12");
    expect(inv.labels["openwhisk.runc.image-version"]).toBe("1.1.9");
    expect(inv.labels["openwhisk.runc.enabled"]).toBe("true");
  });
});

describe("secrets", () => {
  test("passwords and auth keys are references, never plain values", () => {
    const config = parseStackConfig({ ...rawConfig(), "openwhisk:couchdbPassword": "s3cr3t-couch-0123456", "openwhisk:guestAuthKey": "0c8e6e0a-2b1e-4f57-9a0b-2f3c8b6f1d11:guestkeyplain0123456789" + "x".repeat(41) });
    const rendered = renderStack(config, "t");
    const text = JSON.stringify(rendered);
    expect(text).not.toContain("s3cr3t-couch-0123456");
    expect(text).not.toContain("guestkeyplain0123456789");
    const c = controllers(rendered.nodes)[0];
    expect(isSecretRef(c.env.CONFIG_whisk_couchdb_password)).toBe(true);
    expect(isSecretRef(c.env.CONFIG_whisk_controller_password)).toBe(true);
    expect(isSecretRef(invokers(rendered.nodes)[0].env.CONFIG_whisk_invoker_password)).toBe(true);
  });
});
