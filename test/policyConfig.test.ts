/**
 * --policy-config is validated as the Pulumi engine validates --policy-pack-config
 * (pulumi/pulumi pkg/resource/analyzer/config.go): a level string or an object, levels advisory /
 * mandatory / remediate / disabled, options against the policy's config schema; plus unknown policy
 * and option names, which would otherwise change nothing. Exit 2 naming each problem.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePolicyConfig, policyConfigErrors } from "../cli/offline/policyPackConfig";
import { ROOT } from "./support/mockRun";

test.each([
  [{ "odd-controller-count": "mandtory" }, /odd-controller-count: "mandtory" is not a valid enforcement level/],
  [{ "odd-controler-count": "mandatory" }, /"odd-controler-count": no such policy in the pack/],
  [{ "cluster-ports-private": { minimumPrefix: "8" } }, /cluster-ports-private\.minimumPrefix: got "8" \(string\); expected integer/],
  [{ "cluster-ports-private": { additionalPorts: 8443 } }, /cluster-ports-private\.additionalPorts: got 8443 \(integer\); expected array/],
  [{ "cluster-ports-private": { additionalPorts: [0] } }, /additionalPorts\[0\]: got 0; expected at least 1/],
  [{ "production-seed-count": { productionEnvironment: ["prod"] } }, /production-seed-count\.productionEnvironment: no such option/],
  [{ "production-seed-count": { enforcementLevel: "warn" } }, /production-seed-count\.enforcementLevel: "warn" is not a valid enforcement level/],
  [{ "odd-controller-count": 1 }, /must be a string or object/],
  [["odd-controller-count"], /expected a JSON object/],
])("%j is refused", (config, message) => {
  expect(policyConfigErrors(config).join("\n")).toMatch(message);
});

test("valid configs: levels (all four), `all`, options of the right type, whitespace-only content", () => {
  expect(policyConfigErrors({ all: "advisory", "odd-controller-count": "mandatory", "jmx-authenticated": "disabled", "cluster-ports-private": { enforcementLevel: "remediate", additionalPorts: [8443], minimumPrefix: 16 }, "production-seed-count": { productionEnvironments: ["live"] } })).toEqual([]);
  expect(parsePolicyConfig("  \n")).toEqual({});
});

test("the command: exit 2, every problem named, nothing on stdout", async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ow-pc-")), "policy-config.json");
  fs.writeFileSync(file, JSON.stringify({ "odd-controller-count": "mandtory", "cluster-ports-private": { minimumPrefix: "8" } }));
  const r = await new Promise<{ code: number; stdout: string; stderr: string }>((resolve) =>
    execFile(process.execPath, ["-r", path.join(ROOT, "cli/register.js"), path.join(ROOT, "cli/check.ts"), "--stack", "local", "--policy-config", file], { cwd: ROOT }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr })),
  );
  expect(r.code).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr).toContain("odd-controller-count: \"mandtory\" is not a valid enforcement level");
  expect(r.stderr).toContain("cluster-ports-private.minimumPrefix: got \"8\"");
});
