/**
 * Where rendered containers run: a Docker engine (one docker.Container per spec) or EC2 hosts (one
 * instance per host, its containers as systemd units written by cloud-init). Components take a
 * placement and only turn specs into resources through the two functions below.
 */
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import { dockerContainerArgs } from "./docker/containerArgs";
import { hardenedInstanceArgs } from "./aws/hostAccess";
import { renderCloudInit, userDataFor, type HostJob } from "./plan/cloudInit";
import type { ContainerSpec } from "./plan/containerSpec";
import type { SecretValues } from "./secrets";
import type { StackConfig } from "./config/schema";
import { actionNetwork } from "./plan/actionIsolation";

export interface DockerPlacement {
  kind: "docker";
  /** The user-defined network (from DockerStaticAddresses). */
  networkName: pulumi.Input<string>;
  /** Container name prefix, e.g. the stack name. */
  prefix: string;
}

export interface AwsPlacement {
  kind: "aws";
  region: string;
  /** Subnet ids in the order of openwhisk:aws.subnets. */
  subnetIds: pulumi.Input<string>[];
  amiId: pulumi.Input<string>;
  /** The AMI is pinned by config; otherwise a newer looked-up AMI is ignored by existing hosts (never a silent replacement). */
  amiPinned?: boolean;
  instanceProfileName: pulumi.Input<string>;
  /** SSM path prefix of the secrets (from HostAccess). */
  secretPrefix: string;
  tags?: Record<string, string>;
}

export type Placement = DockerPlacement | AwsPlacement;

/** Pulls an image once per component (docker). */
export function dockerImage(name: string, image: string, parent: pulumi.Resource): docker.RemoteImage {
  return new docker.RemoteImage(name, { name: image, keepLocally: true }, { parent });
}

/** docker: the action containers' own bridge network (actionIsolation.ts). */
export function actionsNetwork(name: string, config: StackConfig, parent: pulumi.Resource): docker.Network {
  const net = actionNetwork(config);
  return new docker.Network(name, {
    name: net.name, driver: "bridge", labels: [{ label: "openwhisk.role", value: "actions" }],
    ...(Object.keys(net.options).length ? { options: net.options } : {}),
  }, { parent, deleteBeforeReplace: true });
}

export function runContainer(
  name: string,
  spec: ContainerSpec,
  secrets: SecretValues,
  placement: DockerPlacement,
  image: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): docker.Container {
  return new docker.Container(name, dockerContainerArgs(spec, secrets, { networkName: placement.networkName, prefix: placement.prefix, image }), opts);
}

export interface HostArgs {
  instanceType: string;
  /** Tags that describe the host (role, index, runc versions, ...). */
  tags: Record<string, string>;
  /** Attach this pre-made fixed-IP interface as the primary one (controllers). */
  networkInterfaceId?: pulumi.Input<string>;
  /** Otherwise: launch in this subnet, optionally at a fixed private IP. */
  subnetId?: pulumi.Input<string>;
  privateIp?: string;
  securityGroupIds?: pulumi.Input<string>[];
  rootGb?: number;
  /** Host setup steps the containers wait for (e.g. the invokers' action fence). */
  jobs?: HostJob[];
  /** The Engine API version the host's docker engine must accept (invokers: their image's docker CLI). */
  dockerMinApiVersion?: string;
}

/**
 * One EC2 host running `specs`. The specs may be an Output when they name something only known after an
 * update (the supervisor's program bucket); the user data then follows it, as `userDataBase64` (one
 * property whatever the size, since EC2 takes only one): base64 of the text, gzip-compressed when it must be.
 */
export function runHost(name: string, specs: ContainerSpec[] | pulumi.Output<ContainerSpec[]>, placement: AwsPlacement, host: HostArgs, opts: pulumi.CustomResourceOptions): aws.ec2.Instance {
  const userData = (s: ContainerSpec[]) => userDataFor(renderCloudInit({ specs: s, jobs: host.jobs, secretPrefix: placement.secretPrefix, region: placement.region, dockerMinApiVersion: host.dockerMinApiVersion }));
  const userDataArgs: Pick<aws.ec2.InstanceArgs, "userData" | "userDataBase64"> = Array.isArray(specs)
    ? userData(specs)
    : { userDataBase64: specs.apply((s) => { const u = userData(s); return "userDataBase64" in u ? u.userDataBase64 : Buffer.from(u.userData, "utf8").toString("base64"); }) };
  const network: Partial<aws.ec2.InstanceArgs> = host.networkInterfaceId
    ? { primaryNetworkInterface: { networkInterfaceId: host.networkInterfaceId } }
    : // Hosts outside the static addresses live in private subnets: no public address at all.
      { subnetId: host.subnetId, privateIp: host.privateIp, vpcSecurityGroupIds: host.securityGroupIds, associatePublicIpAddress: false };
  return new aws.ec2.Instance(
    name,
    {
      ami: placement.amiId,
      instanceType: host.instanceType,
      iamInstanceProfile: placement.instanceProfileName,
      ...userDataArgs,
      // A changed container spec boots a fresh host from the new user data.
      userDataReplaceOnChange: true,
      ...network,
      ...hardenedInstanceArgs(host.rootGb ?? 40),
      tags: { ...placement.tags, ...host.tags },
    },
    placement.amiPinned === false ? { ...opts, ignoreChanges: [...(opts.ignoreChanges ?? []), "ami"] } : opts,
  );
}

/** Container labels as EC2 tags (`openwhisk.runc.host-version` -> `openwhisk:runc.host-version`). */
export function labelsAsTags(labels: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  // EC2 tag values hold at most 256 characters.
  for (const [k, v] of Object.entries(labels)) out[k.replace(/^openwhisk\./, "openwhisk:")] = v.slice(0, 256);
  return out;
}
