import { listStacks } from "../components/config/stackFile";
import { ROOT, runUnderMocks, stackConfig } from "./support/mockRun";

describe.each(listStacks(ROOT))("stack %s", (stack) => {
  test.each([true, false])("the whole program runs under mocks (preview: %p)", async (preview) => {
    const run = await runUnderMocks(stackConfig(stack), { stack, preview });
    expect(run.resources.filter((r) => r.type === "openwhisk:index:ControllerCluster")).toHaveLength(1);
    const names = run.resources.map((r) => r.urn);
    expect(new Set(names).size).toBe(names.length);
  });
});
