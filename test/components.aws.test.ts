import { byUrn, ofType, runUnderMocks, stackConfig } from "./support/mockRun";
import { hostArgs, hostEnv, hostFile, publishedPorts, userDataText } from "./support/hostSetup";
import { parseSeedUri } from "../components/plan/flavors";

const ENI = "aws:ec2/networkInterface:NetworkInterface";
const EIP = "aws:ec2/eip:Eip";
const RECORD = "aws:route53/record:Record";
const ZONE = "aws:route53/zone:Zone";
const INSTANCE = "aws:ec2/instance:Instance";
/** The seeds' Elastic IPs (the NAT gateway has one of its own, on no interface). */
const seedEips = (run: Awaited<ReturnType<typeof runUnderMocks>>) => ofType(run, EIP).filter((e) => e.inputs.networkInterface !== undefined);

describe("prod stack (aws) under mocks", () => {
  let run: Awaited<ReturnType<typeof runUnderMocks>>;
  let preview: Awaited<ReturnType<typeof runUnderMocks>>;
  beforeAll(async () => {
    run = await runUnderMocks(stackConfig("prod"), { stack: "prod" });
    preview = await runUnderMocks(stackConfig("prod"), { stack: "prod", preview: true });
  });

  test("one fixed-IP interface per controller, an EIP on every seed's interface", () => {
    const enis = ofType(run, ENI);
    expect(enis.map((e) => e.inputs.privateIps)).toEqual([["10.50.1.10"], ["10.50.2.10"], ["10.50.3.10"]]);
    const eips = seedEips(run);
    expect(eips).toHaveLength(3);
    for (const [i, eip] of eips.entries()) {
      expect(eip.inputs.associateWithPrivateIp).toBe(enis[i].inputs.privateIps && (enis[i].inputs.privateIps as string[])[0]);
      expect(eip.propertyDependencies.networkInterface).toEqual([enis[i].urn]);
    }
  });

  test("a private zone with one A record per controller pointing at its fixed IP", () => {
    const [zone] = ofType(run, ZONE);
    expect(zone.inputs.name).toBe("prod.openwhisk.internal");
    const records = ofType(run, RECORD);
    expect(records.map((r) => [r.inputs.name, r.inputs.records])).toEqual([
      ["controller0.prod.openwhisk.internal", ["10.50.1.10"]],
      ["controller1.prod.openwhisk.internal", ["10.50.2.10"]],
      ["controller2.prod.openwhisk.internal", ["10.50.3.10"]],
    ]);
    for (const r of records) expect(r.propertyDependencies.zoneId).toEqual([zone.urn]);
  });

  test("each controller instance boots on its own fixed interface; seeds name only the static records", () => {
    const enis = ofType(run, ENI);
    const records = new Map(ofType(run, RECORD).map((r) => [r.inputs.name as string, (r.inputs.records as string[])[0]]));
    const controllers = ofType(run, INSTANCE).filter((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "controller");
    expect(controllers).toHaveLength(3);
    for (const [i, instance] of controllers.entries()) {
      expect(instance.propertyDependencies.primaryNetworkInterface).toEqual([enis[i].urn]);
      const env = hostEnv(instance, `controller${i}`);
      expect(env.CONFIG_pekko_remote_artery_canonical_hostname).toBe(`controller${i}.prod.openwhisk.internal`);
      const seeds = Object.entries(env).filter(([k]) => k.startsWith("CONFIG_pekko_cluster_seedNodes_")).map(([, v]) => parseSeedUri(v)!);
      expect(seeds).toHaveLength(3);
      for (const s of seeds) {
        expect(records.get(s.host)).toBeDefined();
        expect(s.port).toBe(2551);
      }
      expect(userDataText(instance)).not.toMatch(/mock-[0-9a-f]{24}/);
    }
  });

  test("hosts: IMDSv2 required, encrypted root volumes, no SSH from the world", () => {
    for (const i of ofType(run, INSTANCE)) {
      expect((i.inputs.metadataOptions as any).httpTokens).toBe("required");
      expect((i.inputs.rootBlockDevice as any).encrypted).toBe(true);
    }
    for (const sg of ofType(run, "aws:ec2/securityGroup:SecurityGroup")) {
      for (const rule of (sg.inputs.ingress as any[]) ?? []) {
        if (rule.fromPort <= 22 && rule.toPort >= 22) expect(rule.cidrBlocks).not.toContain("0.0.0.0/0");
      }
    }
  });

  test("remoting only between controllers (self-referencing rule)", () => {
    const controllerSg = ofType(run, "aws:ec2/securityGroup:SecurityGroup").find((s) => (s.inputs.tags as any)["openwhisk:role"] === "controller")!;
    const remoting = (controllerSg.inputs.ingress as any[]).filter((r) => r.fromPort === 2551);
    expect(remoting).toEqual([expect.objectContaining({ self: true })]);
    expect(remoting[0].cidrBlocks ?? []).toEqual([]);
  });

  test("production protects and retains interfaces, EIPs, records and the zone", () => {
    for (const r of [...ofType(run, ENI), ...seedEips(run), ...ofType(run, RECORD), ...ofType(run, ZONE)]) {
      expect({ name: r.name, protect: r.protect, retain: r.retainOnDelete }).toEqual({ name: r.name, protect: true, retain: true });
    }
  });

  test("runc on: runc root mounted and declared versions tagged on invoker hosts", () => {
    const invokers = ofType(run, INSTANCE).filter((i) => (i.inputs.tags as Record<string, string>)["openwhisk:role"] === "invoker");
    expect(invokers).toHaveLength(4);
    for (const inv of invokers) {
      const tags = inv.inputs.tags as Record<string, string>;
      expect(tags["openwhisk:runc.host-version"]).toBe("1.1.12");
      expect(tags["openwhisk:runc.image-version"]).toBe("1.1.12");
      expect(hostArgs(inv, (inv.inputs.tags as any).Name).join(" ")).toContain("-v /run/docker/runtime-runc/moby:/run/runc");
    }
  });

  test("preview of a new stack: EIP addresses and ids are unknown, the fixed addresses are known", () => {
    const urns = byUrn(preview);
    const eip = seedEips(preview)[0];
    expect(eip.inputs.networkInterface).toBe("04da6b54-80e4-46f7-96ec-b56ff0331ba9");
    expect(urns.get(eip.propertyDependencies.networkInterface[0])!.type).toBe(ENI);
    expect(ofType(preview, ENI)[0].inputs.privateIps).toEqual(["10.50.1.10"]);
    expect(ofType(preview, RECORD)[0].inputs.records).toEqual(["10.50.1.10"]);
  });
});

describe("staging stack (aws, akka-2.6, manual downing over JMX)", () => {
  test("JMX and RMI ports (15000-15001) only from the supervisor's CIDRs, authenticated, published on the host; not protected", async () => {
    const run = await runUnderMocks(stackConfig("staging"), { stack: "staging" });
    const controllerSg = ofType(run, "aws:ec2/securityGroup:SecurityGroup").find((s) => (s.inputs.tags as any)["openwhisk:role"] === "controller")!;
    expect((controllerSg.inputs.ingress as any[]).find((r) => r.fromPort === 15000)).toEqual(expect.objectContaining({ toPort: 15001, cidrBlocks: ["10.40.0.0/16"] }));
    const jmxHost = ofType(run, INSTANCE).find((i) => (i.inputs.tags as any).Name === "controller0")!;
    const opts = hostEnv(jmxHost, "controller0").CONTROLLER_OPTS;
    // Upstream's jmx.jvmCommonArgs (ansible/group_vars/all): authentication on, files copied by copyJMXFiles.sh.
    expect(opts).toContain("-Dcom.sun.management.jmxremote.authenticate=true");
    expect(opts).toContain("-Dcom.sun.management.jmxremote.password.file=/home/owuser/jmxremote.password");
    expect(opts).toContain("-Djava.rmi.server.hostname=controller0.staging.openwhisk.internal");
    expect(publishedPorts(jmxHost, "controller0")).toEqual(expect.arrayContaining(["15000:15000", "15001:15001"]));
    // The password file is written from SSM at start, never into user data.
    expect(hostArgs(jmxHost, "controller0")).toContain("/run/openwhisk/files/controller0/run/openwhisk-jmx/jmxremote.password:/run/openwhisk-jmx/jmxremote.password:ro");
    expect(hostFile(jmxHost, "/usr/local/bin/openwhisk-secrets-controller0")).toContain("$(secret '/openwhisk/staging/jmxPassword')");
    expect(userDataText(jmxHost)).not.toMatch(/jmxuser [A-Za-z0-9]{32}/);
    expect(ofType(run, ENI).every((e) => !e.protect)).toBe(true);
    const instance = ofType(run, INSTANCE).find((i) => (i.inputs.tags as any).Name === "controller1")!;
    expect(hostEnv(instance, "controller1").CONFIG_akka_cluster_seedNodes_0).toBe("akka://controller-actor-system@controller0.staging.openwhisk.internal:2551");
  });
});
