/**
 * The gate between two controllers of an aws roll-out: a small dynamic provider that, when
 * its controller's instance is created or replaced, waits (AWS SDK, the deploying machine's
 * credentials) until the new instance's host reports `ready <instance-id>` in SSM Parameter Store
 * (plan/readiness.ts), with a timeout and an error naming the controller. The next controller depends
 * on the gate, so it is not touched before this one is back; a failed gate stops the update there.
 */
import * as pulumi from "@pulumi/pulumi";
import { readyGateProvider } from "./readyGateProvider";

export { readyGateProvider };

export interface ControllerReadyGateArgs {
  /** The controller's name (in the error, and the parameter's last segment). */
  controller: pulumi.Input<string>;
  /** The instance that must report: a replaced instance has a new id, so an old "ready" never counts. */
  instanceId: pulumi.Input<string>;
  /** The SSM parameter its host writes. */
  parameter: pulumi.Input<string>;
  region: pulumi.Input<string>;
  /** How long to wait, in seconds. */
  timeoutSeconds: pulumi.Input<number>;
  /**
   * The instance's type: changing it stops and starts the same instance (same id), and the gate then
   * waits for a report of the new boot, not the one it accepted before.
   */
  instanceType?: pulumi.Input<string>;
}

export class ControllerReadyGate extends pulumi.dynamic.Resource {
  /** What the host reported: `ready <instance-id> <time>`. */
  public readonly reported!: pulumi.Output<string>;

  constructor(name: string, args: ControllerReadyGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(readyGateProvider, name, { ...args, reported: undefined }, opts, "openwhisk", "ControllerReadyGate");
  }
}
