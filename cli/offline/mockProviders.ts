/**
 * Realistic provider outputs for Pulumi's mock runtime: what AWS, Docker and the random provider
 * would return after an update (EIP public IPs from TEST-NET-3, interface private IPs, record FQDNs,
 * ids). In preview mode, computed outputs are left out, so they are unknown exactly as in the
 * preview of a brand-new stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";
import { alwaysReturnedOutputs, type OutputShape } from "./providerOutputs";

function hex(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";

/** An IPv6 /56 from AWS's pool for a VPC that asked for one (Amazon-provided or from an IPAM pool). */
function vpcIpv6Block(inputs: Record<string, unknown>, h: string): string {
  if (typeof inputs.ipv6CidrBlock === "string" && inputs.ipv6CidrBlock) return inputs.ipv6CidrBlock;
  if (inputs.assignGeneratedIpv6CidrBlock === true || inputs.ipv6IpamPoolId) return `2600:1f18:${h.slice(0, 4)}:${h.slice(4, 6)}00::/56`;
  return "";
}

/**
 * A value for an output the provider always returns that the program did not set: computed ids, ARNs,
 * owners, zones, DNS names; IPv6 fields only where the resource asked for IPv6; else the empty value of
 * its kind (the provider's empty string, list or map).
 */
function computedValue(type: string, shape: OutputShape, state: Record<string, unknown>, inputs: Record<string, unknown>, id: string, h: string, resourceName: string): unknown {
  const { name, kind } = shape;
  const ip = typeof state.privateIp === "string" ? state.privateIp : undefined;
  if ((name === "privateDns" || name === "privateDnsName") && ip) return `ip-${ip.replace(/\./g, "-")}.${REGION}.compute.internal`;
  if (name === "privateIps" && ip) return [ip];
  if (name === "tagsAll") return { ...((inputs.tags as Record<string, unknown> | undefined) ?? {}) };
  // Pulumi auto-names a resource the program gave no name: its logical name plus a random suffix (or
  // the namePrefix the program gave plus one), so the provider always returns a non-empty name.
  const autoName = typeof inputs.name === "string" ? inputs.name : typeof inputs.namePrefix === "string" ? `${inputs.namePrefix}${h}` : `${resourceName}-${h.slice(0, 7)}`;
  if (name === "name" && kind === "string") return autoName;
  // A load balancer's DNS name (`<name>-<id>.elb.<region>.amazonaws.com`, internal ones prefixed).
  if (type === "aws:lb/loadBalancer:LoadBalancer" || type === "aws:alb/loadBalancer:LoadBalancer") {
    if (name === "dnsName") return `${inputs.internal === true ? "internal-" : ""}${autoName}-${h.slice(0, 10)}.elb.${REGION}.amazonaws.com`;
  }
  // A launch template's first version is 1.
  if (type === "aws:ec2/launchTemplate:LaunchTemplate" && (name === "latestVersion" || name === "defaultVersion")) return 1;
  if (type === "aws:ec2/vpc:Vpc") {
    const v6 = vpcIpv6Block(inputs, h);
    if (name === "ipv6CidrBlock") return v6;
    if (name === "ipv6AssociationId") return v6 ? `vpc-cidr-assoc-${h}` : "";
    if (name === "ipv6CidrBlockNetworkBorderGroup") return v6 ? REGION : "";
    if (name === "enableDnsSupport") return true;
  }
  // Docker names a container's host after the first 12 characters of its id.
  if (type === "docker:index/container:Container" && name === "hostname") return id.slice(0, 12);
  if (type === "aws:ec2/subnet:Subnet" && name === "ipv6CidrBlockAssociationId") return inputs.ipv6CidrBlock ? `subnet-cidr-assoc-${h}` : "";
  if (/ipv6/i.test(name)) return kind === "number" ? 0 : kind === "list" ? [] : kind === "boolean" ? false : "";
  if (kind !== "string") return kind === "number" ? 0 : kind === "boolean" ? false : kind === "list" ? [] : {};
  if (name === "arn" || name.endsWith("Arn")) {
    if (name !== "arn") return "";
    const [, mod, resource] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type) ?? [];
    return mod ? `arn:aws:${mod}:${REGION}:${ACCOUNT}:${resource.toLowerCase()}/${id}` : "";
  }
  if (name === "ownerId") return ACCOUNT;
  if (name === "region") return REGION;
  if (name === "availabilityZone") return `${REGION}a`;
  if (name === "availabilityZoneId") return "euw1-az1";
  if (name === "macAddress") return `02:${h.slice(0, 2)}:${h.slice(2, 4)}:${h.slice(4, 6)}:${h.slice(6, 8)}:${h.slice(8, 10)}`;
  if (/Id$/.test(name) && type.startsWith("aws:")) return `${name.replace(/Id$/, "").replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}-${h}`;
  return "";
}

/** Outputs the provider leaves unset when their alternative is given (the schema's ConflictsWith pairs). */
const ALTERNATIVES: Record<string, string> = { userDataBase64: "userData", userData: "userDataBase64" };

/** Fills every output the provider always returns that the state does not have yet. */
function withProviderOutputs(type: string, state: Record<string, unknown>, inputs: Record<string, unknown>, id: string, h: string, resourceName: string): void {
  for (const shape of alwaysReturnedOutputs(type)) {
    const alternative = ALTERNATIVES[shape.name];
    if (alternative !== undefined && inputs[alternative] !== undefined) continue;
    if (state[shape.name] === undefined) state[shape.name] = computedValue(type, shape, state, inputs, id, h, resourceName);
  }
}

/** Deterministic outputs: the same program gives the same ids and IPs in every run. */
export function createMocks(preview: boolean): pulumi.runtime.Mocks {
  let eipCount = 0;
  // An instance on a pre-made interface has that interface's address, as on EC2.
  const eniIps = new Map<string, string | undefined>();
  return {
    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
      const inputs = args.inputs as Record<string, unknown>;
      if (preview) return { id: undefined, state: inputs };
      const h = hex(`${args.type}:${args.name}`, 17);
      const state: Record<string, unknown> = { ...inputs };
      let id = `${args.type.split(/[:/]/).pop()!.toLowerCase()}-${h}`;
      switch (args.type) {
        case "aws:ec2/eip:Eip":
          id = `eipalloc-${h}`;
          eipCount += 1;
          state.publicIp = `203.0.113.${(eipCount % 250) + 1}`;
          state.publicDns = `ec2-203-0-113-${(eipCount % 250) + 1}.compute.amazonaws.com`;
          state.allocationId = id;
          state.privateIp = inputs.associateWithPrivateIp;
          break;
        case "aws:ec2/networkInterface:NetworkInterface":
          id = `eni-${h}`;
          state.privateIp = (inputs.privateIps as string[] | undefined)?.[0] ?? inputs.privateIp;
          eniIps.set(id, state.privateIp as string | undefined);
          break;
        case "aws:ec2/instance:Instance":
          id = `i-${h}`;
          const primary = (inputs.primaryNetworkInterface as { networkInterfaceId?: string } | undefined)?.networkInterfaceId;
          state.privateIp = (primary !== undefined ? eniIps.get(primary) : undefined) ?? inputs.privateIp ?? `10.255.${parseInt(h.slice(0, 2), 16)}.${(parseInt(h.slice(2, 4), 16) % 250) + 4}`;
          break;
        case "aws:route53/zone:Zone":
          id = `Z${h.toUpperCase()}`;
          state.zoneId = id;
          break;
        case "aws:route53/record:Record":
          state.fqdn = inputs.name;
          break;
        case "aws:ec2/vpc:Vpc":
          id = `vpc-${h}`;
          break;
        case "aws:ec2/subnet:Subnet":
          id = `subnet-${h}`;
          break;
        case "aws:ec2/securityGroup:SecurityGroup":
          id = `sg-${h}`;
          break;
        case "aws:iam/role:Role":
        case "aws:iam/instanceProfile:InstanceProfile":
          state.arn = `arn:aws:iam::123456789012:${args.type.includes("role") ? "role" : "instance-profile"}/${args.name}`;
          state.name = inputs.name ?? args.name;
          break;
        case "aws:ssm/parameter:Parameter":
          state.arn = `arn:aws:ssm:eu-west-1:123456789012:parameter${inputs.name}`;
          break;
        case "aws:s3/bucket:Bucket": {
          // A generated name (bucketPrefix plus a suffix), as S3 bucket names are global.
          const bucket = (inputs.bucket as string | undefined) ?? `${(inputs.bucketPrefix as string | undefined) ?? "terraform-"}${h}`;
          id = bucket;
          state.bucket = bucket;
          state.arn = `arn:aws:s3:::${bucket}`;
          break;
        }
        case "aws:s3/bucketObjectv2:BucketObjectv2":
          id = String(inputs.key);
          state.versionId = hex(`${args.name}:${String(inputs.content)}`, 32);
          state.etag = createHash("md5").update(String(inputs.content ?? "")).digest("hex");
          break;
        case "docker:index/remoteImage:RemoteImage":
          state.imageId = `${inputs.name}@sha256:${hex(String(inputs.name), 64)}`;
          break;
        case "docker:index/network:Network":
          id = hex(args.name, 64);
          break;
        case "docker:index/container:Container": {
          id = hex(args.name, 64);
          // Docker assigns an address on each network unless the container asks for a fixed one.
          const networks = (inputs.networksAdvanced as { name?: string; ipv4Address?: string }[] | undefined) ?? [];
          state.networkDatas = networks.map((n, i) => ({
            networkName: n.name,
            ipAddress: n.ipv4Address ?? `172.31.${parseInt(h.slice(0, 2), 16)}.${(parseInt(h.slice(2, 4), 16) % 250) + 2 + i}`,
          }));
          break;
        }
        case "random:index/randomPassword:RandomPassword":
          state.result = `mock-${hex(args.name, 24)}`;
          break;
        case "random:index/randomUuid:RandomUuid": {
          const u = hex(args.name, 32);
          state.result = `${u.slice(0, 8)}-${u.slice(8, 12)}-4${u.slice(13, 16)}-a${u.slice(17, 20)}-${u.slice(20, 32)}`;
          break;
        }
      }
      if (args.custom) withProviderOutputs(args.type, state, inputs, id, h, args.name);
      return { id: args.custom ? id : undefined, state };
    },
    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
      if (args.token === "aws:ec2/getAmi:getAmi") return { id: "ami-0123456789abcdef0", architecture: "x86_64" };
      if (args.token === "aws:index/getCallerIdentity:getCallerIdentity") return { accountId: "123456789012", arn: "arn:aws:iam::123456789012:user/offline-check", userId: "AIDAOFFLINECHECK", id: "123456789012" };
      return {};
    },
  };
}
