/**
 * EC2 fencing against the AWS SDK's own mocks (aws-sdk-client-mock): which instance, which states
 * confirm death, stop then wait, the timeout, and the supervisor's round with it: a running instance
 * is stopped before any down; with two controllers a running one is never stopped.
 */
import { DescribeInstancesCommand, EC2Client, StartInstancesCommand, StopInstancesCommand, type DescribeInstancesCommandInput, type InstanceStateName } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import type { ClusterView } from "../../components/supervisor/clusterStatus";
import type { ControllerRef } from "../../components/supervisor/decision";
import { Ec2Fence } from "../../components/supervisor/ec2Fence";
import { supervisorRound, type SupervisorIo, type SupervisorLogLine } from "../../components/supervisor/supervisorRound";

const ec2 = mockClient(EC2Client);
afterEach(() => ec2.reset());

const described = (...states: string[]) => ({ Reservations: [{ Instances: states.map((s, i) => ({ InstanceId: `i-0${i}`, State: { Name: s as InstanceStateName } })) }] });
const fence = () => new Ec2Fence(new EC2Client({ region: "eu-west-1" }), "staging", { pollMs: 1, sleep: async () => undefined });

test("finds the controller by this stack's tags only", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("running"));
  await fence().state("controller1");
  expect(ec2.commandCalls(DescribeInstancesCommand)[0].args[0].input.Filters).toEqual([
    { Name: "tag:openwhisk:stack", Values: ["staging"] },
    { Name: "tag:openwhisk:role", Values: ["controller"] },
    { Name: "tag:Name", Values: ["controller1"] },
  ]);
});

test.each([
  [["running"], "running"], [["pending"], "running"], [["stopping"], "running"], [["shutting-down"], "running"],
  [["stopped"], "exited"], [["terminated"], "absent"], [[], "absent"], [["terminated", "running"], "running"],
])("instances %j: %s (only stopped or terminated confirms death)", async (states, expected) => {
  ec2.on(DescribeInstancesCommand).resolves(described(...(states as string[])));
  expect(await fence().state("controller1")).toBe(expected);
});

test("stop: StopInstances (force) on that instance, then polls until stopped", async () => {
  ec2.on(DescribeInstancesCommand)
    .resolvesOnce(described("running"))
    .resolvesOnce(described("stopping"))
    .resolvesOnce(described("stopping"))
    .resolves(described("stopped"));
  ec2.on(StopInstancesCommand).resolves({});
  await fence().stop("controller1", 60_000);
  expect(ec2.commandCalls(StopInstancesCommand).map((c) => c.args[0].input)).toEqual([{ InstanceIds: ["i-00"], Force: true }]);
  expect(ec2.commandCalls(DescribeInstancesCommand)).toHaveLength(4);
});

test("stop: an instance that does not stop within the timeout is a failed fence", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("stopping"));
  ec2.on(StopInstancesCommand).resolves({});
  await expect(fence().stop("controller1", 3)).rejects.toThrow(/controller1 \(i-00\) is not stopped 3 ms after StopInstances/);
});

test("stop: nothing to do for a stopped instance; start: StartInstances", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("stopped"));
  ec2.on(StartInstancesCommand).resolves({});
  await fence().stop("controller1", 1000);
  expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  await fence().start("controller1");
  expect(ec2.commandCalls(StartInstancesCommand).map((c) => c.args[0].input)).toEqual([{ InstanceIds: ["i-00"] }]);
});

test("an EC2 API error is a failed fence: the round refuses and downs nothing", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("running"));
  ec2.on(StopInstancesCommand).rejects(new Error("UnauthorizedOperation: not allowed"));
  const { io, downs, lines } = awsIo(3, fence());
  await supervisorRound(CONTROLLERS(3), {}, io, { stableAfterMs: 0 });
  expect(downs).toEqual([]);
  expect(lines.find((l) => l.refusal === "fence-failed")?.reason).toMatch(/UnauthorizedOperation/);
});

const address = (i: number) => `akka://controller-actor-system@controller${i}:2551`;
const CONTROLLERS = (n: number): ControllerRef[] => Array.from({ length: n }, (_, i) => ({ index: i, name: `controller${i}`, address: address(i) }));

/** The round's I/O with EC2 fencing; the cluster views are fixed: the last controller is unreachable to the others (and unread). */
function awsIo(n: number, f: Ec2Fence) {
  const downs: string[] = [];
  const lines: SupervisorLogLine[] = [];
  const last = n - 1;
  const view = (i: number): ClusterView => ({
    self: address(i),
    members: Array.from({ length: n }, (_, j) => ({ address: address(j), status: "Up", roles: [] })),
    unreachable: [{ node: address(last), observedBy: [address(i)] }],
  });
  const io: SupervisorIo = {
    now: () => 0,
    readView: async (c) => {
      if (c.index === last) throw new Error("cannot connect");
      return view(c.index);
    },
    infra: (c) => f.state(c.name),
    fence: (c) => f.stop(c.name, 1000),
    start: (c) => f.start(c.name),
    down: async (_through, a) => void downs.push(a),
    join: async () => undefined,
    holdsLease: async () => true,
    log: (l) => void lines.push(l),
    publish: async () => undefined,
  };
  return { io, downs, lines };
}

test("three controllers: the running instance is stopped (and confirmed stopped) before the down, then started", async () => {
  // One instance per controller (i-<n>), all running; StopInstances makes one stopping, the next describe shows it stopped.
  const state = new Map<string, string>([["i-0", "running"], ["i-1", "running"], ["i-2", "running"]]);
  const events: string[] = [];
  ec2.on(DescribeInstancesCommand).callsFake((input: DescribeInstancesCommandInput) => {
    const name = input.Filters!.find((f) => f.Name === "tag:Name")!.Values![0];
    const id = `i-${name.replace("controller", "")}`;
    const now = state.get(id)!;
    if (now === "stopping") state.set(id, "stopped");
    return { Reservations: [{ Instances: [{ InstanceId: id, State: { Name: now as InstanceStateName } }] }] };
  });
  ec2.on(StopInstancesCommand).callsFake((input) => {
    events.push(`stop ${input.InstanceIds.join()}`);
    state.set(input.InstanceIds[0], "stopping");
    return {};
  });
  ec2.on(StartInstancesCommand).callsFake((input) => {
    events.push(`start ${input.InstanceIds.join()}`);
    return {};
  });
  const { io, downs } = awsIo(3, fence());
  const r = await supervisorRound(CONTROLLERS(3), {}, { ...io, down: async (t, a) => (events.push(`down ${a} via ${t.name} while ${state.get("i-2")}`), io.down(t, a)) }, { stableAfterMs: 0 });
  expect(r.done.map((d) => d.op)).toEqual(["fence", "down", "start"]);
  expect(downs).toEqual([address(2)]);
  expect(events).toEqual(["stop i-2", `down ${address(2)} via controller0 while stopped`, "start i-2"]);
});

test("two controllers: a running instance is never stopped and never downed", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("running"));
  const { io, downs, lines } = awsIo(2, fence());
  await supervisorRound(CONTROLLERS(2), {}, io, { stableAfterMs: 0 });
  expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  expect(downs).toEqual([]);
  expect(lines.map((l) => l.refusal)).toEqual(["not-confirmed-dead"]);
});

test("two controllers: a stopped instance (confirmed dead) is downed through the survivor", async () => {
  ec2.on(DescribeInstancesCommand).resolves(described("stopped"));
  ec2.on(StartInstancesCommand).resolves({});
  const { io, downs } = awsIo(2, fence());
  await supervisorRound(CONTROLLERS(2), {}, io, { stableAfterMs: 0 });
  expect(ec2.commandCalls(StopInstancesCommand)).toHaveLength(0);
  expect(downs).toEqual([address(1)]);
});

describe("the decider lease in SSM (awsIo.ts ssmLease)", () => {
  const { GetParameterCommand, PutParameterCommand, SSMClient, ParameterNotFound } = require("@aws-sdk/client-ssm") as typeof import("@aws-sdk/client-ssm");
  const { ssmLease } = require("../../components/supervisor/awsIo") as typeof import("../../components/supervisor/awsIo");
  const ssm = mockClient(SSMClient);
  afterEach(() => ssm.reset());

  /** A parameter store of one parameter, with PutParameter's Overwrite rule. */
  function store() {
    let value: string | undefined;
    ssm.on(GetParameterCommand).callsFake(() => {
      if (value === undefined) throw new ParameterNotFound({ message: "not found", $metadata: {} });
      return { Parameter: { Value: value } };
    });
    ssm.on(PutParameterCommand).callsFake((input) => {
      if (value !== undefined && !input.Overwrite) throw new Error("ParameterAlreadyExists");
      value = input.Value;
      return {};
    });
    return { get: () => value };
  }

  test("the first copy takes it (Overwrite false), a second is refused while it is renewed, and takes it once it expired", async () => {
    const s = store();
    const client = new SSMClient({ region: "eu-west-1" });
    expect(await ssmLease(client, "/openwhisk/staging/supervisor/lease", "a", 1_000, 25_000)).toBe(true);
    expect(ssm.commandCalls(PutParameterCommand)[0].args[0].input).toMatchObject({ Overwrite: false });
    expect(await ssmLease(client, "/openwhisk/staging/supervisor/lease", "b", 10_000, 25_000)).toBe(false);
    expect(await ssmLease(client, "/openwhisk/staging/supervisor/lease", "a", 20_000, 25_000)).toBe(true);
    expect(await ssmLease(client, "/openwhisk/staging/supervisor/lease", "b", 40_000, 25_000)).toBe(false);
    expect(await ssmLease(client, "/openwhisk/staging/supervisor/lease", "b", 50_000, 25_000)).toBe(true);
    expect(JSON.parse(s.get()!)).toEqual({ holder: "b", renewedAt: 50_000 });
  });
});
