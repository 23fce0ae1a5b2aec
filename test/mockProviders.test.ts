/**
 * The mocks return every output the real provider returns: for each resource type the shipped stacks
 * and the corpus register, every output the provider's SDK declares as always present (non-optional in
 * `@pulumi/aws` / `@pulumi/docker` / `@pulumi/random`'s declarations, which mirror the provider schema)
 * has a value after an update. A valid program must never fail because of the mock.
 */
import * as fs from "fs";
import * as path from "path";
import { createMocks } from "../cli/offline/mockProviders";
import { alwaysReturnedOutputs } from "../cli/offline/providerOutputs";
import { ROOT, runUnderMocks, stackConfig } from "./support/mockRun";

/** The type tokens of the resource classes the corpus programs construct (`new aws.ec2.Vpc(` -> `aws:ec2/vpc:Vpc`). */
function corpusTypes(): string[] {
  const sdks: Record<string, any> = { aws: require("@pulumi/aws"), docker: require("@pulumi/docker"), random: require("@pulumi/random") };
  const types = new Set<string>();
  const dir = path.join(ROOT, "test", "corpus");
  for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".ts"))) {
    for (const m of fs.readFileSync(path.join(dir, file), "utf8").matchAll(/new (aws|docker|random)\.([A-Za-z0-9.]+)\(/g)) {
      const cls = m[2].split(".").reduce((o: any, k) => o?.[k], sdks[m[1]]);
      if (typeof cls?.__pulumiType === "string") types.add(cls.__pulumiType);
    }
  }
  return [...types];
}

let types: string[] = [];

beforeAll(async () => {
  const found = new Set(corpusTypes());
  for (const stack of ["local", "prod"]) {
    const run = await runUnderMocks(stackConfig(stack), { stack });
    for (const r of run.resources) if (r.custom) found.add(r.type);
  }
  types = [...found].sort();
}, 60_000);

test("the declarations are read: a VPC always has ipv6CidrBlock, ipv6AssociationId, arn and ownerId (aws 7 ec2/vpc.d.ts)", () => {
  const names = alwaysReturnedOutputs("aws:ec2/vpc:Vpc").map((o) => o.name);
  expect(names).toEqual(expect.arrayContaining(["arn", "ipv6CidrBlock", "ipv6AssociationId", "ownerId", "defaultSecurityGroupId", "mainRouteTableId"]));
  expect(names).not.toContain("assignGeneratedIpv6CidrBlock"); // optional: `pulumi.Output<boolean | undefined>`
});

test("every always-present output of every type the stacks and the corpus use has a value after an update", () => {
  expect(types.length).toBeGreaterThan(15);
  const mocks = createMocks(false);
  const missing: string[] = [];
  for (const type of types) {
    const shapes = alwaysReturnedOutputs(type);
    if (type.startsWith("aws:") || type.startsWith("docker:")) expect(shapes.length).toBeGreaterThan(0);
    const { state } = mocks.newResource({ type, name: "x", inputs: {}, custom: true } as never) as { state: Record<string, unknown> };
    for (const s of shapes) if (state[s.name] === undefined) missing.push(`${type}.${s.name}`);
  }
  expect(missing).toEqual([]);
});

test("IPv6: an Amazon-provided /56 and its association only where the VPC asked for one, as AWS returns them", () => {
  const mocks = createMocks(false);
  const asked = mocks.newResource({ type: "aws:ec2/vpc:Vpc", name: "v6", inputs: { cidrBlock: "10.0.0.0/16", assignGeneratedIpv6CidrBlock: true }, custom: true } as never) as { state: Record<string, string> };
  expect(asked.state.ipv6CidrBlock).toMatch(/^2600:1f18:[0-9a-f]{4}:[0-9a-f]{2}00::\/56$/);
  expect(asked.state.ipv6AssociationId).toMatch(/^vpc-cidr-assoc-[0-9a-f]+$/);
  const plain = mocks.newResource({ type: "aws:ec2/vpc:Vpc", name: "v4", inputs: { cidrBlock: "10.0.0.0/16" }, custom: true } as never) as { state: Record<string, string> };
  expect(plain.state.ipv6CidrBlock).toBe("");
  expect(plain.state.ipv6AssociationId).toBe("");
});

test("in a preview computed outputs stay unknown (nothing is filled in)", () => {
  const { state } = createMocks(true).newResource({ type: "aws:ec2/vpc:Vpc", name: "v", inputs: { cidrBlock: "10.0.0.0/16" }, custom: true } as never) as { state: Record<string, unknown> };
  expect(state).toEqual({ cidrBlock: "10.0.0.0/16" });
});

test("auto-named resources have the name Pulumi gives them (logical name plus a suffix, or namePrefix plus one), never empty", () => {
  // Pulumi's autonaming (docs: Concepts > Resources > Names) appends a random suffix to the logical name
  // when the program sets no `name`; AWS then returns that name. A program reading `asg.name` saw "".
  const mocks = createMocks(false);
  const asg = mocks.newResource({ type: "aws:autoscaling/group:Group", name: "team-asg", inputs: { minSize: 1, maxSize: 1 }, custom: true } as never) as { state: Record<string, unknown> };
  expect(asg.state.name).toMatch(/^team-asg-[0-9a-f]{7}$/);
  const sg = mocks.newResource({ type: "aws:ec2/securityGroup:SecurityGroup", name: "team", inputs: { namePrefix: "team-sg-" }, custom: true } as never) as { state: Record<string, unknown> };
  expect(sg.state.name).toMatch(/^team-sg-[0-9a-f]+$/);
  const named = mocks.newResource({ type: "aws:autoscaling/group:Group", name: "x", inputs: { name: "controllers" }, custom: true } as never) as { state: Record<string, unknown> };
  expect(named.state.name).toBe("controllers");
});

test("a load balancer has a DNS name and a launch template's first version is 1, as AWS returns them (alias records and ASGs read them)", () => {
  const mocks = createMocks(false);
  const lb = mocks.newResource({ type: "aws:lb/loadBalancer:LoadBalancer", name: "api", inputs: { internal: true, loadBalancerType: "network" }, custom: true } as never) as { state: Record<string, unknown> };
  expect(lb.state.dnsName).toMatch(/^internal-api-[0-9a-f]{7}-[0-9a-f]{10}\.elb\.eu-west-1\.amazonaws\.com$/);
  const lt = mocks.newResource({ type: "aws:ec2/launchTemplate:LaunchTemplate", name: "lt", inputs: { imageId: "ami-1" }, custom: true } as never) as { state: Record<string, unknown> };
  expect(lt.state.latestVersion).toBe(1);
  expect(lt.state.defaultVersion).toBe(1);
});
