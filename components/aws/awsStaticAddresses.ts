/**
 * Static addressing on AWS, the heart of the mission: for every controller a network interface with a
 * fixed private IP (the instance is attached to it, so a replaced instance comes back on the same
 * interface), an Elastic IP on every seed's interface, a Route53 private zone with an A record per
 * controller (`<name>.<zone>` -> the fixed IP) and, when asked, a public record per seed EIP.
 * With `protect`, interfaces, EIPs, records and the zone are protected and retained on delete.
 */
import { resolveSettings, type OpenWhiskSettings } from "../settings";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { planSeedAddresses, StaticAddress } from "../plan/seedAddresses";

export interface AwsStaticAddressesArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
  vpcId: pulumi.Input<string>;
  /** Subnet ids, in the order of openwhisk:aws.subnets. */
  subnetIds: pulumi.Input<string>[];
  /** Security group of the controllers' interfaces. */
  securityGroupIds: pulumi.Input<string>[];
  /** Protect and retain the addresses (production). Default: openwhisk:aws.protectAddresses. */
  protect?: boolean;
  tags?: Record<string, string>;
}

export class AwsStaticAddresses extends pulumi.ComponentResource {
  /** The planned static addresses (fixed private IP, static DNS name, remoting port) per controller. */
  public readonly addresses: StaticAddress[];
  /** Network interface ids, one per controller; each controller instance uses its own as primary interface. */
  public readonly interfaceIds: pulumi.Output<string>[];
  /** Public IPs of the seeds' Elastic IPs, by controller index (undefined for non-seeds). */
  public readonly seedPublicIps: Array<pulumi.Output<string> | undefined>;
  public readonly zoneId: pulumi.Output<string>;

  constructor(name: string, args: AwsStaticAddressesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:aws:StaticAddresses", name, {}, opts);
    const config = resolveSettings(args.settings);
    const a = config.aws;
    if (config.target !== "aws" || !a) throw new Error("openwhisk:target: AwsStaticAddresses needs the aws target and openwhisk:aws");
    const protect = args.protect ?? a.protectAddresses;
    const keep: pulumi.CustomResourceOptions = { parent: this, protect, retainOnDelete: protect };
    this.addresses = planSeedAddresses(config);

    const zone = new aws.route53.Zone(`${name}-zone`, {
      name: a.zoneName,
      comment: "OpenWhisk controllers' static names",
      vpcs: [{ vpcId: args.vpcId, vpcRegion: a.region }],
      tags: args.tags,
    }, keep);
    this.zoneId = zone.zoneId;

    this.interfaceIds = [];
    this.seedPublicIps = [];
    for (const addr of this.addresses) {
      const tags = { ...args.tags, Name: addr.name, "openwhisk:role": "controller", "openwhisk:index": String(addr.index), "openwhisk:seed": String(addr.seed), "openwhisk:dns-name": addr.dnsName };
      const eni = new aws.ec2.NetworkInterface(`${name}-${addr.name}-eni`, {
        subnetId: args.subnetIds[addr.subnetIndex!],
        privateIps: [addr.privateIp],
        securityGroups: args.securityGroupIds,
        description: `${addr.name}: fixed address of an OpenWhisk controller`,
        tags,
      }, keep);
      this.interfaceIds.push(eni.id);
      new aws.route53.Record(`${name}-${addr.name}-record`, {
        zoneId: zone.zoneId,
        name: addr.dnsName,
        type: "A",
        ttl: 60,
        records: [addr.privateIp],
      }, keep);
      if (!addr.seed) {
        this.seedPublicIps.push(undefined);
        continue;
      }
      const eip = new aws.ec2.Eip(`${name}-${addr.name}-eip`, {
        domain: "vpc",
        networkInterface: eni.id,
        associateWithPrivateIp: addr.privateIp,
        tags,
      }, keep);
      this.seedPublicIps.push(eip.publicIp);
      if (a.publicZone) {
        new aws.route53.Record(`${name}-${addr.name}-public-record`, {
          zoneId: a.publicZone.zoneId,
          name: `${addr.name}.${a.publicZone.name}`,
          type: "A",
          ttl: 300,
          records: [eip.publicIp],
        }, keep);
      }
    }
    this.registerOutputs({ addresses: this.addresses, interfaceIds: this.interfaceIds, zoneId: this.zoneId });
  }
}
