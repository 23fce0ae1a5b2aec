/**
 * A private S3 bucket for files too large for EC2 user data (the downing supervisor's program,
 * plan/programObjects.ts), and the objects in it. Hardened as a bucket holding code a host runs:
 * every public access blocked, ACLs off (bucket owner enforced), encrypted at rest (SSE-S3, so a
 * reader's role needs no KMS grant), versioned (an overwrite keeps the old version, and the host checks
 * each file's SHA-256 anyway), and reachable only over TLS (a bucket policy denies other requests).
 * Emptied on destroy: everything in it is rebuilt from the stack.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ProgramObject } from "../plan/programObjects";

export interface ProgramBucketArgs {
  /** The objects to upload (key, content). */
  objects: ProgramObject[];
  tags?: Record<string, string>;
}

export class ProgramBucket extends pulumi.ComponentResource {
  /** The bucket's name (generated: bucket names are global). */
  public readonly bucketName: pulumi.Output<string>;
  /** The objects' ARNs, in the order of `objects`, for a read permission on exactly them. */
  public readonly objectArns: pulumi.Output<string>[];
  /** Everything a reader must wait for: the objects, and the bucket's access settings. */
  public readonly ready: pulumi.Resource[];

  constructor(name: string, args: ProgramBucketArgs, opts?: pulumi.ComponentResourceOptions) {
    super("openwhisk:aws:ProgramBucket", name, {}, opts);
    const parent = { parent: this };
    const bucket = new aws.s3.Bucket(`${name}`, { bucketPrefix: "openwhisk-program-", forceDestroy: true, tags: args.tags }, parent);
    const block = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
      bucket: bucket.id, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
    }, parent);
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } }, parent);
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
      bucket: bucket.id, rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    }, parent);
    const versioning = new aws.s3.BucketVersioning(`${name}-versioning`, { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } }, parent);
    const tlsOnly = new aws.s3.BucketPolicy(`${name}-tls-only`, {
      bucket: bucket.id,
      policy: bucket.arn.apply((arn) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Sid: "TlsOnly", Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [arn, `${arn}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
      })),
    }, { parent: this, dependsOn: [block] });
    const settings = [block, ownership, encryption, versioning, tlsOnly];
    const objects = args.objects.map((o) => new aws.s3.BucketObjectv2(`${name}-${o.containerPath.split("/").pop()}`, {
      bucket: bucket.id,
      key: o.key,
      content: o.content,
      contentType: "application/javascript",
      serverSideEncryption: "AES256",
    }, { parent: this, dependsOn: settings }));
    this.bucketName = bucket.bucket;
    this.objectArns = args.objects.map((o) => pulumi.interpolate`${bucket.arn}/${o.key}`);
    this.ready = [...settings, ...objects];
    this.registerOutputs({ bucketName: this.bucketName, objectArns: this.objectArns });
  }
}
