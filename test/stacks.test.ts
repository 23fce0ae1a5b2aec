import { evaluatePolicies } from "../cli/offline/evaluatePolicies";
import { listStacks } from "../components/config/stackFile";
import { ROOT, runUnderMocks, stackConfig } from "./support/mockRun";

describe.each(listStacks(ROOT))("stack %s", (stack) => {
  test.each([true, false])("runs under mocks and passes every mandatory policy (preview: %p)", async (preview) => {
    const run = await runUnderMocks(stackConfig(stack), { stack, preview });
    expect(run.resources.filter((r) => r.type === "openwhisk:index:ControllerCluster")).toHaveLength(1);
    const names = run.resources.map((r) => r.urn);
    expect(new Set(names).size).toBe(names.length);
    const violations = evaluatePolicies(run.resources);
    expect(violations.filter((v) => v.enforcementLevel === "mandatory")).toEqual([]);
    // The only advisories any shipped stack earns: local's two controllers with automatic downing, on the
    // moving `nightly` tag (a development stack; prod pins master's commit tag).
    expect(violations.map((v) => v.policy)).toEqual(stack === "local" ? ["odd-controller-count", "controller-image-pinned", "controller-image-pinned"] : []);
  });
});
