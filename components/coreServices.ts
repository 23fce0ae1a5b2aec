/**
 * What controllers and invokers need to start: ZooKeeper, Kafka, CouchDB (each skipped when config
 * gives an external endpoint) and the nginx edge; on docker also the one-shot initialisation of the whisk
 * databases (design documents, subjects). On docker each is a container; on aws they share one core host
 * at openwhisk:aws.coreAddress, started in order by systemd, and the database init runs on every
 * controller host before its controller (ControllerCluster), so a new release's design documents are in
 * place before the first controller of that release starts, and the core host never changes with it.
 */
import { resolveSettings, type OpenWhiskSettings } from "./settings";
import * as aws from "@pulumi/aws";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { AwsPlacement, DockerPlacement } from "./placement";
import { actionsNetwork, dockerImage, runContainer, runHost } from "./placement";
import type { ContainerSpec } from "./plan/containerSpec";
import { renderCoreServices } from "./plan/renderCoreServices";
import { renderDatabaseInit } from "./plan/databaseInit";
import type { StaticAddress } from "./plan/seedAddresses";
import { planServiceEndpoints } from "./plan/serviceEndpoints";
import { DATA_DEVICE, DATA_JOB, dataVolumeScript } from "./plan/dataVolume";
import { awsSubnets } from "./plan/seedAddresses";
import type { SecretValues } from "./secrets";

export type CorePlacement =
  | DockerPlacement
  | (AwsPlacement & {
      securityGroupIds: pulumi.Input<string>[];
      /** Subnet (by openwhisk:aws.subnets index) holding openwhisk:aws.coreAddress. */
      subnetIndex: number;
    });

export interface CoreServicesArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
  /** The controllers' static addresses (the edge balances over them). */
  addresses: StaticAddress[];
  secrets: SecretValues;
  placement: CorePlacement;
}

export class CoreServices extends pulumi.ComponentResource {
  public readonly specs: ContainerSpec[];
  /** What controllers and invokers must wait for: the services and the finished init job. */
  public readonly ready: pulumi.Resource[];
  /** aws: the core host's data volume (protected, retained on delete). */
  public readonly dataVolume?: aws.ebs.Volume;
  /** docker: the action containers' network (pass it to InvokerFleet as actionNetwork). */
  public readonly actionNetwork?: docker.Network;

  constructor(name: string, args: CoreServicesArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:CoreServices", name, {}, opts);
    const config = resolveSettings(args.settings);
    const { placement } = args;
    const endpoints = planServiceEndpoints(config);
    const edgePort = config.target === "docker" && config.docker ? config.docker.edgePort : 80;
    this.specs = renderCoreServices({ config, addresses: args.addresses, endpoints, edgePort });
    if (placement.kind === "docker") this.specs.push(renderDatabaseInit(config, endpoints));
    if (placement.kind === "docker") {
      // The actions' own network: the edge joins it under the API host's name, the invokers run actions on it.
      this.actionNetwork = actionsNetwork(`${name}-actions`, config, this);
      const byName = new Map<string, pulumi.Resource>();
      const images = new Map<string, pulumi.Output<string>>();
      for (const spec of this.specs) {
        if (!images.has(spec.image)) images.set(spec.image, dockerImage(`${name}-${spec.name}-image`, spec.image, this).imageId);
        const container = runContainer(`${name}-${spec.name}`, spec, args.secrets, placement, images.get(spec.image)!, {
          parent: this,
          // Fixed container names: the old one must be gone before its replacement is created.
          deleteBeforeReplace: true,
          dependsOn: [...spec.dependsOn.map((d) => byName.get(d)!).filter(Boolean), ...(spec.extraNetworks?.length ? [this.actionNetwork] : [])],
        });
        byName.set(spec.name, container);
      }
      this.ready = this.specs.filter((s) => s.role !== "edge").map((s) => byName.get(s.name)!);
    } else {
      const a = config.aws!;
      // The data (CouchDB, Kafka, ZooKeeper) on its own volume in the core host's zone: protected and
      // retained on delete, whatever the environment; a replaced host gets it attached again.
      this.dataVolume = new aws.ebs.Volume(`${name}-data`, {
        availabilityZone: awsSubnets(config)[placement.subnetIndex].availabilityZone,
        size: a.dataVolumeGb,
        type: "gp3",
        encrypted: true,
        tags: { ...placement.tags, Name: "openwhisk-core-data", "openwhisk:role": "core-data" },
      }, { parent: this, protect: true, retainOnDelete: true });
      const host = runHost(`${name}-host`, this.specs, placement, {
        instanceType: a.instanceTypes.core,
        subnetId: placement.subnetIds[placement.subnetIndex],
        privateIp: a.coreAddress,
        securityGroupIds: placement.securityGroupIds,
        tags: { Name: "openwhisk-core", "openwhisk:role": "core" },
        rootGb: 40,
        jobs: [{ name: DATA_JOB, description: "mounts the core host's data volume", script: dataVolumeScript() }],
        // Its fixed private IP and its volume cannot be held by the old and the new host at once.
      }, { parent: this, deleteBeforeReplace: true });
      // The old host is stopped before the volume leaves it (services flush), then the new one gets it.
      const attachment = new aws.ec2.VolumeAttachment(`${name}-data-attachment`, {
        instanceId: host.id, volumeId: this.dataVolume.id, deviceName: DATA_DEVICE, stopInstanceBeforeDetaching: true,
      }, { parent: this, deleteBeforeReplace: true });
      this.ready = [host, attachment];
    }
    this.registerOutputs({});
  }
}
