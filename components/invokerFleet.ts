/**
 * M invokers running the rendered spec: the runc switch in the flavour's key, the runc root mounted
 * only when runc is on, docker socket / cgroup / containers mounts, and the declared runc versions
 * as labels (docker) or tags (aws). Each invoker's resources depend only on its own index, so adding
 * an invoker creates only that invoker's resources and changes no input of any existing one.
 */
import { resolveSettings, type OpenWhiskSettings } from "./settings";
import * as docker from "@pulumi/docker";
import * as pulumi from "@pulumi/pulumi";
import type { AwsPlacement, DockerPlacement } from "./placement";
import { actionsNetwork, dockerImage, labelsAsTags, runContainer, runHost } from "./placement";
import type { ContainerSpec } from "./plan/containerSpec";
import { renderInvoker } from "./plan/renderInvoker";
import { planServiceEndpoints } from "./plan/serviceEndpoints";
import { actionFenceScript, actionFenceWatchScript, FENCE_JOB, FENCE_WATCH_JOB } from "./plan/actionIsolation";
import { hostJobScriptPath, type HostJob } from "./plan/cloudInit";
import type { SecretValues } from "./secrets";
import { needsKafkaTopicsJob, renderKafkaTopics } from "./plan/kafkaTopics";
import { ENGINE_RUNC_JOB, ENGINE_RUNC_SCRIPT } from "./plan/runcGuard";
import { invokerEngineMinApi } from "./plan/dockerEngine";

export type InvokerPlacement =
  | DockerPlacement
  | (AwsPlacement & {
      /** Security groups of the invoker hosts. (subnetIds: the private subnets the invokers are spread over.) */
      securityGroupIds: pulumi.Input<string>[];
    });

export interface InvokerFleetArgs {
  /** What the deployment is configured with (the stack config as arguments; validated by the same contract). */
  settings: OpenWhiskSettings;
  stack: string;
  secrets: SecretValues;
  placement: InvokerPlacement;
  /** docker: the actions network CoreServices made (the edge is on it); created here when not given. */
  actionNetwork?: docker.Network;
  /** Resources every invoker waits for (core services). */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
}

export class InvokerFleet extends pulumi.ComponentResource {
  public readonly specs: ContainerSpec[];
  /** The invoker resources (docker.Container or aws.ec2.Instance), by index. */
  public readonly invokers: pulumi.CustomResource[];

  constructor(name: string, args: InvokerFleetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:InvokerFleet", name, {}, opts);
    const config = resolveSettings(args.settings);
    const { placement } = args;
    const endpoints = planServiceEndpoints(config);
    const dockerRootDir = config.target === "docker" && config.docker ? config.docker.dockerRootDir : "/var/lib/docker";
    this.specs = Array.from({ length: config.invokers.count }, (_, index) => renderInvoker({ config, stack: args.stack, index, endpoints, dockerRootDir }));
    const image = placement.kind === "docker" ? dockerImage(`${name}-image`, config.release.invokerImage, this) : undefined;
    // docker: the action containers' own network (actionIsolation.ts), never the cluster's.
    const actions = placement.kind === "docker" ? args.actionNetwork ?? actionsNetwork(`${name}-actions`, config, this) : undefined;
    // aws: the API host actions are handed is the edge on the core host (edgeTls.serverName resolves to aws.coreAddress).
    const fence: HostJob[] = placement.kind === "aws"
      ? [
          { name: FENCE_JOB, description: "action containers fenced off private space, the VPC and each other", script: actionFenceScript(config, config.aws!.coreAddress), withDocker: true },
          { name: FENCE_WATCH_JOB, description: "re-applies the action fence when docker creates the actions network again", script: actionFenceWatchScript(hostJobScriptPath(FENCE_JOB)), withDocker: true, longRunning: true, after: [FENCE_JOB] },
        ]
      : [];
    const subnetCount = placement.kind === "aws" ? placement.subnetIds.length : 1;
    // legacy-2017 creates no Kafka topics itself: a job per invoker creates its topic first (kafkaTopics.ts).
    const topicsJob = (spec: ContainerSpec) => renderKafkaTopics(config, endpoints, { kind: "invoker", index: spec.index!, name: spec.name });
    const kafkaImage = placement.kind === "docker" && needsKafkaTopicsJob(config) ? dockerImage(`${name}-kafka-topics-image`, config.services.images.kafka, this) : undefined;
    this.invokers = this.specs.map((spec) => {
      const resourceOpts: pulumi.CustomResourceOptions = { parent: this, dependsOn: [...(args.dependsOn ?? []), ...(actions ? [actions] : [])] };
      if (placement.kind === "docker" && kafkaImage) {
        const job = topicsJob(spec);
        const topics = runContainer(`${name}-${job.name}`, job, args.secrets, placement, kafkaImage.imageId, { parent: this, deleteBeforeReplace: true, dependsOn: args.dependsOn ?? [] });
        resourceOpts.dependsOn = [...(resourceOpts.dependsOn as pulumi.Resource[]), topics];
      }
      return placement.kind === "docker"
        ? runContainer(`${name}-${spec.name}`, spec, args.secrets, placement, (image as docker.RemoteImage).imageId, resourceOpts)
        : runHost(`${name}-${spec.name}`, [...(needsKafkaTopicsJob(config) ? [topicsJob(spec)] : []), spec], placement, {
            instanceType: config.aws!.instanceTypes.invoker,
            // Spread over the subnets (AZs) by index: a new invoker never moves an existing one.
            subnetId: placement.subnetIds[spec.index! % subnetCount],
            securityGroupIds: placement.securityGroupIds,
            tags: { Name: spec.name, ...labelsAsTags(spec.labels) },
            rootGb: 100,
            // runc on: the engine's runc read from the host side before the invoker starts (plan/runcGuard.ts).
            jobs: [...fence, ...(config.invokers.useRunc ? [{ name: ENGINE_RUNC_JOB, description: "the engine's runc version for the invoker's runc guard", script: ENGINE_RUNC_SCRIPT }] : [])],
            // The engine must accept the image's own docker CLI (plan/dockerEngine.ts).
            dockerMinApiVersion: invokerEngineMinApi(config.release.flavor),
          }, resourceOpts);
    });
    this.registerOutputs({});
  }
}
