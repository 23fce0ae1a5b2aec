/**
 * Allow-lists judged by how much public address space they cover (IPv4 and IPv6), the minimum prefix a
 * stack may not loosen below /8, and SSH among the ports the policy pack guards.
 */
import * as aws from "@pulumi/aws";
import { judgeWorld, parseAnyCidr, publicAddressCount } from "../components/config/cidr";
import { validateStackConfig } from "../components/config/validate";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { awsCluster, checkRaw, mandatory } from "./support/rawStacks";

const keysOf = (raw: RawConfig) => {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues.map((i) => i.key);
};
const AWS = rawConfig({ target: "aws", flavor: "pekko" });
/** n public /16 blocks, none wider than /8, none private: 11.0.0.0/16, 11.1.0.0/16, ... */
const publicSixteens = (n: number) => Array.from({ length: n }, (_, i) => `${11 + Math.floor(i / 256)}.${i % 256}.0.0/16`);

describe("coverage of public address space", () => {
  test.each([
    // 257 public /16s cover more than one /8 holds (2^24 = 256 /16s): the world, though no block is wide.
    ["257 public /16s", publicSixteens(257), true],
    ["256 public /16s (exactly one /8's worth)", publicSixteens(256), false],
    ["two public /9s adding up to more than a /8", ["1.0.0.0/9", "1.128.0.0/9", "2.0.0.0/9"], true],
    ["every private range together", ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"], false],
    // IPv6: 2001::/16 .. 2010::/16 are many /16s of global unicast; 2^117 addresses is the /8-equivalent share of 2000::/3.
    ["IPv6 /12s of global unicast adding up to more than 2^117", ["2000::/12", "2010::/12", "2020::/12", "2030::/12", "2040::/12", "2050::/12", "2060::/12", "2070::/12", "2080::/12"], true],
    ["one IPv6 /12", ["2000::/12"], false],
    ["IPv6 ULA and link-local are not public", ["fc00::/8", "fd00::/8", "fe80::/10"], false],
  ])("%s: open %s", (_what, cidrs, open) => {
    expect(judgeWorld(cidrs).open).toBe(open);
  });

  test("overlapping blocks count once; private space counts for nothing", () => {
    const blocks = ["11.0.0.0/16", "11.0.0.0/17", "10.0.0.0/8"].map((c) => parseAnyCidr(c)!);
    expect(publicAddressCount(blocks, 4)).toBe(65536n);
  });

  test("config: admin CIDRs that add up to more than a /8 of public space are refused, naming the list", () => {
    // Two public /9s and a /16: a /8's worth and more, in three entries (lists are capped at 64).
    const wide = ["11.0.0.0/9", "11.128.0.0/9", "12.0.0.0/16"];
    const keys = keysOf(withKey(AWS, "openwhisk:aws", { adminCidrs: wide }));
    expect(keys).toEqual(["openwhisk:aws.adminCidrs"]);
    const r = validateStackConfig(withKey(AWS, "openwhisk:aws", { adminCidrs: wide }));
    expect(r.ok ? "" : r.issues[0].expected).toMatch(/public IPv4 addresses/);
  });
});

describe("openwhisk:minimumCidrPrefix cannot loosen the judgement below /8", () => {
  test.each([0, 1, 7])("%d is refused naming the key", (prefix) => {
    expect(keysOf({ ...AWS, "openwhisk:minimumCidrPrefix": prefix })).toEqual(["openwhisk:minimumCidrPrefix"]);
  });
  test("8 and tighter are accepted", () => {
    expect(keysOf({ ...AWS, "openwhisk:minimumCidrPrefix": 8 })).toEqual([]);
    expect(keysOf({ ...AWS, "openwhisk:minimumCidrPrefix": 16 })).toEqual([]);
  });
});

describe("cluster-ports-private guards SSH", () => {
  test("SSH open to the world is rejected; to a private block it passes", async () => {
    const ssh = (cidr: string) => awsCluster({ extra: (ctx) => new aws.vpc.SecurityGroupIngressRule("ssh", { securityGroupId: ctx.controllerSg.id, ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIpv4: cidr }) });
    const open = await checkRaw(ssh("0.0.0.0/0"));
    expect(mandatory(open.update)).toEqual(["cluster-ports-private"]);
    expect(open.update.find((v) => v.policy === "cluster-ports-private")?.message).toMatch(/22 \(SSH\)/);
    expect(mandatory((await checkRaw(ssh("10.60.0.0/16"))).update)).toEqual([]);
  });

  test("SSH open through many public blocks that add up to the world is rejected", async () => {
    const many = awsCluster({ extra: (ctx) => new aws.ec2.SecurityGroup("bastion", { vpcId: ctx.vpc.id, ingress: [{ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: publicSixteens(300) }] }) });
    expect(mandatory((await checkRaw(many)).update)).toEqual(["cluster-ports-private"]);
  });
});
