/**
 * The HOCON reader (components/plan/hocon.ts) against the examples of the format's own spec,
 * lightbend/config HOCON.md (sections named per test), and against the config files OpenWhisk's
 * images read: OPENWHISK_CONFIG, or OPENWHISK_ENCODED_CONFIG decoded (common/scala/transformEnvironment.sh
 * at 1.0.0, 2.0.0 and 1fae641), which upstream's ansible starts with `include classpath("application.conf")`
 * (ansible/roles/controller/templates/config.j2 at 1fae641).
 */
import fc from "fast-check";
import { hoconSettings, HoconSyntaxError } from "../components/plan/hocon";
import { configFileSettings, configFileText } from "../components/plan/jvmConfigFile";
import { missingStartupSettings } from "../components/plan/startupContract";
import { readNodeEnv } from "../policies/model/nodeEnv";
import type { StackResource } from "../policies/model/stackResource";

const read = (text: string, env?: Record<string, string>) => Object.fromEntries(hoconSettings(text, env ? (k) => env[k] : undefined));

describe("HOCON.md examples", () => {
  test("Paths as keys: `foo.bar : 42` is `foo { bar : 42 }`; quoted segments keep their dots", () => {
    expect(read("foo.bar : 42")).toEqual({ "foo.bar": "42" });
    expect(read("foo { bar : 42 }")).toEqual({ "foo.bar": "42" });
    expect(read('foo."bar.baz" : 42').hasOwnProperty("foo.bar.baz")).toBe(true);
    expect(read("a b c : 42")).toEqual({ "a b c": "42" });
  });

  test("Omit root braces; `=` or `:`; no separator before `{`; newlines or commas between fields", () => {
    expect(read('{ "foo" : { "a" : 42 }, "bar" : 10 }')).toEqual({ "foo.a": "42", bar: "10" });
    expect(read("foo { a = 42 }\nbar = 10")).toEqual({ "foo.a": "42", bar: "10" });
    expect(read("foo { a = 42, b = 43 }")).toEqual({ "foo.a": "42", "foo.b": "43" });
  });

  test("Duplicate keys and object merging: objects merge, a non-object replaces, `foo.c` after `foo = 42` replaces it", () => {
    expect(read('foo : { a : 42 },\nfoo : { b : 43 }')).toEqual({ "foo.a": "42", "foo.b": "43" });
    expect(read('foo : { a : 42 },\nfoo : null,\nfoo : { b : 43 }')).toEqual({ "foo.b": "43" });
    expect(read('foo : { a : { c : 1 } }\nfoo : { a : { d : 2 } }')).toEqual({ "foo.a.c": "1", "foo.a.d": "2" });
    expect(read("foo = 42\nfoo.c = 1")).toEqual({ "foo.c": "1" });
    expect(read("foo { a = 1 }\nfoo = 42")).toEqual({ foo: "42" });
  });

  test("Comments (`#`, `//`) are not values; inside quotes they are", () => {
    expect(read('# c\n// c\na = 1 // trailing\nb = "x#y//z" # after')).toEqual({ a: "1", b: "x#y//z" });
  });

  test("Unquoted strings and value concatenation keep blanks between pieces; quoted strings take JSON escapes", () => {
    expect(read("a = foo bar  baz  ")).toEqual({ a: "foo bar  baz" });
    expect(read('a = "foo" bar "baz"')).toEqual({ a: "foo bar baz" });
    expect(read('a = "tab\\there \\u0041"')).toEqual({ a: "tab\there A" });
    expect(read("a = 90%, b = 10 s, c = true")).toEqual({ a: "90%", b: "10 s", c: "true" });
  });

  test("Multi-line strings: triple quotes, no escapes, extra quotes before the end belong to the string", () => {
    expect(read('a = """line 1\nline "2" \\n"""')).toEqual({ a: 'line 1\nline "2" \\n' });
    expect(read('a = """x""""')).toEqual({ a: 'x"' });
  });

  test("Arrays: a leaf per index; `+=` appends; array concatenation", () => {
    expect(read('s = [ "a",\n  "b" ]')).toEqual({ "s.0": "a", "s.1": "b" });
    expect(read("s = [1]\ns += 2")).toEqual({ "s.0": "1", "s.1": "2" });
    expect(read("s += 1")).toEqual({ "s.0": "1" });
    expect(read("s = [1] [2, 3]")).toEqual({ "s.0": "1", "s.1": "2", "s.2": "3" });
  });

  test("Substitutions: resolved against the document, later definitions win, self-references see the earlier value, the environment answers the rest", () => {
    expect(read("bar : { baz : 42 }\nfoo : ${bar.baz}\nbar : { baz : 43 }")).toEqual({ "bar.baz": "43", foo: "43" });
    expect(read("path : a\npath : ${path}\":b\"")).toEqual({ path: "a:b" });
    expect(read("foo : ${?NOPE}")).toEqual({});
    expect(read("foo : ${NOPE}\nbar = 1")).toEqual({ bar: "1" }); // unanswered: not known, siblings still are
    expect(read("host = ${?HOSTNAME}\nurl = \"http://\"${HOSTNAME}\":8080\"", { HOSTNAME: "c0" })).toEqual({ host: "c0", url: "http://c0:8080" });
    expect(read("a = ${b}\nb = ${a}")).toEqual({}); // a cycle is no value
    expect(read("data-center-one = { name = one }\ndata-center-east = ${data-center-one} { name = east }")).toEqual({ "data-center-one.name": "one", "data-center-east.name": "east" });
  });

  test("Self-referential substitutions and `+=` inside a block that names an object again see what the earlier block set", () => {
    // HOCON.md "Self-Referential Substitutions": the earlier value is the one the merged object had before the field.
    expect(read("a { b { c = [1] }\n b { c += 2 } }")).toEqual({ "a.b.c.0": "1", "a.b.c.1": "2" });
    expect(read("a.b.c = [0]\na { b { c = [1] }\n b.c += 2 }")).toEqual({ "a.b.c.0": "1", "a.b.c.1": "2" });
    expect(read("a { x = 1 }\na { x = 2, x = ${a.x}3 }")).toEqual({ "a.x": "23" });
    expect(read('pekko.cluster { seed-nodes = ["a"] }\npekko { cluster { seed-nodes += "b" } }')).toEqual({ "pekko.cluster.seed-nodes.0": "a", "pekko.cluster.seed-nodes.1": "b" });
  });

  test("An optional substitution that is not there leaves the earlier value; one that resolves to an object merges with an earlier object", () => {
    // HOCON.md "Substitutions": `${?foo}` undefined as a field's value "should not be created", and "if the field
    // would have overridden a previously-set value for the same field, then the previous value remains".
    expect(read('host = "10.0.0.1"\nhost = ${?HOST_IP}')).toEqual({ host: "10.0.0.1" });
    expect(read('host = "10.0.0.1"\nhost = ${?HOST_IP}', { HOST_IP: "10.0.0.9" })).toEqual({ host: "10.0.0.9" });
    // HOCON.md "Duplicate keys and object merging" with a substitution: an object value merges with an earlier object.
    expect(read("b { y = 2 }\na { x = 1 }\na = ${b}")).toEqual({ "b.y": "2", "a.x": "1", "a.y": "2" });
    expect(read("b { y = 2 }\na = ${b}\na.x = 1\nc = ${a.y}")).toEqual({ "b.y": "2", "a.y": "2", "a.x": "1", c: "2" });
    expect(read("b = 5\na { x = 1 }\na = ${b}")).toEqual({ b: "5", a: "5" });
    // Object concatenation (HOCON.md "Value concatenation"): `a { x = 1 } { y = 2 }` is one merged object.
    expect(read("a { b = 1 } { c = 2 }")).toEqual({ "a.b": "1", "a.c": "2" });
  });

  test("Includes are read and skipped; what the file sets is still read", () => {
    expect(read('include classpath("application.conf")\ninclude "other.conf"\ninclude required(file("/x.conf"))\nwhisk.info.date = "2026-08-05"')).toEqual({ "whisk.info.date": "2026-08-05" });
  });

  test("Text that is not HOCON is refused, naming the line", () => {
    expect(() => hoconSettings("a = {")).toThrow(HoconSyntaxError);
    expect(() => hoconSettings('a = "x\nb = 1')).toThrow(/line 1/);
    expect(() => hoconSettings("a = pekko://s@h:2551")).toThrow(HoconSyntaxError); // `:` and `@` need quotes
    expect(configFileSettings("a = {")).toEqual(new Map());
    // HOCON.md "Commas": a trailing comma is ignored; two in a row or a leading one are invalid, in objects as in arrays.
    expect(read("a = 1,\nb { c = 2, }")).toEqual({ a: "1", "b.c": "2" });
    expect(() => hoconSettings("a = 1,, b = 2")).toThrow(HoconSyntaxError);
    expect(() => hoconSettings("{ , a = 1 }")).toThrow(HoconSyntaxError);
    expect(() => hoconSettings("a { b = 1\n,\n, c = 2 }")).toThrow(HoconSyntaxError);
    expect(() => hoconSettings(`a = ${"[".repeat(5000)}${"]".repeat(5000)}`)).toThrow(HoconSyntaxError); // not a stack overflow
    expect(() => hoconSettings(`${"a {".repeat(5000)}${"}".repeat(5000)}`)).toThrow(HoconSyntaxError);
    const chain = Array.from({ length: 5000 }, (_, i) => `k${i} = \${k${i + 1}}`).join("\n") + "\nk5000 = end";
    expect(hoconSettings(chain).get("k4990")).toBe("end");
  });
});

describe("the config file the components write reads back unchanged", () => {
  test("configFileSettings(configFileText(s)) is s, for every setting the writer accepts", () => {
    const property = fc.array(fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/), { minLength: 1, maxLength: 4 }).map((p) => p.join("."));
    const value = fc.stringMatching(/^[A-Za-z0-9 _.:@/%+=!#$-]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ property, value }), { selector: (s) => s.property, maxLength: 6 }), (settings) => {
        // A path that is a prefix of another would be an object and a string at once; the writer's settings never are.
        fc.pre(settings.every((a) => settings.every((b) => a === b || !b.property.startsWith(`${a.property}.`))));
        const text = configFileText(settings);
        expect(text.split("\n")[0]).toBe('include classpath("application.conf")');
        expect(Object.fromEntries(configFileSettings(text))).toEqual(Object.fromEntries(settings.map((s) => [s.property, s.value])));
      }),
    );
  });
});

describe("a controller's OPENWHISK_CONFIG read as the JVM reads it", () => {
  const container = (envs: string[]): StackResource =>
    ({ urn: "urn:pulumi:dev::p::docker:index/container:Container::c", type: "docker:index/container:Container", name: "c", props: { envs }, protect: false, dependencies: [], propertyDependencies: {} }) as StackResource;

  test("nested blocks, quoted keys, comments and arrays count as the CONFIG_ keys they set; a CONFIG_ key given too wins", () => {
    const config = [
      'include classpath("application.conf")',
      "pekko {",
      "  actor.provider = cluster  # clustered",
      "  cluster {",
      '    downing-provider-class = "org.apache.pekko.cluster.sbr.SplitBrainResolverProvider"',
      '    seed-nodes = ["pekko://controller-actor-system@10.0.0.1:2551", "pekko://controller-actor-system@10.0.0.2:2551"]',
      "    split-brain-resolver { active-strategy = keep-majority }",
      "  }",
      "}",
      'whisk.info { build-no = "42", date = ${?BUILD_DATE} }',
      'whisk { spi { LoadBalancerProvider = "org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer" } }',
    ].join("\n");
    const env = readNodeEnv(container([`OPENWHISK_CONFIG=${config}`, "BUILD_DATE=2026-08-05", "CONFIG_whisk_info_buildNo=43"])).values;
    expect(env.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.get("CONFIG_pekko_cluster_downingProviderClass")).toBe("org.apache.pekko.cluster.sbr.SplitBrainResolverProvider");
    expect(env.get("CONFIG_pekko_cluster_seedNodes_1")).toBe("pekko://controller-actor-system@10.0.0.2:2551");
    expect(env.get("CONFIG_pekko_cluster_splitBrainResolver_activeStrategy")).toBe("keep-majority");
    expect(env.get("CONFIG_whisk_spi_LoadBalancerProvider")).toBe("org.apache.openwhisk.core.loadBalancer.ShardingContainerPoolBalancer");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026-08-05"); // from the process's env, as HOCON's fallback reads it
    expect(env.get("CONFIG_whisk_info_buildNo")).toBe("43"); // -D from CONFIG_ overrides config.file
  });

  test("a -D option in CONTROLLER_OPTS / JAVA_OPTS beats the config file, as system properties beat config.file", () => {
    // transformEnvironment.sh (1.0.0, 2.0.0, 1fae641) hands the file over as -Dconfig.file; ConfigFactory.load()
    // puts defaultOverrides() (system properties, i.e. every -D option) above defaultApplication() (that file).
    const config = "pekko.cluster.split-brain-resolver { active-strategy = keep-majority }\nwhisk.info.date = 2020-01-01";
    const env = readNodeEnv(container([`OPENWHISK_CONFIG=${config}`, "CONTROLLER_OPTS=-Dpekko.cluster.split-brain-resolver.active-strategy=static-quorum", "JAVA_OPTS=-Dwhisk.info.date=2026-01-01"])).values;
    expect(env.get("CONFIG_pekko_cluster_splitBrainResolver_activeStrategy")).toBe("static-quorum");
    expect(env.get("CONFIG_whisk_info_date")).toBe("2026-01-01");
  });

  test("a setting substituted from a variable set in the container at start is present with its value unknown", () => {
    const config = "pekko.remote.artery.canonical.hostname = ${HOST_IP}\npekko.actor.provider = cluster";
    const resource = { ...container([`OPENWHISK_CONFIG=${config}`]), props: { envs: [`OPENWHISK_CONFIG=${config}`], command: ["/bin/sh", "-c", "export HOST_IP=$(hostname -i); exec /init.sh 0"] } } as StackResource;
    const env = readNodeEnv(resource);
    expect(env.values.get("CONFIG_pekko_actor_provider")).toBe("cluster");
    expect(env.values.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(false);
    expect(env.runtimeKeys.has("CONFIG_pekko_remote_artery_canonical_hostname")).toBe(true);
  });

  test("the same read from OPENWHISK_ENCODED_CONFIG (base64)", () => {
    const config = 'akka.cluster {\n  auto-down-unreachable-after = 10s\n}\n"akka"."actor".provider: cluster\n';
    const env = readNodeEnv(container([`OPENWHISK_ENCODED_CONFIG=${Buffer.from(config).toString("base64")}`])).values;
    expect(env.get("CONFIG_akka_cluster_autoDownUnreachableAfter")).toBe("10s");
    expect(env.get("CONFIG_akka_actor_provider")).toBe("cluster");
  });
});

describe("startup settings given in a config file are judged from its text", () => {
  // A 2.0.0 controller reads whisk.info with no default (core/controller/src/main/scala/org/apache/openwhisk/
  // core/controller/RestAPIs.scala at 2.0.0: loadConfigOrThrow[WhiskInformation]; components/plan/startupContract.ts).
  const container = (envs: string[]): StackResource =>
    ({ urn: "urn:pulumi:dev::p::docker:index/container:Container::c", type: "docker:index/container:Container", name: "c", props: { envs }, protect: false, dependencies: [], propertyDependencies: {} }) as StackResource;
  const missing = (config: string) =>
    missingStartupSettings("akka-2.6", "controller", readNodeEnv(container([`OPENWHISK_CONFIG=${config}`])).values, true).map((r) => r.setting);

  test("a setting the nested HOCON leaves out is missing; one it sets is not", () => {
    const head = 'include classpath("application.conf")\n';
    expect(missing(`${head}whisk { info { build-no = "2.0.0" } }`)).toContain("whisk.info.date");
    expect(missing(`${head}whisk { info { build-no = "2.0.0", date = "2024-03-27" } }`)).not.toContain("whisk.info.date");
  });

  test("a substitution of a variable filled in on the host leaves the file's settings unjudged", () => {
    const env = new Map([["OPENWHISK_CONFIG", 'whisk.info { build-no = "2.0.0", date = ${?BUILD_DATE} }']]);
    expect(missingStartupSettings("akka-2.6", "controller", env, true).map((r) => r.setting)).toContain("whisk.info.date");
    expect(missingStartupSettings("akka-2.6", "controller", env, true, new Set(["BUILD_DATE"])).map((r) => r.setting)).not.toContain("whisk.info.date");
  });

  test("a file that includes a host file, or leaves a substitution unanswered, may set it: not judged", () => {
    expect(missing('include "/etc/ow/site.conf"\nwhisk.info.build-no = "2.0.0"')).not.toContain("whisk.info.date");
    expect(missing("whisk.info.build-no = ${BUILD}")).not.toContain("whisk.info.date");
  });
});
