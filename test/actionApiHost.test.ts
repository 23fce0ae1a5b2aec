/**
 * Actions reach the API host they are handed (`WHISK_API_HOST_PROTO/_NAME/_PORT`, read as
 * `whisk.api.host.*` and joined into `WhiskConfig.wskApiHost` in common/scala/.../core/WhiskConfig.scala,
 * handed to every action container as `__OW_API_HOST` by core/invoker/.../containerpool/docker/
 * DockerContainerFactory.scala at febde0042, 1.0.0, 2.0.0 and master) from the network they run on, and
 * nothing else is opened to them; the aws fence is re-applied with docker. The traffic itself is proven
 * in test/tools/actionFence.test.ts (network-namespace lab).
 */
import { parseStackConfig } from "../components/config/validate";
import { actionNetwork, fenceRules4, FENCE_CHAINS, ICC_OPTION } from "../components/plan/actionIsolation";
import { rawConfig } from "./support/configs";
import { hostEnv, hostFiles } from "./support/hostSetup";
import { ofType, runUnderMocks } from "./support/mockRun";

type Net = { name: string; aliases?: string[] };

describe("docker target", () => {
  test("the edge joins the actions network under the API host's name the invokers hand out; nothing else but the invoker is there", async () => {
    const run = await runUnderMocks(rawConfig({ controllers: 1, invokers: 1 }), { stack: "apihost" });
    const containers = ofType(run, "docker:index/container:Container");
    const invoker = containers.find((c) => c.name.endsWith("invoker0"))!;
    const env = new Map((invoker.inputs.envs as string[]).map((e) => [e.slice(0, e.indexOf("=")), e.slice(e.indexOf("=") + 1)]));
    const actions = env.get("CONFIG_whisk_containerFactory_containerArgs_network")!;
    const apiName = env.get("WHISK_API_HOST_NAME")!;
    const onActions = containers.filter((c) => (c.inputs.networksAdvanced as Net[]).some((n) => n.name === actions));
    expect(onActions.map((c) => c.name.replace(/^.*-/, "")).sort()).toEqual(["invoker0", "nginx"]);
    const edge = onActions.find((c) => c.name.endsWith("nginx"))!;
    expect((edge.inputs.networksAdvanced as Net[]).find((n) => n.name === actions)!.aliases).toEqual([apiName]);
    // The edge listens where the API host says (nginx.conf: listen <port>).
    const conf = (edge.inputs.uploads as { file: string; content: string }[]).find((u) => u.file === "/etc/nginx/nginx.conf")!.content;
    expect(conf).toContain(`listen ${env.get("WHISK_API_HOST_PORT")} default_server;`);
    expect(env.get("WHISK_API_HOST_PROTO")).toBe("http");
    // The network exists before the edge that joins it.
    const network = ofType(run, "docker:index/network:Network").find((n) => n.inputs.name === actions)!;
    expect(edge.dependencies).toContain(network.urn);
  });
});

describe("aws target", () => {
  const raw = rawConfig({ target: "aws", flavor: "pekko", invokers: 1 });
  const config = parseStackConfig(raw);

  test("the actions network turns inter-container traffic off", () => {
    expect(actionNetwork(config).options[ICC_OPTION]).toBe("false");
  });

  test("the fence lets actions reach exactly the API host's address and port, DNS, and nothing private", () => {
    const rules = fenceRules4(config, config.aws!.coreAddress, { resolver: "10.60.0.2", vpcBlocks: ["10.60.0.0/16"] }).split("\n");
    const returns = rules.filter((l) => l.startsWith(`-A ${FENCE_CHAINS.forward} `) && / -j (RETURN|ACCEPT)$/.test(l));
    expect(returns).toEqual([
      "-A OPENWHISK-ACTIONS -s 192.168.255.2/32 -d 192.168.255.0/24 -i ow-actions -o ow-actions -j ACCEPT",
      "-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 192.168.255.2/32 -i ow-actions -o ow-actions -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
      "-A OPENWHISK-ACTIONS -s 192.168.255.2/32 -i ow-actions -j RETURN",
      "-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 169.254.169.253/32 -i ow-actions -p udp -m udp --dport 53 -j RETURN",
      "-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 169.254.169.253/32 -i ow-actions -p tcp -m tcp --dport 53 -j RETURN",
      "-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 10.60.0.2/32 -i ow-actions -p udp -m udp --dport 53 -j RETURN",
      "-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 10.60.0.2/32 -i ow-actions -p tcp -m tcp --dport 53 -j RETURN",
      `-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d ${config.aws!.coreAddress}/32 -i ow-actions -p tcp -m tcp --dport 443 -j RETURN`,
      // After every deny: the internet.
      "-A OPENWHISK-ACTIONS -i ow-actions -j RETURN",
    ]);
    for (const block of ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "169.254.0.0/16"]) {
      expect(rules).toContain(`-A OPENWHISK-ACTIONS -d ${block} -i ow-actions -j DROP`);
    }
  });

  test("invoker hosts: the API host the invoker hands out is the edge on port 443, the core host's group lets invokers in on 443, the fence goes with docker and a watcher re-applies it", async () => {
    const run = await runUnderMocks(raw, { stack: "apihost" });
    const invoker = ofType(run, "aws:ec2/instance:Instance").find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "invoker")!;
    const env = hostEnv(invoker, "invoker0");
    expect([env.WHISK_API_HOST_PROTO, env.WHISK_API_HOST_NAME, env.WHISK_API_HOST_PORT]).toEqual(["https", config.aws!.edgeTls.serverName, "443"]);
    const rule = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").find((r) => r.name.endsWith("-api-from-invokers"))!;
    expect([rule.inputs.fromPort, rule.inputs.toPort, rule.inputs.ipProtocol]).toEqual([443, 443, "tcp"]);
    const groups = new Map(ofType(run, "aws:ec2/securityGroup:SecurityGroup").map((g) => [g.urn, (g.inputs.tags as Record<string, string>)["openwhisk:role"]]));
    expect(rule.propertyDependencies.securityGroupId?.map((u) => groups.get(u))).toEqual(["core"]);
    expect(rule.propertyDependencies.referencedSecurityGroupId?.map((u) => groups.get(u))).toEqual(["invoker"]);
    const files = new Map(hostFiles(invoker).map((f) => [f.path, f.content]));
    const fenceUnit = files.get("/etc/systemd/system/openwhisk-action-fence.service")!;
    expect(fenceUnit).toMatch(/^PartOf=docker\.service$/m);
    expect(fenceUnit).toMatch(/^WantedBy=multi-user\.target docker\.service$/m);
    const watch = files.get("/etc/systemd/system/openwhisk-action-fence-watch.service")!;
    expect(watch).toMatch(/^Restart=always$/m);
    expect(watch).toMatch(/^PartOf=docker\.service$/m);
    expect(files.get("/usr/local/bin/openwhisk-action-fence-watch")).toContain("/usr/local/bin/openwhisk-action-fence");
  });
});
