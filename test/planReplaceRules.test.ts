/**
 * The change plan's replacement table covers every resource type the project's stacks register, so no
 * resource of ours is planned as a plain update that `pulumi up` would in fact replace. The properties
 * come from the Terraform providers' documentation (cli/changes/replaceRules.ts), e.g. aws_volume_attachment:
 * device_name, instance_id and volume_id "Forces new resource"
 * (https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/volume_attachment).
 */
import { REPLACE_RULES } from "../cli/changes/replaceRules";
import { resourceChanges } from "../cli/changes/resourceChanges";
import type { RegisteredResource } from "../cli/offline/runProgram";
import { runUnderMocks, stackConfig } from "./support/mockRun";

jest.setTimeout(120_000);

test.each(["local", "staging", "prod"])("%s: every custom resource type the stack registers is in the replacement table", async (stack) => {
  const run = await runUnderMocks(stackConfig(stack), { stack });
  const types = [...new Set(run.resources.filter((r) => r.custom && !r.type.startsWith("pulumi:providers:")).map((r) => r.type))].sort();
  expect(types.filter((t) => !(t in REPLACE_RULES))).toEqual([]);
});

const resource = (urn: string, type: string, inputs: Record<string, unknown>, extra: Partial<RegisteredResource> = {}): RegisteredResource => ({
  urn, type, name: urn, custom: true, inputs, outputs: inputs, protect: false, deleteBeforeReplace: false, retainOnDelete: false,
  ignoreChanges: [], dependencies: [], propertyDependencies: {}, ...extra,
});

test("a volume attachment that takes a replaced host's id is replaced, not updated", () => {
  const hostOld = resource("host", "aws:ec2/instance:Instance", { ami: "ami-1", instanceType: "m6i.large" });
  const hostNew = resource("host", "aws:ec2/instance:Instance", { ami: "ami-2", instanceType: "m6i.large" });
  const att = (id: string) => resource("att", "aws:ec2/volumeAttachment:VolumeAttachment", { instanceId: id, volumeId: "vol-1", deviceName: "/dev/sdf" }, { propertyDependencies: { instanceId: ["host"] } });
  const changes = resourceChanges([hostOld, att("i-1")], [hostNew, att("i-1")]);
  const a = changes.find((c) => c.urn === "att")!;
  expect(a.action).toBe("replace");
  expect(a.replaceUnknown).toBeUndefined();
});

test("a property the new resource's ignoreChanges names is neither an update nor a replacement (the engine keeps the old value)", () => {
  // components/placement.ts: hosts of a stack without aws.amiId ignore a newer looked-up AMI.
  const old = resource("host", "aws:ec2/instance:Instance", { ami: "ami-1", instanceType: "m6i.large" });
  const unpinned = resource("host", "aws:ec2/instance:Instance", { ami: "ami-2", instanceType: "m6i.large" }, { ignoreChanges: ["ami"] });
  expect(resourceChanges([old], [unpinned])[0].action).toBe("same");
  const alsoResized = resource("host", "aws:ec2/instance:Instance", { ami: "ami-2", instanceType: "m6i.xlarge" }, { ignoreChanges: ["ami"] });
  const c = resourceChanges([old], [alsoResized])[0];
  expect(c.action).toBe("update");
  expect(c.changed).toEqual(["instanceType"]);
});
