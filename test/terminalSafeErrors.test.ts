/**
 * A stack file under review comes from whoever opened the pull request; render and check print its keys
 * and values in their errors. No control character (ESC, C1's CSI U+009B), line or paragraph separator or
 * bidirectional control from it reaches the terminal or the CI log raw: an escape sequence could clear the
 * screen or rewrite lines, e.g. print a fake verdict. Each is shown as <U+XXXX>, and the refusal still
 * exits 2 naming the key.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig } from "./support/configs";

/** Anything but printable text and the line feeds between lines. */
const RAW = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\u202a-\u202e\u2066-\u2069]/u;

function renderStack(extra: Record<string, unknown>) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-terminal-"));
  const file = path.join(dir, "Pulumi.hostile.yaml");
  fs.writeFileSync(file, stringify({ config: { ...rawConfig(), ...extra } }));
  return capture(() => main(["--config-file", file]));
}

describe("errors about hostile keys and values print no raw control characters", () => {
  test("a top-level key with ESC and U+2028: named visibly, exit 2", () => {
    const r = renderStack({ "openwhisk:x\u001b[2J\u2028Verdict PASS": 1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("openwhisk:x<U+001B>[2J<U+2028>Verdict PASS");
    expect(r.stderr).not.toMatch(RAW);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test("a C1 CSI and a bidi override inside an unknown key's value: shown visibly wherever the value is printed", () => {
    const r = renderStack({ "openwhisk:unknownKey": { a: "\u009b2J\u202eevil" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("openwhisk:unknownKey.a");
    expect(r.stderr).not.toMatch(RAW);
  });

  test("a key Pulumi cannot parse (two colons) with U+2028 and a bidi override: quoted without them raw, exit 2", () => {
    const r = renderStack({ "openwhisk:x\u2028Verdict: PASS\u202e": 1 });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("Pulumi cannot parse it as a configuration key");
    expect(r.stderr).not.toMatch(RAW);
  });

  test("a bare key with ESC: no raw ESC in the error, exit 2", () => {
    const r = renderStack({ "x\u001b[2Jy": 1 });
    expect(r.code).toBe(2);
    expect(r.stderr).not.toMatch(RAW);
  });
});
