/**
 * The VPC side of an aws stack: the VPC and subnets (created, or existing ones by id) and the security
 * groups that keep each port to the members that need it:
 * remoting only between controllers; Kafka, ZooKeeper and CouchDB only from cluster members; JMX /
 * management and SSH only from admin CIDRs; the controller API only from the edge (core host).
 */
import { resolveSettings, type OpenWhiskSettings } from "../settings";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SERVICE_PORTS } from "../plan/serviceEndpoints";
import { byFamily } from "../config/cidr";

export interface AwsNetworkArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
  /** Tags added to every resource. */
  tags?: Record<string, string>;
}

export class AwsNetwork extends pulumi.ComponentResource {
  /** The VPC's id (created or given). */
  public readonly vpcId: pulumi.Output<string>;
  /** Subnet ids: openwhisk:aws.subnets (public) then openwhisk:aws.privateSubnets, in config order. */
  public readonly subnetIds: pulumi.Output<string>[];
  /** The public subnets' ids (seed controllers, the NAT gateway). */
  public readonly publicSubnetIds: pulumi.Output<string>[];
  /** The private subnets' ids (invokers, the core host, non-seed controllers). */
  public readonly privateSubnetIds: pulumi.Output<string>[];
  /** Security group of the controller hosts (remoting and JMX only from controllers and allow-lists). */
  public readonly controllerSecurityGroupId: pulumi.Output<string>;
  /** Security group of the invoker hosts. */
  public readonly invokerSecurityGroupId: pulumi.Output<string>;
  /** Security group of the core host (Kafka, ZooKeeper, CouchDB, the edge). */
  public readonly coreSecurityGroupId: pulumi.Output<string>;

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:AwsNetwork", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "openwhisk:aws:Network" }] });
    const config = resolveSettings(args.settings);
    const a = config.aws;
    if (config.target !== "aws" || !a) throw new Error("openwhisk:target: AwsNetwork needs the aws target and openwhisk:aws");
    const tags = { ...args.tags };
    const parent = { parent: this };

    if (a.vpcId) {
      // Existing subnets: their routes are the VPC owner's (private ones need a NAT gateway or VPC endpoints).
      this.vpcId = pulumi.output(a.vpcId);
      this.publicSubnetIds = a.subnets.map((s) => pulumi.output(s.id!));
      this.privateSubnetIds = a.privateSubnets.map((s) => pulumi.output(s.id!));
    } else {
      const vpc = new aws.ec2.Vpc(`${name}-vpc`, { cidrBlock: a.vpcCidr!, enableDnsHostnames: true, enableDnsSupport: true, tags: { ...tags, Name: `${name}-vpc` } }, parent);
      const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags }, parent);
      const routes = new aws.ec2.RouteTable(`${name}-routes`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags }, parent);
      this.vpcId = vpc.id;
      // Public subnets never map public IPs on launch: only the seeds' Elastic IPs are public.
      this.publicSubnetIds = a.subnets.map((s, i) => {
        const subnet = new aws.ec2.Subnet(`${name}-subnet-${i}`, { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.availabilityZone, mapPublicIpOnLaunch: false, tags: { ...tags, Name: `${name}-${s.availabilityZone}`, "openwhisk:tier": "public" } }, parent);
        new aws.ec2.RouteTableAssociation(`${name}-subnet-${i}-routes`, { subnetId: subnet.id, routeTableId: routes.id }, parent);
        return subnet.id;
      });
      // Private subnets reach the internet (image pulls, SSM) through one NAT gateway in the first public subnet.
      const natIp = new aws.ec2.Eip(`${name}-nat-ip`, { domain: "vpc", tags: { ...tags, Name: `${name}-nat` } }, parent);
      const nat = new aws.ec2.NatGateway(`${name}-nat`, { allocationId: natIp.id, subnetId: this.publicSubnetIds[0], tags: { ...tags, Name: `${name}-nat` } }, { ...parent, dependsOn: [igw] });
      const privateRoutes = new aws.ec2.RouteTable(`${name}-private-routes`, { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags }, parent);
      this.privateSubnetIds = a.privateSubnets.map((s, i) => {
        const subnet = new aws.ec2.Subnet(`${name}-private-subnet-${i}`, { vpcId: vpc.id, cidrBlock: s.cidr, availabilityZone: s.availabilityZone, mapPublicIpOnLaunch: false, tags: { ...tags, Name: `${name}-private-${s.availabilityZone}`, "openwhisk:tier": "private" } }, parent);
        new aws.ec2.RouteTableAssociation(`${name}-private-subnet-${i}-routes`, { subnetId: subnet.id, routeTableId: privateRoutes.id }, parent);
        return subnet.id;
      });
    }
    this.subnetIds = [...this.publicSubnetIds, ...this.privateSubnetIds];

    const egress = [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "all egress" }];
    const admin = a.adminCidrs;
    // IPv4 blocks in cidrBlocks, IPv6 blocks in ipv6CidrBlocks (AWS rejects the other family's field).
    const ssh = { protocol: "tcp", fromPort: 22, toPort: 22, ...byFamily(admin), description: "SSH from admin CIDRs" };
    const remoting = config.controllers.remotingPort;
    const downing = config.controllers.downing;
    const controllerIngress: aws.types.input.ec2.SecurityGroupIngress[] = [
      ssh,
      { protocol: "tcp", fromPort: remoting, toPort: remoting, self: true, description: "cluster remoting between controllers only" },
    ];
    if (downing.mode === "manual") {
      const to = downing.via === "jmx" ? downing.port + 1 : downing.port;
      controllerIngress.push({ protocol: "tcp", fromPort: downing.port, toPort: to, ...byFamily(downing.allowedCidrs), description: "JMX/RMI from the supervisor's CIDRs" });
    }
    const controllerSg = new aws.ec2.SecurityGroup(`${name}-controllers`, { vpcId: this.vpcId, description: "OpenWhisk controllers", ingress: controllerIngress, egress, tags: { ...tags, "openwhisk:role": "controller" } }, parent);
    const invokerSg = new aws.ec2.SecurityGroup(`${name}-invokers`, { vpcId: this.vpcId, description: "OpenWhisk invokers", ingress: [ssh], egress, tags: { ...tags, "openwhisk:role": "invoker" } }, parent);
    const edgeIngress = [80, 443].map((p) => ({ protocol: "tcp", fromPort: p, toPort: p, ...byFamily(a.edgeCidrs), description: "edge (nginx) from edge CIDRs" }));
    const coreSg = new aws.ec2.SecurityGroup(`${name}-core`, { vpcId: this.vpcId, description: "OpenWhisk core services and edge", ingress: [ssh, ...edgeIngress], egress, tags: { ...tags, "openwhisk:role": "core" } }, parent);

    // Cross-group rules as separate resources (the groups reference each other).
    const apiFrom = config.controllers.apiPortBase;
    new aws.vpc.SecurityGroupIngressRule(`${name}-controller-api-from-edge`, {
      securityGroupId: controllerSg.id, referencedSecurityGroupId: coreSg.id, ipProtocol: "tcp", fromPort: apiFrom, toPort: apiFrom + config.controllers.count - 1, description: "controller API from the edge only",
    }, parent);
    const members: Array<[string, aws.ec2.SecurityGroup]> = [["controllers", controllerSg], ["invokers", invokerSg]];
    for (const [svc, port] of Object.entries({ kafka: SERVICE_PORTS.kafka, zookeeper: SERVICE_PORTS.zookeeper, couchdb: SERVICE_PORTS.couchdb })) {
      for (const [who, sg] of members) {
        new aws.vpc.SecurityGroupIngressRule(`${name}-${svc}-from-${who}`, {
          securityGroupId: coreSg.id, referencedSecurityGroupId: sg.id, ipProtocol: "tcp", fromPort: port, toPort: port, description: `${svc} from ${who}`,
        }, parent);
      }
    }
    // Actions call back the API host they are handed (the edge, on the core host); their traffic leaves
    // as the invoker host's (the action fence lets only that port of that host through).
    new aws.vpc.SecurityGroupIngressRule(`${name}-api-from-invokers`, {
      securityGroupId: coreSg.id, referencedSecurityGroupId: invokerSg.id, ipProtocol: "tcp", fromPort: 443, toPort: 443, description: "the API host (edge) from actions on the invokers",
    }, parent);
    // Invokers take no inbound traffic but SSH: controllers reach them through Kafka. (No rule here
    // may depend on the invoker count: adding an invoker must not change an existing resource.)

    this.controllerSecurityGroupId = controllerSg.id;
    this.invokerSecurityGroupId = invokerSg.id;
    this.coreSecurityGroupId = coreSg.id;
    this.registerOutputs({ vpcId: this.vpcId, subnetIds: this.subnetIds, publicSubnetIds: this.publicSubnetIds, privateSubnetIds: this.privateSubnetIds });
  }
}
