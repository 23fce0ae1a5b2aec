import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { main } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig, withKey } from "./support/configs";

function writeStack(config: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-render-"));
  const file = path.join(dir, "Pulumi.custom.yaml");
  fs.writeFileSync(file, stringify({ config }));
  return file;
}

describe("npm run render", () => {
  test.each(["local", "staging", "prod"])("--stack %s --json prints every node", (stack) => {
    const { code, stdout } = capture(() => main(["--stack", stack, "--json"]));
    expect(code).toBe(0);
    const doc = JSON.parse(stdout);
    expect(doc.stack).toBe(stack);
    for (const node of doc.nodes) expect(Object.keys(node)).toEqual(expect.arrayContaining(["name", "role", "image", "env", "ports", "volumes", "labels"]));
    expect(doc.nodes.filter((n: { role: string }) => n.role === "controller").length).toBeGreaterThanOrEqual(2);
  });

  test("secret values are shown as [secret]", () => {
    const file = writeStack({ ...rawConfig(), "openwhisk:couchdbPassword": "hunter2-plain-0123456" });
    const { code, stdout } = capture(() => main(["--config-file", file, "--json"]));
    expect(code).toBe(0);
    expect(stdout).not.toContain("hunter2-plain-0123456");
    const controller = JSON.parse(stdout).nodes.find((n: { role: string }) => n.role === "controller");
    expect(controller.env.CONFIG_whisk_couchdb_password).toBe("[secret]");
  });

  test("text output names each node and its static address", () => {
    const { code, stdout } = capture(() => main(["--stack", "local"]));
    expect(code).toBe(0);
    expect(stdout).toContain("# controller controller0 @ 172.30.0.10");
    expect(stdout).toContain("CONFIG_pekko_cluster_seedNodes_0");
  });

  test("invalid config: exit 2 with key-naming errors, nothing on stdout", () => {
    const file = writeStack(withKey(rawConfig(), "openwhisk:controllers", { seeds: 9 }));
    const { code, stdout, stderr } = capture(() => main(["--config-file", file]));
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("openwhisk:controllers.seeds: got 9");
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  test("unknown stack, unknown flag, unreadable YAML: exit 2", () => {
    expect(capture(() => main(["--stack", "nope"])).code).toBe(2);
    expect(capture(() => main(["--stack", "local", "--yaml"])).code).toBe(2);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ow-render-"));
    fs.writeFileSync(path.join(dir, "bad.yaml"), "config: [unclosed");
    const r = capture(() => main(["--config-file", path.join(dir, "bad.yaml")]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("bad.yaml");
  });
});
