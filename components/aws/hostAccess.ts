/**
 * What the EC2 hosts of a stack share: the secrets in SSM Parameter Store (SecureString, read by the
 * units at start, never in user data), the AMI, and per host kind (core, controller, invoker) an instance
 * role that may read only the secrets that kind's containers use: an invoker host, which runs untrusted
 * action code, cannot read the JMX password or the auth keys.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_KEYS, type SecretName } from "../config/schema";
import type { SecretValues } from "../secrets";

export interface HostAccessArgs {
  /** Stack name: the parameter path is /openwhisk/<stack>/. */
  stack: string;
  secrets: SecretValues;
  /** An AMI id; default: the newest Amazon Linux 2023 (x86_64) in the region. */
  amiId?: string;
  /**
   * Host kinds and what each may read (plan/hostSecrets.ts): the stack's secrets by name, and SSM parameters
   * the stack does not own (the edge's TLS certificate and key). One role and instance profile per kind.
   */
  hostKinds: Record<string, { secrets: SecretName[]; parameters: string[] }>;
  /** Region of those parameters. */
  region: string;
  /**
   * SSM parameters (exact names) each host kind may write: a controller's own readiness report. Granted by
   * full ARN, with this account's id (aws.getCallerIdentity), never by pattern.
   */
  writes?: Record<string, string[]>;
  tags?: Record<string, string>;
}

export class HostAccess extends pulumi.ComponentResource {
  /** SSM path prefix of the secrets, ending in `/`. */
  public readonly secretPrefix: string;
  /** The instance profile of each host kind. */
  public readonly instanceProfileNames: Record<string, pulumi.Output<string>>;
  /** The instance role of each host kind (for permissions a kind's component adds, e.g. the supervisor's fencing). */
  public readonly roleNames: Record<string, pulumi.Output<string>> = {};
  public readonly amiId: pulumi.Output<string>;
  /** Whether the AMI is pinned by config; when not, hosts ignore a newer looked-up AMI (placement: ignoreChanges). */
  public readonly amiPinned: boolean;

  constructor(name: string, args: HostAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:aws:HostAccess", name, {}, opts);
    const parent = { parent: this };
    this.secretPrefix = `/openwhisk/${args.stack}/`;
    const params = SECRET_KEYS.map(
      (key) => new aws.ssm.Parameter(`${name}-${key}`, { name: `${this.secretPrefix}${key}`, type: "SecureString", value: args.secrets[key], tags: args.tags }, parent),
    );
    const arnOf = new Map(SECRET_KEYS.map((key, i) => [key, params[i].arn]));
    this.instanceProfileNames = {};
    let identity: pulumi.Output<aws.GetCallerIdentityResult> | undefined;
    for (const [kind, { secrets, parameters }] of Object.entries(args.hostKinds)) {
      // Parameters the stack does not own: by name in this region (any account the credentials reach).
      const external = parameters.map((p) => `arn:aws:ssm:${args.region}:*:parameter${p}`);
      const role = new aws.iam.Role(`${name}-${kind}-role`, {
        assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: "sts:AssumeRole" }] }),
        tags: { ...args.tags, "openwhisk:role": kind },
      }, parent);
      if (secrets.length + external.length > 0) {
        new aws.iam.RolePolicy(`${name}-${kind}-read-secrets`, {
          role: role.id,
          policy: pulumi.all(secrets.map((s) => arnOf.get(s)!)).apply((arns) =>
            JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [...arns, ...external] }] }),
          ),
        }, parent);
      }
      const writes = args.writes?.[kind] ?? [];
      if (writes.length > 0) {
        identity ??= aws.getCallerIdentityOutput({}, parent);
        new aws.iam.RolePolicy(`${name}-${kind}-write-reports`, {
          role: role.id,
          policy: pulumi.all([identity.accountId, identity.arn]).apply(([account, arn]) => {
            const partition = arn.split(":")[1] || "aws";
            return JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: ["ssm:PutParameter"], Resource: writes.map((p) => parameterArn(partition, args.region, account, p)) }] });
          }),
        }, parent);
      }
      this.roleNames[kind] = role.name;
      this.instanceProfileNames[kind] = new aws.iam.InstanceProfile(`${name}-${kind}-profile`, { role: role.name, tags: args.tags }, parent).name;
    }
    this.amiPinned = args.amiId !== undefined;
    this.amiId = args.amiId
      ? pulumi.output(args.amiId)
      : aws.ec2.getAmiOutput({ owners: ["amazon"], mostRecent: true, filters: [{ name: "name", values: ["al2023-ami-2023.*-x86_64"] }] }, parent).id;
    this.registerOutputs({ secretPrefix: this.secretPrefix, instanceProfileNames: this.instanceProfileNames, amiId: this.amiId });
  }
}

/** The ARN of an SSM parameter (names start with `/`). */
export function parameterArn(partition: string, region: string, account: string, name: string): string {
  return `arn:${partition}:ssm:${region}:${account}:parameter${name}`;
}

/**
 * EC2 settings every host gets: IMDSv2 required, encrypted gp3 root volume, and a metadata hop limit of 1
 * on every host: the metadata service's answers (the host role's credentials) never reach a container
 * behind a bridge; only the host's own scripts (secrets, readiness, the action fence) ask it.
 */
export function hardenedInstanceArgs(rootGb: number): Pick<aws.ec2.InstanceArgs, "metadataOptions" | "rootBlockDevice"> {
  return {
    metadataOptions: { httpTokens: "required", httpEndpoint: "enabled", httpPutResponseHopLimit: 1 },
    rootBlockDevice: { encrypted: true, volumeType: "gp3", volumeSize: rootGb },
  };
}
