/**
 * Each mandatory policy against hand-written stacks of raw docker/aws resources: a stack that breaks
 * the constraint is rejected by that policy's name, the conforming one passes, in the preview of a
 * new stack (unknown EIPs, interface ids, record targets) and after an update.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { stringify as stringifyYaml } from "yaml";
import { POLICIES } from "../policies/pack";
import {
  LEGACY_CONTROLLER_STARTUP, LEGACY_INVOKER_STARTUP, PEKKO_CONTROLLER_STARTUP,
  advisory, awsCluster, awsName, checkRaw, dockerCluster, dockerIp, envFile, INVOKER_SPI, invokerEnv, mandatory, pekkoControllerEnv, SHARDING, type Env,
} from "./support/rawStacks";

const without = (env: Env, ...keys: string[]) => Object.fromEntries(Object.entries(env).filter(([k]) => !keys.includes(k)));
const withoutSbr = (env: Env) => without(env, "CONFIG_pekko_cluster_downingProviderClass", "CONFIG_pekko_cluster_splitBrainResolver_activeStrategy", "CONFIG_pekko_cluster_splitBrainResolver_stableAfter");

/** Both phases reject with exactly these mandatory policies. */
async function expectRejected(program: () => void, policies: string[], phases: ("preview" | "update")[] = ["preview", "update"]) {
  const result = await checkRaw(program);
  for (const phase of phases) expect({ phase, mandatory: mandatory(result[phase]) }).toEqual({ phase, mandatory: policies.sort() });
  return result;
}

describe("the pack", () => {
  test("every policy has a stable unique name, a description and a level", () => {
    const names = POLICIES.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    for (const p of POLICIES) {
      expect(p.name).toMatch(/^[a-z0-9-]+$/);
      expect(p.description.length).toBeGreaterThan(40);
      expect(["mandatory", "advisory"]).toContain(p.enforcementLevel);
      expect(Object.keys(p.configSchema?.properties ?? {})).not.toContain("enforcementLevel");
    }
  });

  test("conforming hand-written docker and aws stacks pass in preview and after update", async () => {
    for (const program of [dockerCluster(), awsCluster()]) {
      const result = await checkRaw(program);
      expect(result.preview).toEqual([]);
      expect(result.update).toEqual([]);
    }
  });
});

describe("controller-static-address", () => {
  test("docker: a controller without a fixed ipv4Address is rejected", async () => {
    const r = await expectRejected(dockerCluster({ controllerArgs: (i, a) => (i === 1 ? { ...a, networksAdvanced: [{ name: "ow", aliases: ["controller1"] }] } : a) }), ["controller-static-address", "seed-nodes-static"]);
    expect(r.update.find((v) => v.policy === "controller-static-address")?.resource).toMatch(/::controller1$/);
    expect(r.update.find((v) => v.policy === "controller-static-address")?.message).toMatch(/not static.*ipv4Address/);
  });

  test("docker: a fixed IP on the default bridge network is not static", async () => {
    await expectRejected(dockerCluster({ controllerArgs: (i, a) => (i === 0 ? { ...a, networksAdvanced: [{ name: "bridge", ipv4Address: dockerIp(0) }] } : a) }), ["controller-static-address", "seed-nodes-static"]);
  });

  test("aws: an instance with only a subnet (no fixed-IP interface) is rejected, even with privateIp set", async () => {
    const r = await expectRejected(
      awsCluster({ controllerArgs: (i, a, ctx) => (i === 2 ? { ...a, primaryNetworkInterface: undefined, subnetId: ctx.subnet.id, privateIp: "10.60.1.99" } : a) }),
      // Its DNS record now points at an interface no controller uses, so the seeds naming it are wrong too.
      ["controller-static-address", "seed-nodes-static"],
    );
    expect(r.preview.find((v) => v.policy === "controller-static-address")?.message).toMatch(/fixed-IP network interface/);
    expect(r.update.find((v) => v.policy === "seed-nodes-static")?.message).toMatch(/controller2.ow.internal.*belongs to no controller/);
  });

  test("aws: a controller that advertises an address that is not its own is rejected", async () => {
    // The seeds name controller0 by its record, which it no longer advertises: the join never matches either.
    await expectRejected(awsCluster({ controllerEnv: (i, env) => (i === 0 ? { ...env, CONFIG_pekko_remote_artery_canonical_hostname: "ip-10-60-1-77.ec2.internal" } : env) }), ["controller-static-address", "seed-nodes-static"]);
  });

  test("a controller running the local actor provider is not clustered and not judged", async () => {
    const r = await checkRaw(dockerCluster({ controllers: 1, controllerEnv: () => ({ CONFIG_pekko_actor_provider: "local", ...SHARDING, ...PEKKO_CONTROLLER_STARTUP, KAFKA_HOSTS: "kafka:9092" }), controllerArgs: (_i, a) => ({ ...a, networksAdvanced: [{ name: "ow" }] }) }));
    expect(mandatory(r.update)).toEqual([]);
  });
});

describe("seed-nodes-static", () => {
  test("an empty seed list is rejected", async () => {
    const r = await expectRejected(dockerCluster({ controllerEnv: (_i, env) => without(env, "CONFIG_pekko_cluster_seedNodes_0", "CONFIG_pekko_cluster_seedNodes_1", "CONFIG_pekko_cluster_seedNodes_2") }), ["automatic-downing-static-seeds", "seed-nodes-static"]);
    expect(r.update.find((v) => v.policy === "seed-nodes-static")?.message).toMatch(/empty seed list \(CONFIG_pekko_cluster_seedNodes_<i>/);
  });

  test("a seed that is no static address of the stack is rejected", async () => {
    const r = await expectRejected(awsCluster({ controllerEnv: (_i, env) => ({ ...env, CONFIG_pekko_cluster_seedNodes_2: "pekko://controller-actor-system@10.60.1.200:2551" }) }), ["seed-nodes-static"]);
    expect(r.update[0].message).toContain("10.60.1.200");
  });

  test("seed names only another build reads do not count: the build sees an empty list", async () => {
    const akkaSeeds = (env: Env) => {
      const out = without(env, "CONFIG_pekko_cluster_seedNodes_0", "CONFIG_pekko_cluster_seedNodes_1", "CONFIG_pekko_cluster_seedNodes_2");
      out.CONFIG_akka_cluster_seedNodes_0 = `akka://controller-actor-system@${awsName(0)}:2551`;
      return out;
    };
    await expectRejected(awsCluster({ controllerEnv: (_i, env) => akkaSeeds(env) }), ["automatic-downing-static-seeds", "seed-nodes-static"]);
  });

  test("aws: seeds built from the EIPs' public IPs pass in preview (unknown, but computed from EIPs) and after update", async () => {
    const r = await checkRaw(awsCluster({ controllerEnv: (i, env, ctx) => ({ ...pekkoControllerEnv(ctx.eips[i].publicIp, ctx.eips.map((e) => e.publicIp)), ...SHARDING }) }));
    expect(r.preview).toEqual([]);
    expect(r.update).toEqual([]);
  });

  test("aws: seeds built from an instance's own private IP (not a fixed interface) are rejected after update", async () => {
    const program = awsCluster({
      extra: (ctx) => {
        const floating = new aws.ec2.Instance("floating", { ami: "ami-0123456789abcdef0", instanceType: "t3.small", subnetId: ctx.subnet.id });
        new aws.ec2.Instance("controller9", {
          ami: "ami-0123456789abcdef0",
          instanceType: "m6i.large",
          primaryNetworkInterface: { networkInterfaceId: new aws.ec2.NetworkInterface("controller9-eni", { subnetId: ctx.subnet.id, privateIps: ["10.60.1.40"] }).id },
          userData: envFile(pekkoControllerEnv("10.60.1.40", [floating.privateIp])),
        });
      },
    });
    const r = await checkRaw(program);
    expect(mandatory(r.update)).toEqual(["automatic-downing-static-seeds", "seed-nodes-static"]);
    expect(r.update.filter((v) => v.enforcementLevel === "mandatory").every((v) => v.resource.endsWith("::controller9"))).toBe(true);
    expect(r.update.find((v) => v.policy === "seed-nodes-static")?.message).toMatch(/names 10\.255\.\d+\.\d+ as a seed.*not a static IP/);
  });

  test("docker: seeds computed from fixed-IP containers pass in preview; from a container without one they are rejected in both phases", async () => {
    const fromContainers = (fixed: boolean) =>
      dockerCluster({
        controllers: 1,
        extra: (ctx) => {
          const peer = new docker.Container("peer", { name: "peer", image: "openwhisk/controller:1fae641", networksAdvanced: [{ name: ctx.network.name, ...(fixed ? { ipv4Address: "172.28.0.50" } : {}) }], envs: ["CONFIG_pekko_actor_provider=local", "KAFKA_HOSTS=kafka:9092", ...Object.entries(PEKKO_CONTROLLER_STARTUP).map(([k, v]) => `${k}=${v}`)] });
          const peerIp = peer.networkDatas.apply((d) => d?.[0]?.ipAddress ?? "");
          const env = { ...pekkoControllerEnv("172.28.0.51", [peerIp]), ...SHARDING };
          new docker.Container("controller-b", {
            name: "controller-b",
            image: "openwhisk/controller:1fae641",
            command: ["/init.sh", "1"],
            envs: Object.entries(env).map(([k, v]) => pulumi.interpolate`${k}=${v}`),
            networksAdvanced: [{ name: ctx.network.name, ipv4Address: "172.28.0.51" }],
          });
        },
      });
    const good = await checkRaw(fromContainers(true));
    expect(mandatory(good.preview)).toEqual([]);
    // After update the seed is the peer's fixed IP: static, but the peer is no clustered controller.
    expect(mandatory(good.update)).toEqual([]);
    const bad = await checkRaw(fromContainers(false));
    expect(mandatory(bad.preview)).toEqual(["automatic-downing-static-seeds", "seed-nodes-static"]);
    expect(bad.preview.find((v) => v.policy === "seed-nodes-static")?.message).toMatch(/computed from peer/);
    expect(mandatory(bad.update)).toEqual(["automatic-downing-static-seeds", "seed-nodes-static"]);
  });
});

describe("remoting-port-consistent", () => {
  test("remoting port 0 is rejected", async () => {
    const r = await expectRejected(dockerCluster({ controllerEnv: (i, env) => (i === 0 ? { ...env, CONFIG_pekko_remote_artery_canonical_port: "0", CONFIG_pekko_remote_artery_bind_port: "0" } : env) }), ["remoting-port-consistent"]);
    expect(r.update.some((v) => /port 0/.test(v.message))).toBe(true);
  });

  test("a seed whose port differs from the named controller's port is rejected", async () => {
    const r = await expectRejected(awsCluster({ controllerEnv: (_i, env) => ({ ...env, CONFIG_pekko_cluster_seedNodes_1: `pekko://controller-actor-system@${awsName(1)}:2552` }) }), ["remoting-port-consistent"]);
    expect(r.update[0].message).toMatch(/port 2552, but controller1 listens on 2551/);
  });

  test("a seed with another build's scheme is rejected (akka:// on pekko)", async () => {
    await expectRejected(dockerCluster({ controllerEnv: (_i, env) => ({ ...env, CONFIG_pekko_cluster_seedNodes_0: `akka://controller-actor-system@${dockerIp(0)}:2551` }) }), ["remoting-port-consistent"]);
  });

  test("another build's remoting keys leave the build without a port", async () => {
    const artery = (env: Env) => {
      const out = without(env, "CONFIG_pekko_remote_artery_canonical_port", "CONFIG_pekko_remote_artery_bind_port");
      out.CONFIG_akka_remote_artery_canonical_port = "2551";
      return out;
    };
    const r = await expectRejected(dockerCluster({ controllerEnv: (i, env) => (i === 2 ? artery(env) : env) }), ["remoting-port-consistent"]);
    expect(r.update[0].message).toMatch(/sets no remoting port in CONFIG_pekko_remote_artery_canonical_port.*CONFIG_akka_remote_artery_canonical_port, which only akka-2.6/);
  });

  test("docker: advertising a port nobody binds is rejected", async () => {
    await expectRejected(dockerCluster({ controllerEnv: (i, env) => (i === 0 ? { ...env, CONFIG_pekko_remote_artery_bind_port: "25520" } : env) }), ["remoting-port-consistent"]);
  });
});

describe("downing-keys-match-build", () => {
  test("auto-down on a pekko build is rejected", async () => {
    const r = await expectRejected(dockerCluster({ controllerEnv: (_i, env) => ({ ...withoutSbr(env), CONFIG_pekko_cluster_autoDownUnreachableAfter: "10s" }) }), ["downing-keys-match-build", "manual-downing-endpoint"]);
    expect(r.update[0].message).toMatch(/auto-down was removed/);
  });

  test("auto-down on an akka-2.6 build is rejected; split-brain resolver keys pass", async () => {
    const akka26 = (self: string, autoDown: boolean): Env => ({
      CONFIG_akka_actor_provider: "cluster",
      CONFIG_akka_remote_artery_canonical_hostname: self,
      CONFIG_akka_remote_artery_canonical_port: "2551",
      CONFIG_akka_remote_artery_bind_port: "2551",
      CONFIG_akka_cluster_seedNodes_0: `akka://controller-actor-system@${dockerIp(0)}:2551`,
      CONFIG_akka_cluster_seedNodes_1: `akka://controller-actor-system@${dockerIp(1)}:2551`,
      ...(autoDown ? { CONFIG_akka_cluster_autoDownUnreachableAfter: "10s" } : { CONFIG_akka_cluster_downingProviderClass: "akka.cluster.sbr.SplitBrainResolverProvider" }),
      ...SHARDING,
      ...PEKKO_CONTROLLER_STARTUP,
      KAFKA_HOSTS: "kafka:9092",
    });
    await expectRejected(dockerCluster({ controllerEnv: (i, _env, ctx) => akka26(ctx.ips[i], true) }), ["downing-keys-match-build", "manual-downing-endpoint"]);
    const ok = await checkRaw(dockerCluster({ controllerEnv: (i, _env, ctx) => akka26(ctx.ips[i], false) }));
    expect(mandatory(ok.update)).toEqual([]);
  });

  test("split-brain resolver keys on an akka-2.5 build are rejected; auto-down passes", async () => {
    const akka25 = (self: string, sbr: boolean): Env => ({
      CONFIG_akka_actor_provider: "cluster",
      CONFIG_akka_remote_netty_tcp_hostname: self,
      CONFIG_akka_remote_netty_tcp_port: "2551",
      CONFIG_akka_remote_netty_tcp_bindPort: "2551",
      CONFIG_akka_cluster_seedNodes_0: `akka.tcp://controller-actor-system@${dockerIp(0)}:2551`,
      CONFIG_akka_cluster_autoDownUnreachableAfter: "10s",
      ...(sbr ? { CONFIG_akka_cluster_downingProviderClass: "akka.cluster.sbr.SplitBrainResolverProvider" } : {}),
      ...PEKKO_CONTROLLER_STARTUP,
      KAFKA_HOSTS: "kafka:9092",
    });
    const r = await expectRejected(dockerCluster({ controllerEnv: (i, _env, ctx) => akka25(ctx.ips[i], true) }), ["downing-keys-match-build"]);
    expect(r.update[0].message).toMatch(/akka-2.5 builds have no split-brain resolver/);
    const ok = await checkRaw(dockerCluster({ controllerEnv: (i, _env, ctx) => akka25(ctx.ips[i], false) }));
    expect(mandatory(ok.update)).toEqual([]);
  });

  test("the declared build wins over the keys: pekko keys on a container labelled akka-2.5 are rejected", async () => {
    const r = await checkRaw(dockerCluster({ controllerArgs: (_i, a) => ({ ...a, labels: [{ label: "openwhisk.flavor", value: "akka-2.5" }] }) }));
    expect(mandatory(r.update)).toEqual(["controller-static-address", "downing-keys-match-build", "manual-downing-endpoint", "remoting-port-consistent", "seed-nodes-static"]);
  });
});

describe("automatic-downing-static-seeds", () => {
  test("automatic downing with seeds on no static controller address is rejected", async () => {
    const r = await expectRejected(awsCluster({ controllerEnv: (_i, env) => ({ ...without(env, "CONFIG_pekko_cluster_seedNodes_1", "CONFIG_pekko_cluster_seedNodes_2"), CONFIG_pekko_cluster_seedNodes_0: "pekko://controller-actor-system@seed.example.com:2551" }) }), ["automatic-downing-static-seeds", "seed-nodes-static"]);
    expect(r.update.find((v) => v.policy === "automatic-downing-static-seeds")?.message).toMatch(/split brain/);
  });
});

describe("manual-downing-endpoint", () => {
  const manual = (extra: Env) => (_i: number, env: Env) => ({ ...withoutSbr(env), ...extra });

  test("manual downing without a management endpoint is rejected", async () => {
    await expectRejected(awsCluster({ controllerEnv: manual({}) }), ["manual-downing-endpoint"]);
  });

  test("HTTP cluster management is no downing endpoint: stock builds never serve it with static seeds (docs/builds.md#controller-cluster-keys-per-build), reachable or not", async () => {
    const http = manual({ CONFIG_pekko_management_http_port: "19999", CONFIG_pekko_management_http_bindHostname: "0.0.0.0" });
    const r = await expectRejected(
      awsCluster({
        controllerEnv: http,
        extra: (ctx) => new aws.vpc.SecurityGroupIngressRule("supervisor", { securityGroupId: ctx.controllerSg.id, ipProtocol: "tcp", fromPort: 19999, toPort: 19999, cidrIpv4: "10.60.0.0/16" }),
      }),
      ["manual-downing-endpoint"],
    );
    expect(r.update[0].message).toMatch(/HTTP management.*never serve/);
  });

  test("aws: a JMX port no security group allows is rejected; allowing JMX and RMI passes", async () => {
    const jmx = manual({ CONTROLLER_OPTS: "-Dcom.sun.management.jmxremote.port=15000 -Dcom.sun.management.jmxremote.rmi.port=15001" });
    const r = await expectRejected(awsCluster({ controllerEnv: jmx }), ["manual-downing-endpoint"]);
    expect(r.update[0].message).toMatch(/jmx port 15000.*no security group rule/);
    const ok = await checkRaw(
      awsCluster({
        controllerEnv: jmx,
        extra: (ctx) => new aws.vpc.SecurityGroupIngressRule("supervisor", { securityGroupId: ctx.controllerSg.id, ipProtocol: "tcp", fromPort: 15000, toPort: 15001, cidrIpv4: "10.60.0.0/16" }),
      }),
    );
    expect(mandatory(ok.preview)).toEqual([]);
    expect(mandatory(ok.update)).toEqual([]);
  });

  test("docker: JMX remote on a user-defined network passes", async () => {
    const r = await checkRaw(dockerCluster({ controllerEnv: manual({ CONTROLLER_OPTS: "-Dcom.sun.management.jmxremote.port=15000 -Dcom.sun.management.jmxremote.rmi.port=15001" }) }));
    expect(mandatory(r.update)).toEqual([]);
  });
});

describe("invoker-runc-key", () => {
  test("only INVOKER_USE_RUNC on a pekko invoker is rejected (the build ignores it: runc stays on)", async () => {
    const r = await expectRejected(dockerCluster({ invokerEnv: (env) => without(env, "CONFIG_whisk_docker_containerFactory_useRunc") }), ["invoker-runc-key", "invoker-runc-versions"]);
    expect(r.update.find((v) => v.policy === "invoker-runc-key")?.message).toMatch(/renders only INVOKER_USE_RUNC, which pekko builds ignore/);
  });

  test("the two runc keys disagreeing is rejected", async () => {
    await expectRejected(dockerCluster({ invokerEnv: (env) => ({ ...env, INVOKER_USE_RUNC: "true" }) }), ["invoker-runc-key"]);
  });

  test("INVOKER_USE_RUNC alone is right on a legacy-2017 invoker", async () => {
    const legacy = dockerCluster({
      controllers: 1,
      controllerEnv: (_i, _env, ctx) => ({ AKKA_ACTOR_PROVIDER: "cluster", AKKA_CLUSTER_HOST: ctx.ips[0], AKKA_CLUSTER_PORT: "2551", AKKA_CLUSTER_BIND_PORT: "2551", AKKA_CLUSTER_SEED_NODES: `${ctx.ips[0]}:2551`, AUTO_DOWN_UNREACHABLE_AFTER: "10s", CONTROLLER_INSTANCES: "1", ...LEGACY_CONTROLLER_STARTUP }),
      invokerEnv: () => ({ INVOKER_USE_RUNC: "false", ...LEGACY_INVOKER_STARTUP }),
    });
    const r = await checkRaw(legacy);
    expect(mandatory(r.preview)).toEqual([]);
    expect(mandatory(r.update)).toEqual([]);
  });
});

describe("invoker-runc-versions", () => {
  test("runc on with different host and image versions is rejected", async () => {
    const r = await expectRejected(awsCluster({ invokerTags: { "openwhisk:runc.image-version": "1.0.0-rc92" } }), ["invoker-runc-versions"]);
    expect(r.update[0].message).toMatch(/host runc 1.1.12 but image runc 1.0.0-rc92/);
  });

  test("runc on with undeclared versions is rejected; runc off needs none", async () => {
    await expectRejected(dockerCluster({ invokerEnv: () => ({ ...invokerEnv(true) }) }), ["invoker-runc-versions"]);
    const off = await checkRaw(dockerCluster({ invokerEnv: () => invokerEnv(false) }));
    expect(mandatory(off.update)).toEqual([]);
  });
});

describe("invoker-docker-api (the engine accepts the invoker image's own docker CLI)", () => {
  // The pekko invoker image's CLI is docker 23.0.6 (core/invoker/Dockerfile at 1fae641): Engine API 1.42.
  test("an engine configured to a minimum above the CLI's API (Engine 29's default 1.44) is rejected, naming both", async () => {
    const r = await expectRejected(awsCluster({ invokerEngineDropIn: "1.44" }), ["invoker-docker-api"]);
    expect(r.update[0].message).toMatch(/accepts API 1\.44 and later .*docker CLI 23\.0\.6 \(Engine API 1\.42\)/);
  });

  test("no drop-in and no pinned engine: advisory invoker-docker-engine-unpinned, not mandatory", async () => {
    const r = await checkRaw(awsCluster({ invokerEngineDropIn: null }));
    expect(mandatory(r.update)).toEqual([]);
    expect(advisory(r.update)).toEqual(["invoker-docker-engine-unpinned"]);
  });

  test("1.42 (the CLI's own) and lower minimums pass", async () => {
    for (const v of ["1.42", "1.24"]) expect(mandatory((await checkRaw(awsCluster({ invokerEngineDropIn: v }))).update)).toEqual([]);
  });
});

describe("cluster-ports-private", () => {
  test("aws: Kafka open to 0.0.0.0/0 in a security group is rejected", async () => {
    const r = await expectRejected(
      awsCluster({ extra: (ctx) => new aws.ec2.SecurityGroup("core", { vpcId: ctx.vpc.id, ingress: [{ protocol: "tcp", fromPort: 9092, toPort: 9092, cidrBlocks: ["0.0.0.0/0"] }, { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] }] }) }),
      ["cluster-ports-private"],
    );
    expect(r.update[0].resource).toMatch(/::core$/);
    expect(r.update[0].message).toMatch(/9092 \(Kafka\)/);
    expect(r.update[0].message).not.toMatch(/443/);
  });

  test("aws: remoting open to ::/0 through a rule resource, or every port through protocol -1, is rejected", async () => {
    await expectRejected(awsCluster({ extra: (ctx) => new aws.vpc.SecurityGroupIngressRule("remoting-world", { securityGroupId: ctx.controllerSg.id, ipProtocol: "tcp", fromPort: 2551, toPort: 2551, cidrIpv6: "::/0" }) }), ["cluster-ports-private"]);
    await expectRejected(awsCluster({ extra: (ctx) => new aws.ec2.SecurityGroupRule("all-world", { type: "ingress", securityGroupId: ctx.controllerSg.id, protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }) }), ["cluster-ports-private"]);
  });

  test("docker: CouchDB published on all host addresses is rejected; bound to loopback passes", async () => {
    const couch = (ip?: string) => dockerCluster({ extra: () => new docker.Container("couchdb", { name: "couchdb", image: "apache/couchdb:3", ports: [{ internal: 5984, external: 5984, ...(ip ? { ip } : {}) }] }) });
    await expectRejected(couch(), ["cluster-ports-private"]);
    expect(mandatory((await checkRaw(couch("127.0.0.1"))).update)).toEqual([]);
  });

  test("the JMX port the controllers render counts as a cluster port", async () => {
    const r = await checkRaw(
      awsCluster({
        controllerEnv: (_i, env) => ({ ...withoutSbr(env), CONTROLLER_OPTS: "-Dcom.sun.management.jmxremote.port=15000 -Dcom.sun.management.jmxremote.authenticate=true" }),
        controllerIngress: [{ protocol: "tcp", fromPort: 2551, toPort: 2551, self: true }, { protocol: "tcp", fromPort: 15000, toPort: 15000, cidrBlocks: ["0.0.0.0/0"] }],
      }),
    );
    expect(mandatory(r.update)).toEqual(["cluster-ports-private"]);
    expect(r.update[0].message).toMatch(/15000 \(JMX\).* to the world \(0\.0\.0\.0\/0: 0\.0\.0\.0\/0 is wider than \/8\)/);
  });
});

describe("controller-identity-unique", () => {
  test("two controllers with the same name are rejected", async () => {
    const r = await expectRejected(dockerCluster({ controllerArgs: (i, a) => (i === 2 ? { ...a, hostname: "controller1" } : a) }), ["controller-identity-unique"]);
    expect(r.update[0].message).toMatch(/share the name controller1/);
  });

  test("two controllers advertising the same address are rejected", async () => {
    await expectRejected(
      awsCluster({ controllerEnv: (i, env) => (i === 1 ? { ...env, CONFIG_pekko_remote_artery_canonical_hostname: awsName(0) } : env) }),
      ["controller-identity-unique", "controller-static-address", "seed-nodes-static"],
    );
  });
});

describe("several controllers on one host (compose services): each is its own member", () => {
  // One EC2 host runs three controller services on ports 2551-2553 (network_mode: host), each seeded by the
  // host's static name and its own port. A seed names a member by host AND port (pekko://system@host:port).
  const env = (port: number) => {
    const e = pekkoControllerEnv(awsName(0), [], port) as Record<string, unknown>;
    [2551, 2552, 2553].forEach((p, i) => (e[`CONFIG_pekko_cluster_seedNodes_${i}`] = `pekko://controller-actor-system@${awsName(0)}:${p}`));
    return e;
  };
  const program = (index1: string) => {
    const service = (i: string, port: number) => ({ image: "openwhisk/controller:1fae641", command: ["/init.sh", i], network_mode: "host", environment: env(port) });
    const compose = stringifyYaml({ services: { controller0: service("0", 2551), controller1: service(index1, 2552), controller2: service("2", 2553) } });
    const userData = `#cloud-config\n${stringifyYaml({ write_files: [{ path: "/opt/ow/docker-compose.yml", content: compose }], runcmd: ["docker compose -f /opt/ow/docker-compose.yml up -d"] })}`;
    return awsCluster({ controllers: 1, controllerArgs: (_i, a) => ({ ...a, userData }) });
  };

  test("seeds on each service's own port are consistent (not read as the host's last service)", async () => {
    const r = await checkRaw(program("1"));
    expect(mandatory(r.update)).toEqual([]);
  });

  test("two services of one host started with the same instance index are rejected", async () => {
    const r = await expectRejected(program("0"), ["controller-identity-unique"]);
    expect(r.update[0].message).toMatch(/controller0\/controller0 and controller0\/controller1 share the instance index 0/);
  });
});

describe("controller-instance-count", () => {
  const legacy = (instances: string) =>
    dockerCluster({
      controllers: 2,
      controllerEnv: (i, _env, ctx) => ({ AKKA_ACTOR_PROVIDER: "cluster", AKKA_CLUSTER_HOST: ctx.ips[i], AKKA_CLUSTER_PORT: "2551", AKKA_CLUSTER_BIND_PORT: "2551", AKKA_CLUSTER_SEED_NODES: `${ctx.ips[0]}:2551 ${ctx.ips[1]}:2551`, CONTROLLER_INSTANCES: instances, ...LEGACY_CONTROLLER_STARTUP }),
      invokerEnv: () => ({ INVOKER_USE_RUNC: "false", ...LEGACY_INVOKER_STARTUP }),
    });

  test("legacy-2017: CONTROLLER_INSTANCES different from the controller count is rejected; equal passes", async () => {
    const r = await expectRejected(legacy("1"), ["controller-instance-count", "manual-downing-endpoint"]);
    expect(r.update.find((v) => v.policy === "controller-instance-count")?.message).toMatch(/CONTROLLER_INSTANCES=1 but its cluster has 2/);
    const ok = await checkRaw(legacy("2"));
    expect(mandatory(ok.update)).toEqual(["manual-downing-endpoint"]);
  });

  test("pekko builds do not read it: a stale value is not this policy's business", async () => {
    const r = await checkRaw(dockerCluster({ controllerEnv: (_i, env) => ({ ...env, CONTROLLER_INSTANCES: "7" }) }));
    expect(mandatory(r.update)).toEqual([]);
  });
});

describe("sharding-balancer-explicit", () => {
  test("pekko controllers without the sharding balancer are rejected (the FPC default ignores the cluster)", async () => {
    const r = await expectRejected(dockerCluster({ controllerEnv: (_i, env) => without(env, "CONFIG_whisk_spi_LoadBalancerProvider") }), ["sharding-balancer-explicit"]);
    expect(r.update[0].message).toMatch(/FPC scheduler/);
  });

  test("pekko invokers without InvokerReactive are rejected", async () => {
    await expectRejected(dockerCluster({ invokerEnv: (env) => without(env, ...Object.keys(INVOKER_SPI)) }), ["sharding-balancer-explicit"]);
  });
});

describe("advisories", () => {
  test("an even controller count with automatic downing", async () => {
    const r = await checkRaw(dockerCluster({ controllers: 2 }));
    expect(advisory(r.update)).toEqual(["odd-controller-count"]);
    expect(mandatory(r.update)).toEqual([]);
  });

  test("production: a single seed, and unprotected seed EIPs and records", async () => {
    const single = awsCluster({ controllerEnv: (_i, env) => without(env, "CONFIG_pekko_cluster_seedNodes_1", "CONFIG_pekko_cluster_seedNodes_2") });
    const prod = await checkRaw(single, { stack: "prod" });
    expect(advisory(prod.update)).toEqual(["production-address-protection", "production-seed-count"]);
    expect(prod.update.filter((v) => v.policy === "production-address-protection").map((v) => v.resource.split("::").pop()).sort()).toEqual(["controller0-dns", "controller0-eip"]);
    // The hand-written stack runs its images by tag, which a production stack may not (production-images-pinned).
    expect(mandatory(prod.update)).toEqual(["production-images-pinned"]);
    expect(advisory((await checkRaw(single, { stack: "staging" })).update)).toEqual([]);
    const protectedAll = await checkRaw(awsCluster({ addressOptions: { protect: true } }), { stack: "prod" });
    expect(protectedAll.update.filter((v) => v.policy !== "production-images-pinned")).toEqual([]);
  });

  test("keep-oldest without a comment; with one it passes", async () => {
    const keepOldest = (labels: { label: string; value: string }[]) =>
      dockerCluster({ controllerEnv: (_i, env) => ({ ...env, CONFIG_pekko_cluster_splitBrainResolver_activeStrategy: "keep-oldest" }), controllerArgs: (_i, a) => ({ ...a, labels }) });
    expect(advisory((await checkRaw(keepOldest([]))).update)).toEqual(["downing-strategy-comment"]);
    expect(advisory((await checkRaw(keepOldest([{ label: "openwhisk.downing-comment", value: "the oldest controller holds the ingress lease" }]))).update)).toEqual([]);
  });

  test("policy config changes levels and thresholds like --policy-pack-config", async () => {
    const r = await checkRaw(dockerCluster({ controllers: 2 }), { policyConfig: { "odd-controller-count": "mandatory", "invoker-runc-key": { enforcementLevel: "disabled" } } });
    expect(mandatory(r.update)).toEqual(["odd-controller-count"]);
    const extra = await checkRaw(awsCluster({ extra: (ctx) => new aws.ec2.SecurityGroup("web", { vpcId: ctx.vpc.id, ingress: [{ protocol: "tcp", fromPort: 8080, toPort: 8080, cidrBlocks: ["0.0.0.0/0"] }] }) }), {
      policyConfig: { "cluster-ports-private": { additionalPorts: [8080] } },
    });
    expect(mandatory(extra.update)).toEqual(["cluster-ports-private"]);
  });
});

describe("through CrossGuard's own proxy", () => {
  test("no policy reads an unknown value directly in the preview of our aws stacks", async () => {
    const r = await checkRaw(awsCluster({ controllerEnv: (i, _env, ctx) => ({ ...pekkoControllerEnv(ctx.eips[i].publicIp, ctx.eips.map((e) => e.publicIp)), ...SHARDING }) }));
    expect(r.preview.filter((v) => /can't run/.test(v.message))).toEqual([]);
    expect(r.previewRun.resources.some((res) => JSON.stringify(res.outputs).includes("04da6b54-80e4-46f7-96ec-b56ff0331ba9"))).toBe(true);
  });
});

describe("openwhisk-node-not-checked (a node the pack cannot read is named, never passed in silence)", () => {
  // The pack reads nodes from docker containers and EC2 instances, launch templates and launch
  // configurations only (policies/model/openwhiskNodes.ts). Resources of other providers are declared
  // here by their type, as their SDKs register them.
  class Foreign extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
      super(type, name, props, opts);
    }
  }
  const program = () => {
    const parent = new pulumi.ComponentResource("acme:ow:Cluster", "acme", {});
    new Foreign("gcp:compute/instance:Instance", "gce-ctl-0", {
      machineType: "e2-standard-2",
      metadataStartupScript: "#!/bin/sh\ndocker run -d --network host -e CONFIG_pekko_actor_provider=cluster openwhisk/controller:1fae641 /init.sh 0\n",
    }, { parent });
    new Foreign("kubernetes:apps/v1:Deployment", "invokers", {
      spec: { template: { spec: { containers: [{ name: "invoker", image: "registry.acme.io/whisk-invoker:2.0.0", env: [{ name: "CONFIG_whisk_docker_containerFactory_useRunc", value: "false" }] }] } } },
    }, { parent });
    new Foreign("kubernetes:helm.sh/v3:Release", "ow", { chart: "openwhisk", repositoryOpts: { repo: "https://openwhisk.apache.org/charts" }, values: { whisk: { ingress: { type: "NodePort" } } } }, { parent });
    new Foreign("kubernetes:helm.sh/v3:Release", "ingress-nginx", { chart: "ingress-nginx", values: {} }, { parent });
    new Foreign("command:remote:Command", "start-ctl-1", { create: "sudo systemctl start ow-controller", environment: { CONFIG_akka_cluster_seedNodes_0: "akka://controller-actor-system@10.0.0.1:2551" } }, { parent });
    // Not OpenWhisk: another project's image named `controller`, and an image the pack reads through the container that runs it.
    new Foreign("kubernetes:apps/v1:Deployment", "ingress", { spec: { template: { spec: { containers: [{ image: "registry.k8s.io/ingress-nginx/controller:v1.11.2" }] } } } }, { parent });
    new docker.RemoteImage("ctl-image", { name: "openwhisk/controller:1fae641" });
  };

  test("each resource that visibly runs a controller or invoker is named (image or env key), as an advisory; nothing is mandatory", async () => {
    const r = await checkRaw(program);
    for (const phase of ["preview", "update"] as const) {
      expect(mandatory(r[phase])).toEqual([]);
      const found = r[phase].filter((v) => v.policy === "openwhisk-node-not-checked");
      expect(found.every((v) => v.enforcementLevel === "advisory")).toBe(true);
      expect(found.map((v) => /^(\S+) (\S+) runs an OpenWhisk (\w+) \(([^)]*)\)/.exec(v.message)?.slice(1)).sort()).toEqual([
        ["command:remote:Command", "start-ctl-1", "controller", "env key CONFIG_akka_cluster_seedNodes_0"],
        ["gcp:compute/instance:Instance", "gce-ctl-0", "controller", "image openwhisk/controller:1fae641"],
        ["kubernetes:apps/v1:Deployment", "invokers", "invoker", "image registry.acme.io/whisk-invoker:2.0.0"],
        ["kubernetes:helm.sh/v3:Release", "ow", "controller", "Helm chart openwhisk"],
      ]);
    }
  });
});

describe("openwhisk-node-not-checked names only what runs a node", () => {
  // A security group, a target group, a DNS record or a Kubernetes Service named after the controllers
  // runs nothing; a ConfigMap holding their env is read by the Deployment that runs them; another
  // project's image whose name merely contains "whisk" is not OpenWhisk's.
  class Foreign extends pulumi.CustomResource {
    constructor(type: string, name: string, props: pulumi.Inputs) {
      super(type, name, props);
    }
  }
  test("resources named openwhisk-controller, a ConfigMap of controller env and a whiskey-controller image are not named", async () => {
    const r = await checkRaw(() => {
      new aws.ec2.SecurityGroup("ctl-sg", { name: "openwhisk-controller", tags: { Name: "openwhisk-controller" } });
      new aws.lb.TargetGroup("ctl-tg", { name: "openwhisk-controller", port: 8080, protocol: "HTTP", vpcId: "vpc-1" });
      new Foreign("kubernetes:core/v1:Service", "ctl-svc", { metadata: { name: "openwhisk-controller" }, spec: { selector: { app: "openwhisk-controller" }, ports: [{ port: 8080 }] } });
      new Foreign("kubernetes:apps/v1:Deployment", "gateway", {
        spec: { template: { spec: { containers: [{ image: "nginx:1.27", env: [{ name: "UPSTREAM", value: "openwhisk-controller" }] }] } } },
      });
      new Foreign("kubernetes:core/v1:ConfigMap", "ctl-env", { data: { CONFIG_pekko_actor_provider: "cluster" } });
      new Foreign("kubernetes:apps/v1:Deployment", "whiskey", { spec: { template: { spec: { containers: [{ image: "acme/whiskey-controller:1.2" }] } } } });
      // Builds and pushes the image the nodes run: runs no node itself.
      new Foreign("command:local:Command", "build-controller", { create: "docker build -t registry.acme.io/openwhisk/controller:2.0.0 core/controller\ndocker push registry.acme.io/openwhisk/controller:2.0.0" });
    });
    for (const phase of ["preview", "update"] as const) expect(r[phase].filter((v) => v.policy === "openwhisk-node-not-checked").map((v) => v.message)).toEqual([]);
  });

  test("an image given by a bare name in an image field is still named", async () => {
    const r = await checkRaw(() => {
      new Foreign("kubernetes:apps/v1:Deployment", "ctl", { spec: { template: { spec: { containers: [{ image: "whisk-controller:2.0.0" }] } } } });
    });
    expect(r.update.filter((v) => v.policy === "openwhisk-node-not-checked").map((v) => /\(([^)]*)\)/.exec(v.message)?.[1])).toEqual(["image whisk-controller:2.0.0"]);
  });
});

describe("images other projects name controller are no OpenWhisk nodes", () => {
  // OpenWhisk publishes openwhisk/controller and openwhisk/invoker (ansible's docker_image_prefix defaults to
  // whisk); ingress-nginx, traefik and others publish a `controller` too. Without OpenWhisk's keys such a
  // container or host runs no node: no controller policy may judge it, in production neither.
  test("a container, a docker run and a compose service of ingress-nginx/controller, traefik/controller, acme/whiskey-controller", async () => {
    const r = await checkRaw(() => {
      new docker.Container("ingress", { image: "registry.k8s.io/ingress-nginx/controller:latest", envs: ["POD_NAME=x"] });
      new aws.ec2.Instance("web", { ami: "ami-1", instanceType: "t3.small", userData: "#!/bin/sh\ndocker run -d --restart always traefik/controller\n" });
      new aws.ec2.Instance("web2", { ami: "ami-1", instanceType: "t3.small", userData: "#cloud-config\nwrite_files:\n  - path: /opt/a/docker-compose.yml\n    content: |\n      services:\n        ing:\n          image: acme/whiskey-controller\n" });
    }, { stack: "prod" });
    // Every image unpinned in production is production-images-pinned's (any workload's); nothing else applies.
    for (const phase of ["preview", "update"] as const) expect(r[phase].filter((v) => v.policy !== "production-images-pinned").map((v) => v.policy)).toEqual([]);
  });
});

describe("controller-static-address with the advertised host written at boot", () => {
  // A boot script that writes the canonical hostname from the instance metadata sets the key with a value
  // known only on the host: "does not set" would be false. The key left out entirely is still rejected.
  const atBoot = (i: number, args: aws.ec2.InstanceArgs) => ({
    ...args,
    userData: pulumi.output(args.userData!).apply((t) => (t ?? "").replace("runcmd:\n", 'runcmd:\n  - echo "CONFIG_pekko_remote_artery_canonical_hostname=$(curl -s http://169.254.169.254/latest/meta-data/local-ipv4)" >> /etc/openwhisk/node.env\n')),
  });
  const noHost = (_i: number, env: Env) => without(env, "CONFIG_pekko_remote_artery_canonical_hostname");

  test("the key written by the boot script is not reported as missing", async () => {
    const r = await checkRaw(awsCluster({ controllerEnv: noHost, controllerArgs: atBoot }));
    expect(mandatory(r.update)).toEqual([]);
  });

  test("the key nowhere is still rejected", async () => {
    await expectRejected(awsCluster({ controllerEnv: noHost }), ["controller-static-address"]);
  });
});
