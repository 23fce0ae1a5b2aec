import * as path from "path";
import type { ProgramRun } from "../cli/offline/runProgram";
import { ofType, ROOT, runUnderMocks, stackConfig } from "./support/mockRun";
import { withKey } from "./support/configs";

/** URNs added, and URNs whose inputs changed, from run a to run b. */
function diff(a: ProgramRun, b: ProgramRun) {
  const before = new Map(a.resources.map((r) => [r.urn, r]));
  const added = b.resources.filter((r) => !before.has(r.urn)).map((r) => r.urn);
  const removed = a.resources.filter((r) => !b.resources.some((x) => x.urn === r.urn)).map((r) => r.urn);
  const changed = b.resources
    .filter((r) => before.has(r.urn) && JSON.stringify(before.get(r.urn)!.inputs) !== JSON.stringify(r.inputs))
    .map((r) => r.urn);
  return { added, removed, changed };
}

describe.each(["local", "prod"])("%s: adding one invoker", (stack) => {
  test("creates only that invoker's resources and changes no input of any existing resource", async () => {
    const config = stackConfig(stack);
    const count = (config["openwhisk:invokers"] as { count: number }).count;
    const a = await runUnderMocks(config, { stack });
    const b = await runUnderMocks(withKey(config, "openwhisk:invokers", { count: count + 1 }), { stack });
    const d = diff(a, b);
    expect(d.removed).toEqual([]);
    expect(d.changed).toEqual([]);
    expect(d.added.length).toBeGreaterThan(0);
    for (const urn of d.added) expect(urn).toMatch(new RegExp(`invoker${count}$`));
  });
});

describe.each(["local", "prod"])("%s: a new controller image", (stack) => {
  test("touches controllers only, each after the previous one, delete-before-replace", async () => {
    const config = stackConfig(stack);
    const a = await runUnderMocks(config, { stack });
    const b = await runUnderMocks(withKey(config, "openwhisk:release", { controllerImage: `openwhisk/controller:next@sha256:${"c0ffee".repeat(10)}abcd` }), { stack });
    const d = diff(a, b);
    expect(d.added).toEqual([]);
    expect(d.removed).toEqual([]);
    expect(d.changed.length).toBeGreaterThan(0);
    for (const urn of d.changed) expect(urn).toMatch(/openwhisk-controllers-(controller\d+|image)$/);
    const controllers = b.resources.filter((r) => r.custom && /openwhisk-controllers-controller\d+$/.test(r.urn));
    const count = (config["openwhisk:controllers"] as { count: number }).count;
    expect(controllers).toHaveLength(count);
    // aws: between two controllers, the gate that waits until the first is back: create, ready, next.
    const gates = b.resources.filter((r) => r.type === "pulumi-nodejs:dynamic/openwhisk:ControllerReadyGate");
    expect(gates).toHaveLength(stack === "prod" ? count : 0);
    for (const [i, c] of controllers.entries()) {
      expect(c.deleteBeforeReplace).toBe(true);
      const before = stack === "prod" ? gates[i - 1] : controllers[i - 1];
      if (i > 0) expect(c.dependencies).toContain(before.urn);
      if (stack === "prod") {
        expect(gates[i].dependencies).toContain(c.urn);
        expect(gates[i].propertyDependencies.instanceId).toEqual([c.urn]);
      }
      // Never two at once: no controller depends on a later one.
      for (const later of controllers.slice(i + 1)) expect(c.dependencies).not.toContain(later.urn);
    }
  });
});

describe("invalid config", () => {
  test("the program stops with the key-naming errors before registering anything", async () => {
    const config = withKey(stackConfig("local"), "openwhisk:controllers", { seeds: 5 });
    let registered = -1;
    let error: Error | undefined;
    try {
      const run = await runUnderMocks(config, { stack: "local" });
      registered = run.resources.length;
    } catch (e) {
      error = e as Error;
    }
    expect(error?.name === "RunError" || error?.constructor.name === "RunError").toBe(true);
    expect(error!.message).toContain("openwhisk:controllers.seeds: got 5");
    expect(registered).toBe(-1);
  });
});

describe("reuse from another team's program", () => {
  test("composes DockerStaticAddresses, CoreServices, ControllerCluster and InvokerFleet", async () => {
    const run = await runUnderMocks({}, { stack: "team", program: path.join(ROOT, "test/fixtures/reuseProgram.ts") });
    const containers = ofType(run, "docker:index/container:Container");
    const controllers = containers.filter((c) => /edge-ctl\d$/.test(String(c.inputs.name)));
    expect(controllers.map((c) => (c.inputs.networksAdvanced as any[])[0].ipv4Address)).toEqual(["10.9.0.21", "10.9.0.22", "10.9.0.23"]);
    expect(containers.filter((c) => /edge-invoker\d$/.test(String(c.inputs.name)))).toHaveLength(2);
    expect(run.resources.some((r) => r.type === "openwhisk:index:ControllerCluster")).toBe(true);
  });
});
