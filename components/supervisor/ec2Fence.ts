/**
 * Fencing on aws: the controller's EC2 instance (found by this stack's tags: openwhisk:stack,
 * openwhisk:role = controller, Name = the controller's name) is confirmed dead only when it is stopped
 * or terminated (or no longer exists); otherwise it is stopped (force) and polled until it is. The
 * supervisor host's role may stop and start only instances with those tags (DowningSupervisor).
 * EC2 instance states: pending, running, stopping, stopped, shutting-down, terminated
 * (https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-lifecycle.html).
 */
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand, type Instance } from "@aws-sdk/client-ec2";
import type { InfraState } from "./decision";

export interface Ec2FenceOptions {
  /** Between two polls of a stopping instance. */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class Ec2Fence {
  private readonly pollMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly ec2: EC2Client, private readonly stack: string, opts: Ec2FenceOptions = {}) {
    this.pollMs = opts.pollMs ?? 5_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((ok) => setTimeout(ok, ms)));
  }

  /** The stack's instance for controller `name` that is not terminated, if any. */
  async instance(name: string): Promise<Instance | undefined> {
    const found: Instance[] = [];
    let token: string | undefined;
    do {
      const page = await this.ec2.send(new DescribeInstancesCommand({
        Filters: [
          { Name: "tag:openwhisk:stack", Values: [this.stack] },
          { Name: "tag:openwhisk:role", Values: ["controller"] },
          { Name: "tag:Name", Values: [name] },
        ],
        NextToken: token,
      }));
      for (const r of page.Reservations ?? []) found.push(...(r.Instances ?? []));
      token = page.NextToken;
    } while (token);
    const live = found.filter((i) => i.State?.Name !== "terminated");
    if (live.length > 1) throw new Error(`more than one instance is controller ${name} of stack ${this.stack}: ${live.map((i) => i.InstanceId).join(", ")}`);
    return live[0];
  }

  async state(name: string): Promise<InfraState> {
    const i = await this.instance(name);
    if (!i) return "absent";
    return i.State?.Name === "stopped" ? "exited" : "running";
  }

  /** Stops the instance and resolves once it is stopped or terminated; rejects after timeoutMs. */
  async stop(name: string, timeoutMs: number): Promise<void> {
    const i = await this.instance(name);
    if (!i || i.State?.Name === "stopped") return;
    await this.ec2.send(new StopInstancesCommand({ InstanceIds: [i.InstanceId!], Force: true }));
    let waited = 0;
    for (;;) {
      const s = await this.state(name);
      if (s === "exited" || s === "absent") return;
      if (waited >= timeoutMs) throw new Error(`${name} (${i.InstanceId}) is not stopped ${timeoutMs} ms after StopInstances`);
      await this.sleep(this.pollMs);
      waited += this.pollMs;
    }
  }

  async start(name: string): Promise<void> {
    const i = await this.instance(name);
    if (!i) throw new Error(`no instance is controller ${name} of stack ${this.stack}`);
    await this.ec2.send(new StartInstancesCommand({ InstanceIds: [i.InstanceId!] }));
  }
}
