/**
 * The aws hosts' secrets scripts, run for real under `sh` with a stand-in `aws` CLI: a read that fails
 * or returns an empty value makes the script exit non-zero and write nothing (the env file and secret
 * files of the last good start stay as they were), so the unit, whose ExecStartPre it is, does not start
 * and the container never falls back to its image's default credentials.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseStackConfig } from "../components/config/validate";
import { renderCloudInit } from "../components/plan/cloudInit";
import { isSecretFile, isSecretRef, type ContainerSpec } from "../components/plan/containerSpec";
import { hostSpecs } from "../components/plan/hostSecrets";
import { decodedFiles } from "./support/hostSetup";
import { stackConfig } from "./support/mockRun";
import { rawConfig } from "./support/configs";
import { FLAVORS } from "../components/config/flavorNames";

const work = mkdtempSync(join(tmpdir(), "secrets-script-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const specs = hostSpecs(parseStackConfig(stackConfig("prod")), "prod");
const all = [...specs.core, ...specs.controller, ...specs.invoker];
const files = decodedFiles(renderCloudInit({ specs: all, secretPrefix: "/openwhisk/prod/", region: "eu-west-1" }));
const file = (path: string) => files.find((f) => f.path === path)!;

/**
 * A stand-in `aws`: answers `ssm get-parameter --name P` with `value-of-P`, except parameters listed in
 * $FAIL (exit 254 with AWS's error text) or $EMPTY (an empty line, as `--output text` prints an empty value).
 */
const AWS_STUB = `#!/bin/sh
name=
while [ $# -gt 0 ]; do [ "$1" = --name ] && name=$2; shift; done
case " \${FAIL:-} " in *" $name "*) echo "An error occurred (ParameterNotFound) when calling the GetParameter operation: Parameter $name not found." >&2; exit 254 ;; esac
case " \${EMPTY:-} " in *" $name "*) echo; exit 0 ;; esac
echo "value-of-$name"
`;

/** Runs a container's secrets script in a scratch root (its /run/openwhisk moved there). */
function runScript(spec: ContainerSpec, env: { FAIL?: string; EMPTY?: string }, root = mkdtempSync(join(work, `${spec.name}-`))) {
  const bin = join(root, "bin");
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, "aws"), AWS_STUB);
  chmodSync(join(bin, "aws"), 0o755);
  const script = join(root, "secrets.sh");
  writeFileSync(script, file(`/usr/local/bin/openwhisk-secrets-${spec.name}`).content.replace(/\/run\/openwhisk/g, `${root}/run/openwhisk`));
  const r = spawnSync("sh", [script], { encoding: "utf8", env: { PATH: `${bin}:/usr/bin:/bin`, ...env } });
  return { root, status: r.status, stderr: r.stderr };
}

/** Every file under dir, relative. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1)).sort();
}

/** The SSM parameters a container needs: its secret env values and secret files. */
function parametersOf(spec: ContainerSpec): string[] {
  const out = new Set<string>();
  for (const v of Object.values(spec.env)) if (isSecretRef(v)) out.add(`/openwhisk/prod/${v.secret}`);
  for (const f of spec.files) if (isSecretFile(f.content)) out.add(f.content.secret ? `/openwhisk/prod/${f.content.secret}` : f.content.parameter!);
  return [...out];
}

const withSecrets = all.filter((s) => parametersOf(s).length > 0);

describe("a secrets script that cannot read a secret writes nothing and fails", () => {
  test("the prod stack has containers with secret env and with secret files", () => {
    expect(withSecrets.map((s) => s.name)).toEqual(expect.arrayContaining(["nginx", "couchdb", "initdb", "controller0", "invoker0"]));
  });

  test.each(withSecrets.map((s) => [s.name, s] as const))("%s: every secret read, every file written, mode 0600, no staging left", (_name, spec) => {
    const r = runScript(spec, {});
    expect({ status: r.status, stderr: r.stderr }).toEqual({ status: 0, stderr: "" });
    const run = join(r.root, "run/openwhisk");
    const env = readFileSync(join(run, `${spec.name}.secrets.env`), "utf8");
    // Secret CONFIG_ settings of 1.0.0+ controllers and invokers arrive in the JVM config file (OPENWHISK_ENCODED_CONFIG).
    const encoded = /^OPENWHISK_ENCODED_CONFIG=(.*)$/m.exec(env);
    const configFile = encoded ? Buffer.from(encoded[1], "base64").toString("utf8") : "";
    for (const [k, v] of Object.entries(spec.env)) {
      if (typeof v !== "object") continue;
      if (k.startsWith("CONFIG_")) {
        expect(env).not.toContain(`${k}=`);
        expect(configFile).toContain(` = "value-of-/openwhisk/prod/${v.secret}"\n`);
      } else expect(env).toContain(`${k}=value-of-/openwhisk/prod/${v.secret}\n`);
    }
    expect(statSync(join(run, `${spec.name}.secrets.env`)).mode & 0o777).toBe(0o600);
    expect(tree(run).filter((p) => p.startsWith("."))).toEqual([]);
  });

  test.each(withSecrets.flatMap((s) => parametersOf(s).flatMap((p) => [[s.name, p, "FAIL", s], [s.name, p, "EMPTY", s]] as const)))(
    "%s: %s read with %s: exit non-zero, naming it, nothing written",
    (_name, parameter, how, spec) => {
      const r = runScript(spec, { [how]: parameter });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain(parameter);
      expect(tree(join(r.root, "run/openwhisk"))).toEqual([]);
    },
  );

  test("a failed read leaves the files of the last good start as they were (never `KEY=`)", () => {
    const spec = specs.invoker[0];
    const first = runScript(spec, {});
    expect(first.status).toBe(0);
    const envPath = join(first.root, "run/openwhisk", `${spec.name}.secrets.env`);
    const good = readFileSync(envPath, "utf8");
    const again = runScript(spec, { EMPTY: parametersOf(spec)[0] }, first.root);
    expect(again.status).not.toBe(0);
    expect(readFileSync(envPath, "utf8")).toBe(good);
    expect(good).not.toMatch(/^[A-Za-z_][A-Za-z0-9_]*=$/m); // no empty value (base64 padding may end a line in =)
    expect(tree(join(first.root, "run/openwhisk"))).toEqual([`${spec.name}.secrets.env`]);
  });

  test.each(all.map((s) => [s.name] as const))("%s: the unit runs the script before its container, and its failure fails the start", (name) => {
    const unit = file(`/etc/systemd/system/openwhisk-${name}.service`).content.split("\n");
    const pre = unit.indexOf(`ExecStartPre=/usr/local/bin/openwhisk-secrets-${name}`);
    expect(pre).toBeGreaterThan(0);
    expect(unit.findIndex((l) => /^ExecStart=/.test(l))).toBeGreaterThan(pre);
  });
});

describe("secrets off the JVM command line (plan/jvmConfigFile.ts)", () => {
  // transformEnvironment.sh (1.0.0, 2.0.0, master) turns every CONFIG_ value into a -D word of the JVM's
  // argv; OPENWHISK_ENCODED_CONFIG becomes a config file whose path alone is passed. legacy-2017 has no
  // transformEnvironment.sh and reads DB_PASSWORD from the environment (whisk/common/Config.scala, sys.env).
  test.each(FLAVORS.map((f) => [f] as const))("%s: no secret is written as a CONFIG_ key", (flavor) => {
    const config = parseStackConfig(rawConfig({ target: "aws", flavor, controllers: 1, invokers: 1 }));
    const host = hostSpecs(config, "argv");
    for (const spec of [...host.controller, ...host.invoker].filter((s) => s.role === "controller" || s.role === "invoker")) {
      const script = decodedFiles(renderCloudInit({ specs: [spec], secretPrefix: "/p/", region: "eu-west-1" })).find((f) => f.path === `/usr/local/bin/openwhisk-secrets-${spec.name}`)!.content;
      expect(script).not.toMatch(/printf '%s=%s\\n' CONFIG_/);
      if (flavor === "legacy-2017") expect(script).toMatch(/printf '%s=%s\\n' DB_PASSWORD /);
      else expect(script).toMatch(/printf '%s=%s\\n' OPENWHISK_ENCODED_CONFIG "\$config"/);
    }
  });
});
