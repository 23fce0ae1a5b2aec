/**
 * Secrets encrypted in a stack file (`pulumi config set --secret`, written as `secure: <ciphertext>`) cannot
 * be decrypted offline. render and check still read the stack: the secret counts as set, its grammar is
 * judged by `pulumi up` on the decrypted value (program/config.ts), and the program run by check gets a
 * stand-in of the secret's grammar. A plain-text secret keeps every rule.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main } from "../cli/render";
import { offlineProgramConfig } from "../cli/loadStack";
import { readStackFile } from "../components/config/stackFile";
import { validateStackConfig } from "../components/config/validate";
import { capture } from "./support/capture";
import { rawConfig } from "./support/configs";

const CIPHERTEXT = { secure: "AAABAGxvbmdlbmNyeXB0ZWR2YWx1ZQ==" };
const ENCRYPTED = ["couchdbPassword", "jmxPassword", "invokerPassword", "guestAuthKey", "systemAuthKey"];

function writeStack(config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-encrypted-"));
  const file = path.join(dir, "Pulumi.encrypted.yaml");
  fs.writeFileSync(file, stringify({ config }));
  return file;
}

const encryptedStack = () => writeStack({ ...rawConfig(), ...Object.fromEntries(ENCRYPTED.map((k) => [`openwhisk:${k}`, CIPHERTEXT])) });

describe("secrets encrypted in the stack file", () => {
  test("render reads the stack (exit 0) and shows them as [secret]", () => {
    const { code, stdout, stderr } = capture(() => main(["--config-file", encryptedStack(), "--json"]));
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const controller = JSON.parse(stdout).nodes.find((n: { role: string }) => n.role === "controller");
    expect(controller.env.CONFIG_whisk_couchdb_password).toBe("[secret]");
  });

  test("the program run by check gets values every secret grammar admits, one per key", () => {
    const config = offlineProgramConfig(readStackFile(encryptedStack()));
    const result = validateStackConfig(config);
    expect(result.ok ? [] : result.issues).toEqual([]);
    expect(new Set(ENCRYPTED.map((k) => config[`openwhisk:${k}`])).size).toBe(ENCRYPTED.length);
  });

  test("a plain-text value equal to the offline placeholder is still refused", () => {
    const file = readStackFile(encryptedStack());
    const plain = { ...file.config };
    const result = validateStackConfig(plain);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues.map((i) => i.key)).toEqual(expect.arrayContaining(ENCRYPTED.map((k) => `openwhisk:${k}`)));
  });
});
