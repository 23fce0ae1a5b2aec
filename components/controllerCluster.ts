/**
 * N controllers running the rendered spec, each on its static address, with seeds from the static
 * addresses component and a fixed remoting port.
 *
 * Roll-out: controller i depends on controller i-1, so Pulumi creates, updates and replaces them one
 * at a time, in index order, and on docker waits for each to be healthy (`wait`) before the next.
 * Delete-before-replace is set because the static address forces it: a container's fixed IP and name,
 * or an instance's fixed-IP primary interface, cannot be held by the old and the new one at once.
 */
import { resolveSettings, type OpenWhiskSettings } from "./settings";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { AwsPlacement, DockerPlacement } from "./placement";
import { dockerImage, labelsAsTags, runContainer, runHost } from "./placement";
import type { ContainerSpec } from "./plan/containerSpec";
import { renderController } from "./plan/renderController";
import { seedNodes, StaticAddress } from "./plan/seedAddresses";
import { seedUri } from "./plan/flavors";
import { planServiceEndpoints } from "./plan/serviceEndpoints";
import { renderDatabaseInit } from "./plan/databaseInit";
import { needsKafkaTopicsJob, renderKafkaTopics } from "./plan/kafkaTopics";
import { clusterSelfAddress, readyParameter, readyReportScript } from "./plan/readiness";
import { parseDuration } from "./config/durations";
import { ControllerReadyGate } from "./aws/controllerReadyGate";
import type { SecretValues } from "./secrets";

export type ControllerPlacement =
  | DockerPlacement
  | (AwsPlacement & {
      /** The fixed-IP interfaces (AwsStaticAddresses.interfaceIds), one per controller. */
      interfaceIds: pulumi.Input<string>[];
      /**
       * Per controller, by index: an instance profile whose role may write only that controller's readiness
       * parameter (HostAccess writes). Default: instanceProfileName for all.
       */
      controllerInstanceProfileNames?: pulumi.Input<string>[];
    });

export interface ControllerClusterArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
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
  /** aws: the gate after each controller (it is back: /ping answers and it joined the cluster), by index. */
  public readonly readyGates: ControllerReadyGate[] = [];

  constructor(name: string, args: ControllerClusterArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:ControllerCluster", name, {}, opts);
    const config = resolveSettings(args.settings);
    const { placement } = args;
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
    // aws: how long each controller's gate (and its host's reporter) waits.
    const timeoutSeconds = Math.round(parseDuration(config.controllers.readyTimeout)!.ms / 1000);
    // legacy-2017 creates no Kafka topics itself: a job per controller creates its topics first (kafkaTopics.ts).
    const topicsJob = (spec: ContainerSpec) => renderKafkaTopics(config, endpoints, { kind: "controller", index: spec.index!, name: spec.name });
    const kafkaImage = placement.kind === "docker" && needsKafkaTopicsJob(config) ? dockerImage(`${name}-kafka-topics-image`, config.services.images.kafka, this) : undefined;
    for (const spec of this.specs) {
      const resourceOpts: pulumi.CustomResourceOptions = {
        parent: this,
        deleteBeforeReplace: true,
        dependsOn: [...(args.dependsOn ?? []), ...(previous ? [previous] : [])],
      };
      if (placement.kind === "docker") {
        if (kafkaImage) {
          const job = topicsJob(spec);
          const topics = runContainer(`${name}-${job.name}`, job, args.secrets, placement, kafkaImage.imageId, { parent: this, deleteBeforeReplace: true, dependsOn: args.dependsOn ?? [] });
          resourceOpts.dependsOn = [...(resourceOpts.dependsOn as pulumi.Resource[]), topics];
        }
        // docker: the container counts as created once its /ping health check passes (wait: true).
        const container = runContainer(`${name}-${spec.name}`, spec, args.secrets, placement, (image as docker.RemoteImage).imageId, resourceOpts);
        this.controllers.push(container);
        previous = container;
        continue;
      }
      // aws: the database init runs on the controller's host first (systemd: the controller's unit starts
      // it and waits for it), with this release's design documents; after the controller, the host reports
      // it ready (plan/readiness.ts), and the gate waits for that report before the next controller.
      const parameter = readyParameter(args.stack, spec.name);
      const self = args.addresses[spec.index!];
      const report = {
        name: "ready",
        description: "reports the controller ready once /ping answers and it joined the cluster",
        script: readyReportScript({
          controller: spec.name, apiPort: config.controllers.apiPortBase + spec.index!, parameter, region: placement.region, timeoutSeconds,
          self: clusterSelfAddress(config.release.flavor, self.host, self.port),
          // Only the first seed may form a cluster by joining itself (the first in every seed list).
          mayForm: self.seed && seedNodes(args.addresses)[0]?.index === self.index,
          peers: args.addresses.filter((a) => a.index !== self.index).map((a) => ({ host: a.host, port: a.port })),
        }),
        after: [spec.name],
      };
      // legacy-2017: this controller's Kafka topics too, created on its host before it starts (kafkaTopics.ts).
      const topics = needsKafkaTopicsJob(config) ? [topicsJob(spec)] : [];
      const own = placement.controllerInstanceProfileNames?.[spec.index!];
      const instance = runHost(`${name}-${spec.name}`, [renderDatabaseInit(config, endpoints), ...topics, spec], own ? { ...placement, instanceProfileName: own } : placement, {
        instanceType: config.aws!.instanceTypes.controller,
        networkInterfaceId: placement.interfaceIds[spec.index!],
        tags: { Name: spec.name, ...labelsAsTags(spec.labels) },
        jobs: [report],
      }, resourceOpts);
      this.controllers.push(instance);
      const gate = new ControllerReadyGate(`${name}-${spec.name}-ready`, {
        controller: spec.name, instanceId: instance.id, parameter, region: placement.region, timeoutSeconds, instanceType: instance.instanceType,
      }, { parent: this, dependsOn: [instance] });
      this.readyGates.push(gate);
      previous = gate;
    }
    this.registerOutputs({ seedNodes: this.seedNodes });
  }
}
