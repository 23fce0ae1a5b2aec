/**
 * A whole OpenWhisk deployment from one set of settings (validated by the stack config's contract):
 * static addresses, core services, the controller cluster and the invoker fleet, on the settings'
 * target. The stack program is this component; other programs (in any Pulumi language, through the
 * component package) can use it, or compose the parts themselves in TypeScript.
 */
import * as pulumi from "@pulumi/pulumi";
import { AwsNetwork } from "./aws/awsNetwork";
import { AwsStaticAddresses } from "./aws/awsStaticAddresses";
import { HostAccess } from "./aws/hostAccess";
import { resolveSettings, type OpenWhiskSettings } from "./settings";
import { ControllerCluster } from "./controllerCluster";
import { CoreServices } from "./coreServices";
import { DockerStaticAddresses } from "./docker/dockerStaticAddresses";
import { DowningSupervisor } from "./downingSupervisor";
import { InvokerFleet } from "./invokerFleet";
import type { StaticAddress } from "./plan/seedAddresses";
import { checkGivenAuthKeys, OpenWhiskSecrets, type OpenWhiskSecretInputs } from "./secrets";
import { cidrContains, parseCidr } from "./config/ipv4";
import { hostSecrets, type HostKind } from "./plan/hostSecrets";
import { awsSubnets } from "./plan/seedAddresses";
import { readyParameter } from "./plan/readiness";
import { supervisorEnabled } from "./plan/supervisedSeeds";
import { supervisorLeaseParameter, supervisorStatusParameter } from "./plan/renderSupervisor";

/**
 * A whole deployment's arguments: the settings (the stack config as arguments, validated by the same
 * contract) plus the stack's name and the secrets a user gives.
 */
export interface OpenWhiskClusterArgs extends OpenWhiskSettings {
  /** The stack name: cluster name default, container prefix, SSM path; default the current stack. */
  stack?: string;
  /** Secrets; each one not given is generated once and kept, encrypted, in the stack's state. */
  secrets?: OpenWhiskSecretInputs;
}

/** Each cluster's parts, outside the class's fields (the component provider publishes fields as outputs). */
const PARTS = new WeakMap<object, { controllers: ControllerCluster; invokers: InvokerFleet; core: CoreServices }>();

export class OpenWhiskCluster extends pulumi.ComponentResource {
  /** The controllers' static addresses (fixed IP, DNS name, remoting port, seed flag). */
  public readonly addresses: StaticAddress[];
  // The parts, for TypeScript programs (getters: resources, not data, so the component provider does not
  // publish them as outputs).
  /** The controller cluster component. */
  public get controllers(): ControllerCluster {
    return PARTS.get(this)!.controllers;
  }
  /** The invoker fleet component. */
  public get invokers(): InvokerFleet {
    return PARTS.get(this)!.invokers;
  }
  /** The core services component. */
  public get core(): CoreServices {
    return PARTS.get(this)!.core;
  }
  /** Seed URIs rendered into every controller. */
  public readonly seedNodes: string[];
  /** Public IPs of the seeds' Elastic IPs (aws). */
  public readonly seedPublicIps: pulumi.Output<string>[];

  constructor(name: string, args: OpenWhiskClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    // Auth keys given to the component bypass the stack config's validation: check them before anything exists.
    checkGivenAuthKeys(args.secrets, "component arguments");
    // The type token names the class (what the component provider exposes); the alias keeps existing stacks' URNs.
    super("openwhisk:index:OpenWhiskCluster", name, {}, { ...opts, aliases: [...(opts?.aliases ?? []), { type: "openwhisk:index:Cluster" }] });
    const { stack: givenStack, secrets: givenSecrets, ...settings } = args;
    const stack = givenStack ?? pulumi.getStack();
    const config = resolveSettings(settings);
    const parent = { parent: this };
    const secrets = new OpenWhiskSecrets(`${name}-secrets`, { given: givenSecrets }, parent).values;
    const production = config.environment === "production";

    let core: CoreServices;
    let controllers: ControllerCluster;
    let invokers: InvokerFleet;
    if (config.target === "docker") {
      const statics = new DockerStaticAddresses(`${name}-addresses`, { settings, protect: production }, parent);
      const placement = { kind: "docker" as const, networkName: statics.networkName, prefix: stack };
      this.addresses = statics.addresses;
      this.seedPublicIps = [];
      core = new CoreServices(`${name}-core`, { settings, addresses: statics.addresses, secrets, placement }, parent);
      // The downing supervisor (manual downing) runs before the controllers: they need it to form the cluster.
      const supervisor = supervisorEnabled(config) ? new DowningSupervisor(`${name}-supervisor`, { settings, stack, addresses: statics.addresses, secrets, placement }, parent) : undefined;
      const before = [...core.ready, ...(supervisor?.resource ? [supervisor.resource] : [])];
      controllers = new ControllerCluster(`${name}-controllers`, { settings, stack, addresses: statics.addresses, secrets, placement, dependsOn: before }, parent);
      invokers = new InvokerFleet(`${name}-invokers`, { settings, stack, secrets, placement, actionNetwork: core.actionNetwork, dependsOn: core.ready }, parent);
    } else {
      const a = config.aws!;
      const tags = { "openwhisk:stack": stack, "openwhisk:environment": config.environment };
      const network = new AwsNetwork(`${name}-network`, { settings, tags }, parent);
      const statics = new AwsStaticAddresses(`${name}-addresses`, {
        settings, vpcId: network.vpcId, subnetIds: network.subnetIds, securityGroupIds: [network.controllerSecurityGroupId], tags,
      }, parent);
      // Every controller host its own role: the controllers' reads, and a write of its own readiness parameter only.
      const kinds = hostSecrets(config, stack);
      const controllerKind = (controller: string) => `controller-${controller}`;
      const controllerKinds = Object.fromEntries(statics.addresses.map((s) => [controllerKind(s.name), kinds.controller]));
      const access = new HostAccess(`${name}-hosts`, {
        stack, secrets, amiId: a.amiId, tags, region: a.region,
        hostKinds: {
          core: kinds.core, invoker: kinds.invoker, ...controllerKinds,
          ...(supervisorEnabled(config) ? { supervisor: { secrets: ["jmxPassword" as const], parameters: [supervisorLeaseParameter(stack)] } } : {}),
        },
        writes: {
          ...Object.fromEntries(statics.addresses.map((s) => [controllerKind(s.name), [readyParameter(stack, s.name)]])),
          ...(supervisorEnabled(config) ? { supervisor: [supervisorStatusParameter(stack), supervisorLeaseParameter(stack)] } : {}),
        },
      }, parent);
      const base = { kind: "aws" as const, region: a.region, subnetIds: network.subnetIds, amiId: access.amiId, amiPinned: access.amiPinned, secretPrefix: access.secretPrefix, tags };
      const profile = (kind: HostKind) => ({ instanceProfileName: access.instanceProfileNames[kind] });
      this.addresses = statics.addresses;
      this.seedPublicIps = statics.seedPublicIps.filter((ip): ip is pulumi.Output<string> => ip !== undefined);
      const coreSubnet = awsSubnets(config).findIndex((s) => cidrContains(parseCidr(s.cidr)!, a.coreAddress));
      core = new CoreServices(`${name}-core`, {
        settings, addresses: statics.addresses, secrets,
        placement: { ...base, ...profile("core"), securityGroupIds: [network.coreSecurityGroupId], subnetIndex: coreSubnet },
      }, parent);
      // The downing supervisor (manual downing): a small host of its own in the first private subnet (plan/renderSupervisor.ts says why).
      const supervisor = supervisorEnabled(config)
        ? new DowningSupervisor(`${name}-supervisor`, {
          settings, stack, addresses: statics.addresses, secrets,
          placement: { ...base, instanceProfileName: access.instanceProfileNames.supervisor, roleName: access.roleNames.supervisor, subnetId: network.privateSubnetIds[0], securityGroupIds: [network.coreSecurityGroupId] },
        }, parent)
        : undefined;
      controllers = new ControllerCluster(`${name}-controllers`, {
        settings, stack, addresses: statics.addresses, secrets, placement: {
          ...base, instanceProfileName: access.instanceProfileNames[controllerKind(statics.addresses[0].name)], interfaceIds: statics.interfaceIds,
          controllerInstanceProfileNames: statics.addresses.map((s) => access.instanceProfileNames[controllerKind(s.name)]),
        },
        dependsOn: [...core.ready, ...(supervisor?.resource ? [supervisor.resource] : [])],
      }, parent);
      invokers = new InvokerFleet(`${name}-invokers`, {
        settings, stack, secrets, placement: { ...base, ...profile("invoker"), subnetIds: network.privateSubnetIds, securityGroupIds: [network.invokerSecurityGroupId] }, dependsOn: core.ready,
      }, parent);
    }
    PARTS.set(this, { controllers, invokers, core });
    this.seedNodes = controllers.seedNodes;
    this.registerOutputs({ addresses: this.addresses, seedNodes: this.seedNodes, seedPublicIps: this.seedPublicIps });
  }
}
