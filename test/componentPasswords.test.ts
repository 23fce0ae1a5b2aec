/**
 * Passwords given through the component API (OpenWhiskCluster `secrets`, OpenWhiskSecrets `given`) skip the
 * stack config's validation, yet reach the same start chain: every 1.0.0+ image writes `CONFIG_*` values
 * into `-D<key>='<value>'` options without escaping (common/scala/transformEnvironment.sh at 1.0.0, 2.0.0,
 * 1fae641) and the Gradle start script evaluates them, so a `'` ends the quoting and `$(...)` runs as root
 * in the invoker. They are held to the stack config's password rule (letters, digits, `._~+=-`, 16-128
 * characters, no published default such as ansible/templates/db_local.ini.j2's `some_passw0rd`).
 */
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../components/config/errors";
import { OpenWhiskCluster } from "../components/openWhiskCluster";
import { OpenWhiskSecrets } from "../components/secrets";
import { configToSettings } from "../components/settings";
import { parseStackConfig } from "../components/config/validate";
import { rawConfig } from "./support/configs";

pulumi.runtime.setMocks(
  { newResource: (a) => ({ id: `${a.name}-id`, state: a.inputs }), call: (a) => a.inputs },
  "project",
  "stack",
  false,
);

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

const SHELL = "x'$(id>/tmp/pwned)'aaaaaaaaaaaaaa";
const KEYS = ["couchdbPassword", "couchdbControllerPassword", "couchdbInvokerPassword", "controllerPassword", "invokerPassword", "jmxPassword"] as const;

describe("passwords given to the components are checked like the stack config's", () => {
  test.each(KEYS)("OpenWhiskSecrets: %s with shell characters refused at once, naming the key, value hidden", (k) => {
    const error = thrown(() => new OpenWhiskSecrets(`p-${k}`, { given: { [k]: SHELL } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`openwhisk:${k}: got "[secret]"`);
    expect((error as Error).message).not.toContain("pwned");
    expect(thrown(() => new OpenWhiskSecrets(`p-${k}-ok`, { given: { [k]: "Good.Password-0123456789" } }))).toBeUndefined();
  });

  test("OpenWhiskSecrets: upstream's published CouchDB password is refused", () => {
    const error = thrown(() => new OpenWhiskSecrets("p-published", { given: { couchdbPassword: "some_passw0rd" } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("openwhisk:couchdbPassword");
  });

  test("OpenWhiskCluster: a shell password is refused before the cluster exists", () => {
    const settings = configToSettings(parseStackConfig(rawConfig()));
    const error = thrown(() => new OpenWhiskCluster("c", { ...settings, stack: "t", secrets: { invokerPassword: SHELL } }));
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain("openwhisk:invokerPassword");
  });
});
