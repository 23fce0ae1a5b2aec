/**
 * The dynamic provider behind ControllerReadyGate, written to be serialized.
 *
 * Pulumi stores a dynamic provider as the text of its closure (runtime.serializeFunction): functions
 * are copied by value, but a captured MODULE object is written as `require("<path>")`. When the
 * library is installed from npm, such a path points into the package (`openwhisk-static-cluster/
 * dist/plan/readiness`), and the package's `exports` map does not (and should not) open deep paths:
 * the serialization fails, the preview stalls and `pulumi up` cannot run. So this module captures
 * no module object: the wait loop is bound below as a function VALUE (copied into the closure with
 * what it calls, all in plan/readiness.ts), and the AWS SDK is required at run time inside the
 * provider host, where it resolves from the program's node_modules (a dependency of this package).
 * test/package/package.test.ts serializes it from an installed tarball and runs the result as the
 * dynamic provider host does.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as readiness from "../plan/readiness";

/** The gate's inputs as the provider host receives them. */
export interface GateInputs {
  controller: string;
  instanceId: string;
  parameter: string;
  region: string;
  timeoutSeconds: number;
  /** The instance's type: a change stops and starts the same instance, and the gate waits for the new boot's report. */
  instanceType?: string;
}

/** What the gate keeps: its inputs and the report it accepted. */
export interface GateOutputs extends GateInputs {
  reported?: string;
}

// A function value, not the module: serialized by value (see above). Keep it a plain binding.
const waitForReady = readiness.waitForReady;

async function waitForGate(inputs: GateInputs, stale?: string): Promise<string> {
  const { SSMClient, GetParameterCommand } = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
  const ssm = new SSMClient({ region: inputs.region });
  try {
    return await waitForReady({
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
  } finally {
    ssm.destroy();
  }
}

export const readyGateProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs: GateInputs) {
    const reported = await waitForGate(inputs);
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
    return { outs: { ...news, reported: await waitForGate(news, restarted ? olds.reported : undefined) } };
  },
};
