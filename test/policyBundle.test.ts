/**
 * `npm run policy:bundle`: `pulumi policy publish` uploads only the pack's directory, so the bundle
 * must hold every project file the pack loads, at the same relative paths, and load on its own.
 */
import * as fs from "fs";
import * as path from "path";
import { bundle } from "../cli/bundlePolicyPack";
import { POLICIES } from "../policies/pack";
import { ROOT } from "./support/mockRun";

// Inside the project, so the bundle resolves @pulumi/policy from node_modules as an installed pack would.
const out = path.join(ROOT, "dist", "test-policy-bundle");

afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

test("the bundle is a pack directory that loads the same policies with no file from outside it", () => {
  bundle(out);
  expect(fs.readFileSync(path.join(out, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$[\s\S]*^main: policies\/$/m);
  expect(JSON.parse(fs.readFileSync(path.join(out, "package.json"), "utf8")).dependencies).toHaveProperty("@pulumi/policy");
  const files = fs.readdirSync(out, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
  for (const file of files) {
    for (const m of fs.readFileSync(path.join(out, file), "utf8").matchAll(/from\s+["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = path.resolve(path.dirname(path.join(out, file)), m[1]);
      expect({ file, import: m[1], found: fs.existsSync(`${target}.ts`) || fs.existsSync(path.join(target, "index.ts")) }).toEqual({ file, import: m[1], found: true });
    }
  }
  const bundled = require(path.join(out, "policies", "pack.ts")) as typeof import("../policies/pack");
  expect(bundled.POLICIES.map((p) => p.name)).toEqual(POLICIES.map((p) => p.name));
  expect(bundled.PACK_NAME).toBe("openwhisk-clustering");
});
