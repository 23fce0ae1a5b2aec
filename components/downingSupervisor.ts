/**
 * The external downing supervisor (components/supervisor, plan/renderSupervisor.ts) as resources:
 * docker: one container on the cluster network; aws: one small host of its own in the first private
 * subnet, whose host kind (HostAccess "supervisor") may read the JMX password and its lease, write its
 * status and lease parameters, and (added here) stop, start and describe only this stack's controller
 * instances (tag conditions on openwhisk:stack and openwhisk:role), and read its program's S3 objects
 * (aws/programBucket.ts; the program is too large for user data).
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { resolveSettings, type OpenWhiskSettings } from "./settings";
import type { AwsPlacement, DockerPlacement } from "./placement";
import { dockerImage, runContainer, runHost } from "./placement";
import type { ContainerSpec } from "./plan/containerSpec";
import { programObjects, withFetchedProgram } from "./plan/programObjects";
import { renderSupervisor } from "./plan/renderSupervisor";
import { ProgramBucket } from "./aws/programBucket";
import type { StaticAddress } from "./plan/seedAddresses";
import type { SecretValues } from "./secrets";

export type SupervisorPlacement =
  | DockerPlacement
  | (AwsPlacement & {
      /** The subnet it runs in (a private one) and its security groups. */
      subnetId: pulumi.Input<string>;
      securityGroupIds: pulumi.Input<string>[];
      /** The supervisor host kind's role (HostAccess: it reads the JMX password, writes its status and lease); fencing is added to it here. */
      roleName: pulumi.Input<string>;
    });

export interface DowningSupervisorArgs {
  /** What the deployment is configured with (validated by the stack config's contract). */
  settings: OpenWhiskSettings;
  /** Stack name: container names, tags, SSM paths. */
  stack: string;
  /** The controllers' static addresses. */
  addresses: StaticAddress[];
  secrets: SecretValues;
  placement: SupervisorPlacement;
}

export class DowningSupervisor extends pulumi.ComponentResource {
  /** The rendered spec (undefined when the stack runs no supervisor). */
  public readonly spec?: ContainerSpec;
  /** The container or instance, when there is one. */
  public readonly resource?: pulumi.CustomResource;

  constructor(name: string, args: DowningSupervisorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:index:DowningSupervisor", name, {}, opts);
    const config = resolveSettings(args.settings);
    this.spec = renderSupervisor(config, args.stack, args.addresses);
    const { placement } = args;
    if (this.spec && placement.kind === "docker") {
      const image = dockerImage(`${name}-image`, this.spec.image, this);
      this.resource = runContainer(`${name}-container`, this.spec, args.secrets, placement, image.imageId, { parent: this, deleteBeforeReplace: true });
    } else if (this.spec && placement.kind === "aws") {
      const controllerOnly = { StringEquals: { "aws:ResourceTag/openwhisk:stack": args.stack, "aws:ResourceTag/openwhisk:role": "controller" } };
      new aws.iam.RolePolicy(`${name}-fencing`, {
        role: placement.roleName,
        policy: JSON.stringify({
          Version: "2012-10-17",
          Statement: [
            // Fencing: only this stack's controllers.
            { Effect: "Allow", Action: ["ec2:StopInstances", "ec2:StartInstances"], Resource: `arn:aws:ec2:${placement.region}:*:instance/*`, Condition: controllerOnly },
            // Describe calls cannot be scoped to resources (EC2's own rule); they change nothing.
            { Effect: "Allow", Action: ["ec2:DescribeInstances"], Resource: "*" },
          ],
        }),
      }, { parent: this });
      // The program goes to the host as S3 objects, not in its user data: EC2 takes 16384 bytes of user
      // data, and the program alone is several times that once written base64-encoded (plan/programObjects.ts).
      // The host's role may read exactly those objects; the user data carries each one's SHA-256, and the
      // unit runs a file only when its download matches (plan/cloudInit.ts fetchScript).
      const objects = programObjects(this.spec);
      const program = new ProgramBucket(`${name}-program`, { objects, tags: placement.tags }, { parent: this });
      const readProgram = new aws.iam.RolePolicy(`${name}-read-program`, {
        role: placement.roleName,
        policy: pulumi.all(program.objectArns).apply((arns) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: arns }] })),
      }, { parent: this });
      const spec = this.spec;
      this.resource = runHost(`${name}-host`, program.bucketName.apply((bucket) => [withFetchedProgram(spec, objects, bucket, placement.region)]), placement, {
        instanceType: "t3.micro",
        subnetId: placement.subnetId,
        securityGroupIds: placement.securityGroupIds,
        tags: { Name: "openwhisk-supervisor", "openwhisk:role": "supervisor" },
        rootGb: 20,
      }, { parent: this, dependsOn: [...program.ready, readProgram] });
    }
    this.registerOutputs({});
  }
}
