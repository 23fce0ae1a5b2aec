/**
 * The aws hosts' user data read back by cloud-init's own code (Debian's cloud-init, on the system
 * python): `cloudinit.util.load_yaml` (PyYAML, YAML 1.1) and `cc_write_files`'s `canonicalize_extraction`
 * / `extract_contents`, exactly what writes the files at boot. YAML 1.1 breaks lines at NEL (U+0085),
 * LS and PS (U+2028/2029) where the YAML 1.2 writer does not, so text written plainly could gain lines
 * on the host. The files must arrive byte for byte as the generator meant them, even for values that
 * validation refuses (here injected after validation, to show the encoding holds on its own).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../../components/config/validate";
import type { StackConfig } from "../../components/config/schema";
import { cloudConfigText, dockerRunArgs, envFile, renderCloudInit, type HostJob } from "../../components/plan/cloudInit";
import { argvFile } from "../../components/plan/hostFiles";
import { hostSpecs } from "../../components/plan/hostSecrets";
import type { ContainerSpec } from "../../components/plan/containerSpec";
import { rawConfig, withKey } from "../support/configs";
import { stackConfig } from "../support/mockRun";

/** The interpreter Debian's cloud-init package installs into (a pyenv or venv python3 on PATH lacks it). */
const PYTHON = "/usr/bin/python3";
const work = mkdtempSync(join(tmpdir(), "cloud-init-loader-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const LOADER = `
import json, sys
from cloudinit import util
from cloudinit.config.cc_write_files import canonicalize_extraction, extract_contents
cfg = util.load_yaml(open(sys.argv[1], encoding="utf-8").read())
out = {}
for f in cfg["write_files"]:
    data = extract_contents(f.get("content", ""), canonicalize_extraction(f.get("encoding")))
    out[f["path"]] = (data if isinstance(data, bytes) else data.encode("utf-8")).decode("utf-8", "surrogateescape")
json.dump(out, sys.stdout)
`;

/** What cloud-init writes to disk for this user data: path -> content. */
function cloudInitWrites(userData: string, name: string): Record<string, string> {
  const file = join(work, `${name}.yaml`);
  writeFileSync(file, userData);
  const r = spawnSync(PYTHON, ["-c", LOADER, file], { encoding: "utf8" });
  if (r.error || (r.status !== 0 && /No module named 'cloudinit'/.test(r.stderr))) {
    throw new Error(`${PYTHON} cannot import cloudinit (.ci/run installs Debian's cloud-init): ${r.stderr}`);
  }
  expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
  return JSON.parse(r.stdout);
}

const hostUserData = (specs: ContainerSpec[], jobs: HostJob[] = []) => renderCloudInit({ specs, jobs, secretPrefix: "/openwhisk/t/", region: "eu-west-1" });

/** Every container's env and argv file as cloud-init writes them, against what the generator meant. */
function expectIntact(specs: ContainerSpec[], name: string) {
  const written = cloudInitWrites(hostUserData(specs), name);
  for (const spec of specs) {
    expect(written[`/etc/openwhisk/${spec.name}.args`]).toBe(argvFile(dockerRunArgs(spec)));
    expect(written[`/etc/openwhisk/${spec.name}.env`]).toBe(envFile(spec));
  }
  return written;
}

/** A config as validation left it, then given a value validation would refuse. */
function injected(edit: (c: StackConfig) => void): StackConfig {
  const config = parseStackConfig(rawConfig({ target: "aws", flavor: "pekko", controllers: 1, invokers: 1 }));
  edit(config);
  return config;
}

describe("cloud-init's own loader reads every file back as generated", () => {
  test.each(["staging", "prod"])("%s: every host kind", (stack) => {
    const specs = hostSpecs(parseStackConfig(stackConfig(stack)), stack);
    for (const [kind, list] of Object.entries(specs)) expectIntact(list, `${stack}-${kind}`);
  });

  test("a NEL-laden controllers.downing.comment stays one label argument: no --privileged, no -v /:/host", () => {
    const comment = "oldest wins\u0085--privileged\u0085-v\u0085/:/host\u2028--pid\u2029host";
    const config = injected((c) => {
      c.controllers.downing = { mode: "auto", after: "10s", strategy: "keep-oldest", comment };
    });
    const controller = hostSpecs(config, "nel").controller.find((s) => s.role === "controller")!;
    const written = expectIntact([controller], "nel-comment");
    const args = written[`/etc/openwhisk/${controller.name}.args`].replace(/\n$/, "").split("\n");
    expect(args).toContain(`openwhisk.downing-comment=${comment}`);
    expect(args).not.toContain("--privileged");
    expect(args).not.toContain("/:/host");
  });

  test("a runtimesManifest key with NEL or LS adds no env line", () => {
    const config = injected((c) => {
      c.runtimesManifest = { runtimes: {}, "x\u0085CONFIG_whisk_spi_LogStoreProvider=evil": 1, "y\u2028INVOKER_OPTS=-Dx": 2 };
    });
    for (const spec of [...hostSpecs(config, "nel").controller, ...hostSpecs(config, "nel").invoker]) {
      const written = expectIntact([spec], `nel-manifest-${spec.name}`);
      const keys = written[`/etc/openwhisk/${spec.name}.env`].split("\n").filter(Boolean).map((l) => l.slice(0, l.indexOf("=")));
      expect(keys).not.toContain("CONFIG_whisk_spi_LogStoreProvider");
      expect(keys).not.toContain("INVOKER_OPTS");
    }
  });

  test("a host job's script and a plain file carry NEL, LS and PS verbatim", () => {
    const script = "#!/bin/sh\necho 'a\u0085b\u2028c\u2029d'\n";
    const written = cloudInitWrites(hostUserData([], [{ name: "probe", description: "probe", script }]), "job");
    expect(written["/usr/local/bin/openwhisk-probe"]).toBe(script);
  });

  test("every string of a cloud-config document, not only file contents, is what cloud-init's loader reads: DEL, C1, NEL, LS, PS, U+FFFE beside blanks", () => {
    // The renderer's own strings outside file contents are systemd tokens today (systemdToken refuses
    // anything else); the writer must hold for PyYAML on its own all the same.
    const word = "p a\u007fb\u0080c \u0085 d \u2028 e\u2029f\ufffeg\u00a0h\u{1f600}i\u0000j";
    const doc = { write_files: [{ path: `/etc/${word}`, permissions: "0644", encoding: "b64", content: "" }], runcmd: [["echo", word]] };
    const file = join(work, "strings.yaml");
    writeFileSync(file, cloudConfigText(doc));
    const r = spawnSync(PYTHON, ["-c", "import json, sys\nfrom cloudinit import util\njson.dump(util.load_yaml(open(sys.argv[1], encoding='utf-8').read()), sys.stdout)", file], { encoding: "utf8" });
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toEqual(doc);
  });

  test("the stacks' user data is still valid cloud-config with encoded files (cloud-init schema)", () => {
    const file = join(work, "schema.yaml");
    writeFileSync(file, hostUserData(hostSpecs(parseStackConfig(withKey(rawConfig({ target: "aws" }), "openwhisk:invokers", { count: 1 })), "schema").invoker));
    const r = spawnSync("cloud-init", ["schema", "--config-file", file], { encoding: "utf8" });
    expect({ status: r.status, out: `${r.stdout}${r.stderr}`.trim() }).toEqual({ status: 0, out: `Valid cloud-config: ${file}` });
  });
});
