/**
 * The gate between two controllers of an aws roll-out (issue 14): a small dynamic provider that, when
 * its controller's instance is created or replaced, waits (AWS SDK, the deploying machine's
 * credentials) until the new instance's host reports `ready <instance-id>` in SSM Parameter Store
 * (plan/readiness.ts), with a timeout and an error naming the controller. The next controller depends
 * on the gate, so it is not touched before this one is back; a failed gate stops the update there.
 */
import * as pulumi from "@pulumi/pulumi";
import { waitForReady } from "../plan/readiness";

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

interface GateInputs {
  controller: string;
  instanceId: string;
  parameter: string;
  region: string;
  timeoutSeconds: number;
  instanceType?: string;
}

/** What the gate keeps: its inputs and the report it accepted. */
interface GateOutputs extends GateInputs {
  reported?: string;
}

async function waitFor(inputs: GateInputs, stale?: string): Promise<string> {
  // The provider is serialized (waitForReady by value) and runs in the engine's dynamic provider host;
  // the SDK is required there, from the project's node_modules.
  const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ region: inputs.region });
  return waitForReady({
    controller: inputs.controller,
    instanceId: inputs.instanceId,
    stale,
    timeoutSeconds: inputs.timeoutSeconds,
    read: async () => {
      try {
        return (await ssm.send(new GetParameterCommand({ Name: inputs.parameter }))).Parameter?.Value;
      } catch (e) {
        if ((e as { name?: string }).name === "ParameterNotFound") return undefined;
        throw e;
      }
    },
  });
}

export const readyGateProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: GateInputs) {
    const reported = await waitFor(inputs);
    return { id: `${inputs.controller}-${inputs.instanceId}`, outs: { ...inputs, reported } };
  },
  async diff(_id: string, olds: GateInputs, news: GateInputs) {
    const changes = olds.instanceId !== news.instanceId || olds.parameter !== news.parameter || olds.region !== news.region || olds.timeoutSeconds !== news.timeoutSeconds ||
      olds.instanceType !== news.instanceType;
    return { changes };
  },
  async update(_id: string, olds: GateOutputs, news: GateInputs) {
    // A new instance (an image bump, a replaced host): wait for it too. The same instance stopped and
    // started (a new instance type): the report accepted before the stop no longer counts.
    // A gate from before instance types were recorded has none: it records this one without waiting anew.
    const restarted = olds.instanceId === news.instanceId && olds.instanceType !== undefined && olds.instanceType !== news.instanceType;
    return { outs: { ...news, reported: await waitFor(news, restarted ? olds.reported : undefined) } };
  },
};

export class ControllerReadyGate extends pulumi.dynamic.Resource {
  /** What the host reported: `ready <instance-id> <time>`. */
  public readonly reported!: pulumi.Output<string>;

  constructor(name: string, args: ControllerReadyGateArgs, opts?: pulumi.CustomResourceOptions) {
    super(readyGateProvider, name, { ...args, reported: undefined }, opts, "openwhisk", "ControllerReadyGate");
  }
}
