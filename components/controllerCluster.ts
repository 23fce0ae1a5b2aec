/**
 * N controllers running the rendered spec, each on its static address, with seeds from the static
 * addresses component and a fixed remoting port.
 *
 * Roll-out: controller i depends on controller i-1, so Pulumi creates, updates and replaces them one
 * at a time, in index order, and on docker waits for each to be healthy (`wait`) before the next.
 * Delete-before-replace is set because the static address forces it: a container's fixed IP and name,
 * or an instance's fixed-IP primary interface, cannot be held by the old and the new one at once.
 */
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config/schema";
import type { AwsPlacement, DockerPlacement } from "./placement";
import { dockerImage, labelsAsTags, runContainer, runHost } from "./placement";
import type { ContainerSpec } from "./plan/containerSpec";
import { renderController } from "./plan/renderController";
import { seedNodes, StaticAddress } from "./plan/seedAddresses";
import { seedUri } from "./plan/flavors";
import { planServiceEndpoints } from "./plan/serviceEndpoints";
import { renderDatabaseInit } from "./plan/databaseInit";
import type { SecretValues } from "./secrets";

export type ControllerPlacement =
  | DockerPlacement
  | (AwsPlacement & {
      /** The fixed-IP interfaces (AwsStaticAddresses.interfaceIds), one per controller. */
      interfaceIds: pulumi.Input<string>[];
    });

export interface ControllerClusterArgs {
  /** The validated stack config. */
  config: StackConfig;
  /** Stack name (cluster name default). */
  stack: string;
  /** The static addresses (DockerStaticAddresses / AwsStaticAddresses `.addresses`): the only source of seeds. */
  addresses: StaticAddress[];
  secrets: SecretValues;
  placement: ControllerPlacement;
  /** Resources every controller waits for (core services, the database init job). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class ControllerCluster extends pulumi.ComponentResource {
  /** The rendered specs, by index. */
  public readonly specs: ContainerSpec[];
  /** The controller resources (docker.Container or aws.ec2.Instance), by index. */
  public readonly controllers: pulumi.CustomResource[];
  /** Seed URIs as rendered into every controller. */
  public readonly seedNodes: string[];

  constructor(name: string, args: ControllerClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:ControllerCluster", name, {}, opts);
    const { config, placement } = args;
    if (args.addresses.length !== config.controllers.count) {
      throw new Error(`openwhisk:controllers.count: ${config.controllers.count} controllers but ${args.addresses.length} static addresses`);
    }
    const endpoints = planServiceEndpoints(config);
    this.specs = args.addresses.map((_, index) =>
      renderController({ config, stack: args.stack, addresses: args.addresses, index, endpoints, publishRemoting: placement.kind === "aws" }),
    );
    this.seedNodes = seedNodes(args.addresses).map((a) => seedUri(config.release.flavor, a.host, a.port));

    const image = placement.kind === "docker" ? dockerImage(`${name}-image`, config.release.controllerImage, this) : undefined;
    this.controllers = [];
    let previous: pulumi.Resource | undefined;
    for (const spec of this.specs) {
      const resourceOpts: pulumi.CustomResourceOptions = {
        parent: this,
        deleteBeforeReplace: true,
        dependsOn: [...(args.dependsOn ?? []), ...(previous ? [previous] : [])],
      };
      const resource =
        placement.kind === "docker"
          ? runContainer(`${name}-${spec.name}`, spec, args.secrets, placement, (image as docker.RemoteImage).imageId, resourceOpts)
          : // aws: the database init runs on the controller's host first (systemd: the controller's unit
            // starts it and waits for it), with this release's design documents.
            runHost(`${name}-${spec.name}`, [renderDatabaseInit(config, endpoints), spec], placement, {
              instanceType: config.aws!.instanceTypes.controller,
              networkInterfaceId: placement.interfaceIds[spec.index!],
              tags: { Name: spec.name, ...labelsAsTags(spec.labels) },
            }, resourceOpts);
      this.controllers.push(resource);
      previous = resource;
    }
    this.registerOutputs({ seedNodes: this.seedNodes });
  }
}
