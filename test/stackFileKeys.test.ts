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

test("a bare key is refused, naming it (it used to be dropped and the stack validated without it)", () => {
  const f = file("bare", "config:\n  openwhisk:target: docker\n  controllers:\n    count: 3\n");
  expect(() => readStackFile(f)).toThrow(StackFileError);
  expect(() => readStackFile(f)).toThrow(/config key "controllers": Pulumi cannot parse it as a configuration key .*openwhisk:controllers/);
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
