import * as path from "path";
import { formatIssue } from "../components/config/errors";
import { listStacks, readStackFile } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import { rawConfig, RawConfig, withKey } from "./support/configs";

const ROOT = path.resolve(__dirname, "..");

function issuesOf(raw: RawConfig) {
  const result = validateStackConfig(raw);
  if (result.ok) throw new Error("expected the config to be rejected");
  return result.issues;
}

/** Asserts exactly the given key is named, the given value echoed, and returns the message. */
function rejects(raw: RawConfig, key: string, value?: unknown): string {
  const issues = issuesOf(raw);
  const hit = issues.find((i) => i.key === key);
  expect({ keys: issues.map((i) => i.key), has: !!hit }).toEqual({ keys: expect.arrayContaining([key]), has: true });
  const message = formatIssue(hit!);
  expect(message.startsWith(`${key}: got `)).toBe(true);
  if (value !== undefined) expect(message).toContain(JSON.stringify(value));
  expect(message).toMatch(/expected|; /);
  return message;
}

describe("shipped stacks", () => {
  test.each(listStacks(ROOT))("stacks/Pulumi.%s.yaml is valid", (stack) => {
    const file = readStackFile(path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`));
    const result = validateStackConfig(file.config);
    expect(result.ok ? [] : result.issues.map(formatIssue)).toEqual([]);
  });

  test("the stacks the design names exist", () => {
    expect(listStacks(ROOT)).toEqual(expect.arrayContaining(["local", "staging", "prod"]));
  });
});

describe("valid configs", () => {
  test.each(["legacy-2017", "akka-2.5", "akka-2.6", "pekko"] as const)("%s on docker and aws", (flavor) => {
    for (const target of ["docker", "aws"] as const) {
      const result = validateStackConfig(rawConfig({ flavor, target }));
      expect(result.ok ? "ok" : result.issues.map(formatIssue)).toBe("ok");
    }
  });

  test("defaults are filled in", () => {
    const result = validateStackConfig(rawConfig());
    if (!result.ok) throw new Error("invalid");
    expect(result.config.controllers.addressing).toBe("dns");
    expect(result.config.invokers.userMemory).toBe("2048m");
    expect(result.config.invokers.runcRoot).toBe("/run/docker/runtime-runc/moby");
    expect(result.config.docker!.networkName).toBe("openwhisk");
  });

  test("runc on with different declared versions is accepted here (the policy pack rejects it)", () => {
    const raw = withKey(rawConfig(), "openwhisk:invokers", { useRunc: true, runc: { hostVersion: "1.1.12", imageVersion: "1.0.0-rc93" } });
    expect(validateStackConfig(raw).ok).toBe(true);
  });

  test("keys of other namespaces are ignored", () => {
    expect(validateStackConfig({ ...rawConfig(), "aws:region": "eu-west-1" }).ok).toBe(true);
  });
});

describe("rejections name the full key, the value and what is expected", () => {
  test.each([0, -1, 2.5])("controllers.count %p", (count) => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { count }), "openwhisk:controllers.count", count);
  });

  test("invokers.count 0", () => {
    rejects(withKey(rawConfig(), "openwhisk:invokers", { count: 0 }), "openwhisk:invokers.count", 0);
  });

  test("seeds greater than count", () => {
    const msg = rejects(withKey(rawConfig({ controllers: 3 }), "openwhisk:controllers", { seeds: 4 }), "openwhisk:controllers.seeds", 4);
    expect(msg).toContain("(3)");
  });

  test("seeds 0", () => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { seeds: 0 }), "openwhisk:controllers.seeds", 0);
  });

  test.each([0, 65536, "2551", -1])("remotingPort %p", (remotingPort) => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { remotingPort }), "openwhisk:controllers.remotingPort", remotingPort);
  });

  test.each(["ten seconds", "10", "10 fortnights", "0s", ""])("downing.after %p does not parse", (after) => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { downing: { after } }), "openwhisk:controllers.downing.after", after);
  });

  test("mode auto without after", () => {
    const msg = rejects(withKey(rawConfig(), "openwhisk:controllers", { downing: { after: undefined } }), "openwhisk:controllers.downing.after");
    expect(msg).toContain("missing");
  });

  test.each(["yes", "true", 1])("useRunc %p is not a YAML boolean", (useRunc) => {
    rejects(withKey(rawConfig(), "openwhisk:invokers", { useRunc }), "openwhisk:invokers.useRunc", useRunc);
  });

  test("unknown flavour", () => {
    const msg = rejects(withKey(rawConfig(), "openwhisk:release", { flavor: "akka-2.7" }), "openwhisk:release.flavor", "akka-2.7");
    expect(msg).toContain("pekko");
  });

  test.each(["legacy-2017", "akka-2.5"] as const)("a split-brain-resolver strategy on %s", (flavor) => {
    const raw = rawConfig({ flavor, downing: { mode: "auto", after: "10s", strategy: "keep-majority" } });
    const msg = rejects(raw, "openwhisk:controllers.downing.strategy", "keep-majority");
    expect(msg).toContain("split-brain resolver");
  });

  test("static address outside the subnet", () => {
    const raw = withKey(rawConfig(), "openwhisk:docker", { controllerAddresses: ["172.30.0.10", "172.31.0.11", "172.30.0.12"] });
    const msg = rejects(raw, "openwhisk:docker.controllerAddresses[1]", "172.31.0.11");
    expect(msg).toContain("172.30.0.0/24");
  });

  test("duplicated static address", () => {
    const raw = withKey(rawConfig(), "openwhisk:docker", { controllerAddresses: ["172.30.0.10", "172.30.0.11", "172.30.0.10"] });
    const msg = rejects(raw, "openwhisk:docker.controllerAddresses[2]", "172.30.0.10");
    expect(msg).toContain("controllerAddresses[0]");
  });

  test("the gateway, network and broadcast addresses are not host addresses", () => {
    for (const ip of ["172.30.0.1", "172.30.0.0", "172.30.0.255"]) {
      rejects(withKey(rawConfig(), "openwhisk:docker", { controllerAddresses: ["172.30.0.10", ip, "172.30.0.12"] }), "openwhisk:docker.controllerAddresses[1]", ip);
    }
  });

  test("aws: address outside every subnet, and AWS-reserved addresses", () => {
    const base = rawConfig({ target: "aws" });
    rejects(withKey(base, "openwhisk:aws", { controllerAddresses: ["10.60.1.10", "10.60.9.10", "10.60.3.12"] }), "openwhisk:aws.controllerAddresses[1]", "10.60.9.10");
    rejects(withKey(base, "openwhisk:aws", { controllerAddresses: ["10.60.1.10", "10.60.2.2", "10.60.3.12"] }), "openwhisk:aws.controllerAddresses[1]", "10.60.2.2");
    rejects(withKey(base, "openwhisk:aws", { controllerAddresses: ["10.60.1.10", "10.60.2.11", "10.60.1.10"] }), "openwhisk:aws.controllerAddresses[2]", "10.60.1.10");
  });

  test("wrong number of addresses", () => {
    rejects(withKey(rawConfig(), "openwhisk:docker", { controllerAddresses: ["172.30.0.10"] }), "openwhisk:docker.controllerAddresses");
  });

  test("duplicate DNS names", () => {
    const raw = withKey(rawConfig(), "openwhisk:controllers", { names: ["alpha", "beta", "alpha"] });
    rejects(raw, "openwhisk:controllers.names[2]", "alpha");
  });

  test("a controller name taken by another node", () => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { names: ["alpha", "kafka", "gamma"] }), "openwhisk:controllers.names[1]", "kafka");
  });

  test("runc on with only one of the two versions", () => {
    const raw = withKey(rawConfig(), "openwhisk:invokers", { useRunc: true, runc: { hostVersion: "1.1.12" } });
    rejects(raw, "openwhisk:invokers.runc.imageVersion");
  });

  test("unknown keys are typos, not silently ignored", () => {
    rejects(withKey(rawConfig(), "openwhisk:controllers", { remotePort: 2552 }), "openwhisk:controllers.remotePort", 2552);
    rejects({ ...rawConfig(), "openwhisk:controller": {} }, "openwhisk:controller");
  });

  test("manual downing: http on legacy-2017, and admin ports open to the world", () => {
    rejects(rawConfig({ flavor: "legacy-2017", downing: { mode: "manual", via: "http", port: 19999, allowedCidrs: ["10.0.0.0/8"] } }), "openwhisk:controllers.downing.via", "http");
    rejects(rawConfig({ downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["0.0.0.0/0"] } }), "openwhisk:controllers.downing.allowedCidrs[0]", "0.0.0.0/0");
  });

  test("missing target block", () => {
    const raw = rawConfig();
    delete raw["openwhisk:docker"];
    rejects(raw, "openwhisk:docker");
  });

  test("several problems give one error each", () => {
    const raw = withKey(withKey(rawConfig(), "openwhisk:controllers", { count: 0, remotingPort: 0 }), "openwhisk:invokers", { useRunc: "yes" });
    const keys = issuesOf(raw).map((i) => i.key);
    expect(keys).toEqual(expect.arrayContaining(["openwhisk:controllers.count", "openwhisk:controllers.remotingPort", "openwhisk:invokers.useRunc"]));
    expect(new Set(keys).size).toBe(keys.length);
  });

  test("secret values are never echoed", () => {
    const issues = issuesOf({ ...rawConfig(), "openwhisk:couchdbPassword": 12345 });
    const text = issues.map(formatIssue).join("\n");
    expect(text).toContain("openwhisk:couchdbPassword");
    expect(text).not.toContain("12345");
  });
});
