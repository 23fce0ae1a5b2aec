/**
 * A stack file whose aliases expand exponentially ("billion laughs": each anchor a list of nine aliases of
 * the one before) is refused like any unusable stack file: exit 2, the file named, no stack trace. The yaml
 * library stops the expansion itself (maxAliasCount) with a ReferenceError, which render let escape
 * (exit 1 and a trace).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { main as render } from "../cli/render";
import { capture } from "./support/capture";

function bomb(): string {
  const lines = ["config:", "  openwhisk:target: docker", "  openwhisk:runtimesManifest:", '    a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(97 + i - 1);
    const name = String.fromCharCode(97 + i);
    lines.push(`    ${name}: &${name} [${Array(9).fill(`*${prev}`).join(",")}]`);
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-alias-bomb-"));
  const file = path.join(dir, "Pulumi.bomb.yaml");
  fs.writeFileSync(file, `${lines.join("\n")}\n`);
  return file;
}

test("render: an alias bomb exits 2 naming the file, no stack trace", () => {
  const file = bomb();
  const r = capture(() => render(["--config-file", file]));
  expect(r.code).toBe(2);
  expect(r.stderr).toContain(file);
  expect(r.stderr).not.toMatch(/\n\s+at /);
});
