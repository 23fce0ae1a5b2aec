/**
 * Why user-given passwords are held to letters, digits and `._~+=-` (components/config/schema.ts
 * SECRET_ALPHABET): each build's own common/scala/transformEnvironment.sh (1.0.0, 2.0.0, master 1fae641),
 * read from an apache/openwhisk clone at the tag and run with bash as core/controller/init.sh runs it,
 * turns `CONFIG_*` values into `-D<key>='<value>'` words; the start script then evaluates them as shell
 * (`eval set -- $DEFAULT_JVM_OPTS $JAVA_OPTS $CONTROLLER_OPTS ...`, the line of the Gradle start-script
 * template the clone's own `gradlew` carries at each tag). A quote in a password runs code there; every
 * character of the alphabet arrives at the JVM unchanged.
 *
 * Needs a clone of apache/openwhisk with those tags: $OPENWHISK_REPO, default the workplace mirror.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECRET_ALPHABET } from "../../components/config/schema";
import type { Flavor } from "../../components/config/flavorNames";
import { parseStackConfig } from "../../components/config/validate";
import { renderCloudInit } from "../../components/plan/cloudInit";
import { hostSpecs } from "../../components/plan/hostSecrets";
import { decodedFiles } from "../support/hostSetup";
import { rawConfig } from "../support/configs";

const REPO = process.env.OPENWHISK_REPO ?? "/work/.mirror/apache+openwhisk/repo";
const BUILDS = [["akka-2.5", "refs/tags/1.0.0"], ["akka-2.6", "refs/tags/2.0.0"], ["pekko", "1fae641"]] as const;
const work = mkdtempSync(join(tmpdir(), "start-chain-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const haveRepo = existsSync(REPO);
const maybe = haveRepo ? describe : describe.skip;
if (!haveRepo) console.warn(`startChain.test.ts: no apache/openwhisk clone at ${REPO} (set OPENWHISK_REPO); skipped`);

const upstream = (ref: string, path: string) => execFileSync("git", ["-C", REPO, "show", `${ref}:${path}`], { encoding: "utf8" });

/** The JVM's arguments after the image's chain: transformEnvironment.sh, then the start script's eval. */
function jvmArgs(script: string, value: string, home: string, env: Record<string, string> = { CONFIG_whisk_couchdb_password: value }): string[] {
  const chain = 'CONTROLLER_OPTS="$(bash "$1")"; eval set -- $CONTROLLER_OPTS; printf "%s\\0" "$@"';
  const r = spawnSync("bash", ["-c", chain, "chain", script], { cwd: home, encoding: "utf8", env: { PATH: process.env.PATH, HOME: home, ...env } });
  return r.stdout.split("\0").slice(0, -1);
}

/**
 * The env a controller of the stack gets on an aws host: its env file plus what its secrets script writes,
 * run under sh with a stand-in `aws` that answers every parameter with a password of the alphabet.
 */
function controllerEnv(flavor: Flavor): Record<string, string> {
  const config = parseStackConfig(rawConfig({ target: "aws", flavor, controllers: 1 }));
  const spec = hostSpecs(config, "argv").controller.find((s) => s.role === "controller")!;
  const files = decodedFiles(renderCloudInit({ specs: [spec], secretPrefix: "/ow/", region: "eu-west-1" }));
  const root = mkdtempSync(join(work, `${flavor}-host-`));
  mkdirSync(join(root, "bin"));
  writeFileSync(join(root, "bin/aws"), '#!/bin/sh\nwhile [ $# -gt 0 ]; do [ "$1" = --name ] && { echo "Pw.${2##*/}-0123456789"; exit 0; }; shift; done\nexit 1\n', { mode: 0o755 });
  const script = files.find((f) => f.path === `/usr/local/bin/openwhisk-secrets-${spec.name}`)!.content.replace(/\/run\/openwhisk/g, `${root}/run`);
  writeFileSync(join(root, "secrets.sh"), script);
  execFileSync("sh", [join(root, "secrets.sh")], { env: { PATH: `${root}/bin:/usr/bin:/bin` } });
  const text = files.find((f) => f.path === `/etc/openwhisk/${spec.name}.env`)!.content + readFileSync(join(root, `run/${spec.name}.secrets.env`), "utf8");
  return Object.fromEntries(text.split("\n").filter(Boolean).map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1)]));
}

maybe.each(BUILDS)("%s (%s)", (flavor, ref) => {
  let script: string;
  beforeAll(() => {
    script = join(work, `${ref.replace(/\W/g, "_")}-transformEnvironment.sh`);
    writeFileSync(script, upstream(ref, "common/scala/transformEnvironment.sh"));
  });

  test("the clone's start script evaluates the JVM options (eval set -- ... $JAVA_OPTS ...)", () => {
    expect(upstream(ref, "gradlew")).toMatch(/^eval set -- \$DEFAULT_JVM_OPTS \$JAVA_OPTS /m);
    expect(upstream(ref, "core/controller/init.sh")).toMatch(/CONTROLLER_OPTS="\$CONTROLLER_OPTS .*\$\(\.\/transformEnvironment\.sh\)"/);
  });

  test("a password with a quote runs as shell before the JVM starts", () => {
    const marker = join(work, `pwned-${ref.replace(/\W/g, "_")}`);
    jvmArgs(script, `x'$(touch ${marker})'`, work);
    expect(existsSync(marker)).toBe(true);
    expect(SECRET_ALPHABET.test(`x'$(touch ${marker})'`)).toBe(false);
  });

  test.each([
    ["every character of the alphabet", "Az09._~+=-Zz.-_~"],
    ["128 characters", "aB3.~+=-_".repeat(14).slice(0, 128)],
    ["leading ~ and =", "~=leading-tilde-0"],
  ])("%s arrives at the JVM unchanged, as one argument", (_what, value) => {
    expect(SECRET_ALPHABET.test(value)).toBe(true);
    expect(jvmArgs(script, value, work)).toEqual([`-Dwhisk.couchdb.password=${value}`]);
  });

  test("the stack's controller: no password on the JVM command line; the config file has them and the image's own settings", () => {
    const env = controllerEnv(flavor);
    const home = mkdtempSync(join(work, `${flavor}-home-`));
    const args = jvmArgs(script, "", home, env);
    expect(args).toContain(`-Dconfig.file=${home}/config.conf`);
    expect(args.join(" ")).not.toMatch(/Pw\./);
    const file = readFileSync(join(home, "config.conf"), "utf8");
    expect(file.split("\n")[0]).toBe('include classpath("application.conf")');
    // The controllers' own CouchDB user, never the server admin (couchdbPassword stays with the init job).
    expect(file).toMatch(/^whisk\.couchdb\.password = "Pw\.couchdbControllerPassword-0123456789"$/m);
    expect(file).not.toContain("Pw.couchdbPassword-");
    expect(args.filter((a) => a.startsWith("-Dwhisk.couchdb."))).toEqual(expect.arrayContaining([`-Dwhisk.couchdb.host=${env.CONFIG_whisk_couchdb_host}`]));
  });
});
