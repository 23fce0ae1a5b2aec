/**
 * Config refusals of the second hardening round: characters that YAML 1.1 (PyYAML, cloud-init's reader)
 * reads as line breaks or cannot carry, passwords that the images' start scripts would run as shell,
 * upstream's published passwords, caps on every string and list, reserved names and address blocks.
 * Every refusal names its key, and the commands exit 2 without a stack trace.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SECRET_ALPHABET, SECRET_KEYS } from "../components/config/schema";
import { RESERVED_UNIT_NAMES, validateStackConfig, VALUE_CAPS } from "../components/config/validate";
import { main as render } from "../cli/render";
import { capture } from "./support/capture";
import { rawConfig, withKey, type RawConfig } from "./support/configs";
import { hostFiles } from "./support/hostSetup";
import { ofType, ROOT, runUnderMocks } from "./support/mockRun";

const dir = mkdtempSync(join(tmpdir(), "refusals-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const AWS = rawConfig({ target: "aws", flavor: "pekko" });
const DOCKER = rawConfig({ target: "docker", flavor: "pekko" });

function issues(raw: RawConfig) {
  const r = validateStackConfig(raw);
  return r.ok ? [] : r.issues;
}
const keysOf = (raw: RawConfig) => issues(raw).map((i) => i.key);

function renderYaml(yaml: string, name = "Pulumi.refused.yaml") {
  const file = join(dir, name);
  writeFileSync(file, yaml);
  return capture(() => render(["--config-file", file, "--json"]));
}

/** A stack file as a user writes it: YAML double-quoted strings take `\N`, `\L`, `\P`, `\uXXXX` escapes. */
const STACK = (extra: string, controllersExtra = "") => `config:
  openwhisk:target: docker
  openwhisk:release: { flavor: pekko, controllerImage: openwhisk/controller:x, invokerImage: openwhisk/invoker:x }
  openwhisk:controllers: { count: 1, seeds: 1, remotingPort: 2551, downing: { mode: auto, after: 10s, strategy: keep-majority }${controllersExtra} }
  openwhisk:invokers: { count: 1, useRunc: false }
  openwhisk:docker: { subnet: 172.30.0.0/24, controllerAddresses: [172.30.0.10] }
${extra}`;

const comment = (text: string) => withKey(DOCKER, "openwhisk:controllers", { downing: { mode: "auto", after: "10s", strategy: "keep-oldest", comment: text } });

describe("item 1: no character that a YAML 1.1 reader splits lines at, or cannot carry, in any string", () => {
  // PyYAML (cloud-init's reader) breaks lines at NEL, LS and PS (yaml/reader.py, scanner.py) and refuses
  // C1 controls other than NEL, U+FEFF inside text, U+FFFE/U+FFFF and lone surrogates as non-printable.
  test.each([
    ["NEL (U+0085)", "\u0085", "U+0085"],
    ["a C1 control (U+0080)", "\u0080", "U+0080"],
    ["a C1 control (U+009F)", "\u009f", "U+009F"],
    ["LINE SEPARATOR", "\u2028", "U+2028"],
    ["PARAGRAPH SEPARATOR", "\u2029", "U+2029"],
    ["a byte-order mark", "\ufeff", "U+FEFF"],
    ["a noncharacter (U+FDD0)", "\ufdd0", "U+FDD0"],
    ["a noncharacter (U+FFFE)", "\ufffe", "U+FFFE"],
    ["a noncharacter (U+1FFFF)", "\u{1ffff}", "U+1FFFF"],
    ["a lone high surrogate", "\ud800", "U+D800"],
    ["a lone low surrogate", "\udc00", "U+DC00"],
    ["a right-to-left override", "\u202e", "U+202E"],
  ])("%s in controllers.downing.comment is refused at its key", (_what, c, named) => {
    const found = issues(comment(`oldest wins${c}--privileged${c}-v${c}/:/host`));
    expect(found.map((i) => i.key)).toEqual(["openwhisk:controllers.downing.comment"]);
    expect(found[0].expected).toContain(named);
  });

  test("a paired surrogate (an emoji) and plain non-ASCII letters are text, not refused", () => {
    expect(keysOf(comment("oldest wins: Zürich 🚀 anchor"))).toEqual([]);
  });

  test("a runtimesManifest key with NEL or LS is refused, named with the character spelled out", () => {
    const found = issues({ ...DOCKER, "openwhisk:runtimesManifest": { runtimes: {}, "x\u0085CONFIG_whisk_spi_X=y": 1, "y\u2028Z=1": 2 } });
    expect(found.map((i) => i.key).sort()).toEqual(["openwhisk:runtimesManifest.x<U+0085>CONFIG_whisk_spi_X=y", "openwhisk:runtimesManifest.y<U+2028>Z=1"]);
    expect(JSON.stringify(found)).not.toMatch(/[\u0085\u2028]/);
  });

  test("deep inside runtimesManifest and in a list: named at the exact path", () => {
    const manifest = { runtimes: { nodejs: [{ kind: "nodejs:20", image: { name: "action\u2029nodejs" } }] } };
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": manifest })).toEqual(["openwhisk:runtimesManifest.runtimes.nodejs[0].image.name"]);
  });

  test("in a secret: refused at its key, never echoed", () => {
    const found = issues({ ...AWS, "openwhisk:couchdbPassword": "abcdefgh\u0085ijklmnopq" });
    expect(found.map((i) => i.key)).toEqual(["openwhisk:couchdbPassword"]);
    expect(JSON.stringify(found)).not.toContain("abcdefgh");
  });

  test("npm run render: a stack file with YAML's \\N and \\L escapes exits 2 naming both keys, no stack trace", () => {
    const r = renderYaml(STACK(`  openwhisk:runtimesManifest: { "k\\LCONFIG_x=1": 1 }\n`, `, names: ["c\\N0"]`).replace("strategy: keep-majority", 'strategy: keep-oldest, comment: "a\\N--privileged\\N-v\\N/:/host"'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/openwhisk:controllers\.downing\.comment: .*U\+0085/);
    expect(r.stderr).toMatch(/openwhisk:runtimesManifest\.k<U\+2028>CONFIG_x=1/);
    expect(r.stderr).toMatch(/openwhisk:controllers\.names\[0\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe("");
  });
});

describe("item 2: user-given passwords are inert in the images' start chain", () => {
  const PASSWORDS = SECRET_KEYS.filter((k) => !/AuthKey$/.test(k));
  const config = (key: string, value: string) => ({ ...rawConfig({ target: "aws", downing: { mode: "manual", via: "jmx", port: 15000, allowedCidrs: ["10.60.0.0/16"] } }), [`openwhisk:${key}`]: value });

  // common/scala/transformEnvironment.sh (1.0.0, 2.0.0, master) writes -D<key>='<value>' and the Gradle
  // start script evaluates CONTROLLER_OPTS: each of these would run or split there.
  test.each(PASSWORDS.flatMap((key) => [
    [key, "x'$(id>/tmp/pwned)'padding-0123"],
    [key, "$HOME-and-more-padding"],
    [key, "pass word with spaces!"],
    [key, "back`id`quoted-0123456"],
    [key, "glob*and?semi;colon-00"],
    [key, "short-0123456"],
    [key, "x".repeat(129)],
  ]))("%s %j is refused at its key, never echoed", (key, value) => {
    const found = issues(config(key, value));
    expect(found.map((i) => i.key)).toEqual([`openwhisk:${key}`]);
    expect(found[0].expected).toMatch(/16 to 128 characters from letters, digits and \. _ ~ \+ = -/);
    expect(JSON.stringify(found)).not.toContain(value.slice(0, 8));
  });

  test.each(PASSWORDS)("%s: every character of the alphabet, 16 and 128 long, is accepted", (key) => {
    expect(keysOf(config(key, "Az09._~+=-Zz.-_~"))).toEqual([]);
    expect(keysOf(config(key, "aB3.".repeat(32)))).toEqual([]);
  });

  test.each([
    ["couchdbPassword", "some_passw0rd", /CouchDB default \(ansible\/templates\/db_local\.ini\.j2/],
    ["jmxPassword", "jmxpass", /JMX default \(ansible\/group_vars\/all/],
    ["couchdbPassword", "jmxpass", /JMX default/],
  ])("%s: upstream's published %s is refused as such", (key, value, why) => {
    const found = issues(config(key, value));
    expect(found.map((i) => i.key)).toEqual([`openwhisk:${key}`]);
    expect(found[0].expected).toMatch(why);
    expect(String(found[0].value)).not.toContain(value); // never echoed
  });

  test("a password equal to its user name (upstream's JMX default when a user is given) is refused", () => {
    expect(keysOf(withKey(config("jmxPassword", "jmxuser-operator1"), "openwhisk:controllers", { downing: { user: "jmxuser-operator1" } }))).toEqual(["openwhisk:jmxPassword"]);
    expect(keysOf(withKey(config("couchdbPassword", "couch-admin-0123456"), "openwhisk:services", { couchdbUser: "couch-admin-0123456" }))).toEqual(["openwhisk:couchdbPassword"]);
  });

  test("generated passwords come from the same alphabet: letters and digits only, 16 to 128 long", async () => {
    const run = await runUnderMocks(rawConfig({ target: "aws" }), { stack: "alphabet" });
    const passwords = ofType(run, "random:index/randomPassword:RandomPassword");
    expect(passwords.length).toBeGreaterThanOrEqual(PASSWORDS.length);
    for (const p of passwords) {
      // The random provider draws from upper, lower and numeric only when special is false.
      expect({ name: p.name, special: p.inputs.special, overrideSpecial: p.inputs.overrideSpecial }).toEqual({ name: p.name, special: false, overrideSpecial: undefined });
      expect(Number(p.inputs.length)).toBeGreaterThanOrEqual(16);
      expect(Number(p.inputs.length)).toBeLessThanOrEqual(128);
      expect(SECRET_ALPHABET.test("A".repeat(Number(p.inputs.length)))).toBe(true);
    }
  });
});

describe("item 11: caps and reserved names", () => {
  test.each([
    ["a 65-entry adminCidrs", "openwhisk:aws", { adminCidrs: Array.from({ length: 65 }, (_, i) => `10.${i}.0.0/16`) }, "openwhisk:aws.adminCidrs"],
    ["a 65-entry edgeCidrs", "openwhisk:aws", { edgeCidrs: Array.from({ length: 65 }, (_, i) => `10.${i}.0.0/16`) }, "openwhisk:aws.edgeCidrs"],
    ["a 65-entry subnet list", "openwhisk:aws", { privateSubnets: Array.from({ length: 65 }, (_, i) => ({ cidr: `10.60.${100 + i}.0/24`, availabilityZone: "eu-west-1a" })) }, "openwhisk:aws.privateSubnets"],
    ["a 300-character zone name", "openwhisk:aws", { zoneName: `${"a".repeat(60)}.`.repeat(5) + "internal" }, "openwhisk:aws.zoneName"],
    ["a 300-character Kafka host", "openwhisk:services", { kafka: { hosts: [`${`${"k".repeat(60)}.`.repeat(5)}internal:9092`] } }, "openwhisk:services.kafka.hosts[0]"],
    ["a 600-character image", "openwhisk:release", { controllerImage: `registry.internal/${"a".repeat(600)}:1` }, "openwhisk:release.controllerImage"],
    ["a 300-character runc root", "openwhisk:invokers", { runcRoot: `/${"r".repeat(300)}` }, "openwhisk:invokers.runcRoot"],
  ])("%s is refused at its key", (_what, key, patch, expected) => {
    expect(keysOf(withKey(AWS, key, patch))).toEqual([expected]);
  });

  test("runtimesManifest: a long string, a long list, too many keys, too deep, too big: each named", () => {
    const deep: Record<string, unknown> = {};
    let cur = deep;
    for (let i = 0; i < VALUE_CAPS.depth + 2; i++) cur = (cur.d = {}) as Record<string, unknown>;
    const long = { ...DOCKER, "openwhisk:runtimesManifest": { runtimes: { nodejs: [{ kind: "k".repeat(VALUE_CAPS.string + 1) }] } } };
    expect(keysOf(long)).toEqual(["openwhisk:runtimesManifest.runtimes.nodejs[0].kind"]);
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": { blackboxes: Array.from({ length: VALUE_CAPS.list + 1 }, () => ({ name: "b" })) } })).toEqual(["openwhisk:runtimesManifest.blackboxes"]);
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": Object.fromEntries(Array.from({ length: VALUE_CAPS.keys + 1 }, (_, i) => [`k${i}`, 1])) })).toEqual(["openwhisk:runtimesManifest"]);
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": deep })[0]).toMatch(/^openwhisk:runtimesManifest(\.d)+$/);
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": { blackboxes: Array.from({ length: 200 }, (_, i) => ({ name: `image-${i}-${"x".repeat(60)}` })) } })).toEqual(["openwhisk:runtimesManifest"]);
    expect(keysOf({ ...DOCKER, "openwhisk:runtimesManifest": { ["k".repeat(VALUE_CAPS.key + 1)]: 1 } })[0]).toMatch(/^openwhisk:runtimesManifest\.k+\.\.\.$/);
  });

  test.each(["ready", "action-fence", "container", "secrets"])("a controller named %s (a host unit or script of the stack's own) is refused", (name) => {
    const raw = withKey(rawConfig({ target: "aws", controllers: 2 }), "openwhisk:controllers", { names: ["controller0", name] });
    expect(keysOf(raw)).toEqual(["openwhisk:controllers.names[1]"]);
  });

  test("the reserved names are exactly the host jobs and scripts an aws stack writes besides its containers", async () => {
    const run = await runUnderMocks(rawConfig({ target: "aws", controllers: 1, invokers: 1, useRunc: true }), { stack: "units" });
    const own = new Set<string>();
    for (const i of ofType(run, "aws:ec2/instance:Instance")) {
      const containers = new Set(hostFiles(i).filter((f) => f.path.endsWith(".args")).map((f) => f.path.replace(/^\/etc\/openwhisk\/|\.args$/g, "")));
      for (const f of hostFiles(i)) {
        const m = /^\/(?:etc\/systemd\/system|usr\/local\/bin)\/openwhisk-(.+?)(?:\.service)?$/.exec(f.path);
        if (m && !containers.has(m[1]) && !/^secrets-/.test(m[1])) own.add(m[1]);
      }
    }
    expect([...own].sort()).toEqual(["action-fence", "action-fence-watch", "container", "data-volume", "engine-runc", "ready"]);
    for (const name of own) expect(RESERVED_UNIT_NAMES).toContain(name);
  });

  test.each(["bridge", "host", "none"])("docker.networkName %s (one of docker's own networks) is refused", (name) => {
    expect(keysOf(withKey(DOCKER, "openwhisk:docker", { networkName: name }))).toEqual(["openwhisk:docker.networkName"]);
  });

  test.each([
    ["wider than /8", "10.0.0.0/7"],
    ["this network (0/8)", "0.0.0.0/16"],
    ["loopback", "127.0.0.0/24"],
    ["link-local", "169.254.0.0/24"],
    ["covering link-local", "169.0.0.0/8"],
    ["multicast", "224.1.0.0/24"],
  ])("docker.subnet %s is refused", (_what, subnet) => {
    const raw = withKey(DOCKER, "openwhisk:docker", { subnet, controllerAddresses: [] });
    expect(keysOf(withKey(raw, "openwhisk:controllers", { count: 1, seeds: 1 })).filter((k) => k === "openwhisk:docker.subnet")).toEqual(["openwhisk:docker.subnet"]);
  });

  test("docker.subnet /8 is the widest accepted", () => {
    expect(keysOf(withKey(DOCKER, "openwhisk:docker", { subnet: "10.0.0.0/8", controllerAddresses: ["10.0.0.10", "10.0.0.11", "10.0.0.12"] }))).toEqual([]);
  });

  test.each([
    ["link-local", "169.254.10.0/24"],
    ["docker's default bridge", "172.17.0.0/16"],
    ["inside docker's default bridge", "172.17.5.0/24"],
    ["loopback", "127.1.0.0/24"],
  ])("aws.actionSubnet %s is refused", (_what, block) => {
    expect(keysOf(withKey(AWS, "openwhisk:aws", { actionSubnet: block }))).toEqual(["openwhisk:aws.actionSubnet"]);
  });

  test.each([["30s", false], ["59s", false], ["59999ms", false], ["1m", true], ["60s", true], ["2d", false]])("controllers.readyTimeout %s accepted: %s", (value, ok) => {
    expect(keysOf(withKey(AWS, "openwhisk:controllers", { readyTimeout: value }))).toEqual(ok ? [] : ["openwhisk:controllers.readyTimeout"]);
  });

  test("__proto__ anywhere in a stack file is reported as itself: top level, in a mapping, in runtimesManifest", () => {
    const r = renderYaml(STACK(`  openwhisk:__proto__: { target: aws }\n  openwhisk:runtimesManifest: { runtimes: {}, __proto__: { polluted: true } }\n`, ", __proto__: { count: 9 }"));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/openwhisk:__proto__: got \{"target":"aws"\}; expected no such key/);
    expect(r.stderr).toMatch(/openwhisk:controllers\.__proto__: got \{"count":9\}; expected no such key/);
    expect(r.stderr).toMatch(/openwhisk:runtimesManifest\.__proto__: got \{"polluted":true\}; expected no such key/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("every refusal: npm run check and npm run render exit 2, name the key, print no stack trace", () => {
  // Value and schema refusals come first; rules across keys are judged once every value is well-formed.
  const HOSTILE: Array<[string, string, RegExp[]]> = [
    ["values", STACK('  openwhisk:couchdbPassword: "x\'$(id)\'-padding-0123"\n  openwhisk:runtimesManifest: { "k\\N": 1 }\n', ", heap: \"2g\\u2028-XX\""),
      [/openwhisk:couchdbPassword/, /openwhisk:runtimesManifest\.k<U\+0085>/, /openwhisk:controllers\.heap: .*U\+2028/]],
    ["cross-field", STACK("", ", readyTimeout: 5s, names: [ready]").replace("172.30.0.0/24, controllerAddresses: [172.30.0.10]", "169.254.0.0/24, controllerAddresses: [169.254.0.10]"),
      [/openwhisk:controllers\.readyTimeout/, /openwhisk:controllers\.names\[0\]/, /openwhisk:docker\.subnet/]],
  ];

  function run(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      execFile(process.execPath, ["-r", join(ROOT, "cli/register.js"), join(ROOT, script), ...args], { cwd: ROOT }, (error, stdout, stderr) =>
        resolve({ code: error ? Number((error as { code?: number }).code) : 0, stdout, stderr }));
    });
  }

  test.each(HOSTILE.flatMap(([what, yaml, keys]) => ["cli/render.ts", "cli/check.ts"].map((script) => [script, what, yaml, keys] as const)))("%s, %s", async (script, what, yaml, keys) => {
    const file = join(dir, `Pulumi.hostile-${what}-${script.replace(/\W/g, "")}.yaml`);
    writeFileSync(file, yaml);
    const r = await run(script, ["--config-file", file]);
    expect(r.code).toBe(2);
    for (const key of keys) expect(r.stderr).toMatch(key);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stderr).not.toContain("$(id)");
  });
});
