/**
 * Which input properties force a resource's REPLACEMENT (delete and create) rather than an in-place
 * update, per resource type this project registers.
 *
 * How this is known, honestly: Pulumi's aws, docker and random providers are bridged Terraform
 * providers; a property replaces its resource when the Terraform schema marks it ForceNew. That
 * schema lives in the provider plugin binaries, which this offline tool does not have (no plugins,
 * no engine). So this table is written down by hand from the providers' documentation ("Forces new
 * resource" / "changing this creates a new resource") for the types and properties our components
 * set, and kept deliberately conservative:
 *   - aws:        https://registry.terraform.io/providers/hashicorp/aws/latest/docs (resource pages)
 *   - docker:     https://registry.terraform.io/providers/kreuzwerker/docker/latest/docs (docker_container:
 *                 every argument forces a new container except the few listed as updatable)
 *   - random:     https://registry.terraform.io/providers/hashicorp/random/latest/docs (every argument
 *                 of random_password / random_uuid forces a new value)
 *   - ControllerReadyGate: our own dynamic provider (components/aws/readyGateProvider.ts) never asks
 *                 for a replacement.
 * A type missing here is reported as an update with `replaceUnknown: true`: `pulumi preview` has the
 * final word. A real preview may also replace for reasons an offline run cannot see (a property the
 * cloud changed, a provider upgrade).
 */

export interface ReplaceRule {
  /** Properties (top-level input names) whose change replaces the resource. */
  replaceOn?: string[];
  /** Every property replaces the resource except these (providers where nearly everything is ForceNew). */
  replaceOnAllBut?: string[];
  /** Properties that replace the resource only when another input is true (aws Instance user data). */
  replaceOnWhen?: { properties: string[]; flag: string }[];
}

export const REPLACE_RULES: Record<string, ReplaceRule> = {
  "aws:ec2/instance:Instance": {
    replaceOn: ["ami", "availabilityZone", "subnetId", "privateIp", "keyName", "primaryNetworkInterface", "networkInterfaces", "placementGroup", "tenancy", "hostId", "ebsBlockDevices", "ephemeralBlockDevices"],
    // user_data changes stop/start the instance, unless user_data_replace_on_change is set (our hosts set it).
    replaceOnWhen: [{ properties: ["userData", "userDataBase64"], flag: "userDataReplaceOnChange" }],
  },
  "aws:ec2/networkInterface:NetworkInterface": { replaceOn: ["subnetId", "interfaceType", "privateIpsCount"] },
  "aws:ec2/eip:Eip": { replaceOn: ["domain", "vpc", "publicIpv4Pool", "customerOwnedIpv4Pool", "address", "networkBorderGroup"] },
  "aws:ec2/vpc:Vpc": { replaceOn: ["cidrBlock", "instanceTenancy", "ipv4IpamPoolId"] },
  "aws:ec2/subnet:Subnet": { replaceOn: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId", "outpostArn"] },
  "aws:ec2/internetGateway:InternetGateway": { replaceOn: [] },
  "aws:ec2/natGateway:NatGateway": { replaceOn: ["subnetId", "allocationId", "connectivityType", "privateIp"] },
  "aws:ec2/routeTable:RouteTable": { replaceOn: ["vpcId"] },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { replaceOn: ["subnetId", "gatewayId"] },
  "aws:ec2/securityGroup:SecurityGroup": { replaceOn: ["name", "namePrefix", "description", "vpcId"] },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { replaceOn: ["securityGroupId"] },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { replaceOn: ["securityGroupId"] },
  "aws:ec2/securityGroupRule:SecurityGroupRule": { replaceOnAllBut: ["description"] },
  "aws:route53/zone:Zone": { replaceOn: ["name", "delegationSetId"] },
  "aws:route53/record:Record": { replaceOn: ["name", "type", "zoneId", "setIdentifier"] },
  "aws:iam/role:Role": { replaceOn: ["name", "namePrefix", "path"] },
  "aws:iam/rolePolicy:RolePolicy": { replaceOn: ["name", "namePrefix", "role"] },
  "aws:iam/instanceProfile:InstanceProfile": { replaceOn: ["name", "namePrefix", "path"] },
  "aws:ssm/parameter:Parameter": { replaceOn: ["name"] },
  "aws:ebs/volume:Volume": { replaceOn: ["availabilityZone", "encrypted", "kmsKeyId", "snapshotId", "outpostArn"] },
  // aws_volume_attachment: device_name, instance_id and volume_id all force a new attachment.
  "aws:ec2/volumeAttachment:VolumeAttachment": { replaceOn: ["deviceName", "instanceId", "volumeId"] },
  "aws:s3/bucket:Bucket": { replaceOn: ["bucket", "bucketPrefix", "objectLockEnabled"] },
  "aws:s3/bucketObjectv2:BucketObjectv2": { replaceOn: ["bucket", "key"] },
  "aws:s3/bucketPolicy:BucketPolicy": { replaceOn: ["bucket"] },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { replaceOn: ["bucket"] },
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { replaceOn: ["bucket"] },
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { replaceOn: ["bucket", "expectedBucketOwner"] },
  "aws:s3/bucketVersioning:BucketVersioning": { replaceOn: ["bucket", "expectedBucketOwner"] },
  "docker:index/container:Container": { replaceOnAllBut: ["restart", "maxRetryCount", "cpuShares", "memory", "memorySwap", "wait", "waitTimeout", "mustRun", "start", "rm", "attach", "logs", "destroyGraceSeconds"] },
  "docker:index/network:Network": { replaceOnAllBut: [] },
  "docker:index/volume:Volume": { replaceOnAllBut: [] },
  "docker:index/remoteImage:RemoteImage": { replaceOn: ["name", "pullTriggers", "platform", "build"] },
  "random:index/randomPassword:RandomPassword": { replaceOnAllBut: [] },
  "random:index/randomUuid:RandomUuid": { replaceOnAllBut: [] },
  "pulumi-nodejs:dynamic/openwhisk:ControllerReadyGate": { replaceOn: [] },
};

/**
 * Of the changed properties, those that replace the resource; undefined when the type is not in the
 * table (the caller reports an update it cannot vouch for).
 */
export function replacingProperties(type: string, changed: string[], inputs: Record<string, unknown>): string[] | undefined {
  const rule = REPLACE_RULES[type];
  if (!rule) return undefined;
  const out = new Set<string>();
  for (const p of changed) {
    if (p === "__provider") continue;
    if (rule.replaceOnAllBut && !rule.replaceOnAllBut.includes(p)) out.add(p);
    if (rule.replaceOn?.includes(p)) out.add(p);
    for (const w of rule.replaceOnWhen ?? []) if (w.properties.includes(p) && inputs[w.flag] === true) out.add(p);
  }
  return [...out].sort();
}
