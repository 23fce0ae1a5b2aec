/**
 * Stack-file config keys are parsed as Pulumi parses them (pulumi/pulumi
 * sdk/go/common/resource/config/key.go, ParseKey): `<namespace>:<name>`, or `<namespace>:config:<name>`
 * meaning `<namespace>:<name>`; a bare key is refused with the key named, never silently ignored.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStackFile, StackFileError } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-keys-"));
function file(name: string, text: string): string {
  const f = path.join(dir, `Pulumi.${name}.yaml`);
  fs.writeFileSync(f, text);
  return f;
}

test("a bare key is in the project's namespace, as Pulumi's stack-file loader reads it (pulumi/pulumi sdk/go/common/workspace/loaders.go, stackConfigNamespacedWithProject)", () => {
  const bare = readStackFile(file("bare", "config:\n  openwhisk:target: docker\n  controllers:\n    count: 3\n")).config;
  const namespaced = readStackFile(file("namespaced", "config:\n  openwhisk:target: docker\n  openwhisk:controllers:\n    count: 3\n")).config;
  expect(bare).toEqual(namespaced);
  expect(bare["openwhisk:controllers"]).toBeDefined();
  // Another program's stack file: its bare keys are in that program's project namespace.
  expect(Object.keys(readStackFile(file("team", "config:\n  seedCount: 3\n"), "team").config)).toEqual(["team:seedCount"]);
});

test("a bare key beside the same key with its namespace is refused, naming both (Pulumi would keep either)", () => {
  const f = file("twice", "config:\n  openwhisk:controllers:\n    count: 3\n  controllers:\n    count: 5\n");
  expect(() => readStackFile(f)).toThrow(StackFileError);
  expect(() => readStackFile(f)).toThrow(/config keys "openwhisk:controllers" and "controllers" are both openwhisk:controllers/);
});

test("a key with too many colons is refused", () => {
  expect(() => readStackFile(file("colons", "config:\n  openwhisk:controllers:count: 3\n"))).toThrow(/config key "openwhisk:controllers:count"/);
});

test("<namespace>:config:<name> is the old form of <namespace>:<name>", () => {
  const prod = readStackFile(path.join(__dirname, "..", "stacks", "Pulumi.prod.yaml")).config;
  const text = fs.readFileSync(path.join(__dirname, "..", "stacks", "Pulumi.prod.yaml"), "utf8").replace("  openwhisk:target: aws", "  openwhisk:config:target: aws");
  const old = readStackFile(file("old", text)).config;
  expect(old).toEqual(prod);
  expect(validateStackConfig(old).ok).toBe(true);
});
