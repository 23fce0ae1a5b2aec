import { envOf, ofType, runUnderMocks, stackConfig } from "./support/mockRun";
import { parseSeedUri } from "../components/plan/flavors";

const CONTAINER = "docker:index/container:Container";

describe("local stack (docker) under mocks", () => {
  let run: Awaited<ReturnType<typeof runUnderMocks>>;
  beforeAll(async () => {
    run = await runUnderMocks(stackConfig("local"), { stack: "local" });
  });

  test("a user-defined network with the configured fixed subnet, automatic addresses only from its upper half", () => {
    const network = ofType(run, "docker:index/network:Network").find((n) => n.inputs.name === "openwhisk")!;
    expect(network.inputs.ipamConfigs).toEqual([{ subnet: "172.30.0.0/24", ipRange: "172.30.0.128/25" }]);
  });

  test("every controller at its fixed IPv4 on that network, its name as alias", () => {
    const controllers = ofType(run, CONTAINER).filter((c) => envOf(c).CONFIG_pekko_actor_provider === "cluster");
    expect(controllers.map((c) => c.inputs.name)).toEqual(["local-controller0", "local-controller1"]);
    expect(controllers.map((c) => (c.inputs.networksAdvanced as any[])[0])).toEqual([
      { name: "openwhisk", aliases: ["controller0"], ipv4Address: "172.30.0.10" },
      { name: "openwhisk", aliases: ["controller1"], ipv4Address: "172.30.0.11" },
    ]);
  });

  test("seed env names only static addresses: aliases of fixed-IP containers, on the remoting port", () => {
    const containers = ofType(run, CONTAINER);
    const staticNames = new Map<string, string>();
    for (const c of containers) {
      const net = (c.inputs.networksAdvanced as any[])[0];
      if (net.ipv4Address) for (const alias of net.aliases) staticNames.set(alias, net.ipv4Address);
    }
    for (const c of containers.filter((c) => envOf(c).CONFIG_pekko_actor_provider === "cluster")) {
      const env = envOf(c);
      const seeds = Object.entries(env).filter(([k]) => k.startsWith("CONFIG_pekko_cluster_seedNodes_")).map(([, v]) => parseSeedUri(v)!);
      expect(seeds).toHaveLength(2);
      for (const s of seeds) {
        expect(s.scheme).toBe("pekko");
        expect(staticNames.has(s.host)).toBe(true);
        expect(s.port).toBe(Number(env.CONFIG_pekko_remote_artery_canonical_port));
      }
    }
  });

  test("generated secrets reach the containers (as secret outputs)", () => {
    const controller = ofType(run, CONTAINER).find((c) => c.inputs.name === "local-controller0")!;
    // On 1.0.0+ builds secret settings go in the JVM config file (OPENWHISK_ENCODED_CONFIG), never a CONFIG_ key (-D in argv).
    expect(envOf(controller).CONFIG_whisk_couchdb_password).toBeUndefined();
    expect(Buffer.from(envOf(controller).OPENWHISK_ENCODED_CONFIG, "base64").toString("utf8")).toMatch(/^whisk\.couchdb\.password = "mock-[0-9a-f]+"$/m);
  });

  test("core services, init job and edge run as containers; controllers wait for them", () => {
    const names = ofType(run, CONTAINER).map((c) => c.inputs.name);
    expect(names).toEqual(expect.arrayContaining(["local-zookeeper", "local-kafka", "local-couchdb", "local-initdb", "local-nginx", "local-invoker0"]));
    const initdb = ofType(run, CONTAINER).find((c) => c.inputs.name === "local-initdb")!;
    expect(initdb.inputs.attach).toBe(true);
    const controller0 = ofType(run, CONTAINER).find((c) => c.inputs.name === "local-controller0")!;
    expect(controller0.dependencies).toContain(initdb.urn);
  });

  test("invoker: privileged, host pid, docker socket; no runc mount with runc off", () => {
    const invoker = ofType(run, CONTAINER).find((c) => c.inputs.name === "local-invoker0")!;
    expect(invoker.inputs.privileged).toBe(true);
    expect(invoker.inputs.pidMode).toBe("host");
    const mounts = (invoker.inputs.volumes as any[]).map((v) => v.containerPath);
    expect(mounts).toEqual(expect.arrayContaining(["/var/run/docker.sock", "/sys/fs/cgroup", "/containers"]));
    expect(mounts).not.toContain("/run/runc");
    expect(envOf(invoker).CONFIG_whisk_docker_containerFactory_useRunc).toBe("false");
  });
});
