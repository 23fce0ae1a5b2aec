/** Docker fixed addresses lie outside the network's dynamic pool (`ip_range`). */
import { formatIssue } from "../components/config/errors";
import { parseStackConfig, validateStackConfig } from "../components/config/validate";
import { dockerDynamicPool } from "../components/plan/dockerAddressPool";
import { rawConfig, withKey } from "./support/configs";
import { ofType, runUnderMocks, stackConfig } from "./support/mockRun";

const issues = (raw: Record<string, unknown>) => {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues.map(formatIssue);
};

describe("the dynamic pool", () => {
  test("default: the upper half of the subnet; the local stack's controllers lie below it", () => {
    const config = parseStackConfig(stackConfig("local"));
    expect(dockerDynamicPool(config.docker!)).toBe("172.30.0.128/25");
    expect(dockerDynamicPool({ subnet: "10.9.0.0/16" })).toBe("10.9.128.0/17");
  });

  test("the network is created with it (ipamConfigs ipRange)", async () => {
    const run = await runUnderMocks(stackConfig("local"), { stack: "local" });
    const [network] = ofType(run, "docker:index/network:Network").filter((n) => n.inputs.name === "openwhisk");
    expect(network.inputs.ipamConfigs).toEqual([expect.objectContaining({ subnet: "172.30.0.0/24", ipRange: "172.30.0.128/25" })]);
  });

  test("a controller address inside the pool is refused, naming the key and the pool", () => {
    const raw = withKey(rawConfig({ controllers: 2 }), "openwhisk:docker", { controllerAddresses: ["172.30.0.10", "172.30.0.200"] });
    const [message] = issues(raw);
    expect(message).toMatch(/^openwhisk:docker\.controllerAddresses\[1\]: got "172\.30\.0\.200"; expected an address outside the network's dynamic pool 172\.30\.0\.128\/25/);
    // With a pool of its own that leaves it out, it is fine.
    expect(issues(withKey(raw, "openwhisk:docker", { ipRange: "172.30.0.0/25" }))).toEqual([expect.stringContaining("controllerAddresses[0]")]);
    expect(issues(withKey(raw, "openwhisk:docker", { controllerAddresses: ["172.30.0.100", "172.30.0.200"], ipRange: "172.30.0.0/26" }))).toEqual([]);
  });

  test("an ipRange outside the subnet, or the whole subnet, is refused", () => {
    for (const ipRange of ["10.0.0.0/25", "172.30.0.0/24", "172.30.0.0/23"]) {
      expect(issues(withKey(rawConfig(), "openwhisk:docker", { ipRange }))).toEqual([expect.stringMatching(/^openwhisk:docker\.ipRange: got .*a block inside docker\.subnet 172\.30\.0\.0\/24 and smaller than it/)]);
    }
  });
});
