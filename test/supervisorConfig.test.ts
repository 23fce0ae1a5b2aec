/**
 * openwhisk:controllers.downing.supervisor: defaults, ranges and the refusals that name the key, in
 * validation and through `npm run render` (exit 2).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { formatIssue } from "../components/config/errors";
import { validateStackConfig } from "../components/config/validate";
import { main as render } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig } from "./support/configs";

const manual = (supervisor?: unknown) => ({ mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.0.0.0/8"], ...(supervisor === undefined ? {} : { supervisor }) });

function issues(raw: Record<string, unknown>): string[] {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues.map(formatIssue);
}

describe("openwhisk:controllers.downing.supervisor", () => {
  test("manual downing gets a supervisor by default: enabled, stableAfter 20s (the split-brain resolver's default), interval 5s", () => {
    const r = validateStackConfig(rawConfig({ downing: manual() }));
    if (!r.ok) throw new Error(r.issues.map(formatIssue).join("\n"));
    const d = r.config.controllers.downing;
    if (d.mode !== "manual") throw new Error("mode");
    expect(d.supervisor).toMatchObject({ enabled: true, stableAfter: "20s", interval: "5s" });
  });

  test("it can be turned off", () => {
    const r = validateStackConfig(rawConfig({ downing: manual({ enabled: false }) }));
    expect(r.ok && r.config.controllers.downing.mode === "manual" && r.config.controllers.downing.supervisor.enabled).toBe(false);
  });

  test("a supervisor on automatic downing is refused, naming the key", () => {
    const found = issues(rawConfig({ downing: { mode: "auto", after: "10s", supervisor: { enabled: true } } }));
    expect(found).toEqual([expect.stringMatching(/^openwhisk:controllers\.downing\.supervisor: got .*expected no supervisor with mode auto/)]);
  });

  test.each([
    ["interval", "0s"], ["interval", "500ms"], ["interval", "2m"], ["interval", "soon"],
    ["stableAfter", "1s"], ["stableAfter", "1h"], ["fenceTimeout", "1s"], ["rejoinTimeout", "2h"],
  ])("%s %s is out of range: named", (key, value) => {
    const found = issues(rawConfig({ downing: manual({ [key]: value }) }));
    expect(found).toEqual([expect.stringMatching(new RegExp(`^openwhisk:controllers\\.downing\\.supervisor\\.${key}: got "${value}"; expected a duration from`))]);
  });

  test("stableAfter shorter than two intervals is refused (a view is stable only after more than one read)", () => {
    const found = issues(rawConfig({ downing: manual({ interval: "20s", stableAfter: "30s" }) }));
    expect(found).toEqual([expect.stringMatching(/^openwhisk:controllers\.downing\.supervisor\.stableAfter: got "30s"; expected a duration of at least twice/)]);
  });

  test("unknown supervisor keys are errors", () => {
    expect(issues(rawConfig({ downing: manual({ stable: "20s" }) }))).toEqual([expect.stringMatching(/^openwhisk:controllers\.downing\.supervisor\.stable: /)]);
  });

  test("npm run render exits 2 naming the key (supervisor on auto downing; interval out of range)", () => {
    const dir = mkdtempSync(join(tmpdir(), "ow-sv-"));
    try {
      for (const [downing, key] of [
        [{ mode: "auto", after: "10s", supervisor: {} }, "openwhisk:controllers.downing.supervisor:"],
        [manual({ interval: "90s" }), "openwhisk:controllers.downing.supervisor.interval:"],
      ] as const) {
        const file = join(dir, "Pulumi.bad.yaml");
        writeFileSync(file, stringify({ config: rawConfig({ downing: downing as Record<string, unknown> }) }));
        const out = capture(() => render(["--config-file", file]));
        expect(out.code).toBe(2);
        expect(out.stderr).toContain(key);
        expect(out.stdout).toBe("");
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test("the supervisor needs two seeds: a lone seed joins itself on every start (akka ClusterDaemon.scala at v2.6.12: a seed list of only selfAddress is JoinTo(selfAddress))", () => {
  const raw = rawConfig({ controllers: 3, seeds: 1, downing: manual() });
  expect(issues(raw)).toEqual([expect.stringMatching(/^openwhisk:controllers\.seeds: got 1; expected at least 2 seeds while the downing supervisor runs/)]);
  expect(issues(rawConfig({ controllers: 3, seeds: 1, downing: manual({ enabled: false }) }))).toEqual([]);
  expect(issues(rawConfig({ controllers: 1, seeds: 1, downing: manual() }))).toEqual([]);
});

test("aws: downing.allowedCidrs must cover the first private subnet, where the supervisor's host reaches the JMX ports from", () => {
  const raw = rawConfig({ target: "aws", downing: { ...manual(), allowedCidrs: ["10.60.1.0/24"] } });
  expect(issues(raw)).toEqual([expect.stringMatching(/^openwhisk:controllers\.downing\.allowedCidrs: got \["10\.60\.1\.0\/24"\]; expected a block covering aws\.privateSubnets\[0\] \(10\.60\.11\.0\/24\)/)]);
  expect(issues(rawConfig({ target: "aws", downing: { ...manual({ enabled: false }), allowedCidrs: ["10.60.1.0/24"] } }))).toEqual([]);
  expect(issues(rawConfig({ target: "aws", downing: { ...manual(), allowedCidrs: ["10.60.0.0/16"] } }))).toEqual([]);
});
